package labs.launcher;

/** What the user asked for with --accel: auto follows vt-check's verdict (and falls back to TCG on a failed KVM boot). */
public enum AccelChoice { AUTO, KVM, TCG }

package labs.cpuinfo.check;

/** The outcome of one check line. SKIP = could not be checked here (needs root, or the live machine). */
public enum Status { PASS, WARN, FAIL, NOTE, SKIP }

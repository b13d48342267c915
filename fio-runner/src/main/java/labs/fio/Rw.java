package labs.fio;

import java.util.Locale;

/** fio's --readwrite patterns the labs use. */
public enum Rw {
    READ("read", "seq-read", true),
    WRITE("write", "seq-write", true),
    RANDREAD("randread", "rand-read", false),
    RANDWRITE("randwrite", "rand-write", false);

    private final String fioName;
    private final String workload;
    private final boolean sequential;

    Rw(String fioName, String workload, boolean sequential) {
        this.fioName = fioName;
        this.workload = workload;
        this.sequential = sequential;
    }

    public String fioName() { return fioName; }

    /** The workload name in CSV rows and charts (seq-read, rand-write ...). */
    public String workload() { return workload; }

    /** Sequential jobs are judged by bandwidth, random ones by IOPS (as the book does). */
    public boolean sequential() { return sequential; }

    public boolean reads() { return this == READ || this == RANDREAD; }

    /** The fio name (read, randwrite ...) or null for patterns labs does not chart (rw, randrw, trim ...). */
    public static Rw ofFio(String name) {
        for (Rw r : values()) {
            if (r.fioName.equals(name.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "seqread" -> READ;
            case "seqwrite" -> WRITE;
            case "random_read", "randomread" -> RANDREAD;
            case "random_write", "randomwrite" -> RANDWRITE;
            default -> null;
        };
    }
}

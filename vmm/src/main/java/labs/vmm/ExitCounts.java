package labs.vmm;

import java.util.EnumMap;
import java.util.Map;

/**
 * Exits counted by kind in the VMM. KVM's own statistics have no per-reason breakdown (and io_exits stays 0 on
 * some hosts), so the VMM counts what it sees.
 */
public final class ExitCounts {
    private final long[] counts = new long[ExitKind.values().length];

    void add(ExitKind kind) { counts[kind.ordinal()]++; }

    public long get(ExitKind kind) { return counts[kind.ordinal()]; }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Only the kinds that occurred, in declaration order. */
    public Map<ExitKind, Long> nonZero() {
        Map<ExitKind, Long> m = new EnumMap<>(ExitKind.class);
        for (ExitKind k : ExitKind.values()) {
            if (counts[k.ordinal()] > 0) {
                m.put(k, counts[k.ordinal()]);
            }
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        nonZero().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return sb.length() == 0 ? "none" : sb.toString();
    }
}

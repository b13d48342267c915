package labs.cpuinfo;

import java.util.EnumMap;
import java.util.Map;
import labs.cpuinfo.check.Finding;
import labs.cpuinfo.check.Status;

/** vt-check's report for a terminal: one line per check, cause and fix under every line that is not PASS. */
public final class ReportText {
    private ReportText() {}

    /** The check lines (without the verdict, which {@link #verdict} prints last, as kvm-ok does). */
    public static String body(VtCheck.Report r) {
        StringBuilder sb = new StringBuilder();
        if (r.mode().equals("dump")) {
            sb.append("checking a saved dump: ").append(r.cpuinfoSource())
                    .append(" (checks that need the live machine say SKIP)\n");
        }
        if (r.host() != null) {
            sb.append("host: ").append(r.host().summary()).append('\n');
        }
        sb.append('\n');
        // Columns padded by hand: java.util.Formatter's first use costs ~10 ms of vt-check's start-up.
        String indent = " ".repeat(6 + ID_WIDTH + 1);
        for (Finding f : r.findings()) {
            sb.append(pad(f.status().name(), 4)).append("  ").append(pad(f.id(), ID_WIDTH)).append(' ')
                    .append(f.title()).append('\n');
            if (f.status() != Status.PASS) {
                sb.append(indent).append("cause: ").append(f.why()).append('\n');
                sb.append(indent).append("fix:   ").append(f.fix()).append('\n');
            }
        }
        return sb.toString();
    }

    private static final int ID_WIDTH = 20;

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** "6 PASS, 1 FAIL, 3 NOTE, 2 SKIP". */
    public static String counts(VtCheck.Report r) {
        Map<Status, Integer> n = new EnumMap<>(Status.class);
        r.findings().forEach(f -> n.merge(f.status(), 1, Integer::sum));
        StringBuilder sb = new StringBuilder();
        n.forEach((s, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(c).append(' ').append(s));
        return sb.toString();
    }

    /** The last two lines: kvm-ok's sentence, then the accelerator the launcher will use and why. */
    public static String verdict(VtCheck.Report r) {
        KvmVerdict v = r.verdict();
        String who = r.mode().equals("dump") ? "accelerator on that machine: " : "accelerator: ";
        return v.kvmOkLine() + "\n" + who + v.accelerator() + " (" + v.reasonCode() + ")\n";
    }
}

package labs.cpuinfo;

import labs.common.i18n.Msg;
import labs.common.i18n.SummaryText;

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
            sb.append(Msg.get(SummaryText.VT_DUMP, r.cpuinfoSource())).append('\n');
        }
        if (r.host() != null) {
            sb.append(Msg.get(SummaryText.VT_HOST, r.host().summary())).append('\n');
        }
        sb.append('\n');
        // Columns padded by hand: java.util.Formatter's first use costs ~10 ms of vt-check's start-up.
        String indent = " ".repeat(6 + ID_WIDTH + 1);
        String cause = Msg.get(SummaryText.VT_CAUSE);
        String fix = Msg.get(SummaryText.VT_FIX);
        for (Finding f : r.findings()) {
            sb.append(pad(f.status().name(), 4)).append("  ").append(pad(f.id(), ID_WIDTH)).append(' ')
                    .append(f.title()).append('\n');
            if (f.status() != Status.PASS) {
                sb.append(indent).append(cause).append(f.why()).append('\n');
                sb.append(indent).append(fix).append(f.fix()).append('\n');
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
        // kvm-ok's sentence in the run's language here; report.json keeps kvmOkLine() as it was
        String ok = v.kvmUsable() ? Msg.get(SummaryText.VT_KVM_OK) : Msg.get(SummaryText.VT_KVM_NOT_OK, v.reason());
        return ok + "\n" + Msg.get(r.mode().equals("dump") ? SummaryText.VT_ACCEL_DUMP : SummaryText.VT_ACCEL,
                v.accelerator(), v.reasonCode()) + "\n";
    }
}

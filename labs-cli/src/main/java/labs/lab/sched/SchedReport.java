package labs.lab.sched;

import labs.common.i18n.Msg;
import labs.common.i18n.SummaryText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import labs.charts.ChartStyle;
import labs.charts.Conditions;
import labs.charts.Lang;
import labs.charts.SchedVirtCharts;
import labs.common.Ui;

/** What the sched-virt lab reports: its charts, the summary table it prints, and the headline comparison. */
public final class SchedReport {
    private SchedReport() {}

    /** The sentence every TCG run carries (meta.json, the printed summary). */
    public static final String TCG_NOTE = "the guest ran under TCG: every step was emulated (QEMU translated the "
            + "loop), and TCG gives the guest no steal clock, so the guest's %steal cannot show the host loop (left "
            + "empty): the gaps in its steps are the only trace; the host sees the vCPU thread as %usr, not %guest";

    /** One panel per side, host condition and parallelism, each captioned with the run's conditions. */
    public static List<Path> charts(Path dir, List<SchedRun> runs, Lang language, boolean tcg,
                                    Conditions conditions) {
        SchedVirtCharts charts = new SchedVirtCharts(ChartStyle.forLang(language, Ui.TERMINAL), tcg, conditions);
        List<Path> files = new ArrayList<>();
        for (SchedRun r : runs) {
            files.add(charts.panel(r.side(), r.condition().csvName, points(r), dir));
        }
        return files;
    }

    /** Each process's steps as the chart's points: elapsed ms and progress %. */
    public static List<SchedVirtCharts.Points> points(SchedRun r) {
        List<SchedVirtCharts.Points> p = new ArrayList<>();
        int steps = r.steps().size() / r.n();
        for (int i = 0; i < r.n(); i++) {
            List<SchedRun.Step> s = r.of(i);
            p.add(new SchedVirtCharts.Points(s.stream().mapToDouble(SchedRun.Step::elapsedMs).toArray(),
                    s.stream().mapToDouble(x -> 100.0 * x.step() / steps).toArray()));
        }
        return p;
    }

    /**
     * The book's point in figures, for each side at N = 1: how much longer the longest gap and the time to 100%
     * were with the host loop than without it; then the TCG note when it applies.
     */
    public static List<String> headline(List<SchedSummary> rows, boolean tcg) {
        List<String> lines = new ArrayList<>();
        for (String side : List.of("host", "guest")) {
            Optional<SchedSummary> idle = find(rows, side, HostCondition.IDLE, 1);
            Optional<SchedSummary> loop = find(rows, side, HostCondition.LOOP, 1);
            if (idle.isPresent() && loop.isPresent()) {
                SchedSummary i = idle.get(), l = loop.get();
                lines.add(String.format(Locale.ROOT, "%s, N=1, host loop vs idle: longest gap %.1fx (%.1f vs %.1f "
                        + "ms), time to 100%% %.2fx (%.1f vs %.1f ms)", side, l.longestGapMs() / i.longestGapMs(),
                        l.longestGapMs(), i.longestGapMs(), l.timeTo100Ms() / i.timeTo100Ms(), l.timeTo100Ms(),
                        i.timeTo100Ms()));
            }
        }
        if (tcg) {
            lines.add(TCG_NOTE);
        }
        return lines;
    }

    static Optional<SchedSummary> find(List<SchedSummary> rows, String side, HostCondition c, int n) {
        return rows.stream().filter(r -> r.side().equals(side) && r.condition() == c && r.n() == n).findFirst();
    }

    /** The printed summary: one line per run, then the headline. */
    public static String text(List<SchedSummary> rows, int cpu, boolean tcg) {
        StringBuilder b = new StringBuilder();
        b.append(Msg.get(SummaryText.SCHED_HEADLINE, cpu)).append('\n');
        b.append(Msg.get(SummaryText.SCHED_TABLE_HEADER)).append(System.lineSeparator());
        for (SchedSummary s : rows) {
            SchedSummary.CpuView c = s.cpu();
            b.append(String.format(Locale.ROOT, "%-6s %-10s %2d %13.1f %17.1f %9.1f %17.3f %13s %10s %12s%n",
                    s.side(), s.condition().csvName, s.n(), s.timeTo100Ms(), s.longestGapMs(), s.lostPct(),
                    s.medianStepMs(), c == null ? "" : c.stealPct() == null ? "n/a (TCG)" : one(c.stealPct()),
                    c == null ? "" : one(c.vcpuUserPct()), c == null ? "" : one(c.vcpuGuestPct())));
        }
        for (String side : List.of("host", "guest")) {
            Optional<SchedSummary> idle = find(rows, side, HostCondition.IDLE, 1);
            Optional<SchedSummary> loop = find(rows, side, HostCondition.LOOP, 1);
            if (idle.isPresent() && loop.isPresent()) {
                SchedSummary i = idle.get(), l = loop.get();
                String who = labs.common.i18n.Term.valueOf(side.toUpperCase(Locale.ROOT)).get();
                b.append(Msg.get(SummaryText.SCHED_COMPARE, Character.toUpperCase(who.charAt(0)) + who.substring(1),
                        one(l.longestGapMs() / i.longestGapMs()), one(l.longestGapMs()), one(i.longestGapMs()),
                        String.format(Locale.ROOT, "%.2f", l.timeTo100Ms() / i.timeTo100Ms()), one(l.timeTo100Ms()),
                        one(i.timeTo100Ms()))).append('\n');
            }
        }
        if (tcg) {
            b.append(Msg.get(SummaryText.SCHED_TCG_NOTE)).append('\n');
        }
        return b.toString();
    }

    private static String one(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}

package labs.fio;

import labs.common.i18n.FioText;
import labs.common.i18n.Term;
import labs.common.i18n.ProgressText;
import labs.common.i18n.Msg;
import labs.common.i18n.SummaryText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import labs.stats.Estimate;

/**
 * io-compare's printed table: per job, each side's median, and the guest/host ratio with its 95% interval and the
 * number of pairs. A ratio whose interval holds 1.0 reads "no measurable difference"; a figure whose interval stayed
 * wider than the target is marked unstable with a footnote; runs shorter than a second are warned about.
 */
public final class PairedSummary {
    private PairedSummary() {}

    public static String format(List<PairedFigure> figures) {
        StringBuilder sb = new StringBuilder();
        sb.append(Msg.get(SummaryText.IO_TABLE_HEADER, pad(Term.WORKLOAD.get(), -11), pad(Term.NUMJOBS.get(), 7),
                pad(Term.HOST.get(), 14), pad(Term.GUEST.get(), 14))).append(System.lineSeparator());
        boolean unstable = false;
        for (PairedFigure f : figures) {
            sb.append(String.format(Locale.ROOT, "%-11s %7d %14s %14s  %s%n", f.workload(), f.numjobs(),
                    num(f.sequential(), f.host().median()), num(f.sequential(), f.guest().median()), ratio(f)));
            unstable |= !f.stable();
        }
        if (unstable && !figures.isEmpty()) {
            sb.append(Msg.get(SummaryText.IO_UNSTABLE_FOOTNOTE,
                    String.format(Locale.ROOT, "%.0f", 100 * figures.get(0).target()))).append(System.lineSeparator());
        }
        return sb.toString();
    }

    static String ratio(PairedFigure f) {
        Estimate r = f.ratio();
        String interval = r.hasInterval() ? String.format(Locale.ROOT, "%.3f [%.3f, %.3f] (%d)", r.median(), r.low(),
                r.high(), r.n()) : Msg.get(SummaryText.IO_NO_INTERVAL, String.format(Locale.ROOT, "%.3f", r.median()), r.n());
        String mark = f.stable() ? "" : " *";
        return f.noDifference() ? Msg.get(SummaryText.IO_NO_DIFFERENCE, interval) + mark : interval + mark;
    }

    /**
     * A column title padded to width terminal columns (negative: to the left), a Japanese character taking two, so
     * that the Japanese header stands over its figures.
     */
    private static String pad(String title, int width) {
        int cols = title.codePoints().map(c -> c >= 0x1100 ? 2 : 1).sum();
        String blanks = " ".repeat(Math.max(0, Math.abs(width) - cols));
        return width < 0 ? title + blanks : blanks + title;
    }

    /** One sentence per job whose runs lasted under a second (the book's small jobs do). */
    public static List<String> shortRunWarnings(List<PairedFigure> figures) {
        List<String> w = new ArrayList<>();
        for (PairedFigure f : figures) {
            if (f.shortestRunMs() < PairedFigure.SHORT_RUN_MS) {
                w.add(Msg.get(FioText.SHORT_RUN, f.label(), f.shortestRunMs()));
            }
        }
        return w;
    }

    /** One sentence per figure that did not become stable, for meta.json notes and the warnings. */
    public static List<String> unstableWarnings(List<PairedFigure> figures) {
        List<String> w = new ArrayList<>();
        for (PairedFigure f : figures) {
            if (!f.stable()) {
                String width = Double.isInfinite(f.ratio().relativeHalfWidth())
                        ? Msg.get(ProgressText.UNSTABLE_UNKNOWN)
                        : String.format(Locale.ROOT, "±%.1f%%", 100 * f.ratio().relativeHalfWidth());
                String target = String.format(Locale.ROOT, "%.0f", 100 * f.target());
                w.add(f.ratio().n() == 1 ? Msg.get(ProgressText.UNSTABLE_ONE, f.label(), width, target)
                        : Msg.get(ProgressText.UNSTABLE, f.label(), f.ratio().n(), width, target));
            }
        }
        return w;
    }

    private static String num(boolean seq, double v) {
        return seq ? String.format(Locale.ROOT, "%.1f MiB/s", v / FioJob.MIB) : String.format(Locale.ROOT, "%.0f IOPS", v);
    }
}

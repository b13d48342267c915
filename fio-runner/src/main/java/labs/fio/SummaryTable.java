package labs.fio;

import labs.common.i18n.FioText;
import labs.common.i18n.Msg;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import labs.common.Progress;

/**
 * The short text summary a lab prints: per workload and numjobs, each side's median (MiB/s for sequential jobs,
 * IOPS for random ones), the spread, and guest/host when both were measured; plus warnings for noisy figures.
 */
public final class SummaryTable {
    private SummaryTable() {}

    public record Line(String workload, int numjobs, String side, Summary summary) {}

    public static List<Line> lines(List<Measurement> rows) {
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(m -> keys.add(m.workload() + "\u0000" + m.numjobs() + "\u0000" + m.side()));
        List<Line> out = new ArrayList<>();
        for (String k : keys) {
            String[] p = k.split("\u0000");
            int n = Integer.parseInt(p[1]);
            out.add(new Line(p[0], n, p[2], Summary.of(rows.stream().filter(m -> m.workload().equals(p[0])
                    && m.numjobs() == n && m.side().equals(p[2])).map(Measurement::figure).toList())));
        }
        return out;
    }

    /** A plain-text table, one line per workload x numjobs. */
    public static String format(List<Measurement> rows) {
        List<Line> lines = lines(rows);
        List<String> sides = lines.stream().map(Line::side).distinct().toList();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-11s %7s", "workload", "numjobs"));
        sides.forEach(s -> sb.append(String.format(Locale.ROOT, " %18s", s)));
        boolean ratio = sides.contains("host") && sides.contains("guest");
        if (ratio) {
            sb.append(String.format(Locale.ROOT, " %11s", "guest/host"));
        }
        sb.append('\n');
        Set<String> done = new LinkedHashSet<>();
        for (Line l : lines) {
            String key = l.workload() + " " + l.numjobs();
            if (!done.add(key)) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-11s %7d", l.workload(), l.numjobs()));
            double host = Double.NaN;
            double guest = Double.NaN;
            for (String side : sides) {
                Summary s = lines.stream().filter(x -> x.workload().equals(l.workload())
                        && x.numjobs() == l.numjobs() && x.side().equals(side)).map(Line::summary).findFirst()
                        .orElse(Summary.of(List.of()));
                sb.append(String.format(Locale.ROOT, " %18s", figure(l.workload(), s)));
                if (side.equals("host")) {
                    host = s.median();
                } else if (side.equals("guest")) {
                    guest = s.median();
                }
            }
            if (ratio) {
                sb.append(Double.isNaN(guest / host) ? String.format(Locale.ROOT, " %11s", "-")
                        : String.format(Locale.ROOT, " %11.3f", guest / host));
            }
            sb.append('\n');
        }
        if (lines.stream().anyMatch(l -> l.summary().n() > 1)) {
            sb.append(Msg.get(FioText.MEDIAN_NOTE)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Prints at most a few spread warnings (a loaded machine can produce dozens) and returns all of them, for
     * meta.json notes.
     *
     * @param out where the warnings are printed
     */
    public static List<String> warnSpread(List<Measurement> rows, int shown, Progress out) {
        List<String> all = spreadWarnings(rows);
        all.stream().limit(shown).forEach(w -> out.warn("%s", w));
        if (all.size() > shown) {
            out.warn("%s", Msg.get(FioText.SPREAD_MORE, all.size() - shown, "meta.json"));
        }
        return all;
    }

    /** Warnings for figures whose repetitions spread more than {@link Summary#LARGE_SPREAD}. */
    public static List<String> spreadWarnings(List<Measurement> rows) {
        List<String> w = new ArrayList<>();
        for (Line l : lines(rows)) {
            if (l.summary().spreadLarge()) {
                w.add(Msg.get(FioText.SPREAD, FioText.side(l.side()), l.workload(), l.numjobs(),
                        String.format(Locale.ROOT, "%.0f", 100 * l.summary().relativeSpread()),
                        num(l.workload(), l.summary().min()), num(l.workload(), l.summary().max()), "--repeat"));
            }
        }
        return w;
    }

    private static String figure(String workload, Summary s) {
        if (s.n() == 0) {
            return "-";
        }
        String spread = s.n() > 1 ? String.format(Locale.ROOT, " ±%.0f%%", 50 * s.relativeSpread()) : "";
        return num(workload, s.median()) + spread;
    }

    private static String num(String workload, double v) {
        return workload.startsWith("seq") ? String.format(Locale.ROOT, "%.1f MiB/s", v / FioJob.MIB)
                : String.format(Locale.ROOT, "%.0f IOPS", v);
    }
}

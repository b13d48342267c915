package labs.handout;

import labs.common.i18n.HandoutText;

import static labs.common.i18n.HandoutText.*;

import java.util.List;
import java.util.Locale;
import labs.charts.Lang;

/** The "your run's figures" section of a handout, as XHTML: conditions, measurements, charts, the run's notes. */
final class RunSectionHtml {
    private final Lang lang;
    private final StringBuilder b = new StringBuilder();

    private RunSectionHtml(Lang lang) {
        this.lang = lang;
    }

    static String of(RunFigures f, Lang lang) {
        RunSectionHtml h = new RunSectionHtml(lang);
        h.b.append("<section class=\"your-run\">\n<p class=\"from-run\">").append(Xml.esc(FROM_RUN.in(lang.language())))
                .append(" <code>").append(Xml.esc(f.run().toString())).append("</code></p>\n");
        h.conditions(f.conditions());
        h.measurements(f);
        h.charts(f.charts());
        h.notes(f.notes(), f.problems());
        h.b.append("</section>\n");
        return h.b.toString();
    }

    private void conditions(RunConditions c) {
        b.append("<h3>").append(Xml.esc(CONDITIONS.in(lang.language()))).append("</h3>\n<table class=\"conditions\">\n");
        for (RunConditions.Row r : c.rows()) {
            b.append("<tr><th>").append(Xml.esc(r.label())).append("</th><td>").append(Xml.esc(r.value()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private void measurements(RunFigures f) {
        if (f.tables().isEmpty() && f.texts().isEmpty()) {
            return;
        }
        b.append("<h3>").append(Xml.esc(MEASUREMENTS.in(lang.language()))).append("</h3>\n");
        for (FigureTable t : f.tables()) {
            table(t);
        }
        for (RunFigures.RunText t : f.texts()) {
            b.append("<p class=\"caption\"><code>").append(Xml.esc(t.file())).append("</code>")
                    .append(t.lastOnly() ? " (" + Xml.esc(LAST_LINES.in(lang.language())) + ")" : "").append("</p>\n<pre>");
            b.append(Xml.esc(String.join("\n", t.lines()))).append("</pre>\n");
        }
    }

    private void table(FigureTable t) {
        String how = switch (t.spec().summary()) {
            case ROWS -> "";
            case MEDIAN -> " (" + MEDIAN.in(lang.language()) + ")";
            case MEAN -> " (" + MEAN.in(lang.language()) + ")";
        };
        b.append("<p class=\"caption\"><code>").append(Xml.esc(t.spec().file())).append("</code>")
                .append(Xml.esc(how)).append("</p>\n<table class=\"figures\">\n<thead><tr>");
        for (String h : t.header()) {
            String gloss = ColumnWords.gloss(h, lang);
            b.append("<th>").append(Xml.esc(h)).append(gloss.isEmpty() ? ""
                    : "<span class=\"gloss\">" + Xml.esc(gloss) + "</span>").append("</th>");
        }
        // a header row of its own: repeated on the next page when the table is cut
        b.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            b.append("<tr>");
            for (String cell : row) {
                b.append(numeric(cell) ? "<td class=\"num\">" : "<td>").append(Xml.esc(cell)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
        if (t.rowsLeftOut() > 0) {
            b.append("<p class=\"caption\">… ").append(t.rowsLeftOut()).append(' ')
                    .append(Xml.esc(ROWS_LEFT_OUT.in(lang.language()))).append("</p>\n");
        }
    }

    private static boolean numeric(String s) {
        return s.matches("-?[0-9][0-9.eE+-]*");
    }

    private void charts(List<Chart> charts) {
        if (charts.isEmpty()) {
            return;
        }
        b.append("<h3>").append(Xml.esc(CHARTS.in(lang.language()))).append("</h3>\n");
        for (Chart c : charts) {
            // the chart's own print size (its pixels at its DPI), never wider than the page's text
            // its file name above it, kept on its page: the chart's own caption (conditions) is inside the PNG
            b.append(String.format(Locale.ROOT, "<div class=\"chart\"><p class=\"caption chart-name\"><code>%s</code></p>"
                    + "<img src=\"%s\" alt=\"%s\" style=\"width: %.2fcm\" /></div>\n", Xml.esc(c.file()),
                    c.dataUri(), Xml.esc(c.file()), Math.min(c.widthCm(), 17.0)));
        }
    }

    private void notes(List<String> notes, List<String> problems) {
        if (notes.isEmpty() && problems.isEmpty()) {
            return;
        }
        b.append("<h3>").append(Xml.esc(NOTES.in(lang.language()))).append("</h3>\n<ul class=\"notes\">\n");
        for (String n : notes) {
            b.append("<li>").append(Xml.esc(n)).append("</li>\n");
        }
        for (String p : problems) {
            b.append("<li class=\"problem\">").append(Xml.esc(p)).append("</li>\n");
        }
        b.append("</ul>\n");
    }
}

package labs.handout;

import labs.charts.Lang;

/**
 * The page's stylesheet: A4 with 16 mm side margins (17.8 cm of text: a 200 DPI labs chart, 15.9 cm wide, prints
 * at 100%), text at 10 pt and nothing under 8 pt, page numbers, tables and charts kept whole across pages. The
 * font families are the ones {@link HandoutFonts} registers for the PDF, so a browser and the PDF look alike.
 */
final class HandoutCss {
    private HandoutCss() {}

    static String css(Lang lang) {
        String sans = lang == Lang.JA ? "'IPAPGothic', 'IPAGothic', 'DejaVu Sans'" : "'DejaVu Sans', 'IPAPGothic'";
        return """
                @page { size: A4; margin: 15mm 16mm 16mm 16mm;
                  @bottom-center { content: counter(page) " / " counter(pages); font-family: %s, sans-serif;
                  font-size: 8pt; color: #555; } }
                html, body { font-family: %s, sans-serif; font-size: 10pt; line-height: 1.45; color: #000; }
                body { margin: 0; }
                /* a last list's bottom margin past the page's end would start an empty page */
                body > *:last-child, body > *:last-child > li:last-child { margin-bottom: 0; padding-bottom: 0; }
                h1 { font-size: 16pt; margin: 0 0 8pt 0; }
                h2 { font-size: 12.5pt; margin: 12pt 0 4pt 0; border-bottom: 0.6pt solid #777;
                  page-break-after: avoid; }
                h3 { font-size: 11pt; margin: 8pt 0 3pt 0; page-break-after: avoid; }
                p, li { orphans: 2; widows: 2; }
                code, pre { font-family: 'DejaVu Sans Mono', 'IPAGothic', monospace; font-size: 8.5pt; }
                pre { white-space: pre-wrap; word-wrap: break-word; background: #f3f3f3; border-left: 2pt solid #999;
                  padding: 3pt 5pt; margin: 4pt 0; }
                table { border-collapse: collapse; font-size: 8.5pt; margin: 4pt 0; -fs-table-paginate: paginate; }
                th, td { border: 0.5pt solid #888; padding: 1.5pt 4pt; vertical-align: top; }
                /* breaking anywhere lets the table layout squeeze a column to one letter a line: only where needed */
                table.conditions { width: 100%%; } table.conditions td { word-wrap: break-word; }
                th { background: #e6e6e6; text-align: left; }
                th span.gloss { display: block; font-weight: normal; font-size: 8pt; }
                td.num { text-align: right; }
                tr { page-break-inside: avoid; }
                table.conditions th { width: 25%%; }
                section.your-run { border: 0.8pt solid #555; padding: 4pt 8pt 6pt 8pt; margin: 6pt 0; }
                p.from-run, p.caption { font-size: 8.5pt; color: #333; margin: 2pt 0; page-break-after: avoid; }
                /* avoid on the image, not on its div: openhtmltopdf 1.1.31 then adds an empty last page */
                div.chart { margin: 6pt 0; }
                div.chart img { max-width: 100%%; page-break-inside: avoid; }
                p.chart-name { page-break-after: avoid; }
                ul.notes li { font-size: 9pt; }
                li.problem { color: #a00; }
                @media screen { body { max-width: 18cm; margin: 1cm auto; } }
                """.formatted(sans, sans);
    }
}

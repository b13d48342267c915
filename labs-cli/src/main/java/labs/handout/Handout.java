package labs.handout;

import labs.common.i18n.HandoutText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import labs.charts.Lang;
import labs.common.LabsException;

/**
 * {@code labs handout}: one lab's handout made from one run, as an HTML page and a PDF beside it. The steps are each
 * in their own class: the text ({@link HandoutSource}), the run ({@link RunFigures}), the page ({@link HtmlHandout}),
 * the fonts ({@link HandoutFonts}) and the PDF ({@link PdfRenderer}).
 */
public final class Handout {
    /** What was written, and what the PDF could not draw (each "U+XXXX 'c'") or the renderer warned about. */
    public record Made(Path html, Path pdf, List<String> missingGlyphs, List<String> rendererWarnings,
            List<String> problems, List<String> notices) {}

    private Handout() {}

    public static Made make(String lab, Path run, Lang lang, Path outDir) throws IOException {
        try (HandoutFonts fonts = HandoutFonts.find()) {
            return make(lab, run, lang, outDir, fonts);
        }
    }

    /** As {@link #make(String, Path, Lang, Path)} with these fonts (tests give none to see the refusal). */
    static Made make(String lab, Path run, Lang lang, Path outDir, HandoutFonts fonts) throws IOException {
        HandoutSource source = HandoutSource.load(lab, lang);
        RunFigures figures = RunFigures.read(run, lab, lang);
        String xhtml = HtmlHandout.render(source, figures);
        String base = source.fileName().replace(".md", "") + "-" + runName(run) + "." + lang.pick("ja", "en");
        List<String> missing = fonts.missing(visibleText(xhtml));
        checkFonts(fonts, lang, missing);
        FolderTrust.outToWrite(outDir);
        Path html = outDir.resolve(base + ".html");
        Path pdf = outDir.resolve(base + ".pdf");
        List<String> warnings = new ArrayList<>();
        HandoutFiles.write(html, out -> out.write(xhtml.getBytes(StandardCharsets.UTF_8)),
                pdf, out -> PdfRenderer.write(xhtml, fonts, out, warnings));
        return new Made(html, pdf, missing, warnings, figures.problems(), notices(lab, figures, lang));
    }

    /** What the reader of the terminal should know about the run: stopped part way, charts in the other language. */
    static List<String> notices(String lab, RunFigures figures, Lang lang) {
        List<String> notices = new ArrayList<>();
        String quick = " --quick";   // every lab takes it
        String code = lang.pick("ja", "en");
        if (!figures.complete()) {
            notices.add(HandoutText.RUN_STOPPED.in(lang.language()) + " ./labs run " + lab + quick + " --lang " + code);
        }
        if (!figures.charts().isEmpty() && !figures.chartsLang().isEmpty() && !figures.chartsLang().equals(code)) {
            notices.add(HandoutText.CHARTS_IN_OTHER_LANGUAGE.in(lang.language()) + " ./labs run " + lab + quick + " --lang "
                    + code);
        }
        return notices;
    }

    /** The run folder's name as a part of a file name: "/" has none, and a name may hold any byte but '/'. */
    static String runName(Path run) {
        Path name = run.toAbsolutePath().normalize().getFileName();
        String s = name == null ? "run" : name.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }

    /** No font at all, or Japanese text without a Japanese font: exit 2 with the package to install. */
    private static void checkFonts(HandoutFonts fonts, Lang lang, List<String> missing) {
        boolean japaneseMissing = missing.stream().anyMatch(Handout::japanese);
        if (fonts.files().isEmpty() || !fonts.hasJapanese() && (lang == Lang.JA || japaneseMissing)) {
            throw LabsException.usage("no " + (fonts.files().isEmpty() ? "" : "Japanese ") + "font for the PDF was"
                    + " found under " + HandoutFonts.FOLDERS.get(0) + " (looked for "
                    + "ipagp.ttf/ipag.ttf and DejaVuSans.ttf): the handout's text would print as '#' boxes",
                    "sudo apt-get install " + HandoutFonts.JAPANESE_PACKAGE + " " + HandoutFonts.LATIN_PACKAGE);
        }
    }

    private static boolean japanese(String missing) {
        return SoftBreaks.japanese(missing.codePointAt(missing.indexOf('\'') + 1));
    }

    /** The text a reader sees: the page without its stylesheet, tags and data: URIs, entities read back. */
    static String visibleText(String xhtml) {
        return xhtml.replaceAll("(?s)<style>.*?</style>", " ").replaceAll("(?s)<[^>]*>", " ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }
}

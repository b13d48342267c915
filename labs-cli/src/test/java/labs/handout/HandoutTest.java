package labs.handout;

import labs.common.i18n.HandoutText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import labs.charts.Lang;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lab's handout in both languages, made from the committed run folders (src/test/resources/handout-runs, real
 * quick runs: see its README): the HTML stands alone, and the PDF, read back by poppler (not by the library that
 * wrote it), has every heading of the handout and of the run's section in its text layer, the right number of
 * pages as PNGs, and no character the fonts could not draw.
 */
class HandoutTest {
    static final Path RUNS = fixtures();

    @TempDir
    Path tmp;

    static Path fixtures() {
        try {
            return Path.of(HandoutTest.class.getResource("/handout-runs").toURI());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Path run(String lab) throws Exception {
        try (Stream<Path> s = Files.list(RUNS.resolve(lab))) {
            return s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    static Stream<Arguments> labsAndLanguages() {
        List<Arguments> out = new ArrayList<>();
        for (String lab : HandoutSource.LABS) {
            for (Lang lang : Lang.values()) {
                out.add(Arguments.of(lab, lang));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("labsAndLanguages")
    void rendersWholeInHtmlAndPdf(String lab, Lang lang) throws Exception {
        Poppler.assumeInstalled();
        Handout.Made made = Handout.make(lab, run(lab), lang, tmp);
        assertEquals(List.of(), made.missingGlyphs(), "characters no font found here can draw");
        assertEquals(List.of(), made.problems(), "files of the run the handout could not read");
        String html = Files.readString(made.html());
        selfContained(html);
        assertFalse(html.contains(HtmlHandout.MARKER), "the marker is replaced by the run's section");
        assertFalse(html.contains("./labs handout " + lab), "the Markdown reader's note is left out of the page");
        try (Stream<Path> s = Files.list(run(lab))) {
            long pngs = s.filter(p -> p.toString().endsWith(".png")).count();
            assertEquals(pngs, html.split("src=\"data:image/png;base64,", -1).length - 1, "every chart inline");
        }

        String text = Poppler.text(made.pdf());
        String flat = flat(text);
        for (String heading : headings(HandoutSource.load(lab, lang).markdown())) {
            assertTrue(flat.contains(flat(heading)), "heading '" + heading + "' in the PDF's text:\n" + text);
        }
        for (HandoutText w : List.of(HandoutText.CONDITIONS, HandoutText.MEASUREMENTS, HandoutText.ACCELERATOR)) {
            assertTrue(flat.contains(flat(w.in(lang.language()))), w + " in the PDF's text");
        }
        assertFalse(text.contains("\uFFFD"), "no replacement character in the text layer");
        // openhtmltopdf draws '#' for a character none of its fonts has, silently: no more '#' than the page has
        assertTrue(count(text, '#') <= count(Handout.visibleText(html), '#'),
                "a '#' the page does not have is a missing glyph:\n" + text);
        assertEquals(List.of(), Poppler.notEmbedded(made.pdf()), "every font is embedded");
        int pages = Poppler.pageCount(made.pdf());
        List<Path> pngs = Poppler.pages(made.pdf(), 30, tmp.resolve("page"));
        assertEquals(pages, pngs.size());
        assertTrue(pages >= 2 && pages <= 20, "pages: " + pages);
        for (Path png : pngs) {
            assertTrue(Files.size(png) > 1000, png + " is a rendered page");
        }
    }

    /** No src but data: URIs, no href at all, no stylesheet or script from elsewhere. */
    static void selfContained(String html) {
        Matcher m = Pattern.compile("\\s(src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            assertTrue(m.group(1).equals("src") && m.group(2).startsWith("data:"),
                    "an outside reference: " + m.group());
        }
        assertFalse(html.matches("(?s).*<(link|script|iframe|object)\\b.*"), "no link, script, iframe or object");
        assertFalse(html.matches("(?s).*url\\((?!data:).*"), "no url() to a file in the stylesheet");
    }

    /** The "## " and "# " headings of the Markdown, as text (code spans without their backticks). */
    static List<String> headings(String markdown) {
        return markdown.lines().filter(l -> l.matches("#{1,3} .*")).map(l -> l.replaceFirst("#+ ", "")
                .replace("`", "").replace("&lt;", "<")).toList();
    }

    /** Text without whitespace (pdftotext breaks lines where the page did) and ligatures (ﬁ is fi). */
    static String flat(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).replaceAll("\\s+", "");
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }
}

package labs.handout;

import java.util.List;
import java.util.Set;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A handout as one self-contained XHTML page: the notebook's Markdown (through commonmark, GFM tables) with the
 * section a marker comment names filled from the run ({@link RunSectionHtml}), the charts inline as data: URIs, and
 * an A4 print stylesheet ({@link HandoutCss}). Raw HTML in the Markdown is shown as text, never passed through.
 */
public final class HtmlHandout {
    /** The line in notebooks/LANG/NN-LAB.md where the run's figures go; what follows it up to the next heading is
     * the note for readers of the Markdown itself, and the page leaves it out. */
    public static final String MARKER = "<!-- labs handout: your run -->";

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

    private HtmlHandout() {}

    public static String render(HandoutSource source, RunFigures figures) {
        Node doc = Parser.builder().extensions(EXTENSIONS).build().parse(source.markdown());
        String section = RunSectionHtml.of(figures, source.lang());
        RunSection block = new RunSection();
        if (!replaceMarker(doc, block)) {
            doc.appendChild(block);   // a handout without the marker still shows the run, at its end
        }
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true)
                .nodeRendererFactory(ctx -> new NodeRenderer() {
                    @Override
                    public Set<Class<? extends Node>> getNodeTypes() {
                        return Set.of(RunSection.class);
                    }

                    @Override
                    public void render(Node node) {
                        ctx.getWriter().raw(section);
                    }
                }).nodeRendererFactory(SoftBreaks::new).build();
        String lang = source.lang().pick("ja", "en");
        return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"" + lang + "\" xml:lang=\"" + lang
                + "\">\n<head>\n<meta charset=\"utf-8\" />\n<title>" + Xml.esc(title(doc, source)) + "</title>\n<style>\n"
                + HandoutCss.css(source.lang()) + "</style>\n</head>\n<body>\n" + renderer.render(doc)
                + "</body>\n</html>\n";
    }

    private static boolean replaceMarker(Node doc, RunSection block) {
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof HtmlBlock h && h.getLiteral().strip().equals(MARKER)) {
                Node next = n.getNext();
                while (next != null && !(next instanceof Heading)) {
                    Node after = next.getNext();
                    next.unlink();
                    next = after;
                }
                n.insertAfter(block);
                n.unlink();
                return true;
            }
        }
        return false;
    }

    /** The first heading's text, for the page's title. */
    private static String title(Node doc, HandoutSource source) {
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h) {
                StringBuilder b = new StringBuilder();
                for (Node c = h.getFirstChild(); c != null; c = c.getNext()) {
                    b.append(c instanceof Text t ? t.getLiteral() : c instanceof org.commonmark.node.Code k
                            ? k.getLiteral() : "");
                }
                return b.toString();
            }
        }
        return source.fileName();
    }

    /** Where the run's figures go in the document tree. */
    static final class RunSection extends CustomBlock {}
}

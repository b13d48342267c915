package labs.handout;

import java.util.Set;
import org.commonmark.node.Code;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;

/**
 * A line break inside a paragraph of the Markdown: a space between English words, but nothing next to Japanese,
 * which is written without spaces (a browser or the PDF would otherwise show a gap where the source line wrapped).
 */
final class SoftBreaks implements NodeRenderer {
    private final HtmlNodeRendererContext ctx;

    SoftBreaks(HtmlNodeRendererContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Set<Class<? extends Node>> getNodeTypes() {
        return Set.of(SoftLineBreak.class);
    }

    @Override
    public void render(Node node) {
        String before = literal(node.getPrevious());
        String after = literal(node.getNext());
        boolean japanese = !before.isEmpty() && japanese(before.codePointBefore(before.length()))
                || !after.isEmpty() && japanese(after.codePointAt(0));
        ctx.getWriter().raw(japanese ? "" : "\n");
    }

    private static String literal(Node n) {
        return n instanceof Text t ? t.getLiteral() : n instanceof Code c ? c.getLiteral() : "";
    }

    static boolean japanese(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || (cp >= 0x3000 && cp <= 0x303F)
                || (cp >= 0xFF00 && cp <= 0xFFEF);
    }
}

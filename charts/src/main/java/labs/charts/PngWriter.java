package labs.charts;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import labs.common.ResultFile;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes charts as PNG with the DPI recorded in the file (pHYs), so a word processor places them at print size.
 * Several charts can share one image side by side (XChart has no subplots).
 */
public final class PngWriter {
    private PngWriter() {}

    public static Path write(Chart<?, ?> chart, Path file) {
        return writeSideBySide(List.of(chart), file);
    }

    /**
     * Paints the charts left to right, each at its own size, into one PNG. Wider than a page for two or more charts
     * of the style's width: what is printed takes {@link #writeStacked}.
     */
    public static Path writeSideBySide(List<? extends Chart<?, ?>> charts, Path file) {
        return writeTiled(charts, file, false);
    }

    /** Paints the charts top to bottom into one PNG as wide as the widest: on A4 it keeps its print size. */
    public static Path writeStacked(List<? extends Chart<?, ?>> charts, Path file) {
        return writeTiled(charts, file, true);
    }

    private static Path writeTiled(List<? extends Chart<?, ?>> charts, Path file, boolean stacked) {
        int w = stacked ? charts.stream().mapToInt(Chart::getWidth).max().orElse(1)
                : charts.stream().mapToInt(Chart::getWidth).sum();
        int h = stacked ? charts.stream().mapToInt(Chart::getHeight).sum()
                : charts.stream().mapToInt(Chart::getHeight).max().orElse(1);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, w, h);
        int at = 0;
        for (Chart<?, ?> c : charts) {
            Graphics2D sub = (Graphics2D) (stacked ? g.create(0, at, c.getWidth(), c.getHeight())
                    : g.create(at, 0, c.getWidth(), c.getHeight()));
            c.paint(sub, c.getWidth(), c.getHeight());
            sub.dispose();
            at += stacked ? c.getHeight() : c.getWidth();
        }
        g.dispose();
        writePng(img, file, ChartStyle.DPI, texts(charts));
        return file;
    }

    /** PNG text entries: "Title" (the titles, one per line) and "Description" (each captioned chart's caption). */
    static java.util.Map<String, String> texts(List<? extends Chart<?, ?>> charts) {
        java.util.Map<String, String> t = new java.util.LinkedHashMap<>();
        t.put("Title", String.join("\n", charts.stream().map(Chart::getTitle).toList()));
        List<String> caption = new java.util.ArrayList<>();
        charts.stream().filter(c -> c instanceof Caption.Carrier).map(c -> ((Caption.Carrier) c).caption())
                .filter(c -> !caption.containsAll(c)).forEach(caption::addAll);
        if (!caption.isEmpty()) {
            t.put("Description", String.join("\n", caption));
        }
        return t;
    }

    /** The PNG's text entries (iTXt, UTF-8) as written by {@link #writeSideBySide} and {@link #writeStacked}: keyword to text. */
    public static java.util.Map<String, String> readTexts(Path file) throws IOException {
        java.util.Map<String, String> t = new java.util.LinkedHashMap<>();
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            javax.imageio.ImageReader r = ImageIO.getImageReadersByFormatName("png").next();
            r.setInput(in);
            org.w3c.dom.Node root = r.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            for (org.w3c.dom.Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeName().equals("iTXt")) {
                    for (org.w3c.dom.Node e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
                        org.w3c.dom.NamedNodeMap a = e.getAttributes();
                        t.put(a.getNamedItem("keyword").getNodeValue(), a.getNamedItem("text").getNodeValue());
                    }
                }
            }
            r.dispose();
        }
        return t;
    }

    /**
     * Encoded in memory (a chart is a few tens of KB) and written beside its final name, then renamed: a full disk
     * leaves no 0-byte or truncated PNG behind, and says so as an environment error (exit 2) with the fix.
     */
    static void writePng(BufferedImage img, Path file, int dpi) {
        writePng(img, file, dpi, java.util.Map.of());
    }

    static void writePng(BufferedImage img, Path file, int dpi, java.util.Map<String, String> texts) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            String perMetre = Integer.toString((int) Math.round(dpi / 0.0254));
            phys.setAttribute("pixelsPerUnitXAxis", perMetre);
            phys.setAttribute("pixelsPerUnitYAxis", perMetre);
            phys.setAttribute("unitSpecifier", "meter");
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(phys);
            if (!texts.isEmpty()) {
                IIOMetadataNode itxt = new IIOMetadataNode("iTXt");
                texts.forEach((k, v) -> {
                    IIOMetadataNode e = new IIOMetadataNode("iTXtEntry");
                    e.setAttribute("keyword", k);
                    e.setAttribute("compressionFlag", "FALSE");
                    e.setAttribute("compressionMethod", "0");
                    e.setAttribute("languageTag", "");
                    e.setAttribute("translatedKeyword", "");
                    e.setAttribute("text", v);
                    itxt.appendChild(e);
                });
                root.appendChild(itxt);
            }
            meta.mergeTree("javax_imageio_png_1.0", root);
            writer.setOutput(out);
            writer.write(new IIOImage(img, null, meta));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart " + file, e);
        } finally {
            writer.dispose();
        }
        ResultFile.writeBytes(file, bytes.toByteArray());
    }
}

package labs.handout;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * The handout's XHTML as an A4 PDF through openhtmltopdf (PDFBox): no browser needed. The fonts found on this
 * machine are embedded (subset), so the PDF prints the same anywhere. The renderer's own warnings are collected
 * instead of going to the terminal as java.util.logging lines; the command shows them with --debug.
 */
final class PdfRenderer {
    private PdfRenderer() {}

    /** Writes the PDF to the stream (not closed) and adds the renderer's warnings to the list. */
    static void write(String xhtml, HandoutFonts fonts, OutputStream out, List<String> warnings)
            throws java.io.IOException {
        XRLogger previous = XRLog.getLoggerImpl();
        XRLog.setLoggerImpl(new Collecting(warnings));
        try {
            render(xhtml, fonts, out);
        } finally {
            XRLog.setLoggerImpl(previous);
        }
    }

    private static void render(String xhtml, HandoutFonts fonts, OutputStream out) throws java.io.IOException {
        PdfRendererBuilder b = new PdfRendererBuilder();
        b.useFastMode();
        for (HandoutFonts.FontFile f : fonts.files()) {
            b.useFont(HandoutFonts.file(f), f.family(), f.weight(), FontStyle.NORMAL, true);
        }
        b.withHtmlContent(xhtml, null);
        b.withProducer("labs handout");
        b.toStream(out);
        b.run();
    }

    /** Keeps WARNING and SEVERE messages; the INFO chatter of a normal render is dropped. */
    private record Collecting(List<String> warnings) implements XRLogger {
        @Override
        public void log(String where, Level level, String msg) {
            if (level.intValue() >= Level.WARNING.intValue()) {
                warnings.add(msg);
            }
        }

        @Override
        public void log(String where, Level level, String msg, Throwable th) {
            log(where, level, msg + (th == null ? "" : ": " + th));
        }

        @Override
        public void setLevel(String logger, Level level) {
            // levels are fixed: warnings kept, the rest dropped
        }

        @Override
        public boolean isLogLevelEnabled(Diagnostic diagnostic) {
            return diagnostic.getLevel().intValue() >= Level.WARNING.intValue();
        }
    }
}

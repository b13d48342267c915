package labs.handout;

import labs.common.i18n.HandoutText;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A chart of the run, as the PNG bytes the lab wrote, with its printed width: the pixels at the DPI the PNG says
 * (its pHYs chunk; labs' charts are 200 DPI), so that on paper its text has the size the chart was drawn for.
 */
record Chart(String file, byte[] png, int widthPx, double dpi) {
    static final double DEFAULT_DPI = 200;
    /** labs' widest chart is A4's width at 300 DPI (about 2500 px); ten thousand is no chart of labs. */
    static final long MAX_SIDE_PX = 10_000;
    private static final long PNG_MAGIC = 0x89504E470D0A1A0AL;

    static Chart read(Path f) throws IOException {
        byte[] b = RunFiles.bytes(f);
        ByteBuffer buf = ByteBuffer.wrap(b);
        if (b.length < 33 || buf.getLong(0) != PNG_MAGIC || buf.getInt(12) != 0x49484452) {   // "IHDR"
            throw new RunFiles.Unusable(HandoutText.NOT_PNG, "");
        }
        long w = Integer.toUnsignedLong(buf.getInt(16));
        long h = Integer.toUnsignedLong(buf.getInt(20));
        if (w == 0 || h == 0 || w > MAX_SIDE_PX || h > MAX_SIDE_PX) {
            // a small file can claim 30000 x 30000 pixels: the PDF embeds it as is, and a viewer would unpack GBs
            throw new RunFiles.Unusable(HandoutText.TOO_MANY_PIXELS, w + " × " + h + " px");
        }
        return new Chart(f.getFileName().toString(), b, (int) w, dpi(buf));
    }

    /** pHYs in pixels per metre (unit 1), else the labs charts' DPI. */
    private static double dpi(ByteBuffer buf) {
        int at = 8;
        while (at + 12 <= buf.limit()) {
            int len = buf.getInt(at);
            int type = buf.getInt(at + 4);
            if (len < 0 || at + 12 + (long) len > buf.limit()) {
                break;
            }
            if (type == 0x70485973 && len == 9 && buf.get(at + 16) == 1) {   // "pHYs", unit: metre
                double ppm = Integer.toUnsignedLong(buf.getInt(at + 8));
                return ppm > 0 ? ppm * 0.0254 : DEFAULT_DPI;
            }
            if (type == 0x49444154) {   // "IDAT": pHYs comes before the image data
                break;
            }
            at += 12 + len;
        }
        return DEFAULT_DPI;
    }

    /** The width on paper, in centimetres. */
    double widthCm() {
        return widthPx / dpi * 2.54;
    }

    String dataUri() {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}

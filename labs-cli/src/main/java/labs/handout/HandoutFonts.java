package labs.handout;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;

/**
 * The font files the PDF embeds, found on this machine (Debian's paths first, then anywhere under the system font
 * folders), and which characters none of them can draw. The PDF renderer puts a '#' in place of a character its
 * fonts lack and says nothing, so labs asks the fonts' own character maps first.
 */
public final class HandoutFonts implements java.io.Closeable {
    /** A font file and the family name the stylesheet ({@link HandoutCss}) asks for. */
    public record FontFile(Path file, String family, int weight, boolean japanese) {}

    private static final List<FontFile> WANTED = List.of(
            new FontFile(Path.of("ipagp.ttf"), "IPAPGothic", 400, true),
            new FontFile(Path.of("ipag.ttf"), "IPAGothic", 400, true),
            new FontFile(Path.of("DejaVuSans.ttf"), "DejaVu Sans", 400, false),
            new FontFile(Path.of("DejaVuSans-Bold.ttf"), "DejaVu Sans", 700, false),
            new FontFile(Path.of("DejaVuSansMono.ttf"), "DejaVu Sans Mono", 400, false),
            new FontFile(Path.of("DejaVuSansMono-Bold.ttf"), "DejaVu Sans Mono", 700, false));
    static final List<Path> FOLDERS = List.of(Path.of("/usr/share/fonts"), Path.of("/usr/local/share/fonts"));
    /** The package that brings the Japanese font, and the one for the Latin one. */
    public static final String JAPANESE_PACKAGE = "fonts-ipafont-gothic";
    public static final String LATIN_PACKAGE = "fonts-dejavu-core";

    private final List<FontFile> found;
    private final List<TrueTypeFont> cmaps = new ArrayList<>();

    private HandoutFonts(List<FontFile> found) throws IOException {
        this.found = found;
        for (FontFile f : found) {
            cmaps.add(new TTFParser().parse(new RandomAccessReadBufferedFile(f.file().toFile())));
        }
    }

    /** The fonts of this machine. */
    public static HandoutFonts find() throws IOException {
        return find(FOLDERS);
    }

    static HandoutFonts find(List<Path> folders) throws IOException {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (var s = Files.walk(folder, 4)) {
                s.filter(Files::isRegularFile).forEach(p -> byName.putIfAbsent(p.getFileName().toString(), p));
            }
        }
        List<FontFile> found = new ArrayList<>();
        for (FontFile w : WANTED) {
            Path p = byName.get(w.file().toString());
            if (p != null) {
                found.add(new FontFile(p, w.family(), w.weight(), w.japanese()));
            }
        }
        return new HandoutFonts(found);
    }

    public List<FontFile> files() {
        return found;
    }

    public boolean hasJapanese() {
        return found.stream().anyMatch(FontFile::japanese);
    }

    /** The characters of the text that no font found can draw, as "U+XXXX 'c'" (none: an empty list). */
    public List<String> missing(String text) throws IOException {
        TreeSet<Integer> missing = new TreeSet<>();
        for (int cp : text.codePoints().toArray()) {
            if (!Character.isWhitespace(cp) && !Character.isISOControl(cp) && !drawable(cp)) {
                missing.add(cp);
            }
        }
        List<String> out = new ArrayList<>();
        for (int cp : missing) {
            out.add(String.format("U+%04X '%s'", cp, new String(Character.toChars(cp))));
        }
        return out;
    }

    private boolean drawable(int cp) throws IOException {
        for (TrueTypeFont f : cmaps) {
            if (f.getUnicodeCmapLookup().getGlyphId(cp) > 0) {
                return true;
            }
        }
        return false;
    }

    static File file(FontFile f) {
        return f.file().toFile();
    }

    @Override
    public void close() throws IOException {
        for (TrueTypeFont f : cmaps) {
            f.close();
        }
    }
}

package labs.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands the documents tell a student to type, read from the documents themselves, so that the tests that run
 * them (ReadmeWalkthroughIT, HandoutStepsIT) follow what is written and fail when it drifts.
 */
final class DocCommands {
    /** The repository's top folder (tests run in labs-cli/). */
    static final Path TOP = Path.of("..").toAbsolutePath().normalize();
    /** The marker line that opens a walk-through block in README.md. */
    static final String WALKTHROUGH = "<!-- walkthrough: labs vm -->";
    private static final Pattern INLINE = Pattern.compile("`(\\./labs [^`]*)`");

    private DocCommands() {}

    /**
     * The lines of the fenced block right under the marker, each with its trailing "# comment" removed (a comment
     * starts at "  #": no command here holds a # itself).
     */
    static List<String> blockAfter(Path doc, String marker) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        int at = lines.indexOf(marker);
        if (at < 0 || at + 1 >= lines.size() || !lines.get(at + 1).equals("```")) {
            throw new AssertionError(doc + ": no fenced block right under " + marker);
        }
        List<String> out = new ArrayList<>();
        for (int i = at + 2; i < lines.size() && !lines.get(i).equals("```"); i++) {
            out.add(stripComment(lines.get(i)));
        }
        return out;
    }

    /**
     * Every "./labs ..." a document shows, in order, once each: the lines of its fenced blocks and its inline code
     * spans (a span may chain commands with &&).
     */
    static Set<String> labsCommands(Path doc) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        boolean inBlock = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
            } else if (inBlock) {
                if (line.startsWith("./labs ")) {
                    out.add(stripComment(line));
                }
            } else {
                Matcher m = INLINE.matcher(line);
                while (m.find()) {
                    out.add(m.group(1).strip());
                }
            }
        }
        return out;
    }

    static String stripComment(String line) {
        int c = line.indexOf("  #");
        return (c < 0 ? line : line.substring(0, c)).strip();
    }

    /** The `labs vm` commands of a line ("a && b", "a; b"), without "./" and spaces around. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        for (String part : line.split("&&|;")) {
            String p = part.strip();
            if (!p.isEmpty()) {
                out.add(p.startsWith("./") ? p.substring(2) : p);
            }
        }
        return out;
    }
}

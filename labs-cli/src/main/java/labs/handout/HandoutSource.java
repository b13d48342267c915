package labs.handout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import labs.charts.Lang;
import labs.common.Echo;
import labs.common.LabsException;

/**
 * A lab's handout text, notebooks/LANG/NN-LAB.md, as packaged into the jar at build time (labs-cli/pom.xml): the
 * handout matches the labs that runs it, whatever the folder labs is started from.
 */
public record HandoutSource(String lab, int number, Lang lang, String markdown) {
    /** The labs in the handouts' numbering (notebooks/README.md), which is also `labs list`'s order. */
    public static final List<String> LABS =
            List.of("vt-check", "vm-lifecycle", "io-compare", "cpu-overhead", "vm-exit", "sched-virt");

    /** notebooks/LANG/NN-LAB.md, e.g. 03-io-compare.md. */
    public String fileName() {
        return fileName(lab);
    }

    static String fileName(String lab) {
        return String.format("%02d-%s.md", LABS.indexOf(lab) + 1, lab);
    }

    public static HandoutSource load(String lab, Lang lang) {
        if (!LABS.contains(lab)) {
            throw LabsException.usage("there is no lab named '" + Echo.of(lab) + "'",
                    "give one of: " + String.join(", ", LABS) + " (see ./labs list)");
        }
        String resource = "/notebooks/" + lang.name().toLowerCase(java.util.Locale.ROOT) + "/" + fileName(lab);
        try (InputStream in = HandoutSource.class.getResourceAsStream(resource)) {
            if (in == null) {
                // packaging, not the user: the jar was built without notebooks/ (see labs-cli/pom.xml)
                throw new IllegalStateException("the handout " + resource + " is not in labs' jar");
            }
            return new HandoutSource(lab, LABS.indexOf(lab) + 1, lang, new String(in.readAllBytes(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

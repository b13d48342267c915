package labs.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import labs.common.i18n.Term;
import org.junit.jupiter.api.Test;

/**
 * Charts, summaries and errors name each concept with the glossary's word: no Japanese string in any module's
 * main sources says a variant the glossary replaced (シーケンシャル読み出し where it says 順次読み出し). The catalog's
 * own test checks messages_ja.properties the same way; this one catches words written into Java code.
 */
class GlossaryUseTest {
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void noJapaneseLiteralNamesAConceptAnotherWay() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("..").toAbsolutePath().normalize())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.endsWith(Path.of("labs/common/i18n/Term.java")))   // the glossary lists the variants
                    .toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher s = STRING.matcher(lines.get(i));
                    while (s.find()) {
                        for (Term t : Term.values()) {
                            for (Pattern avoid : t.avoided()) {
                                if (avoid.matcher(s.group(1)).find()) {
                                    found.add(f.getFileName() + ":" + (i + 1) + " says " + avoid.pattern()
                                            + " (glossary: " + t.in(labs.common.i18n.Language.JA) + ")");
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    /** The Japanese handouts students read beside the charts use the same words (they are text, not Java). */
    @Test
    void theJapaneseHandoutsUseTheGlossarysWords() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("..", "notebooks", "ja").toAbsolutePath().normalize())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    for (Term t : Term.values()) {
                        for (Pattern avoid : t.avoided()) {
                            if (avoid.matcher(lines.get(i)).find()) {
                                found.add(f.getFileName() + ":" + (i + 1) + " says " + avoid.pattern()
                                        + " (glossary: " + t.in(labs.common.i18n.Language.JA) + ")");
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void workloadsOnEveryChartAreTheGlossarysWords() {
        assertEquals("順次読み出し", Words.workload(Lang.JA, "seq-read"));
        assertEquals("順次読み出し", Words.shortWorkload(Lang.JA, "seq-read"));
        assertEquals("ランダム書き込み", Words.shortWorkload(Lang.JA, "rand-write"));
        assertEquals("sequential read", Words.workload(Lang.EN, "seq-read"));
    }
}

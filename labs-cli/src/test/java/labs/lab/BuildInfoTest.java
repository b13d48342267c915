package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BuildInfoTest {
    @Test
    void unfilledPlaceholdersReadAsUnknown() {
        Properties p = new Properties();
        p.setProperty("version", "0.1.0");
        p.setProperty("commit", "${labs.git.commit}");   // what a build without git leaves
        p.setProperty("changed", "${labs.git.changed}");
        BuildInfo b = BuildInfo.of(p);
        assertEquals("0.1.0", b.version());
        assertEquals("unknown", b.commit());
        assertEquals("unknown", b.commitLine());
        assertEquals("unknown", BuildInfo.of(new Properties()).version());
    }

    @Test
    void dirtyTreeIsSaid() {
        Properties p = new Properties();
        String c = "0123456789abcdef0123456789abcdef01234567";
        p.setProperty("commit", c);
        p.setProperty("changed", " 2 files changed, 5 insertions(+)");
        assertEquals(c + " (with uncommitted changes)", BuildInfo.of(p).commitLine());
        p.setProperty("changed", "");
        assertEquals(c, BuildInfo.of(p).commitLine());
        p.setProperty("commit", "");   // git ran outside a repository: nothing on stdout
        assertEquals("unknown", BuildInfo.of(p).commitLine());
    }

    /** This build's own resource carries the commit git reports for this tree (when git and a repository exist). */
    @Test
    void thisBuildCarriesItsCommit() throws Exception {
        BuildInfo b = BuildInfo.current();
        assertNotEquals("unknown", b.version());
        String head;
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(Path.of("..").toFile())
                    .redirectErrorStream(true).start();
            head = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                head = "unknown";
            }
        } catch (java.io.IOException e) {
            head = "unknown";   // no git: the build could not know either
        }
        assertEquals(head, b.commit());
    }
}

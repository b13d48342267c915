package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real mksquashfs with a cache folder named like options and separators ($XDG_CACHE_HOME is the user's): the
 * stage and image paths reach it whole, as absolute paths, and the image holds the stage's file.
 */
class RootDiskImageTest {
    @TempDir
    Path tmp;

    @Test
    void hostileFolderNamesReachMksquashfsWhole() throws Exception {
        assumeTrue(HostRunner.which("mksquashfs") != null, "needs mksquashfs (squashfs-tools)");
        Path dir = Files.createDirectories(tmp.resolve("-noappend,a:b=c d"));
        Path stage = Files.createDirectories(dir.resolve("-stage"));
        Files.writeString(stage.resolve("hello"), "hi\n");
        Path image = dir.resolve("-root,x.squashfs");
        RootDisk.makeImage(stage, image);
        assertTrue(Files.size(image) > 0);
        ExecResult ls = HostRunner.INSTANCE.exec(List.of("unsquashfs", "-l", image.toString()), Duration.ofSeconds(30));
        assertEquals(0, ls.exitCode(), ls.stderr());
        assertTrue(ls.stdout().contains("squashfs-root/hello"), ls.stdout());
    }
}

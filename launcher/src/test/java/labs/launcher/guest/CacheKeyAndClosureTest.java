package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import labs.common.LabsException;
import labs.common.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheKeyAndClosureTest {
    @Test
    void keyFollowsScriptsAndFileIdentity(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("fio"), "v1");
        String k = GuestCache.hash(List.of("root", "script"), List.of(f), false);
        assertEquals(k, GuestCache.hash(List.of("root", "script"), List.of(f), false), "stable");
        assertNotEquals(k, GuestCache.hash(List.of("root", "script2"), List.of(f), false), "script changed");
        assertNotEquals(k, GuestCache.hash(List.of("rootscript"), List.of(f), false), "fields are separated");
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() - 60_000));
        String older = GuestCache.hash(List.of("root", "script"), List.of(f), false);
        assertNotEquals(k, older, "a reinstalled binary (new mtime) changes the key");
        Files.writeString(f, "v22");
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis()));
        assertNotEquals(older, GuestCache.hash(List.of("root", "script"), List.of(f), false), "size");
    }

    @Test
    void contentKeySeesBytesEvenWithTheSameSizeAndTime(@TempDir Path dir) throws Exception {
        Path k1 = Files.writeString(dir.resolve("vmlinuz"), "AAAA");
        FileTime t = Files.getLastModifiedTime(k1);
        String a = GuestCache.hash(List.of("kernel"), List.of(k1), true);
        Files.writeString(k1, "BBBB");
        Files.setLastModifiedTime(k1, t);
        assertEquals(a.length(), 16);
        assertNotEquals(a, GuestCache.hash(List.of("kernel"), List.of(k1), true));
        assertEquals(GuestCache.hash(List.of("kernel"), List.of(k1), false).length(), 16);
    }

    @Test
    void partsUnusedForAMonthAreSweptOthersKept(@TempDir Path cache) throws Exception {
        Path used = Files.createDirectories(cache.resolve("root-0000000000000001"));
        Path oldUnused = Files.createDirectories(cache.resolve("initrd-0000000000000002"));
        Path recentUnused = Files.createDirectories(cache.resolve("kernel-0000000000000003"));
        Path foreign = Files.createDirectories(cache.resolve("my-notes"));
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - java.time.Duration.ofDays(31).toMillis());
        for (Path p : List.of(used, oldUnused, foreign)) {
            Files.setLastModifiedTime(p, old);
        }
        GuestCache.sweepUnused(cache, GuestCache.GUEST_PARTS, List.of(used), Progress.SILENT);
        assertTrue(Files.isDirectory(used));
        assertTrue(Files.getLastModifiedTime(used).toMillis() > old.toMillis(), "marked as used now");
        assertFalse(Files.exists(oldUnused));
        assertTrue(Files.isDirectory(recentUnused));
        assertTrue(Files.isDirectory(foreign), "only labs' own part folders are touched");
    }

    @Test
    void unpackedKernelsUnusedForAMonthAreSweptNeverALinkOrAFile(@TempDir Path kernels, @TempDir Path elsewhere)
            throws Exception {
        Path current = Files.createDirectories(kernels.resolve("linux-image-6.1.0-57-amd64-1a2b3c4d"));
        Path old = Files.createDirectories(kernels.resolve("linux-image-6.1.0-56-amd64-1a2b3c4d"));
        Path memo = Files.writeString(kernels.resolve("apt-kernel-package"), "1 linux-image-6.1.0-57-amd64\n");
        Path target = Files.createDirectories(elsewhere.resolve("keep"));
        Path link = Files.createSymbolicLink(kernels.resolve("linux-image-6.1.0-1-amd64"), target);
        FileTime longAgo = FileTime.fromMillis(System.currentTimeMillis() - java.time.Duration.ofDays(31).toMillis());
        for (Path p : List.of(current, old, memo, target)) {
            Files.setLastModifiedTime(p, longAgo);
        }
        GuestCache.sweepUnused(kernels, GuestCache.UNPACKED_KERNELS, List.of(current), Progress.SILENT);
        assertTrue(Files.isDirectory(current), "the kernel this build used stays");
        assertFalse(Files.exists(old));
        assertTrue(Files.isRegularFile(memo), "the apt-cache memo is not a kernel folder");
        assertTrue(Files.isSymbolicLink(link) && Files.isDirectory(target), "a link is never followed or removed");
    }

    @Test
    void lddOutputGivesLibrariesAndLoaderNotTheVdso() throws Exception {
        Set<Path> libs = LibraryClosure.parse(Fixtures.text("ldd-fio-mpstat-sadc-busybox.txt"));
        assertTrue(libs.contains(Path.of("/lib64/ld-linux-x86-64.so.2")), libs.toString());
        assertTrue(libs.contains(Path.of("/lib/x86_64-linux-gnu/libc.so.6")));
        assertTrue(libs.contains(Path.of("/lib/x86_64-linux-gnu/libaio.so.1")));
        assertTrue(libs.stream().noneMatch(p -> p.toString().contains("vdso") || p.toString().endsWith(":")));
        assertFalse(libs.contains(Path.of("/usr/bin/fio")));
    }

    @Test
    void aMissingLibraryIsAnErrorNamingIt() {
        LabsException e = assertThrows(LabsException.class, () -> LibraryClosure.parse(
                "/usr/bin/fio:\n\tlibrbd.so.1 => not found\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x1)\n"));
        assertTrue(e.getMessage().contains("librbd.so.1"));
    }

    @Test
    void realToolsAreNotShadowedByBusyboxApplets(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("host/usr/bin"));
        Path mpstat = Files.writeString(dir.resolve("host/usr/bin/mpstat"), "real");
        Path busybox = Files.writeString(dir.resolve("busybox"), "bb");
        Path stage = dir.resolve("stage");
        RootDisk.stage(stage, busybox, List.of("sh", "mpstat", "ls", "busybox"), List.of(mpstat), "agent @LD_LIBRARY_PATH@");
        assertTrue(Files.isSymbolicLink(stage.resolve("bin/sh")));
        assertTrue(Files.isSymbolicLink(stage.resolve("bin/ls")));
        assertFalse(Files.exists(stage.resolve("bin/mpstat"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("real", Files.readString(stage.resolve(mpstat.toString().substring(1))));
        assertTrue(Files.isExecutable(stage.resolve("sbin/labs-agent")));
        for (String d : RootDisk.EMPTY_DIRS) {
            assertTrue(Files.isDirectory(stage.resolve(d)), d);
        }
    }
}

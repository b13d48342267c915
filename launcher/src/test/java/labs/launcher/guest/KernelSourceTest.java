package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import labs.common.LabsException;
import labs.common.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSourceTest {
    private static byte[] bzImage(String release) throws Exception {
        byte[] vmlinux = ElfAndKernelImageTest.elfWithNote("Xen", Elf.XEN_ELFNOTE_PHYS32_ENTRY);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(vmlinux);
        }
        return ElfAndKernelImageTest.bzImage(gz.toByteArray(), vmlinux.length, release);
    }

    @Test
    void givenKernelFindsModulesBesideIt(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("boot"));
        Path image = Files.write(dir.resolve("boot/vmlinuz-9.9.9-test"), bzImage("9.9.9-test"));
        Files.createDirectories(dir.resolve("lib/modules/9.9.9-test/kernel"));
        KernelSource.Kernel k = new KernelSource(dir.resolve("cache"), List.of("ext4"), Progress.SILENT).find(Optional.of(image));
        assertEquals("9.9.9-test", k.release());
        assertEquals(dir.resolve("lib/modules/9.9.9-test"), k.modulesDir());
        assertTrue(k.source().startsWith("--kernel " + image), k.source());
    }

    @Test
    void givenKernelWithoutModulesSaysWhatItAssumes(@TempDir Path dir) throws Exception {
        Path image = Files.write(dir.resolve("bzImage"), bzImage("9.9.8-nomods"));
        KernelSource.Kernel k = new KernelSource(dir.resolve("cache"), List.of("ext4"), Progress.SILENT).find(Optional.of(image));
        assertNull(k.modulesDir());
        assertTrue(k.source().contains("must be built in"), k.source());
    }

    @Test
    void somethingThatIsNotAKernelIsAUsageError(@TempDir Path dir) throws Exception {
        Path notKernel = Files.writeString(dir.resolve("notes.txt"), "hello");
        LabsException e = assertThrows(LabsException.class,
                () -> new KernelSource(dir, List.of(), Progress.SILENT).find(Optional.of(notKernel)));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        LabsException missing = assertThrows(LabsException.class,
                () -> new KernelSource(dir, List.of(), Progress.SILENT).find(Optional.of(dir.resolve("nope"))));
        assertEquals(LabsException.EXIT_USAGE, missing.exitCode());
    }
}

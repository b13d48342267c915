package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelModulesTest {
    /** The load order of these modules in Debian's 6.1.0-56 kernel; every one of them must be found. */
    private static List<String> debianLoadOrder(List<String> modules) throws Exception {
        KernelModules m = KernelModules.fromModulesDep(Path.of("/x"), Fixtures.text("modules.dep.debian-6.1.0-56"));
        List<String> missing = new ArrayList<>();
        List<String> names = m.loadOrder(modules, missing).stream().map(KernelModules.Module::name).toList();
        assertTrue(missing.isEmpty(), missing.toString());
        return names;
    }

    @Test
    void loadOrderPutsDependenciesFirstAndEachModuleOnce() throws Exception {
        List<String> names = debianLoadOrder(GuestImageBuilder.MODULES);
        assertEquals(names.stream().distinct().count(), names.size(), names.toString());
        assertBefore(names, "virtio_ring", "virtio_pci");
        assertBefore(names, "virtio", "virtio_blk");
        assertBefore(names, "virtio_pci_modern_dev", "virtio_pci");
        assertTrue(names.contains("virtio_console"));
        assertTrue(names.contains("squashfs"));
        assertEquals(8, names.size(), names.toString());
    }

    @Test
    void theDataDiskModulesComeWithTheirDependencies() throws Exception {
        List<String> names = debianLoadOrder(GuestImageBuilder.DATA_MODULES);
        assertBefore(names, "jbd2", "ext4");
        assertBefore(names, "mbcache", "ext4");
        assertBefore(names, "crc16", "ext4");
        assertBefore(names, "crc32c_generic", "ext4");
        assertEquals(5, names.size(), names.toString());
    }

    @Test
    void unknownNamesAreReportedNotInvented() throws Exception {
        KernelModules m = KernelModules.fromModulesDep(Path.of("/x"), Fixtures.text("modules.dep.debian-6.1.0-56"));
        List<String> missing = new ArrayList<>();
        assertTrue(m.loadOrder(List.of("no_such_module"), missing).isEmpty());
        assertEquals(List.of("no_such_module"), missing);
    }

    @Test
    void dashesAndUnderscoresNameTheSameModule() {
        assertEquals("crc32c_intel", KernelModules.moduleName("crc32c-intel.ko.xz"));
        assertEquals("ext4", KernelModules.moduleName("ext4.ko.zst"));
        assertTrue(KernelModules.isModuleFile("virtio_blk.ko.gz"));
        assertFalse(KernelModules.isModuleFile("modules.dep"));
    }

    @Test
    void dependsComeFromTheModinfoSectionWhenThereIsNoModulesDep() throws Exception {
        assertEquals(List.of("virtio_ring", "virtio_pci_modern_dev", "virtio_pci_legacy_dev", "virtio"),
                KernelModules.dependsField(Fixtures.bytes("virtio_pci.modinfo")));
        assertEquals(List.of("jbd2", "mbcache", "crc16"), KernelModules.dependsField(Fixtures.bytes("ext4.modinfo")));
    }

    @Test
    void aTreeWithoutModulesDepIsIndexedByFileNameAndReadThroughElf(@TempDir Path dir) throws Exception {
        Fixtures.copyTo("crc16.ko", dir.resolve("kernel/lib/crc16.ko"));
        KernelModules m = KernelModules.open(dir);
        assertFalse(m.usesModulesDep());
        List<String> missing = new ArrayList<>();
        List<KernelModules.Module> order = m.loadOrder(List.of("crc16", "ext4"), missing);
        assertEquals(List.of(new KernelModules.Module("crc16", "kernel/lib/crc16.ko")), order);
        assertEquals(List.of("ext4"), missing);
    }

    @Test
    void fastLoadDropsTheSignatureAndHidesBtfButKeepsTheCode() throws Exception {
        byte[] ko = Fixtures.bytes("crc16.ko");
        byte[] fast = KernelModules.forFastLoad(ko);
        String tail = new String(fast, fast.length - 28, 28, java.nio.charset.StandardCharsets.US_ASCII);
        assertFalse(tail.contains("Module signature appended"), tail);
        assertTrue(fast.length < ko.length);
        Elf elf = Elf.parse(fast);
        assertTrue(elf.section(".BTF").isEmpty());
        assertTrue(elf.section(".BTX").isPresent());
        // The ORC unwind tables: renamed and no longer loaded (so their relocations are not applied either).
        assertEquals(java.util.Optional.of(true), Elf.parse(ko).allocated(".orc_unwind_ip"));
        assertTrue(elf.section(".orc_unwind_ip").isEmpty());
        assertEquals(java.util.Optional.of(false), elf.allocated(".orc_unwind_iq"));
        assertEquals(java.util.Optional.of(false), elf.allocated(".orc_unwinx"));
        assertEquals(Elf.parse(ko).section(".text").map(java.util.Arrays::hashCode),
                elf.section(".text").map(java.util.Arrays::hashCode), "code unchanged");
        assertTrue(Elf.parse(ko).section(".BTF").isPresent(), "the original is not modified");
        assertEquals(ko.length, Fixtures.bytes("crc16.ko").length);
    }

    @Test
    void unsignedModulesOnlyWhenTheConfigAllowsThem(@TempDir Path dir) throws Exception {
        Path debian = java.nio.file.Files.writeString(dir.resolve("config-a"),
                "CONFIG_MODULE_SIG=y\n# CONFIG_MODULE_SIG_FORCE is not set\n");
        Path forced = java.nio.file.Files.writeString(dir.resolve("config-b"), "CONFIG_MODULE_SIG_FORCE=y\n");
        assertTrue(KernelModules.unsignedAllowed(debian));
        assertFalse(KernelModules.unsignedAllowed(forced));
        assertFalse(KernelModules.unsignedAllowed(null));
        assertFalse(KernelModules.unsignedAllowed(dir.resolve("missing")));
    }

    private static void assertBefore(List<String> names, String first, String then) {
        assertTrue(names.indexOf(first) >= 0 && names.indexOf(first) < names.indexOf(then),
                first + " must load before " + then + ": " + names);
    }
}

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
    @Test
    void loadOrderPutsDependenciesFirstAndEachModuleOnce() throws Exception {
        KernelModules m = KernelModules.fromModulesDep(Path.of("/x"), Fixtures.text("modules.dep.debian-6.1.0-56"));
        List<String> missing = new ArrayList<>();
        List<String> names = m.loadOrder(GuestImageBuilder.MODULES, missing).stream()
                .map(KernelModules.Module::name).toList();
        assertTrue(missing.isEmpty(), missing.toString());
        assertEquals(names.stream().distinct().count(), names.size(), names.toString());
        assertBefore(names, "virtio_ring", "virtio_pci");
        assertBefore(names, "virtio", "virtio_blk");
        assertBefore(names, "virtio_pci_modern_dev", "virtio_pci");
        assertBefore(names, "jbd2", "ext4");
        assertBefore(names, "mbcache", "ext4");
        assertBefore(names, "crc16", "ext4");
        assertBefore(names, "crc32c_generic", "ext4");
        assertTrue(names.contains("virtio_console"));
        assertEquals(12, names.size(), names.toString());
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

    private static void assertBefore(List<String> names, String first, String then) {
        assertTrue(names.indexOf(first) >= 0 && names.indexOf(first) < names.indexOf(then),
                first + " must load before " + then + ": " + names);
    }
}

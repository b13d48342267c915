package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;

/** A bzImage whose payload is zstd (Debian 13's kernels and Ubuntu's are built with CONFIG_KERNEL_ZSTD=y). */
class ZstdPayloadTest {
    static byte[] bzImageZstd(String release) throws Exception {
        byte[] vmlinux = ElfAndKernelImageTest.elfWithNote("Xen", Elf.XEN_ELFNOTE_PHYS32_ENTRY);
        ByteArrayOutputStream zst = new ByteArrayOutputStream();
        try (ZstdCompressorOutputStream out = new ZstdCompressorOutputStream(zst, 19)) {
            out.write(vmlinux);
        }
        return ElfAndKernelImageTest.bzImage(zst.toByteArray(), vmlinux.length, release);
    }

    @Test
    void extractsAZstdPayload() throws Exception {
        KernelImage bz = KernelImage.of(bzImageZstd("6.8.0-45-generic"));
        assertEquals(KernelImage.Compression.ZSTD, bz.payloadCompression());
        assertEquals("6.8.0-45-generic", bz.release().orElseThrow());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bz.extractVmlinux(out);
        assertArrayEquals(ElfAndKernelImageTest.elfWithNote("Xen", Elf.XEN_ELFNOTE_PHYS32_ENTRY), out.toByteArray());
        assertTrue(KernelImage.of(out.toByteArray()).hasPvhEntry());
    }
}

package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.X86Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

class ElfAndKernelImageTest {
    @Test
    void readsTheModinfoSectionOfARealModule() throws Exception {
        Elf elf = Elf.parse(Fixtures.bytes("crc16.ko"));
        String modinfo = new String(elf.section(".modinfo").orElseThrow(), StandardCharsets.US_ASCII);
        assertTrue(modinfo.contains("name=crc16"), modinfo);
        assertFalse(elf.hasPvhEntry());
    }

    @Test
    void findsThePvhNote() {
        assertTrue(KernelImage.of(elfWithNote("Xen", Elf.XEN_ELFNOTE_PHYS32_ENTRY)).hasPvhEntry());
        assertFalse(KernelImage.of(elfWithNote("GNU", 3)).hasPvhEntry());
        assertFalse(KernelImage.of(elfWithNote("Xen", 5)).hasPvhEntry());
    }

    @Test
    void extractsAnXzPayloadWithTheX86Filter() throws Exception {
        byte[] vmlinux = elfWithNote("Xen", Elf.XEN_ELFNOTE_PHYS32_ENTRY);
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (XZOutputStream out = new XZOutputStream(xz,
                new FilterOptions[] {new X86Options(), new LZMA2Options()}, XZ.CHECK_CRC32)) {
            out.write(vmlinux);
        }
        KernelImage bz = KernelImage.of(bzImage(xz.toByteArray(), vmlinux.length, "6.1.0-test-amd64"));
        assertTrue(bz.isBzImage());
        assertEquals(KernelImage.Compression.XZ, bz.payloadCompression());
        assertEquals("6.1.0-test-amd64", bz.release().orElseThrow());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bz.extractVmlinux(out);
        assertArrayEquals(vmlinux, out.toByteArray());
        assertTrue(KernelImage.of(out.toByteArray()).hasPvhEntry());
    }

    @Test
    void extractsAGzipPayload() throws Exception {
        byte[] vmlinux = elfWithNote("Xen", Elf.XEN_ELFNOTE_PHYS32_ENTRY);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(vmlinux);
        }
        KernelImage bz = KernelImage.of(bzImage(gz.toByteArray(), vmlinux.length, "5.15.0-1-generic"));
        assertEquals(KernelImage.Compression.GZIP, bz.payloadCompression());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bz.extractVmlinux(out);
        assertArrayEquals(vmlinux, out.toByteArray());
    }

    @Test
    void releaseOfAVmlinuxComesFromItsBannerString() {
        byte[] data = ("\u007fELF junk Linux version 6.8.0-31-generic (buildd@lcy02) #31").getBytes(StandardCharsets.US_ASCII);
        assertEquals("6.8.0-31-generic", KernelImage.of(data).release().orElseThrow());
    }

    /** A bzImage laid out as the x86 boot protocol says: one setup sector after the boot sector, then payload. */
    static byte[] bzImage(byte[] compressed, int uncompressedSize, String release) {
        int setupSects = 1;
        int pm = (setupSects + 1) * 512;
        int payloadOffset = 0x40;
        byte[] version = (release + " (test@example) #1 SMP\0").getBytes(StandardCharsets.US_ASCII);
        int versionAt = 0x300;
        ByteBuffer b = ByteBuffer.allocate(pm + payloadOffset + compressed.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1f1, (byte) setupSects);
        b.put(0x202, (byte) 'H').put(0x203, (byte) 'd').put(0x204, (byte) 'r').put(0x205, (byte) 'S');
        b.putShort(0x20e, (short) (versionAt - 0x200));
        b.put(versionAt, version);
        b.putInt(0x248, payloadOffset);
        b.putInt(0x24c, compressed.length + 4);
        b.put(pm + payloadOffset, compressed);
        b.putInt(pm + payloadOffset + compressed.length, uncompressedSize);
        return b.array();
    }

    /** The smallest 64-bit ELF with one PT_NOTE program header holding one note. */
    static byte[] elfWithNote(String name, int type) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        int nameLen = (n.length + 3) & ~3;
        int noteSize = 12 + nameLen + 4;
        ByteBuffer b = ByteBuffer.allocate(64 + 56 + noteSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(0x10, (short) 2).putShort(0x12, (short) 0x3e).putInt(0x14, 1);
        b.putLong(0x20, 64).putShort(0x34, (short) 64).putShort(0x36, (short) 56).putShort(0x38, (short) 1);
        int ph = 64;
        b.putInt(ph, 4).putLong(ph + 0x08, 120).putLong(ph + 0x20, noteSize).putLong(ph + 0x28, noteSize);
        int note = 120;
        b.putInt(note, n.length).putInt(note + 4, 4).putInt(note + 8, type);
        b.put(note + 12, n);
        b.putInt(note + 12 + nameLen, 0x1000000);
        return b.array();
    }
}

package labs.launcher.guest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.tukaani.xz.SingleXZInputStream;

/**
 * A kernel file as the boot loader sees it: an x86 bzImage (setup code + a compressed vmlinux payload) or a plain
 * vmlinux ELF. Under TCG the guest spends ~5 s decompressing an xz payload before it prints a line, so the
 * builder takes the payload out once on the host and boots the ELF directly when it carries a PVH entry note.
 */
public final class KernelImage {
    /** How the payload of a bzImage is compressed; the kernel build picks one (Debian: xz, Ubuntu: zstd). */
    public enum Compression { XZ, GZIP, ZSTD, UNSUPPORTED }

    private final byte[] data;

    private KernelImage(byte[] data) { this.data = data; }

    public static KernelImage read(Path file) throws IOException {
        return new KernelImage(Files.readAllBytes(file));
    }

    public static KernelImage of(byte[] data) { return new KernelImage(data); }

    public boolean isBzImage() {
        return data.length > 0x250 && data[0x202] == 'H' && data[0x203] == 'd' && data[0x204] == 'r'
                && data[0x205] == 'S';
    }

    public byte[] bytes() { return data.clone(); }

    public boolean isElf() { return Elf.isElf64(data); }

    /** The release (what {@code uname -r} prints), read from the image itself, or empty when it is not there. */
    public Optional<String> release() {
        if (isBzImage()) {
            int ptr = Short.toUnsignedInt(le().getShort(0x20e));
            if (ptr != 0 && ptr + 0x200 < data.length) {
                return Optional.of(firstToken(ptr + 0x200));
            }
        }
        byte[] marker = "Linux version ".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(data, marker);
        return at < 0 ? Optional.empty() : Optional.of(firstToken(at + marker.length));
    }

    public Compression payloadCompression() {
        byte[] p = payloadHead();
        if (p.length >= 6 && (p[0] & 0xff) == 0xfd && p[1] == '7' && p[2] == 'z' && p[3] == 'X' && p[4] == 'Z') {
            return Compression.XZ;
        }
        if (p.length >= 2 && (p[0] & 0xff) == 0x1f && (p[1] & 0xff) == 0x8b) {
            return Compression.GZIP;
        }
        if (p.length >= 4 && (p[0] & 0xff) == 0x28 && (p[1] & 0xff) == 0xb5 && (p[2] & 0xff) == 0x2f
                && (p[3] & 0xff) == 0xfd) {
            return Compression.ZSTD;
        }
        return Compression.UNSUPPORTED;
    }

    /**
     * Writes the uncompressed vmlinux out of a bzImage. The kernel build appends the payload's uncompressed size
     * (4 bytes) after the compressed stream, so those bytes are left out of what the decompressor sees.
     */
    public void extractVmlinux(OutputStream out) throws IOException {
        if (!isBzImage()) {
            throw new IOException("not a bzImage (no HdrS signature)");
        }
        int start = payloadStart();
        int len = le().getInt(0x24c) - 4;
        try (InputStream raw = new ByteArrayInputStream(data, start, len);
             InputStream in = decompressor(payloadCompression(), raw)) {
            in.transferTo(out);
        }
    }

    /** True when this ELF carries the Xen PVH entry note that lets QEMU boot it with -kernel. */
    public boolean hasPvhEntry() {
        return isElf() && Elf.parse(data).hasPvhEntry();
    }

    private static InputStream decompressor(Compression c, InputStream raw) throws IOException {
        return switch (c) {
            case XZ -> new SingleXZInputStream(raw);
            case GZIP -> new GZIPInputStream(raw);
            case ZSTD -> new ZstdCompressorInputStream(raw);
            case UNSUPPORTED -> throw new IOException("the kernel payload uses a compression labs does not read");
        };
    }

    private int payloadStart() {
        int setupSects = data[0x1f1] & 0xff;
        if (setupSects == 0) {
            setupSects = 4;
        }
        return (setupSects + 1) * 512 + le().getInt(0x248);
    }

    private byte[] payloadHead() {
        if (!isBzImage()) {
            return new byte[0];
        }
        int start = payloadStart();
        if (start < 0 || start + 8 > data.length) {
            return new byte[0];
        }
        byte[] head = new byte[8];
        System.arraycopy(data, start, head, 0, 8);
        return head;
    }

    private ByteBuffer le() { return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN); }

    private String firstToken(int off) {
        int end = off;
        while (end < data.length && data[end] > ' ' && data[end] < 0x7f) {
            end++;
        }
        return new String(data, off, end - off, StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

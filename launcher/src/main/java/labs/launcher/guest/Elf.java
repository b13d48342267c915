package labs.launcher.guest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The little of a 64-bit little-endian ELF file the guest builder reads: named sections (a kernel module's
 * {@code .modinfo}) and notes (the vmlinux PVH entry note QEMU needs to boot an uncompressed kernel).
 */
final class Elf {
    /** XEN_ELFNOTE_PHYS32_ENTRY: its presence in a vmlinux means QEMU can boot it directly (PVH). */
    static final int XEN_ELFNOTE_PHYS32_ENTRY = 18;
    private static final int SHT_NOTE = 7;
    private static final int PT_NOTE = 4;

    record Note(String name, int type, byte[] desc) {}

    private final ByteBuffer buf;

    private Elf(ByteBuffer buf) { this.buf = buf; }

    static boolean isElf64(byte[] data) {
        return data.length > 64 && data[0] == 0x7f && data[1] == 'E' && data[2] == 'L' && data[3] == 'F'
                && data[4] == 2 && data[5] == 1;
    }

    static Elf parse(byte[] data) {
        return parse(ByteBuffer.wrap(data));
    }

    /** Works on a mapped file too: only the pages of the headers and the sections read are touched. */
    static Elf parse(ByteBuffer data) {
        byte[] head = new byte[Math.min(65, data.limit())];
        data.get(0, head);
        if (!isElf64(head)) {
            throw new IllegalArgumentException("not a 64-bit little-endian ELF file");
        }
        return new Elf(data.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** The offset of the header of the section with this name, if any. */
    private OptionalInt header(String name) {
        long shoff = buf.getLong(0x28);
        int shentsize = Short.toUnsignedInt(buf.getShort(0x3a));
        int shnum = Short.toUnsignedInt(buf.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(buf.getShort(0x3e));
        if (shoff == 0 || shnum == 0 || shstrndx >= shnum) {
            return OptionalInt.empty();
        }
        int strOff = (int) buf.getLong((int) (shoff + (long) shstrndx * shentsize) + 0x18);
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (cString(strOff + buf.getInt(sh)).equals(name)) {
                return OptionalInt.of(sh);
            }
        }
        return OptionalInt.empty();
    }

    private int nameOffset(int sh) {
        long shoff = buf.getLong(0x28);
        int shentsize = Short.toUnsignedInt(buf.getShort(0x3a));
        int shstrndx = Short.toUnsignedInt(buf.getShort(0x3e));
        return (int) buf.getLong((int) (shoff + (long) shstrndx * shentsize) + 0x18) + buf.getInt(sh);
    }

    /** The bytes of the section with this name, if any. */
    Optional<byte[]> section(String name) {
        OptionalInt sh = header(name);
        return sh.isEmpty() ? Optional.empty()
                : Optional.of(bytes((int) buf.getLong(sh.getAsInt() + 0x18), (int) buf.getLong(sh.getAsInt() + 0x20)));
    }

    /** Whether the section with this name is loaded into memory (SHF_ALLOC); empty when there is none. */
    Optional<Boolean> allocated(String name) {
        OptionalInt sh = header(name);
        return sh.isEmpty() ? Optional.empty() : Optional.of((buf.getLong(sh.getAsInt() + 0x08) & SHF_ALLOC) != 0);
    }

    /**
     * Renames the section {@code from} to {@code to} (same length) in the bytes this Elf was parsed from, so
     * that a loader looking it up by name no longer finds it. Returns whether it was there.
     */
    boolean renameSection(String from, String to) {
        return renameSection(from, to, false);
    }

    /**
     * Renames the section like {@link #renameSection(String, String)} and also clears its SHF_ALLOC flag: a
     * kernel then neither copies it into the module's memory nor applies the relocations aimed at it.
     */
    boolean hideSection(String from, String to) {
        return renameSection(from, to, true);
    }

    private static final long SHF_ALLOC = 0x2;

    private boolean renameSection(String from, String to, boolean unalloc) {
        if (from.length() != to.length()) {
            throw new IllegalArgumentException("a section name can only be replaced by one of the same length");
        }
        OptionalInt found = header(from);
        if (found.isEmpty()) {
            return false;
        }
        int sh = found.getAsInt();
        buf.put(nameOffset(sh), to.getBytes(StandardCharsets.US_ASCII));
        if (unalloc) {
            buf.putLong(sh + 0x08, buf.getLong(sh + 0x08) & ~SHF_ALLOC);
        }
        return true;
    }

    /** Every note, from program headers (what a loader sees) or, failing those, from note sections. */
    List<Note> notes() {
        List<Note> out = new ArrayList<>();
        long phoff = buf.getLong(0x20);
        int phentsize = Short.toUnsignedInt(buf.getShort(0x36));
        int phnum = Short.toUnsignedInt(buf.getShort(0x38));
        for (int i = 0; i < phnum; i++) {
            int ph = (int) (phoff + (long) i * phentsize);
            if (buf.getInt(ph) == PT_NOTE) {
                readNotes((int) buf.getLong(ph + 0x08), (int) buf.getLong(ph + 0x20), out);
            }
        }
        if (out.isEmpty()) {
            long shoff = buf.getLong(0x28);
            int shentsize = Short.toUnsignedInt(buf.getShort(0x3a));
            int shnum = Short.toUnsignedInt(buf.getShort(0x3c));
            for (int i = 0; i < shnum && shoff != 0; i++) {
                int sh = (int) (shoff + (long) i * shentsize);
                if (buf.getInt(sh + 4) == SHT_NOTE) {
                    readNotes((int) buf.getLong(sh + 0x18), (int) buf.getLong(sh + 0x20), out);
                }
            }
        }
        return out;
    }

    boolean hasPvhEntry() {
        return notes().stream().anyMatch(n -> n.name().equals("Xen") && n.type() == XEN_ELFNOTE_PHYS32_ENTRY);
    }

    private void readNotes(int off, int size, List<Note> out) {
        int p = off;
        int end = off + size;
        while (p + 12 <= end) {
            int namesz = buf.getInt(p);
            int descsz = buf.getInt(p + 4);
            int type = buf.getInt(p + 8);
            int nameOff = p + 12;
            int descOff = nameOff + align4(namesz);
            if (namesz < 0 || descsz < 0 || descOff + descsz > end) {
                return;
            }
            String name = namesz == 0 ? "" : new String(bytes(nameOff, namesz - 1), StandardCharsets.US_ASCII);
            out.add(new Note(name, type, bytes(descOff, descsz)));
            p = descOff + align4(descsz);
        }
    }

    private static int align4(int n) { return (n + 3) & ~3; }

    private byte[] bytes(int off, int len) {
        byte[] b = new byte[len];
        buf.get(off, b);
        return b;
    }

    private String cString(int off) {
        int end = off;
        while (end < buf.limit() && buf.get(end) != 0) {
            end++;
        }
        return new String(bytes(off, end - off), StandardCharsets.US_ASCII);
    }
}

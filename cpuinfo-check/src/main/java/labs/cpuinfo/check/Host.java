package labs.cpuinfo.check;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import labs.common.Echo;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.cpuinfo.CpuInfo;

import static labs.common.i18n.CheckText.*;

/**
 * The machine being checked: this one ("/", live) or a saved dump (a --sysroot folder holding proc/cpuinfo and
 * sys/..., as `lscpu --sysroot` reads, and/or a lone --cpuinfo file). Checks read files only through here, so that
 * the same code serves both, and live-only checks ask {@link #live()} and say SKIP on a dump.
 */
public final class Host {
    /** A /proc/cpuinfo is a few KB per CPU (~1.5 MB with 1024 CPUs); anything bigger is not one. */
    public static final int MAX_CPUINFO_BYTES = 4 << 20;
    private static final int MAX_SMALL_FILE = 1 << 20;

    private final Path root;
    private final boolean live;
    private final String cpuinfoText;
    private final String cpuinfoOrigin;
    private final CpuInfo cpuinfo;

    private Host(Path root, boolean live, String cpuinfoText, String cpuinfoOrigin) {
        this.root = root;
        this.live = live;
        this.cpuinfoText = cpuinfoText;
        this.cpuinfoOrigin = cpuinfoOrigin;
        this.cpuinfo = CpuInfo.parse(cpuinfoText);
    }

    /** This machine. An unreadable /proc/cpuinfo is not an error here: the CPU check reports it. */
    public static Host thisMachine() {
        String text;
        try {
            text = readCpuinfo(Path.of("/proc/cpuinfo"), "/proc/cpuinfo");
        } catch (LabsException e) {
            text = "";
        }
        return new Host(Path.of("/"), true, text, "/proc/cpuinfo");
    }

    /**
     * A saved dump: a sysroot folder (cpuinfoFile null, sysroot/proc/cpuinfo is read) or a lone cpuinfo file
     * (sysroot null), never both.
     * Throws LabsException (exit 2) for a missing, binary, huge or unreadable cpuinfo, reading at most 4 MiB.
     */
    public static Host dump(Path sysroot, Path cpuinfoFile) {
        if (sysroot != null && cpuinfoFile != null) {
            // Which cpuinfo would count? Taking one silently checks another machine than the user thinks.
            throw LabsException.usage(Msg.get(DUMP_BOTH), Msg.get(DUMP_BOTH_FIX));
        }
        if (sysroot != null && !Files.isDirectory(sysroot)) {
            throw LabsException.usage(Msg.get(Files.exists(sysroot) ? DUMP_NOT_DIR : DUMP_NO_DIR,
                    "--sysroot " + Echo.of(sysroot)), Msg.get(DUMP_DIR_FIX, "mkdir -p dump/proc && cp /proc/cpuinfo dump/proc/"));
        }
        Path file = cpuinfoFile != null ? cpuinfoFile : sysroot.resolve("proc/cpuinfo");
        String label = cpuinfoFile != null ? "--cpuinfo " + Echo.of(cpuinfoFile)
                : "--sysroot " + Echo.of(sysroot) + " (proc/cpuinfo)";
        return new Host(sysroot, false, readCpuinfo(file, label), file.toString());
    }

    /** For tests: a fake root whose files stand in for this machine's (live) or a dump's. */
    public static Host of(Path root, boolean live, String cpuinfoText) {
        return new Host(root, live, cpuinfoText, "test");
    }

    public boolean live() { return live; }

    /** Whether files beyond cpuinfo can be read (false for a lone --cpuinfo). */
    public boolean hasFiles() { return root != null; }

    public CpuInfo cpuinfo() { return cpuinfo; }

    public String cpuinfoText() { return cpuinfoText; }

    public String cpuinfoOrigin() { return cpuinfoOrigin; }

    public Path root() { return root; }

    /** An absolute path of the checked machine ("/sys/module/kvm") as a path on this one. */
    public Path path(String absolute) {
        if (root == null) {
            throw new IllegalStateException("no files in a cpuinfo-only dump: " + absolute);
        }
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    public boolean exists(String absolute) {
        return root != null && Files.exists(path(absolute));
    }

    /** A small text file's content, stripped; "" when absent, unreadable or too big (checks decide what "" means). */
    public String read(String absolute) {
        if (root == null) {
            return "";
        }
        try {
            Path p = path(absolute);
            if (!Files.isRegularFile(p)) {
                return "";   // a FIFO in a dump would block the open for ever; /proc and /sys files are regular
            }
            try (var in = Files.newInputStream(p)) {
                byte[] b = in.readNBytes(MAX_SMALL_FILE);
                return new String(b, StandardCharsets.UTF_8).strip();
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The fix of a cpuinfo vt-check cannot use; said only when one is refused (this machine's is read at every start). */
    private static String fix() {
        return Msg.get(CPU_NONE_FIX_DUMP, "cat /proc/cpuinfo > cpuinfo.txt");
    }

    static String readCpuinfo(Path file, String label) {
        long size = regularFileSize(file, label);
        if (size > MAX_CPUINFO_BYTES) {
            throw LabsException.usage(Msg.get(DUMP_HUGE, label, human(size), MAX_CPUINFO_BYTES >> 20), fix());
        }
        byte[] bytes;
        try (var in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_CPUINFO_BYTES + 1);
        } catch (IOException e) {
            throw unreadable(e, file, label);
        }
        if (bytes.length > MAX_CPUINFO_BYTES) {
            throw LabsException.usage(Msg.get(DUMP_LARGER, label, MAX_CPUINFO_BYTES >> 20), fix());
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw LabsException.usage(Msg.get(DUMP_BINARY, label, i), fix());
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw LabsException.usage(Msg.get(DUMP_NOT_TEXT, label), fix());
        }
    }

    /** A cpuinfo file that could not be looked at or read, as the usage error that says why. */
    private static LabsException unreadable(IOException e, Path file, String label) {
        if (e instanceof NoSuchFileException) {
            return LabsException.usage(Msg.get(DUMP_NO_FILE, label), fix());
        }
        if (e instanceof AccessDeniedException) {
            return LabsException.usage(Msg.get(DUMP_DENIED, label), Msg.get(DUMP_DENIED_FIX, "chmod a+r " + file));
        }
        return LabsException.usage(Msg.get(DUMP_UNREADABLE, label, e.getMessage()), fix());
    }

    /**
     * The file's size once its type is known to be a regular file (through a link: what a link points to counts).
     * Checked before opening because opening a FIFO for reading blocks until someone writes to it: vt-check hung
     * for ever on one. A device or socket is refused too (/dev/zero never ends). /proc/cpuinfo itself is a
     * regular file (size 0): the bounded read that follows stops at the limit.
     */
    private static long regularFileSize(Path file, String label) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw unreadable(e, file, label);
        }
        if (a.isDirectory()) {
            throw LabsException.usage(Msg.get(DUMP_IS_DIR, label), Msg.get(DUMP_IS_DIR_FIX));
        }
        if (!a.isRegularFile()) {
            throw LabsException.usage(Msg.get(DUMP_NOT_REGULAR, label), fix());
        }
        return a.size();
    }

    private static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}

package labs.launcher.guest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The modules of one kernel ({@code lib/modules/RELEASE}) and the order to load a set of them in: dependencies
 * first. Dependencies come from {@code modules.dep} when depmod has run; a kernel package unpacked with
 * {@code dpkg-deb -x} has none (depmod runs in its postinst), so then each needed module's own {@code depends=}
 * line in its {@code .modinfo} section is read: the same information modpost wrote and depmod would copy.
 */
public final class KernelModules {
    /** One module file; {@code relPath} is relative to the modules folder, as in modules.dep. */
    public record Module(String name, String relPath) {}

    private final Path dir;
    /** Module name (underscores) to its path relative to dir. */
    private final Map<String, String> paths;
    /** From modules.dep when present: path to the paths it depends on. */
    private final Map<String, List<String>> depLines;

    private KernelModules(Path dir, Map<String, String> paths, Map<String, List<String>> depLines) {
        this.dir = dir;
        this.paths = paths;
        this.depLines = depLines;
    }

    /** Indexes {@code dir} (lib/modules/RELEASE): modules.dep if present, else the file names under kernel/. */
    public static KernelModules open(Path dir) throws IOException {
        Path dep = dir.resolve("modules.dep");
        if (Files.isRegularFile(dep)) {
            return fromModulesDep(dir, Files.readString(dep));
        }
        Map<String, String> paths = new HashMap<>();
        try (Stream<Path> s = Files.walk(dir.resolve("kernel"))) {
            s.filter(p -> isModuleFile(p.getFileName().toString())).forEach(p ->
                    paths.put(moduleName(p.getFileName().toString()), dir.relativize(p).toString()));
        }
        return new KernelModules(dir, paths, null);
    }

    /** Parses modules.dep text ({@code path: dep dep ...} per line). */
    static KernelModules fromModulesDep(Path dir, String modulesDep) {
        Map<String, String> paths = new HashMap<>();
        Map<String, List<String>> deps = new HashMap<>();
        for (String line : modulesDep.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String path = line.substring(0, colon).trim();
            String rest = line.substring(colon + 1).trim();
            paths.put(moduleName(Path.of(path).getFileName().toString()), path);
            deps.put(path, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
        }
        return new KernelModules(dir, paths, deps);
    }

    public boolean usesModulesDep() { return depLines != null; }

    public Path dir() { return dir; }

    /**
     * The modules to load, dependencies before dependants, each once. Names not found as modules are returned
     * in {@code builtinOrMissing} (the caller decides: built into the kernel, or an error).
     */
    public List<Module> loadOrder(List<String> wanted, List<String> builtinOrMissing) {
        Set<String> done = new LinkedHashSet<>();
        List<Module> out = new ArrayList<>();
        for (String w : wanted) {
            String path = paths.get(normalize(w));
            if (path == null) {
                builtinOrMissing.add(w);
                continue;
            }
            visit(path, done, new LinkedHashSet<>(), out);
        }
        return out;
    }

    private void visit(String path, Set<String> done, Set<String> onStack, List<Module> out) {
        if (done.contains(path) || !onStack.add(path)) {
            return;
        }
        for (String d : dependencies(path)) {
            visit(d, done, onStack, out);
        }
        done.add(path);
        out.add(new Module(moduleName(Path.of(path).getFileName().toString()), path));
    }

    private List<String> dependencies(String path) {
        if (depLines != null) {
            return depLines.getOrDefault(path, List.of());
        }
        List<String> out = new ArrayList<>();
        for (String name : modinfoDepends(path)) {
            String p = paths.get(normalize(name));
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private List<String> modinfoDepends(String relPath) {
        Path file = dir.resolve(relPath);
        try {
            if (file.getFileName().toString().endsWith(".ko")) {
                // Mapped, so that only the ELF headers and .modinfo are read: a warm build stays fast.
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
                    return dependsField(Elf.parse(ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0,
                            ch.size())).section(".modinfo").orElse(new byte[0]));
                }
            }
            return dependsField(Elf.parse(readModule(file)).section(".modinfo").orElse(new byte[0]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names in the {@code depends=a,b} entry of a .modinfo section (NUL-separated key=value strings). */
    static List<String> dependsField(byte[] modinfo) {
        for (String kv : new String(modinfo, StandardCharsets.ISO_8859_1).split("\0")) {
            if (kv.startsWith("depends=")) {
                String v = kv.substring("depends=".length()).trim();
                return v.isEmpty() ? List.of() : List.of(v.split(","));
            }
        }
        return List.of();
    }

    /** The module's ELF bytes, decompressed when the distro ships .ko.xz, .ko.zst or .ko.gz. */
    public static byte[] readModule(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        String n = file.getFileName().toString();
        if (n.endsWith(".ko")) {
            return raw;
        }
        try (InputStream in = decompressor(n, new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        }
    }

    private static InputStream decompressor(String name, InputStream raw) throws IOException {
        if (name.endsWith(".xz")) {
            return new XZInputStream(raw);
        }
        if (name.endsWith(".zst")) {
            return new ZstdCompressorInputStream(raw);
        }
        if (name.endsWith(".gz")) {
            return new GZIPInputStream(raw);
        }
        throw new IOException("unknown module compression: " + name);
    }

    private static final byte[] SIG_MAGIC = "~Module signature appended~\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * The module made cheaper to load under TCG, its code the distro's byte for byte:
     * <ul>
     *   <li>its BTF section hidden (renamed .BTX): with BTF the first module makes the kernel parse all of
     *       vmlinux's BTF and each module's own is validated, ~0.3 s of a ~0.7 s module phase (ext4 0.37 s ->
     *       0.16 s, median of 4 boots); BPF tools lose these modules' type information;</li>
     *   <li>its ORC unwind tables and ftrace call-site list hidden (renamed and no longer allocated, so that the
     *       kernel neither copies them, nor applies their relocations, nor sorts them: ext4 alone has ~14k such
     *       relocations). With the data disk's ext4 this took a guest's boot from 1.36x a bare boot to
     *       1.19-1.25x (bench/boot-overhead-results.txt). Stack traces through these modules are less exact, and
     *       ftrace cannot trace their functions (each function's call to __fentry__, which returns at once, is
     *       simply not turned into a NOP);</li>
     *   <li>its signature dropped: a module whose bytes changed must not keep it (a bad signature is refused even
     *       when signatures are not enforced; a missing one only taints the kernel "E").</li>
     * </ul>
     */
    public static byte[] forFastLoad(byte[] ko) {
        byte[] out = withoutSignature(ko);
        if (out == ko) {
            out = ko.clone();
        }
        Elf elf = Elf.parse(out);
        elf.renameSection(".BTF", ".BTX");
        elf.hideSection(".orc_unwind_ip", ".orc_unwind_iq");
        elf.hideSection(".orc_unwind", ".orc_unwinx");
        elf.hideSection("__mcount_loc", "__mcount_lox");
        return out;
    }

    /** The module without its appended signature (PKCS#7 blob + struct module_signature + magic), if any. */
    static byte[] withoutSignature(byte[] ko) {
        int m = ko.length - SIG_MAGIC.length;
        if (m < 12 || !Arrays.equals(ko, m, ko.length, SIG_MAGIC, 0, SIG_MAGIC.length)) {
            return ko;
        }
        int info = m - 12;
        int signer = ko[info + 3] & 0xff;
        int keyId = ko[info + 4] & 0xff;
        int sigLen = ByteBuffer.wrap(ko, info + 8, 4).getInt();
        int end = info - sigLen - signer - keyId;
        return end > 0 ? Arrays.copyOf(ko, end) : ko;
    }

    /**
     * Whether the kernel loads unsigned modules: only when its config is known and does not force signatures
     * (CONFIG_MODULE_SIG_FORCE=y refuses them; Debian and Ubuntu leave it off). Unknown means no.
     */
    public static boolean unsignedAllowed(Path config) {
        if (config == null || !Files.isReadable(config)) {
            return false;
        }
        try {
            return Files.readAllLines(config).stream().noneMatch(l -> l.strip().equals("CONFIG_MODULE_SIG_FORCE=y"));
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isModuleFile(String fileName) {
        return fileName.endsWith(".ko") || fileName.endsWith(".ko.xz") || fileName.endsWith(".ko.zst")
                || fileName.endsWith(".ko.gz");
    }

    /** "crc32c-intel.ko.xz" -> "crc32c_intel": the kernel treats - and _ in module names alike. */
    static String moduleName(String fileName) {
        int ko = fileName.indexOf(".ko");
        return normalize(ko < 0 ? fileName : fileName.substring(0, ko));
    }

    static String normalize(String name) { return name.replace('-', '_'); }
}

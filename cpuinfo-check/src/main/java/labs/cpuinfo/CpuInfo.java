package labs.cpuinfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import labs.common.i18n.CheckText;
import labs.common.i18n.Msg;

/**
 * A parsed /proc/cpuinfo: the architecture it describes, its processor blocks, the machine-wide lines some
 * architectures print once (s390 `features`, POWER `platform`), and what looked wrong with the text.
 * Parsing never fails: empty, truncated or garbage input gives an object whose {@link #problems()} say why.
 *
 * @param arch       which format the text is in
 * @param processors one entry per `processor` block (x86, arm64, POWER) or per `processor N:` line (s390)
 * @param machine    lines outside processor blocks, first occurrence of each key
 * @param problems   plain sentences in the run's language: "the text is empty", "processor 3 has no `flags` line
 *                   (truncated or edited dump?)" ...
 */
public record CpuInfo(Arch arch, List<Processor> processors, Map<String, String> machine, List<String> problems) {

    /** A problem found while parsing, said (through the catalog) only if it is among those listed. */
    private record Problem(CheckText key, Object... args) {
        String text() {
            return Msg.get(key, args);
        }
    }

    public static CpuInfo parse(String text) {
        List<Problem> problems = new ArrayList<>();
        if (text.isBlank()) {
            return new CpuInfo(Arch.UNKNOWN, List.of(), Map.of(), List.of(Msg.get(CheckText.CPUINFO_EMPTY)));
        }
        List<Map<String, String>> blocks = blocks(text);
        Map<String, String> all = new LinkedHashMap<>();
        blocks.forEach(b -> b.forEach(all::putIfAbsent));
        Arch arch = detect(all);
        List<Processor> procs = new ArrayList<>();
        Map<String, String> machine = new LinkedHashMap<>();
        for (Map<String, String> b : blocks) {
            if (arch == Arch.S390X) {
                b.forEach((k, v) -> {
                    if (k.matches("processor \\d{1,9}")) {
                        procs.add(new Processor(Integer.parseInt(k.substring(10)), all.getOrDefault("vendor_id", ""),
                                v, -1, -1, words(all.get("features")), Set.of(), true));
                    } else {
                        machine.putIfAbsent(k, v);
                    }
                });
            } else if (b.containsKey("processor") && b.get("processor").matches("\\d{1,9}")) {
                procs.add(processor(arch, b, problems));
            } else {
                b.forEach(machine::putIfAbsent);
            }
        }
        if (arch == Arch.UNKNOWN) {
            problems.add(new Problem(CheckText.CPUINFO_UNKNOWN));
        } else if (procs.isEmpty()) {
            problems.add(new Problem(CheckText.CPUINFO_NO_BLOCK));
        }
        if (!text.endsWith("\n")) {
            problems.add(new Problem(CheckText.CPUINFO_TRUNCATED));
        }
        return new CpuInfo(arch, List.copyOf(procs), Collections.unmodifiableMap(machine), bounded(problems));
    }

    /** Problems listed one by one at most; a dump with 17,000 damaged blocks made a 1.1 MB WARN line. */
    static final int MAX_PROBLEMS = 5;

    private static List<String> bounded(List<Problem> problems) {
        List<String> some = new ArrayList<>();
        problems.stream().limit(MAX_PROBLEMS).forEach(p -> some.add(p.text()));
        if (problems.size() > MAX_PROBLEMS) {
            some.add(Msg.get(CheckText.CPUINFO_MORE, problems.size() - MAX_PROBLEMS));
        }
        return List.copyOf(some);
    }

    /** Processor blocks whose flags contain vmx or svm: the number the book's `egrep -c` prints. */
    public int hwVirtCount() {
        return (int) processors.stream().filter(Processor::hasHwVirt).count();
    }

    public Processor first() {
        return processors.isEmpty() ? null : processors.get(0);
    }

    private static Processor processor(Arch arch, Map<String, String> b, List<Problem> problems) {
        int index = Integer.parseInt(b.get("processor"));
        boolean complete = true;
        if (arch == Arch.X86_64) {
            for (String k : List.of("vendor_id", "model name", "flags")) {
                if (!b.containsKey(k)) {
                    problems.add(new Problem(CheckText.CPUINFO_MISSING_LINE, index, k));
                    complete = false;
                    break;
                }
            }
        }
        String flags = arch == Arch.AARCH64 ? b.get("Features") : b.get("flags");
        String name = b.getOrDefault("model name", b.getOrDefault("cpu", ""));
        return new Processor(index, b.getOrDefault("vendor_id", b.getOrDefault("CPU implementer", "")), name,
                number(b.get("cpu family")), number(b.get("model")), words(flags), words(b.get("vmx flags")),
                complete);
    }

    private static Arch detect(Map<String, String> all) {
        String vendor = all.getOrDefault("vendor_id", "");
        if (vendor.startsWith("IBM/S390") || all.containsKey("# processors")) {
            return Arch.S390X;
        }
        if (all.containsKey("flags") || !vendor.isEmpty() && all.containsKey("model name")) {
            return Arch.X86_64;
        }
        if (all.containsKey("CPU implementer") || all.containsKey("CPU architecture")
                || all.getOrDefault("Processor", "").contains("AArch64")) {
            return Arch.AARCH64;
        }
        if (all.containsKey("timebase") || all.getOrDefault("cpu", "").startsWith("POWER")
                || all.containsKey("platform") && all.containsKey("MMU")) {
            return Arch.PPC64;
        }
        return Arch.UNKNOWN;
    }

    /** "key<TAB>: value" lines grouped by blank lines; lines without a colon are ignored (garbage tolerated). */
    private static List<Map<String, String>> blocks(String text) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> cur = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                if (!cur.isEmpty()) {
                    out.add(cur);
                    cur = new LinkedHashMap<>();
                }
                continue;
            }
            int c = line.indexOf(':');
            if (c <= 0) {
                continue;
            }
            cur.putIfAbsent(line.substring(0, c).strip(), line.substring(c + 1).strip());
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private static Set<String> words(String s) {
        if (s == null || s.isBlank()) {
            return Set.of();
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(s.strip().split("\\s+"))));
    }

    private static int number(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return s.startsWith("0x") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

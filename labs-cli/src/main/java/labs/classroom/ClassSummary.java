package labs.classroom;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import labs.common.EmulatedAmdV;

/**
 * The one-page class summary (Markdown): how many runs were counted, duplicated, malformed or incomplete; the
 * class's vt-check verdicts; io-compare's guest/host ratio per workload as five numbers, KVM and TCG in separate
 * tables; vm-exit's CPU time per operation per case, one table per accelerator; then every duplicate and malformed folder by path, so the teacher can go and ask.
 */
final class ClassSummary {
    private ClassSummary() {}

    static String markdown(ClassMerge.Result r, int students, List<String> charts) {
        StringBuilder b = new StringBuilder("# Class results\n\n");
        List<ClassMerge.Entry> counted = r.counted();
        long incomplete = counted.stream().filter(e -> !e.run().complete()).count();
        long machines = counted.stream().map(e -> e.run().hostId()).distinct().count();
        b.append(String.format(Locale.ROOT, "%d student folders: %d runs counted on %d machines, %d duplicates, "
                + "%d malformed folders, %d incomplete runs.%n%n", students, counted.size(), machines,
                r.duplicates().size(), r.malformed().size(), incomplete));
        Map<String, Long> labs = new TreeMap<>();
        counted.forEach(e -> labs.merge(e.run().lab() + " (" + e.run().accelerator() + ")", 1L, Long::sum));
        b.append("| lab (accelerator) | runs |\n|---|---|\n");
        labs.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        vtCheck(b, counted);
        ioCompare(b, r);
        vmExit(b, r);
        if (!charts.isEmpty()) {
            b.append("\nCharts: ").append(String.join(", ", charts)).append("\n");
        }
        problems(b, r);
        return b.toString();
    }

    private static void vtCheck(StringBuilder b, List<ClassMerge.Entry> counted) {
        Map<String, Long> verdicts = new TreeMap<>();
        for (ClassMerge.Entry e : counted) {
            if (e.run().lab().equals("vt-check") && !e.figures().isEmpty()) {
                String usable = value(e, "kvm_usable");
                String key = ("true".equals(usable) ? "KVM usable" : "KVM not usable (" + value(e, "reason") + ")")
                        + ", vmx/svm on " + value(e, "vmx_svm_cpus") + " CPUs";
                verdicts.merge(key, 1L, Long::sum);
            }
        }
        if (!verdicts.isEmpty()) {
            b.append("\n## vt-check\n\n| verdict | runs |\n|---|---|\n");
            verdicts.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        }
    }

    private static String value(ClassMerge.Entry e, String figure) {
        return e.figures().stream().filter(f -> f.figure().equals(figure)).map(Figure::value).findFirst().orElse("");
    }

    private static void ioCompare(StringBuilder b, ClassMerge.Result r) {
        Map<String, Map<String, List<Double>>> d = Distributions.of(r, "io-compare", "guest/host");
        if (d.isEmpty()) {
            return;
        }
        b.append("\n## io-compare: guest/host ratio (each run's median)\n\n")
                .append("KVM and TCG are never pooled: under TCG the guest is emulated, so its ratio measures "
                        + "emulation, not KVM. KVM-AMDV: runs made with --amd-v-machine (" + EmulatedAmdV.CAVEAT
                        + "), kept apart from both.\n");
        d.forEach((accel, groups) -> {
            b.append("\n### ").append(accel.toUpperCase(Locale.ROOT)).append("\n\n")
                    .append("| workload | runs | min | Q1 | median | Q3 | max |\n|---|---|---|---|---|---|---|\n");
            groups.forEach((g, v) -> {
                if (!v.isEmpty()) {
                    double[] f = Distributions.fiveNumbers(v);
                    b.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f |%n", g,
                            v.size(), f[0], f[1], f[2], f[3], f[4]));
                }
            });
        });
    }

    private static void vmExit(StringBuilder b, ClassMerge.Result r) {
        Map<String, Map<String, List<Double>>> d = new TreeMap<>();
        for (ClassMerge.Entry e : r.counted()) {
            if (e.run().lab().equals("vm-exit")) {
                for (Figure f : e.figures()) {
                    d.computeIfAbsent(e.run().accelerator(), a -> new TreeMap<>())
                            .computeIfAbsent(f.workload() + ", " + f.figure(), k -> new java.util.ArrayList<>())
                            .add(Double.parseDouble(f.value()));
                }
            }
        }
        d.forEach((accel, cases) -> {
            b.append("\n## vm-exit: CPU time per operation [ns] (each run's median), ")
                    .append(accel.toUpperCase(Locale.ROOT)).append("\n\n")
                    .append("| case, where | runs | min | Q1 | median | Q3 | max |\n|---|---|---|---|---|---|---|\n");
            cases.forEach((c, v) -> {
                double[] f = Distributions.fiveNumbers(v);
                b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n", c, v.size(),
                        f[0], f[1], f[2], f[3], f[4]));
            });
        });
    }

    private static void problems(StringBuilder b, ClassMerge.Result r) {
        if (!r.duplicates().isEmpty()) {
            b.append("\n## Duplicates (not counted)\n\n");
            r.duplicates().forEach(e -> b.append("- `").append(e.run().path()).append("`: the same run as `")
                    .append(e.duplicateOf()).append("`\n"));
        }
        if (!r.malformed().isEmpty()) {
            b.append("\n## Malformed folders (not counted)\n\n");
            r.malformed().forEach(m -> b.append("- `").append(m.path()).append("`: ").append(m.why()).append("\n"));
        }
        List<ClassMerge.Entry> incomplete = r.counted().stream().filter(e -> !e.run().complete()).toList();
        if (!incomplete.isEmpty()) {
            b.append("\n## Incomplete runs (counted, figures so far)\n\n");
            incomplete.forEach(e -> b.append("- `").append(e.run().path()).append("` (").append(e.run().lab())
                    .append(")\n"));
        }
    }
}

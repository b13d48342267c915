package labs.classroom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import labs.common.Json;

/**
 * A class of generated students' results folders, made from the real runs in src/test/resources/class-merge (see
 * its README): student i gets results/io-compare/TIME and results/vt-check/TIME with its own machine (hostname and
 * CPU model in the fingerprint), accelerator (even students KVM, odd TCG), start time and figures (the guest's
 * medians and the guest/host ratios scaled by 1 + i/100).
 */
final class ClassFolders {
    static final String[] IO_FILES = {"meta.json", "figures.csv", "pairs.csv", "fio.csv"};
    static final String[] VT_FILES = {"meta.json", "report.json", "checks.csv"};
    static final OffsetDateTime BASE = OffsetDateTime.parse("2026-11-30T09:00:00Z");

    private ClassFolders() {}

    static String student(int i) { return String.format(Locale.ROOT, "s%02d", i); }

    static String accel(int i) { return i % 2 == 0 ? "kvm" : "tcg"; }

    static double factor(int i) { return 1 + i / 100.0; }

    /** Student i's folder under root, with one io-compare and one vt-check run. */
    static Path make(Path root, int i) throws IOException {
        Path s = Files.createDirectories(root.resolve(student(i)));
        String time = BASE.plusMinutes(i).toString();
        Path io = Files.createDirectories(s.resolve("results/io-compare/20261130-" + 1000 + i));
        copy("io-compare", IO_FILES, io);
        meta(io, i, time);
        Files.writeString(io.resolve("figures.csv"), scaledFigures(i), StandardCharsets.UTF_8);
        Path vt = Files.createDirectories(s.resolve("results/vt-check/20261130-" + 2000 + i));
        copy("vt-check", VT_FILES, vt);
        meta(vt, i, BASE.plusMinutes(i).plusSeconds(30).toString());
        ObjectNode report = (ObjectNode) Json.MAPPER.readTree(vt.resolve("report.json").toFile());
        boolean kvm = accel(i).equals("kvm");
        ((ObjectNode) report.get("verdict")).put("kvmUsable", kvm).put("reasonCode", kvm ? "ok" : "no-hw-virt");
        ((ObjectNode) report.get("cpu")).put("hwVirtCount", kvm ? 2 : 0);
        Json.MAPPER.writeValue(vt.resolve("report.json").toFile(), report);
        return s;
    }

    private static void meta(Path run, int i, String started) throws IOException {
        ObjectNode m = (ObjectNode) Json.MAPPER.readTree(run.resolve("meta.json").toFile());
        m.put("started", started).put("accelerator", accel(i));
        ObjectNode host = (ObjectNode) m.get("host");
        host.put("hostname", "pc-" + student(i)).put("cpuModel", i % 3 == 0 ? "Intel Core i5-8250U" : "AMD EPYC");
        Json.MAPPER.writeValue(run.resolve("meta.json").toFile(), m);
    }

    /** The template's figures.csv with the guest medians and the ratios scaled by {@link #factor}. */
    static String scaledFigures(int i) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String[] row : templateFigures()) {
            if (!row[0].equals("workload") && !row[2].equals("host")) {
                row[5] = String.format(Locale.ROOT, "%.4f", Double.parseDouble(row[5]) * factor(i));
            }
            b.append(String.join(",", row)).append("\r\n");
        }
        return b.toString();
    }

    /** The template's figures.csv, header first, split on commas (it has no quoted fields). */
    static List<String[]> templateFigures() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : resource("io-compare/figures.csv").split("\r?\n")) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ClassFolders.class.getResourceAsStream("/class-merge/" + name)) {
            if (in == null) {
                throw new IOException("test resource /class-merge/" + name + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void copy(String lab, String[] files, Path to) throws IOException {
        for (String f : files) {
            Files.writeString(to.resolve(f), resource(lab + "/" + f), StandardCharsets.UTF_8);
        }
    }
}

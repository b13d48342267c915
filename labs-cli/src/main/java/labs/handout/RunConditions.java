package labs.handout;

import labs.common.i18n.HandoutText;

import static labs.common.i18n.HandoutText.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import labs.charts.Lang;

/**
 * The conditions a run was measured under, as label/value rows for the handout: what the lab's meta.json says
 * (accelerator and its caveat, protocol, --quick, repetitions, cache mode, the machine, the versions). Values are
 * the run's own words; a condition the lab does not record is left out rather than guessed.
 */
public record RunConditions(List<Row> rows) {
    public record Row(String label, String value) {}

    static RunConditions of(JsonNode meta, Lang lang) {
        JsonNode cond = meta.path("conditions");
        JsonNode options = meta.path("options");
        List<Row> rows = new ArrayList<>();
        add(rows, LAB.in(lang.language()), meta.path("lab").asText(""));
        add(rows, STARTED.in(lang.language()), meta.path("started").asText("").replaceFirst("\\.\\d+", ""));
        if (!meta.path("complete").asBoolean(false)) {
            add(rows, COMPLETE.in(lang.language()), INCOMPLETE.in(lang.language()));
        }
        add(rows, ACCELERATOR.in(lang.language()), accelerator(meta, cond));
        add(rows, PROTOCOL.in(lang.language()), cond.path("protocol").asText(""));
        if (options.has("quick")) {
            add(rows, QUICK.in(lang.language()), (options.path("quick").asBoolean() ? YES : NO).in(lang.language()));
        }
        add(rows, REPETITIONS.in(lang.language()), first(cond.path("repetitions"), options.path("pairs"), options.path("repeat")));
        add(rows, CACHE.in(lang.language()), first(cond.path("cache"), options.path("cache")));
        add(rows, TIME_KIND.in(lang.language()), first(cond.path("timeKind")));
        add(rows, TEST_FILE.in(lang.language()), mib(first(cond.path("fileBytes"), options.path("filesizeBytes"))));
        add(rows, DISK.in(lang.language()), first(cond.path("hostDisk")) + (options.has("diskFormat") && cond.has("hostDisk")
                ? "; " + options.path("diskFormat").asText() : ""));
        add(rows, MACHINE.in(lang.language()), machine(meta.path("host")));
        add(rows, HOST_LOAD.in(lang.language()), load(meta.path("load"), lang));
        add(rows, LABS_VERSION.in(lang.language()), labsVersion(meta.path("versions")));
        add(rows, VERSIONS.in(lang.language()), otherVersions(meta.path("versions")));
        return new RunConditions(rows);
    }

    private static void add(List<Row> rows, String label, String value) {
        if (value != null && !value.isBlank()) {
            rows.add(new Row(label, value));
        }
    }

    private static String first(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (!n.isMissingNode() && !n.isNull() && !n.asText("").isBlank()) {
                return n.asText();
            }
        }
        return "";
    }

    /** A byte count as MiB (what the captions say), else as it is. */
    private static String mib(String bytes) {
        try {
            long b = Long.parseLong(bytes);
            return b % (1L << 20) == 0 ? (b >> 20) + " MiB" : bytes + " B";
        } catch (NumberFormatException e) {
            return bytes;
        }
    }

    /** The load average before and after, and the other measuring programs seen: what else shared the CPUs. */
    private static String load(JsonNode load, Lang lang) {
        JsonNode before = load.path("before");
        JsonNode after = load.path("after");
        if (!before.has("load1")) {
            return "";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s %.2f", LOAD_BEFORE.in(lang.language()),
                before.path("load1").asDouble()));
        if (after.has("load1")) {
            b.append(String.format(Locale.ROOT, ", %s %.2f", LOAD_AFTER.in(lang.language()), after.path("load1").asDouble()));
        }
        if (before.has("cpus")) {
            b.append(" (").append(before.path("cpus").asInt()).append(" CPUs)");
        }
        List<String> others = new ArrayList<>();
        before.path("others").forEach(o -> others.add(o.asText("")));
        after.path("others").forEach(o -> {
            if (!others.contains(o.asText(""))) {
                others.add(o.asText(""));
            }
        });
        if (!others.isEmpty()) {
            b.append("; ").append(ALSO_RUNNING.in(lang.language())).append(' ').append(String.join(", ", others));
        }
        return b.toString();
    }

    private static String accelerator(JsonNode meta, JsonNode cond) {
        String accel = first(cond.path("accelerator"), meta.path("accelerator"));
        String why = first(cond.path("caveat"), meta.path("acceleratorReason"));
        return why.isEmpty() ? accel : accel + " (" + why + ")";
    }

    private static String machine(JsonNode host) {
        List<String> parts = new ArrayList<>();
        String cpu = host.path("cpuModel").asText("");
        if (!cpu.isEmpty()) {
            parts.add(cpu + (host.has("logicalCpus") ? " × " + host.path("logicalCpus").asInt() + " CPUs" : ""));
        }
        if (host.path("memoryBytes").asLong(0) > 0) {
            parts.add(String.format(Locale.ROOT, "%.1f GiB", host.path("memoryBytes").asLong() / (double) (1L << 30)));
        }
        for (String k : new String[] {"os", "kernel", "virtualization"}) {
            if (!host.path(k).asText("").isEmpty()) {
                parts.add(host.path(k).asText());
            }
        }
        return String.join("; ", parts);
    }

    private static String labsVersion(JsonNode v) {
        String labs = v.path("labs").asText("");
        String commit = v.path("labs commit").asText("");
        return commit.isEmpty() ? labs : labs + " (" + commit.substring(0, Math.min(12, commit.length())) + ")";
    }

    private static String otherVersions(JsonNode v) {
        List<String> parts = new ArrayList<>();
        v.fields().forEachRemaining(e -> {
            if (!e.getKey().startsWith("labs") && e.getValue().isValueNode()) {
                parts.add(e.getKey() + " " + e.getValue().asText());
            }
        });
        return String.join("; ", parts);
    }
}

package labs.fio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import labs.common.Json;
import labs.common.LabsException;

/**
 * Reads fio's --output-format=json into typed results. Tolerates text before the first '{' (fio prints notes such
 * as "note: both iodepth >= 1 and synchronous I/O engine are selected" into the same stream), merges the
 * "global options" under each job's "job options", and understands fio 2.x fields (clat/lat in microseconds,
 * bw in KiB/s without bw_bytes) as well as fio 3.x (clat_ns, bw_bytes).
 */
public final class FioJsonParser {
    private FioJsonParser() {}

    /**
     * fio's JSON for the book's jobs is a few KiB per job; a file far beyond that is not fio output (a disk image
     * named by mistake), and reading it whole would exhaust the heap instead of saying so.
     */
    static final long MAX_BYTES = 64L << 20;

    public static FioOutput parse(Path file) {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw LabsException.failed("fio output " + file + " is " + (size >> 20) + " MiB: too large to be "
                        + "fio's JSON", "labs reads fio outputs of at most " + (MAX_BYTES >> 20) + " MiB", null);
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw LabsException.failed("cannot read fio output " + file, e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** @param source names the file or command in error messages */
    public static FioOutput parse(String text, String source) {
        int brace = text.indexOf('{');
        if (brace < 0) {
            throw LabsException.failed("fio output " + source + " holds no JSON",
                    "first line: " + firstLine(text), null);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text.substring(brace));
        } catch (JsonProcessingException e) {
            throw LabsException.failed("fio output " + source + " is not valid JSON (truncated?)",
                    e.getOriginalMessage(), e);
        }
        if (root == null || !root.path("jobs").isArray()) {
            throw LabsException.failed("fio output " + source + " has no \"jobs\" array",
                    "is it fio's --output-format=json?", null);
        }
        Map<String, String> global = strings(root.path("global options"));
        List<FioJobResult> jobs = new ArrayList<>();
        for (JsonNode j : root.path("jobs")) {
            Map<String, String> opts = new LinkedHashMap<>(global);
            opts.putAll(strings(j.path("job options")));
            jobs.add(new FioJobResult(j.path("jobname").asText(opts.getOrDefault("name", "")),
                    j.path("error").asInt(0), Map.copyOf(opts), direction(j.path("read")),
                    direction(j.path("write"))));
        }
        return new FioOutput(root.path("fio version").asText("unknown"), List.copyOf(jobs));
    }

    static DirectionStats direction(JsonNode d) {
        if (d.isMissingNode() || d.isNull()) {
            return DirectionStats.EMPTY;
        }
        boolean v3 = d.has("bw_bytes") || d.has("clat_ns");
        double bw = v3 ? d.path("bw_bytes").asDouble() : d.path("bw").asDouble() * 1024;
        long io = d.has("io_kbytes") || v3 ? d.path("io_bytes").asLong() : d.path("io_bytes").asLong() * 1024;
        JsonNode clat = v3 ? d.path("clat_ns") : d.path("clat");
        double toNs = v3 ? 1 : 1000;
        JsonNode pct = clat.path("percentile");
        return new DirectionStats(io, bw, d.path("iops").asDouble(), d.path("runtime").asLong(),
                clat.path("mean").asDouble() * toNs, percentile(pct, "50.000000") * toNs,
                percentile(pct, "99.000000") * toNs, d.path("total_ios").asLong());
    }

    private static double percentile(JsonNode pct, String key) {
        JsonNode v = pct.path(key);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    private static Map<String, String> strings(JsonNode obj) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }

    private static String firstLine(String text) {
        String t = text.strip();
        return t.isEmpty() ? "(empty)" : t.lines().findFirst().orElse("");
    }
}

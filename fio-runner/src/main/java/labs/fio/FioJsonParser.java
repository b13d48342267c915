package labs.fio;

import labs.common.i18n.FioText;
import labs.common.i18n.Msg;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import labs.common.Echo;
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
        String name = Echo.of(file);
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw LabsException.failed(Msg.get(FioText.TOO_LARGE, name, size >> 20),
                        Msg.get(FioText.TOO_LARGE_WHY, MAX_BYTES >> 20), null);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw LabsException.failed(Msg.get(FioText.CANNOT_READ, name), Echo.of(e.getMessage()), e);
        }
        return parse(text(bytes, name), file.toString());
    }

    /**
     * fio writes UTF-8 text. A binary file (an image, a tarball named by mistake) used to fail with Java's bare
     * "Input length = 3"; it is named as such instead.
     */
    static String text(byte[] bytes, String name) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw LabsException.failed(Msg.get(FioText.BINARY, name, i), null, null);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw LabsException.failed(Msg.get(FioText.NOT_UTF8, name), null, null);
        }
    }

    /** @param source names the file or command in error messages */
    public static FioOutput parse(String text, String source) {
        JsonNode root = jobsRoot(text, source);
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

    /** The JSON document in fio's output (text before the first '{' tolerated), with at least one job. */
    private static JsonNode jobsRoot(String text, String source) {
        int brace = text.indexOf('{');
        if (brace < 0) {
            throw LabsException.failed(Msg.get(FioText.NO_JSON, Echo.of(source)),
                    Msg.get(FioText.IT_BEGINS, Echo.of(firstLine(text))), null);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text.substring(brace));
        } catch (JsonProcessingException e) {
            throw LabsException.failed(Msg.get(FioText.NOT_JSON, Echo.of(source)),
                    plainWhy(e), e);
        }
        if (root == null || !root.path("jobs").isArray()) {
            throw LabsException.failed(Msg.get(FioText.NO_JOBS_ARRAY, Echo.of(source)),
                    Msg.get(FioText.NO_JOBS_ARRAY_WHY, "--output-format=json"), null);
        }
        if (root.path("jobs").isEmpty()) {
            throw LabsException.failed(Msg.get(FioText.NO_JOBS, Echo.of(source)),
                    Msg.get(FioText.NO_JOBS_WHY), null);
        }
        return root;
    }

    /**
     * Jackson's message for a non-standard token is advice to its programmer ("enable
     * JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS"); the user hears what is wrong with the file instead.
     */
    static String plainWhy(JsonProcessingException e) {
        String msg = String.valueOf(e.getOriginalMessage());
        var loc = e.getLocation();
        String at = loc == null ? "" : Msg.get(FioText.AT_LINE, loc.getLineNr(), loc.getColumnNr());
        if (msg.contains("Non-standard token") || msg.contains("ALLOW_NON_NUMERIC_NUMBERS")) {
            return Msg.get(FioText.NAN_OR_INFINITY, at);
        }
        if (msg.contains("JsonReadFeature") || msg.contains("enable `")) {
            return Msg.get(FioText.NOT_PLAIN_JSON, at);
        }
        return Echo.of(msg);
    }

    static DirectionStats direction(JsonNode d) {
        if (d.isMissingNode() || d.isNull()) {
            return DirectionStats.EMPTY;
        }
        boolean v3 = d.has("bw_bytes") || d.has("clat_ns");
        double bw = v3 ? d.path("bw_bytes").asDouble() : d.path("bw").asDouble() * 1024;
        if (d.path("bw").asDouble() < 0) {
            bw = d.path("bw").asDouble();   // fio 3.x charts bw_bytes, but a negative bw marks a hand-edited file
        }
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
        // at most the first few KB are looked at: a 60 MB one-line file must not be copied whole
        String t = text.substring(0, Math.min(text.length(), 4096)).strip();
        if (t.isEmpty()) {
            return "(empty)";
        }
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}

package labs.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Set;
import labs.common.EmulatedAmdV;
import labs.common.Json;

/** Reads a run folder's meta.json into a {@link RunFolder}; anything a run of labs always writes must be there. */
final class MetaReader {
    static final Set<String> ACCELERATORS = Set.of("kvm", "tcg", "none");
    private static final ObjectMapper SORTED = Json.MAPPER.copy()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * The accelerator of a run made inside labs' emulated AMD-V machine (--amd-v-machine): KVM there runs on TCG,
     * so its figures show KVM's behaviour, not its speed, and must never be pooled with a real KVM machine's.
     */
    static final String EMULATED_AMDV = "kvm-amdv";

    private MetaReader() {}

    /** The run's meta.json notes carry the caveat every run made inside the machine carries. */
    private static boolean emulatedAmdV(JsonNode meta) {
        for (JsonNode note : meta.path("notes")) {
            if (note.asText("").contains(EmulatedAmdV.CAVEAT)) {
                return true;
            }
        }
        return false;
    }

    static RunFolder read(String student, Path dir, String name, String contentHash) throws MalformedRunException {
        JsonNode meta = json(dir, "meta.json");
        String lab = text(meta, "lab");
        String started = text(meta, "started");
        try {
            OffsetDateTime.parse(started);
        } catch (DateTimeParseException e) {
            throw new MalformedRunException("meta.json: started is not a date-time: " + started);
        }
        JsonNode host = meta.get("host");
        if (host == null || !host.isObject() || host.isEmpty()) {
            throw new MalformedRunException("meta.json has no host fingerprint");
        }
        String accel = meta.path("accelerator").asText("none");
        if (!ACCELERATORS.contains(accel)) {
            throw new MalformedRunException("meta.json: accelerator is '" + accel + "', not kvm, tcg or none");
        }
        if (accel.equals("kvm") && emulatedAmdV(meta)) {
            accel = EMULATED_AMDV;
        }
        JsonNode versions = meta.path("versions");
        String labs = versions.path("labs").asText("unknown");
        String commit = versions.path("labs commit").asText("");
        String version = commit.isEmpty() ? labs : labs + " " + commit.substring(0, Math.min(12, commit.length()));
        return new RunFolder(student, dir, name, lab, started, meta.path("complete").asBoolean(false), accel,
                sha256(canonical(host)).substring(0, 12), host.path("cpuModel").asText(""), version, contentHash);
    }

    /** A JSON file of the run folder; a missing, linked or unparseable one makes the folder malformed. */
    static JsonNode json(Path dir, String name) throws MalformedRunException {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new MalformedRunException("no " + name + (Files.exists(f) ? " (not a regular file)" : ""));
        }
        try {
            JsonNode n;
            try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {   // swapped for a link: refused
                n = Json.MAPPER.readTree(in);
            }
            if (n == null || !n.isObject()) {
                throw new MalformedRunException(name + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new MalformedRunException(name + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    static String text(JsonNode n, String field) throws MalformedRunException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new MalformedRunException("meta.json has no " + field);
        }
        return v.asText();
    }

    /**
     * The fingerprint with its fields sorted, without "source" (how it was read: vt-check reads /proc, the other
     * labs OSHI, for the same machine): the same machine hashes the same whatever the lab and the field order.
     */
    private static String canonical(JsonNode host) {
        try {
            JsonNode machine = host.deepCopy();
            ((ObjectNode) machine).remove("source");
            return SORTED.writeValueAsString(SORTED.treeToValue(machine, Object.class));
        } catch (IOException e) {
            return host.toString();
        }
    }

    static String sha256(String s) {
        return HexFormat.of().formatHex(digest().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

package labs.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Map;

/**
 * JSON written through jackson-core's streaming generator by the types themselves. Every lab writes meta.json,
 * and vt-check writes it within a start-up budget: databind's first use costs ~70 ms of CPU there (ObjectMapper's
 * date and time-zone set-up, then introspecting each type), the generator ~2 ms. The output has the same shape
 * and layout as {@link Json#MAPPER}'s, so files stay alike whichever path wrote them (tests compare the two).
 */
public final class JsonOut {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonOut() {}

    /** A type that writes itself as one JSON value. */
    public interface Writable {
        void writeJson(JsonGenerator g) throws IOException;
    }

    /** Into a writer the caller owns (the generator closes it when done). */
    public static void write(Writer w, Writable value) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            value.writeJson(g);
        }
    }

    public static String toString(Writable value) {
        StringWriter w = new StringWriter();
        try {
            write(w, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Writes a plain value: null, text, number, boolean, a map with text keys, a list, or a Writable. Anything else
     * (an option value of a type this does not know) goes through databind, which costs only where it is used.
     */
    public static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Writable w) {
            w.writeJson(g);
        } else if (v instanceof CharSequence s) {
            g.writeString(s.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Float f) {
            g.writeNumber(f);   // as a float: widened to double, 0.1f would print 0.10000000149011612
        } else if (v instanceof Enum<?> e) {
            g.writeString(e.name());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(e.getKey() instanceof Enum<?> k ? k.name() : String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> items && !(v instanceof Path)) {
            g.writeStartArray();
            for (Object item : items) {
                value(g, item);
            }
            g.writeEndArray();
        } else {
            Json.MAPPER.writeValue(g, v);
        }
    }

    /** A field whose value is anything {@link #value} writes. */
    public static void field(JsonGenerator g, String name, Object value) throws IOException {
        g.writeFieldName(name);
        value(g, value);
    }
}

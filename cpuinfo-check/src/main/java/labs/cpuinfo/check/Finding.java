package labs.cpuinfo.check;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import labs.common.JsonOut;
import java.util.Objects;

/**
 * One line of vt-check's report.
 *
 * @param id     stable identifier for --json and scripts ("cpu.hw-virt", "dev-kvm.open" ...)
 * @param status PASS / WARN / FAIL / NOTE / SKIP
 * @param title  what was found, with the figures ("2 of 2 processors have vmx")
 * @param why    the cause (null only on PASS)
 * @param fix    the exact thing to do about it (null only on PASS)
 */
public record Finding(String id, Status status, String title, String why, String fix) implements JsonOut.Writable {
    public Finding {
        Objects.requireNonNull(id);
        Objects.requireNonNull(status);
        Objects.requireNonNull(title);
        if (status != Status.PASS && (why == null || fix == null)) {
            throw new IllegalArgumentException("every line that is not PASS needs a cause and a fix: " + id);
        }
    }

    public static Finding pass(String id, String title) {
        return new Finding(id, Status.PASS, title, null, null);
    }

    public static Finding of(Status status, String id, String title, String why, String fix) {
        return new Finding(id, status, title, why, fix);
    }

    @Override
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("status", status.name());
        g.writeStringField("title", title);
        JsonOut.field(g, "why", why);
        JsonOut.field(g, "fix", fix);
        g.writeEndObject();
    }
}

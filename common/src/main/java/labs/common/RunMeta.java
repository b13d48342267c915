package labs.common;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * meta.json of one lab run: enough to tell later on which machine, with which tools and which accelerator the
 * figures were measured, and whether the run finished. Labs fill it as they go and save it at every step, so a
 * run that fails half way still says what it did.
 */
public final class RunMeta implements JsonOut.Writable {
    public String lab;
    public String started = OffsetDateTime.now().toString();
    public String finished;
    public boolean complete;
    /** "kvm" or "tcg" (or "none" for host-only labs), with the reason the launcher chose it. */
    public String accelerator;
    public String acceleratorReason;
    /** The host fingerprint from cpuinfo-check (kept as an Object so common does not depend on OSHI). */
    public Object host;
    /** Tool name to version string: qemu, fio, sysstat, guest kernel, java, labs. */
    public final Map<String, String> versions = new LinkedHashMap<>();
    /** The lab's options as given, after defaults. */
    public final Map<String, Object> options = new LinkedHashMap<>();
    /** Plain sentences a reader of the results must know (e.g. "page cache not dropped: not root"). */
    public final List<String> notes = new ArrayList<>();
    public String error;
    /**
     * How busy the host was (load average, other qemu and fio processes) before and after the measurements, and
     * how long the lab waited for another measuring lab; null for labs that do not measure.
     */
    public Object load;
    /** What the figures were measured under (the charts' captions), for measuring labs; null otherwise. */
    public Object conditions;

    public RunMeta(String lab) { this.lab = lab; }

    public void finish(boolean ok) {
        finished = OffsetDateTime.now().toString();
        complete = ok;
    }

    public void save(ResultsDir dir) {
        dir.writeJson("meta.json", this);
    }

    @Override
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        JsonOut.field(g, "lab", lab);
        JsonOut.field(g, "started", started);
        JsonOut.field(g, "finished", finished);
        g.writeBooleanField("complete", complete);
        JsonOut.field(g, "accelerator", accelerator);
        JsonOut.field(g, "acceleratorReason", acceleratorReason);
        JsonOut.field(g, "host", host);
        JsonOut.field(g, "versions", versions);
        JsonOut.field(g, "options", options);
        JsonOut.field(g, "notes", notes);
        JsonOut.field(g, "error", error);
        JsonOut.field(g, "load", load);
        JsonOut.field(g, "conditions", conditions);
        g.writeEndObject();
    }
}

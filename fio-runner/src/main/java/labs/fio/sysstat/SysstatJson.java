package labs.fio.sysstat;

import labs.common.i18n.FioText;
import labs.common.i18n.Msg;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import labs.common.Json;
import labs.common.LabsException;

/**
 * Parses sysstat's JSON (mpstat -o JSON, iostat -o JSON; sysstat 12.x): {@code sysstat.hosts[0].statistics[i]}
 * with "cpu-load" (mpstat) or "disk" (iostat) arrays. iostat names the device "disk_device" and sadf -j
 * "disk-device": both are read.
 */
public final class SysstatJson {
    private SysstatJson() {}

    public static List<CpuSample> parseMpstat(String text, String source, double intervalSec) {
        List<CpuSample> out = new ArrayList<>();
        int i = 0;
        for (JsonNode st : statistics(text, source)) {
            for (JsonNode c : st.path("cpu-load")) {
                out.add(new CpuSample(i, (i + 1) * intervalSec, st.path("timestamp").asText(""),
                        c.path("cpu").asText(), c.path("usr").asDouble(c.path("user").asDouble()),
                        c.path("nice").asDouble(), c.path("sys").asDouble(c.path("system").asDouble()),
                        c.path("iowait").asDouble(), c.path("irq").asDouble(), c.path("soft").asDouble(),
                        c.path("steal").asDouble(), c.path("guest").asDouble(), c.path("gnice").asDouble(),
                        c.path("idle").asDouble()));
            }
            i++;
        }
        return out;
    }

    public static List<DiskSample> parseIostat(String text, String source, double intervalSec) {
        List<DiskSample> out = new ArrayList<>();
        int i = 0;
        for (JsonNode st : statistics(text, source)) {
            for (JsonNode d : st.path("disk")) {
                String dev = d.has("disk_device") ? d.path("disk_device").asText() : d.path("disk-device").asText();
                out.add(new DiskSample(i, (i + 1) * intervalSec, st.path("timestamp").asText(""), dev,
                        d.path("r/s").asDouble(), d.path("w/s").asDouble(), d.path("rkB/s").asDouble(),
                        d.path("wkB/s").asDouble(), d.path("r_await").asDouble(), d.path("w_await").asDouble(),
                        d.path("aqu-sz").asDouble(), d.path("util").asDouble()));
            }
            i++;
        }
        return out;
    }

    private static JsonNode statistics(String text, String source) {
        int brace = text.indexOf('{');
        if (brace < 0) {
            throw LabsException.failed(Msg.get(FioText.SYSSTAT_NO_JSON, source), firstLine(text), null);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text.substring(brace));
        } catch (JsonProcessingException e) {
            throw LabsException.failed(Msg.get(FioText.SYSSTAT_NOT_JSON, source), e.getOriginalMessage(), e);
        }
        JsonNode stats = root.path("sysstat").path("hosts").path(0).path("statistics");
        if (!stats.isArray()) {
            throw LabsException.failed(Msg.get(FioText.SYSSTAT_NO_STATISTICS, source, "sysstat.hosts[0].statistics"),
                    Msg.get(FioText.SYSSTAT_NO_STATISTICS_WHY, "mpstat/iostat -o JSON"), null);
        }
        return stats;
    }

    private static String firstLine(String t) {
        return t.strip().lines().findFirst().orElse("(empty)");
    }
}

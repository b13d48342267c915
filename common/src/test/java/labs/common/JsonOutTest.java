package labs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** meta.json written by the streaming path must be what databind would have written: same tree, same layout. */
class JsonOutTest {
    @Test
    void runMetaIsWhatDatabindWrites() throws Exception {
        RunMeta meta = new RunMeta("io-compare");
        meta.accelerator = "tcg";
        meta.host = Map.of("cpuModel", "Intel(R) Xeon(R) Processor", "logicalCpus", 2);
        meta.versions.put("fio", "fio-3.33");
        meta.options.put("quick", true);
        meta.options.put("numjobs", List.of(1, 2, 4));
        meta.options.put("filesizeBytes", 1L << 30);
        meta.options.put("ratio", 0.5);
        meta.options.put("scale", 0.1f);
        meta.options.put("byUnit", Map.of(java.util.concurrent.TimeUnit.SECONDS, 1));
        meta.options.put("guestDir", null);
        meta.options.put("results", Path.of("/tmp/r"));   // a type JsonOut leaves to databind
        meta.notes.add("page cache not dropped: not root");
        meta.finish(false);
        meta.error = "fio failed";

        // Byte for byte: a diff between meta.json files shows only what changed, whichever path wrote them.
        assertEquals(Json.MAPPER.writeValueAsString(meta), JsonOut.toString(meta));
    }
}

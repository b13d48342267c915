package labs.handout;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import labs.common.Echo;
import labs.common.Json;
import labs.common.LabsException;

/** A run folder's meta.json, read as a tree: the handout shows what it holds and needs none of it to be there. */
final class MetaFile {
    private MetaFile() {}

    static JsonNode read(Path run) {
        Path f = run.resolve("meta.json");
        try {
            return Json.MAPPER.readTree(RunFiles.bytes(f));
        } catch (IOException e) {
            String why = e instanceof RunFiles.Unusable u ? u.in(labs.charts.Lang.EN) : HandoutFiles.why(e);
            throw LabsException.usage(Echo.of(f.toString()) + " cannot be read as JSON: " + why,
                    "give --run the folder of a run as labs wrote it, or run the lab again");
        }
    }
}

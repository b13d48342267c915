package labs.cpuinfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths and texts of the fixtures in src/test/resources (see cpuinfo/README.md for where each came from). */
public final class Fixtures {
    private Fixtures() {}

    public static Path path(String resource) {
        try {
            return Path.of(Fixtures.class.getResource("/" + resource).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + resource, e);
        }
    }

    public static String cpuinfo(String name) {
        try {
            return Files.readString(path("cpuinfo/" + name + ".cpuinfo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package labs.launcher.guest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

final class Fixtures {
    private Fixtures() {}

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/guest/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    static String text(String name) throws IOException {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }

    static Path copyTo(String name, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.write(target, bytes(name));
    }
}

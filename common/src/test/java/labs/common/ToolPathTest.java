package labs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ToolPathTest {
    @Test
    void aRelativeNameThatLooksLikeAnOptionBecomesAnAbsolutePath() {
        String p = ToolPath.of(Path.of("-F"));
        assertTrue(p.startsWith("/") && p.endsWith("/-F"), p);
        assertEquals("/a/b", ToolPath.of(Path.of("/a/x/../b")));
    }
}

package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class CpusetConverterTest {
    private final CpusetConverter c = new CpusetConverter();

    @Test
    void readsTasksetAndLibvirtSyntax() {
        assertEquals(List.of(0), c.convert("0"));
        assertEquals(List.of(0, 1), c.convert("1,0"));
        assertEquals(List.of(0, 1, 2, 3), c.convert("0-3"));
        assertEquals(List.of(0, 2, 3), c.convert("0, 2-3"));
        assertEquals(List.of(), c.convert(""));
    }

    @Test
    void refusesWhatIsNotACpuList() {
        for (String bad : List.of("a", "3-1", "0-", "-1-2", "1;2")) {
            assertThrows(TypeConversionException.class, () -> c.convert(bad), bad);
        }
    }
}

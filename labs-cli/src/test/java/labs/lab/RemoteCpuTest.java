package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The libvirt host's CPU as meta.json and the caption name it, from a /proc/cpuinfo (this machine's, read live). */
class RemoteCpuTest {
    @Test
    void modelAndCount() throws Exception {
        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        String model = cpuinfo.lines().filter(l -> l.startsWith("model name")).findFirst().orElseThrow();
        long n = cpuinfo.lines().filter(l -> l.startsWith("processor")).count();
        assertEquals(model.substring(model.indexOf(':') + 1).strip() + " x" + n, RemoteCpu.of(cpuinfo));
        assertEquals("unknown CPU x0", RemoteCpu.of(""));
    }
}

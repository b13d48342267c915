package labs.fio.sysstat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;

class SysstatJsonTest {
    static String fixture(String name) throws Exception {
        return Files.readString(Path.of(SysstatJsonTest.class.getResource("/fixtures/" + name).toURI()));
    }

    @Test
    void mpstatEveryCpuEveryInterval() throws Exception {
        List<CpuSample> s = SysstatJson.parseMpstat(fixture("mpstat.json"), "mpstat.json", 1);
        assertEquals(3 * 3, s.size(), "3 intervals x (all, 0, 1)");
        assertEquals("all", s.get(0).cpu());
        assertEquals("1", s.get(8).cpu());
        assertEquals(3.0, s.get(8).elapsedSec());
        for (CpuSample c : s) {
            double total = c.usr() + c.nice() + c.sys() + c.iowait() + c.irq() + c.soft() + c.steal() + c.guest()
                    + c.gnice() + c.idle();
            assertEquals(100, total, 1.0, "mpstat reports guest apart from usr: all columns add up to 100");
        }
    }

    @Test
    void iostatDevicesWithTimestamps() throws Exception {
        List<DiskSample> d = SysstatJson.parseIostat(fixture("iostat.json"), "iostat.json", 1);
        assertTrue(d.size() >= 3);
        assertEquals("vda", d.get(0).device());
        assertTrue(d.get(0).timestamp().startsWith("20"), d.get(0).timestamp());
        assertTrue(d.stream().anyMatch(x -> x.readsPerSec() > 100), "fio was reading while iostat ran");
    }

    @Test
    void truncatedJsonNamesTheSource() {
        LabsException e = assertThrows(LabsException.class,
                () -> SysstatJson.parseMpstat("{\"sysstat\": {\"hosts\": [{", "guest-mpstat.json", 1));
        assertTrue(e.getMessage().contains("guest-mpstat.json"));
    }

    /** sysstat 12.7.5 (Debian 13): the same JSON shape as 12.6.1 (fixtures/README.md says how it was captured). */
    @Test
    void sysstat1275ParsesTheSame() throws Exception {
        List<CpuSample> s = SysstatJson.parseMpstat(fixture("mpstat-12.7.5.json"), "mpstat-12.7.5.json", 1);
        assertEquals(3 * 3, s.size(), "3 intervals x (all, 0, 1)");
        for (CpuSample c : s) {
            double total = c.usr() + c.nice() + c.sys() + c.iowait() + c.irq() + c.soft() + c.steal() + c.guest()
                    + c.gnice() + c.idle();
            assertEquals(100, total, 1.0);
        }
        List<DiskSample> d = SysstatJson.parseIostat(fixture("iostat-12.7.5.json"), "iostat-12.7.5.json", 1);
        assertEquals(3, d.size());
        assertEquals("vda", d.get(0).device());
        assertTrue(d.get(0).timestamp().startsWith("2026-11-30T"), d.get(0).timestamp());
        assertTrue(d.stream().anyMatch(x -> x.readsPerSec() > 100), "fio was reading while iostat ran");
    }
}

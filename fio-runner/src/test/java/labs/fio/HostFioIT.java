package labs.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.fio.sysstat.Collector;
import labs.fio.sysstat.CpuSample;
import labs.fio.sysstat.DiskSample;
import labs.fio.sysstat.SysstatJson;
import labs.fio.sysstat.SysstatTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real fio and sysstat on the host, small sizes: the live counterpart of the fixture tests. */
class HostFioIT {
    @TempDir
    Path tmp;

    @Test
    void fillThenMeasureWithSysstatAlongside() throws Exception {
        FioRunner fio = new FioRunner(HostRunner.INSTANCE, "fio", tmp.toString(), Duration.ofMinutes(2));
        assertTrue(fio.version().startsWith("fio-"));
        String file = tmp.resolve("testfile").toString();
        TestFile.fill(fio, file, 16 * FioJob.MIB, tmp.resolve("fill.json"));
        assertEquals(16 * FioJob.MIB, Files.size(Path.of(file)));

        Collector mp = Collector.start(HostRunner.INSTANCE, SysstatTool.mpstat(1, 2), Duration.ofSeconds(30));
        Collector io = Collector.start(HostRunner.INSTANCE, SysstatTool.iostat(1, 2), Duration.ofSeconds(30));
        FioOutput out = fio.run(FioJob.bookRandom(Rw.RANDREAD, file, 16 * FioJob.MIB, FioJob.MIB, 2),
                tmp.resolve("rand-read.json"));
        List<CpuSample> cpu = SysstatJson.parseMpstat(mp.await(), "mpstat", 1);
        List<DiskSample> disk = SysstatJson.parseIostat(io.await(), "iostat", 1);

        FioJobResult r = out.jobs().get(0);
        assertEquals(2, r.numjobs());
        assertEquals(2 * FioJob.MIB, r.main().ioBytes());
        assertTrue(r.main().iops() > 0);
        assertTrue(Files.readString(tmp.resolve("rand-read.json")).contains("\"jobs\""), "raw JSON kept");
        assertTrue(cpu.stream().anyMatch(c -> c.cpu().equals("all")));
        assertTrue(!disk.isEmpty());
        Path csv = tmp.resolve("fio.csv");
        FioCsv.write(csv, List.of(Measurement.of("host", r, 1, "rand-read.json")));
        assertEquals(2, Files.readAllLines(csv).size());
    }

    /**
     * The hostile path of issue 10 item 1, for real: a work folder whose name holds ':' (fio's list separator) in
     * front of the path of another file. Unescaped, fio wrote 64 MiB of zeros over that file; escaped, the victim
     * stays byte-identical and the test file is made under its own, literal name (',' '=' '$' '\' included).
     */
    @Test
    void aColonInThePathDoesNotMakeFioWriteAnotherFile() throws Exception {
        Path victim = tmp.resolve("victim.txt");
        Files.writeString(victim, "IMPORTANT\n");
        Path work = Files.createDirectories(Path.of(victim + ":" + tmp.resolve("dd,x=$HOME\\:y")));
        FioRunner fio = new FioRunner(HostRunner.INSTANCE, "fio", work.toString(), Duration.ofMinutes(2));
        String file = work.resolve("testfile").toString();
        TestFile.fill(fio, file, 4 * FioJob.MIB, tmp.resolve("fill.json"));
        FioOutput out = fio.run(FioJob.bookRandom(Rw.RANDWRITE, file, 4 * FioJob.MIB, FioJob.MIB, 1),
                tmp.resolve("rw.json"));
        assertEquals("IMPORTANT\n", Files.readString(victim));
        assertEquals(4 * FioJob.MIB, Files.size(Path.of(file)));
        assertEquals(FioJob.MIB, out.jobs().get(0).main().ioBytes());
    }

    @Test
    void failingFioStopsWithItsOwnMessage() throws Exception {
        FioRunner fio = new FioRunner(HostRunner.INSTANCE, "fio", tmp.toString(), Duration.ofMinutes(1));
        LabsException e = assertThrows(LabsException.class, () -> fio.run(
                FioJob.bookRandom(Rw.RANDWRITE, "/proc/cpuinfo", FioJob.MIB, FioJob.MIB, 1), tmp.resolve("x.json")));
        assertTrue(e.why().contains("Operation not permitted") || e.why().contains("error"), e.why());
    }
}

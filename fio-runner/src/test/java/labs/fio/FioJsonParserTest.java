package labs.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;

class FioJsonParserTest {
    static Path fixture(String name) throws Exception {
        return Path.of(FioJsonParserTest.class.getResource("/fixtures/" + name).toURI());
    }

    @Test
    void sequentialRead() throws Exception {
        FioOutput out = FioJsonParser.parse(fixture("fio-seqread.json"));
        assertEquals("fio-3.33", out.fioVersion());
        assertEquals(1, out.jobs().size());
        FioJobResult j = out.jobs().get(0);
        assertEquals(Rw.READ, j.rw());
        assertEquals(1, j.numjobs());
        DirectionStats s = j.main();
        assertEquals(16777216L, s.ioBytes());
        assertTrue(s.bwBytesPerSec() > 1e6, "bandwidth in bytes/s");
        assertTrue(s.iops() > 0);
        assertTrue(s.clatMeanNs() > 1000);
        assertTrue(s.clatP99Ns() >= s.clatP50Ns());
        assertEquals(0, j.write().ioBytes());
        // the figure is consistent with bytes over runtime
        assertEquals(s.ioBytes() / (s.runtimeMs() / 1000.0), s.bwBytesPerSec(), s.bwBytesPerSec() * 0.1);
    }

    @Test
    void sequentialWriteUsesTheWriteDirection() throws Exception {
        FioJobResult j = FioJsonParser.parse(fixture("fio-seqwrite.json")).jobs().get(0);
        assertEquals(Rw.WRITE, j.rw());
        assertEquals(16777216L, j.main().ioBytes());
        Measurement m = Measurement.of("host", j, 1, "x.json");
        assertEquals("seq-write", m.workload());
        assertEquals(1048576L, m.bs());
        assertEquals(m.stats().bwBytesPerSec(), m.figure());
    }

    @Test
    void groupReportingGivesOneEntryForAllJobs() throws Exception {
        FioJobResult j = FioJsonParser.parse(fixture("fio-randread-nj4.json")).jobs().get(0);
        assertEquals(4, j.numjobs());
        assertEquals(4L * 1048576, j.main().ioBytes());
        Measurement m = Measurement.of("guest", j, 2, "x.json");
        assertEquals("rand-read", m.workload());
        assertEquals(m.stats().iops(), m.figure());
    }

    @Test
    void withoutGroupReportingEveryJobIsAnEntry() throws Exception {
        List<FioJobResult> jobs = FioJsonParser.parse(fixture("fio-randwrite-nj2-nogroup.json")).jobs();
        assertEquals(2, jobs.size());
        jobs.forEach(j -> assertEquals(Rw.RANDWRITE, j.rw()));
    }

    @Test
    void globalOptionsAreMergedUnderJobOptions() throws Exception {
        FioJobResult j = FioJsonParser.parse(fixture("fio-global-options.json")).jobs().get(0);
        assertEquals("1", j.options().get("direct"));
        assertEquals("4096", j.options().get("bs"));
        assertEquals(Rw.RANDREAD, j.rw());
        assertEquals(524288L, j.main().ioBytes());
    }

    @Test
    void textBeforeTheJsonIsSkipped() throws Exception {
        FioOutput out = FioJsonParser.parse(fixture("fio-text-before-json.json"));
        assertEquals(262144L, out.jobs().get(0).main().ioBytes());
    }

    @Test
    void jobErrorIsReported() throws Exception {
        FioOutput out = FioJsonParser.parse(fixture("fio-error.json"));
        assertEquals(1, out.errors());
    }

    @Test
    void truncatedOutputNamesTheFile() {
        LabsException e = assertThrows(LabsException.class,
                () -> FioJsonParser.parse("{\n  \"fio version\" : \"fio-3.33\",\n  \"jobs\" : [", "run1.json"));
        assertTrue(e.getMessage().contains("run1.json"), e.getMessage());
        LabsException e2 = assertThrows(LabsException.class, () -> FioJsonParser.parse("fio: bad option", "b.json"));
        assertTrue(e2.getMessage().contains("b.json"));
    }

    @Test
    void fio2FieldsAreConvertedToBaseUnits() {
        String v2 = """
                {"fio version":"fio-2.2.10","jobs":[{"jobname":"r","error":0,
                 "job options":{"rw":"randread","bs":"4k"},
                 "read":{"io_bytes":4096,"bw":8192,"iops":2048.0,"runtime":500,
                  "clat":{"mean":12.5,"percentile":{"50.000000":10,"99.000000":40}}},
                 "write":{"io_bytes":0,"bw":0,"iops":0,"runtime":0,"clat":{"mean":0}}}]}""";
        DirectionStats s = FioJsonParser.parse(v2, "v2").jobs().get(0).main();
        assertEquals(4096L * 1024, s.ioBytes());
        assertEquals(8192.0 * 1024, s.bwBytesPerSec());
        assertEquals(12500.0, s.clatMeanNs());
        assertEquals(40000.0, s.clatP99Ns());
    }

    @Test
    void aHugeFileIsRefusedByItsSizeWithoutReadingIt(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path big = tmp.resolve("disk.img");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(FioJsonParser.MAX_BYTES + 1);   // sparse: costs no disk space
        }
        LabsException e = assertThrows(LabsException.class, () -> FioJsonParser.parse(big));
        assertTrue(e.getMessage().contains("disk.img") && e.getMessage().contains("too large"), e.getMessage());
    }

    /** fio 3.39 (Debian 13), captured as fixtures/README.md says: the fields labs reads are where 3.33 has them. */
    @Test
    void fio339ParsesTheSame() throws Exception {
        FioJobResult j = FioJsonParser.parse(fixture("fio-3.39-randread-nj4.json")).jobs().get(0);
        assertEquals(4, j.numjobs());
        assertEquals(Rw.RANDREAD, j.rw());
        assertEquals(4L * 1048576, j.main().ioBytes());
        Measurement m = Measurement.of("host", j, 1, "x.json");
        assertEquals("rand-read", m.workload());
        assertTrue(m.stats().iops() > 1000, "iops " + m.stats().iops());
        assertEquals(m.stats().iops(), m.figure());
    }
}

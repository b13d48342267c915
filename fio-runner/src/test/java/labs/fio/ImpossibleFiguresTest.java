package labs.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;

/**
 * Hostile re-run of issue 10, item 6: a real fio output (fixtures/fio-seqread.json, see its README) edited by hand
 * to negative figures imported as "-5 IOPS" with a chart, and one holding NaN gave Jackson's advice to its
 * programmer ("enable JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS") as the reason.
 */
class ImpossibleFiguresTest {
    private static String seqRead() throws Exception {
        return Files.readString(FioJsonParserTest.fixture("fio-seqread.json"));
    }

    @Test
    void negativeIopsOrBandwidthAreLeftOutWithAWarning() throws Exception {
        String negIops = seqRead().replaceFirst("\"iops\" : [0-9.]+", "\"iops\" : -5");
        UsableJobs u = UsableJobs.of(FioJsonParser.parse(negIops, "neg.json"), "neg.json");
        assertEquals(0, u.jobs().size(), "nothing charted");
        assertTrue(u.warnings().get(0).contains("read.iops -5 is not a figure fio writes"), u.warnings().get(0));

        String negBw = seqRead().replaceFirst("\"bw_bytes\" : [0-9]+", "\"bw_bytes\" : -1");
        UsableJobs b = UsableJobs.of(FioJsonParser.parse(negBw, "bw.json"), "bw.json");
        assertEquals(0, b.jobs().size());
        assertTrue(b.warnings().get(0).contains("read.bw -1"), b.warnings().get(0));

        String negKib = seqRead().replaceFirst("\"bw\" : [0-9]+", "\"bw\" : -1");
        UsableJobs k = UsableJobs.of(FioJsonParser.parse(negKib, "kib.json"), "kib.json");
        assertEquals(0, k.jobs().size());
        assertTrue(k.warnings().get(0).contains("read.bw -1 is not"), k.warnings().get(0));

        UsableJobs fine = UsableJobs.of(FioJsonParser.parse(seqRead(), "ok.json"), "ok.json");
        assertEquals(1, fine.jobs().size(), fine.warnings().toString());
    }

    @Test
    void nanIsSaidInPlainWordsNotAsJacksonsAdvice() throws Exception {
        String nan = seqRead().replaceFirst("\"iops\" : [0-9.]+", "\"iops\" : NaN");
        LabsException e = org.junit.jupiter.api.Assertions.assertThrows(LabsException.class,
                () -> FioJsonParser.parse(nan, "nan.json"));
        assertTrue(e.why().contains("NaN or Infinity where a number belongs"), e.why());
        assertTrue(e.why().contains("not fio's JSON"), e.why());
        assertFalse(e.why().contains("JsonReadFeature") || e.why().contains("ALLOW_"), e.why());
    }
}

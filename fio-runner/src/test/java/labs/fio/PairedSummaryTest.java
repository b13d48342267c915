package labs.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import labs.stats.Estimate;
import labs.stats.StopRule;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The paired figures and the summary, on pairs recorded in a real --quick run (see resources/paired/README.md). */
class PairedSummaryTest {
    static Map<String, List<PairSample>> recorded() throws Exception {
        Map<String, List<PairSample>> byJob = new LinkedHashMap<>();
        try (var in = new InputStreamReader(PairedSummaryTest.class.getResourceAsStream("/paired/pairs-quick-tcg.csv"),
                StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                boolean seq = r.get("workload").startsWith("seq");
                double scale = seq ? FioJob.MIB : 1;
                byJob.computeIfAbsent(r.get("workload"), k -> new ArrayList<>()).add(new PairSample(r.get("workload"),
                        Integer.parseInt(r.get("numjobs")), Integer.parseInt(r.get("pair")), r.get("first"),
                        Double.parseDouble(r.get("host")) * scale, Double.parseDouble(r.get("guest")) * scale,
                        Long.parseLong(r.get("host_runtime_ms")), Long.parseLong(r.get("guest_runtime_ms"))));
            }
        }
        return byJob;
    }

    static List<PairedFigure> figures() throws Exception {
        StopRule rule = new StopRule(0.10, 6, 6);
        List<PairedFigure> f = new ArrayList<>();
        for (List<PairSample> pairs : recorded().values()) {
            f.add(PairedFigure.of(pairs, rule.check(Estimate.of(pairs.stream().map(PairSample::ratio).toList())),
                    rule));
        }
        return f;
    }

    @Test
    void recordedPairsGiveTheirIntervals() throws Exception {
        List<PairedFigure> f = figures();
        PairedFigure randWrite = f.get(3);
        assertEquals("rand-write", randWrite.workload());
        // ratios sorted: 0.0838 0.0922 0.1001 0.1034 0.1181 0.1323 (6 pairs: the interval is x(1)..x(6))
        assertEquals(6, randWrite.ratio().n());
        assertEquals(0.1018, randWrite.ratio().median(), 5e-4);
        assertEquals(0.0838, randWrite.ratio().low(), 5e-4);
        assertEquals(0.1323, randWrite.ratio().high(), 5e-4);
        assertEquals(StopRule.Verdict.MAX_REACHED, randWrite.verdict());
        assertFalse(randWrite.stable());
        assertEquals(1001, randWrite.shortestRunMs());
    }

    @Test
    void aRatioWhoseIntervalHoldsOneIsNoMeasurableDifference() throws Exception {
        List<PairedFigure> f = figures();
        String table = PairedSummary.format(f);
        PairedFigure seqRead = f.get(0);
        assertTrue(seqRead.noDifference(), "seq-read's ratios ran 0.49 .. 1.16");
        assertFalse(seqRead.guestFaster(), "an interval holding 1.0 is not a faster guest");
        String line = table.lines().filter(l -> l.startsWith("seq-read")).findFirst().orElseThrow();
        assertTrue(line.contains("no measurable difference: 0.9"), line);
        assertTrue(line.endsWith(" *"), "unstable: " + line);
        assertTrue(table.contains("* unstable: the interval is wider than ±10%"), table);
        String rr = table.lines().filter(l -> l.startsWith("rand-read")).findFirst().orElseThrow();
        assertFalse(rr.contains("no measurable difference"), rr);
        assertEquals(4, PairedSummary.unstableWarnings(f).size());
        assertTrue(PairedSummary.shortRunWarnings(f).isEmpty(), "every run lasted a second or more");
    }
}

package labs.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    /** The ranks of the published tables of the median's interval (e.g. Conover, Practical Nonparametric Statistics). */
    @Test
    void ranksMatchTheTables() {
        assertNull(MedianInterval.ranks(5, 0.95), "5 samples cannot give 95%: 2 * 0.5^5 = 6.25%");
        assertArrayEquals(new int[] {1, 6}, MedianInterval.ranks(6, 0.95));
        assertArrayEquals(new int[] {2, 9}, MedianInterval.ranks(10, 0.95));
        assertArrayEquals(new int[] {6, 15}, MedianInterval.ranks(20, 0.95));
        assertArrayEquals(new int[] {10, 21}, MedianInterval.ranks(30, 0.95));
        assertEquals(0.96875, MedianInterval.coverage(6, 1), 1e-12);
        assertEquals(0.97852, MedianInterval.coverage(10, 2), 1e-5);
    }

    /** Ten ratios (0.41 .. 0.55, made up for the ranks of n = 10): the interval is x(2)..x(9), wider below. */
    @Test
    void recordedRatiosGiveTheirKnownInterval() {
        double[] ratios = {0.482, 0.455, 0.501, 0.47, 0.49, 0.55, 0.41, 0.476, 0.466, 0.488};
        Estimate e = Estimate.of(ratios);
        assertEquals(10, e.n());
        assertEquals((0.476 + 0.482) / 2, e.median(), 1e-12);
        assertEquals(0.455, e.low(), 1e-12);
        assertEquals(0.501, e.high(), 1e-12);
        assertEquals((0.479 - 0.455) / 0.479, e.relativeHalfWidth(), 1e-9);
        assertFalse(e.contains(1.0));
        // sample sd / mean, computed by hand: mean 0.4788, sd 0.03568
        assertEquals(0.03568 / 0.4788, e.cv(), 1e-3);
    }

    /**
     * Recorded: the sequential-read guest/host ratios of six ABBA pairs in a real `io-compare --quick` on the CI
     * machine (TCG guest, load average 5, 2026-11-30). The interval of 6 is x(1)..x(6).
     */
    @Test
    void recordedPairsGiveTheirKnownInterval() {
        Estimate e = Estimate.of(0.6622, 0.8444, 0.4413, 0.7527, 0.4755, 0.8365);
        assertEquals((0.6622 + 0.7527) / 2, e.median(), 1e-12);
        assertEquals(0.4413, e.low(), 1e-12);
        assertEquals(0.8444, e.high(), 1e-12);
        assertFalse(e.within(0.10), "±38% is not ±10%");
        assertEquals(StopRule.Verdict.MAX_REACHED, new StopRule(0.10, 6, 6).check(e));
    }

    @Test
    void tooFewSamplesHaveNoInterval() {
        Estimate e = Estimate.of(1.0, 1.1, 0.9);
        assertFalse(e.hasInterval());
        assertEquals(Double.POSITIVE_INFINITY, e.relativeHalfWidth());
        assertFalse(e.contains(1.0), "no interval: no claim either way");
        assertTrue(Double.isNaN(Estimate.of(2.0).cv()));
    }

    @Test
    void ratioAroundOneIsNoMeasurableDifference() {
        Estimate e = Estimate.of(0.97, 1.02, 0.99, 1.01, 1.03, 0.98);
        assertTrue(e.contains(1.0));
    }

    /** A steady series stops at the first n with an interval; a noisy one stops at the maximum and says so. */
    @Test
    void stopRuleStops() {
        StopRule rule = new StopRule(0.05, MedianInterval.MIN_N_95, 20);
        double[] steady = {1.00, 1.02, 0.99, 1.01, 0.98, 1.03, 1.00, 1.01};
        List<Double> seen = new ArrayList<>();
        StopRule.Verdict v = StopRule.Verdict.MORE;
        for (double x : steady) {
            seen.add(x);
            v = rule.check(Estimate.of(seen));
            if (v.done()) {
                break;
            }
        }
        assertEquals(StopRule.Verdict.STABLE, v);
        assertEquals(6, seen.size());

        seen.clear();
        for (int i = 0; i < 100 && !(v = rule.check(Estimate.of(seen))).done(); i++) {
            seen.add(i % 2 == 0 ? 0.5 : 1.5);   // never within ±5%
        }
        assertEquals(StopRule.Verdict.MAX_REACHED, v);
        assertEquals(20, seen.size());
        assertEquals(StopRule.Verdict.MAX_REACHED, StopRule.fixed(3, 0.05).check(Estimate.of(1.0, 1.0, 1.0)),
                "three samples never give a 95% interval");
    }
}

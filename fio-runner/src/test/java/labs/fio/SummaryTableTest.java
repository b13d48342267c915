package labs.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
    static Measurement m(String side, Rw rw, int rep, double figure) {
        DirectionStats s = new DirectionStats(1, rw.sequential() ? figure : 0, rw.sequential() ? 0 : figure, 1, 1, 1,
                1, 1);
        return new Measurement(side, rw.workload(), rw, 1, rep, 4096, s, 0, "x.json");
    }

    @Test
    void medianPerSideAndRatio() {
        List<Measurement> rows = new ArrayList<>();
        for (int rep = 1; rep <= 3; rep++) {
            rows.add(m("host", Rw.RANDREAD, rep, 1000 * rep));
            rows.add(m("guest", Rw.RANDREAD, rep, 100 * rep));
        }
        String t = SummaryTable.format(rows);
        assertTrue(t.contains("2000 IOPS"), t);
        assertTrue(t.contains("200 IOPS"), t);
        assertTrue(t.contains("0.100"), t);
        assertEquals(2, SummaryTable.spreadWarnings(rows).size(), "1000..3000 spreads 100% of the median");
    }

    @Test
    void oneSideHasNoRatioColumn() {
        String t = SummaryTable.format(List.of(m("host", Rw.READ, 1, 100 * FioJob.MIB)));
        assertTrue(t.contains("100.0 MiB/s"), t);
        assertTrue(!t.contains("guest/host"), t);
    }
}

package labs.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import labs.common.Progress;
import labs.fio.Summary;
import labs.fio.sysstat.CpuSample;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

/**
 * What each chart says, read from the XChart chart object before it is drawn: title, axis titles, legend and the
 * TCG line (the only "measured under" text the charts carry; repetitions are in the summary and CSV, not on the
 * charts), in both languages; and that the font each text is drawn in can draw every one of its characters
 * (Font.canDisplayUpTo), so no Japanese glyph becomes an empty box.
 */
class ChartTextTest {
    private static final String TCG_JA = " [TCG: 差はエミュレーションでありKVMではない]";
    private static final String TCG_EN = " [TCG: emulation overhead, not KVM]";

    private static ChartStyle style(Lang lang) {
        ChartStyle s = ChartStyle.forLang(lang, Progress.SILENT);
        assertEquals(lang, s.lang(), "fonts-ipafont-gothic is a test dependency: Japanese must not fall back");
        return s;
    }

    private static List<String> legend(CategoryChart c) {
        return new ArrayList<>(c.getSeriesMap().keySet());
    }

    private static List<String> categories(CategoryChart c) {
        List<String> out = new ArrayList<>();
        for (CategorySeries s : c.getSeriesMap().values()) {
            s.getXData().forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    /** Every text of the chart can be drawn by the font it is drawn in. */
    private static void drawable(CategoryChart c) {
        var st = c.getStyler();
        glyphs(st.getChartTitleFont(), c.getTitle());
        glyphs(st.getAxisTitleFont(), c.getXAxisTitle());
        glyphs(st.getAxisTitleFont(), c.getYAxisTitle());
        legend(c).forEach(t -> glyphs(st.getLegendFont(), t));
        categories(c).forEach(t -> glyphs(st.getAxisTickLabelsFont(), t));
    }

    private static void glyphs(Font font, String text) {
        assertEquals(-1, font.canDisplayUpTo(text), "font " + font.getFamily() + " cannot draw '" + text + "' from "
                + "index " + font.canDisplayUpTo(text));
    }

    @Test
    void ioCompareChartsSayWhatTheyShow() {
        for (Lang lang : Lang.values()) {
            Map<String, CategoryChart> charts = new IoCompareCharts(style(lang), true).charts(ChartsRenderTest.rows());
            assertEquals(List.of(IoCompareCharts.SEQ_BANDWIDTH, IoCompareCharts.RAND_READ_IOPS,
                    IoCompareCharts.RAND_WRITE_IOPS, IoCompareCharts.RATIO), List.copyOf(charts.keySet()));
            charts.values().forEach(ChartTextTest::drawable);
            CategoryChart seq = charts.get(IoCompareCharts.SEQ_BANDWIDTH);
            CategoryChart rand = charts.get(IoCompareCharts.RAND_READ_IOPS);
            CategoryChart ratio = charts.get(IoCompareCharts.RATIO);
            if (lang == Lang.JA) {
                assertEquals("順次I/Oのスループット" + TCG_JA, seq.getTitle());
                assertEquals("スループット[MiB/秒]", seq.getYAxisTitle());
                assertEquals(List.of("ホスト [誤差棒: 中央値の95%信頼区間]", "ゲスト [誤差棒: 中央値の95%信頼区間]"), legend(seq));
                assertEquals(List.of("順次読み出し", "順次書き込み"), categories(seq).subList(0, 2));
                assertEquals("ランダム読み出しのIOPS" + TCG_JA, rand.getTitle());
                assertEquals("並列度", rand.getXAxisTitle());
                assertEquals(List.of("1", "2", "4"), categories(rand).subList(0, 3));
                assertEquals("ゲスト/ホスト比(1なら同等)" + TCG_JA, ratio.getTitle());
                assertEquals("ゲスト/ホスト比(1 = 同等)", ratio.getYAxisTitle());
                assertTrue(categories(ratio).contains("ランダム書き込み 並列度4"), categories(ratio).toString());
            } else {
                assertEquals("Sequential I/O bandwidth" + TCG_EN, seq.getTitle());
                assertEquals("bandwidth [MiB/s]", seq.getYAxisTitle());
                assertEquals(List.of("host [bars: 95% interval of the median]",
                        "guest [bars: 95% interval of the median]"), legend(seq));
                assertEquals(List.of("sequential read", "sequential write"), categories(seq).subList(0, 2));
                assertEquals("random read IOPS" + TCG_EN, rand.getTitle());
                assertEquals("numjobs", rand.getXAxisTitle());
                assertEquals("IOPS", rand.getYAxisTitle());
                assertEquals("Guest / host ratio (1 = same)" + TCG_EN, ratio.getTitle());
                assertTrue(categories(ratio).contains("rand write nj4"), categories(ratio).toString());
            }
            assertEquals(2, legend(ratio).size(), "the ratios and the line at 1.0");
            assertTrue(ratio.getStyler().isLegendVisible(), "the legend says what the error bars are");
        }
        // Without TCG the titles carry no emulation line.
        CategoryChart kvm = new IoCompareCharts(style(Lang.EN), false).charts(ChartsRenderTest.rows())
                .get(IoCompareCharts.SEQ_BANDWIDTH);
        assertEquals("Sequential I/O bandwidth", kvm.getTitle());
    }

    @Test
    void cpuOverheadChartsSayWhatTheyShow() {
        List<CpuSample> host = List.of(new CpuSample(0, 1, "", "0", 2, 0, 3, 0, 0, 0, 0, 90, 0, 5));
        List<CpuSample> guest = List.of(new CpuSample(0, 1, "", "all", 97, 0, 1, 0, 0, 0, 2, 0, 0, 0));
        for (Lang lang : Lang.values()) {
            CpuOverheadCharts c = new CpuOverheadCharts(style(lang), true);
            List<CategoryChart> sides = c.breakdownCharts(host, "0", guest, "all");
            CategoryChart job = c.jobTimeChart(Summary.of(1.0, 1.1, 0.9), Summary.of(20.0, 21, 19));
            sides.forEach(ChartTextTest::drawable);
            drawable(job);
            String other = lang.pick("%その他", "%other");
            for (CategoryChart side : sides) {
                assertEquals(List.of("%usr", "%sys", "%guest", "%steal", other, "%idle"), legend(side));
                assertEquals(lang.pick("経過時間[秒]", "elapsed [s]"), side.getXAxisTitle());
                assertEquals(lang.pick("CPU使用率[%]", "CPU [%]"), side.getYAxisTitle());
            }
            String tcg = lang.pick(TCG_JA, TCG_EN);
            assertEquals(lang.pick("ホストのCPU 0(vCPUの下)", "Host CPU 0 (under the vCPU)") + tcg,
                    sides.get(0).getTitle());
            assertEquals(lang.pick("ゲストから見たCPU all", "The guest's view of CPU all") + tcg,
                    sides.get(1).getTitle());
            assertEquals(lang.pick("同じCPU処理のCPU時間", "CPU time of the same CPU-bound job") + tcg, job.getTitle());
            assertEquals(lang.pick("CPU時間[秒]", "CPU time [s]"), job.getYAxisTitle());
            assertEquals(List.of(lang.pick("ホスト", "host"), lang.pick("ゲスト", "guest")), categories(job));
        }
    }

    @Test
    void vmExitAndLifecycleChartsSayWhatTheyShow() {
        List<VmExitChart.Bar> bars = List.of(new VmExitChart.Bar("ホスト", "host", 0.62),
                new VmExitChart.Bar("ゲスト CPL3", "guest CPL3", 0.62));
        Map<String, Double> steps = new LinkedHashMap<>();
        steps.put("create", 1.5);
        steps.put("start lifecycle-clone", 4.0);
        for (Lang lang : Lang.values()) {
            VmExitChart v = new VmExitChart(style(lang));
            CategoryChart loop = v.loopChart(bars);
            CategoryChart costs = v.costsChart(bars);
            CategoryChart life = new LifecycleChart(style(lang)).stepsChart(steps);
            List.of(loop, costs, life).forEach(ChartTextTest::drawable);
            assertEquals(lang.pick("同じループ1回のCPU時間(ホストとゲスト)",
                    "One iteration of the same loop: host vs guest"), loop.getTitle());
            assertEquals(lang.pick("1回あたりのCPU時間[ナノ秒](対数)", "CPU time per iteration [ns] (log)"),
                    loop.getYAxisTitle());
            assertEquals(List.of(lang.pick("ホスト", "host"), lang.pick("ゲスト CPL3", "guest CPL3")), categories(loop));
            assertEquals(lang.pick("1回あたりの時間[マイクロ秒](対数)", "time per operation [µs] (log)"),
                    costs.getYAxisTitle());
            assertEquals(lang.pick("VMのライフサイクル: 各ステップの所要時間", "VM lifecycle: seconds per step"),
                    life.getTitle());
            assertEquals(lang.pick("ステップ", "step"), life.getXAxisTitle());
            assertEquals(List.of("create", "start lifecycle-clone"), categories(life));
        }
    }

    /** Every chart carries the run's conditions as its caption, in the chart's language, with what the bars are. */
    @Test
    void chartsCarryTheirConditions() {
        for (Conditions.Accel a : Conditions.Accel.values()) {
            for (Lang lang : Lang.values()) {
                Conditions c = new Conditions(a, "time-based 2 s + 1000 ms ramp", true, "6-12 pairs (ABBA) until ±10%",
                        "writeback", 1L << 30, "AMD EPYC x2", "vda (non-rotational, ext4)", null,
                        java.time.LocalDate.of(2026, 11, 30));
                List<String> lines = c.lines(lang);
                assertTrue(lines.get(0).startsWith(a.label(lang)), lines.toString());
                String all = String.join("\n", lines);
                for (String want : List.of("--quick", "6-12 pairs", "cache=writeback", "1024 MiB", "AMD EPYC x2",
                        "vda", "2026-11-30")) {
                    assertTrue(all.contains(want), want + " missing: " + all);
                }
                Map<String, CategoryChart> charts = new IoCompareCharts(style(lang), a == Conditions.Accel.TCG, c, true)
                        .charts(ChartsRenderTest.rows());
                for (CategoryChart chart : charts.values()) {
                    List<String> caption = ((CaptionedChart) chart).caption();
                    assertEquals(lines, caption.subList(0, lines.size()));
                    assertTrue(caption.get(caption.size() - 1).contains("95%"), caption.toString());
                    drawable(chart);
                }
                if (lang == Lang.JA) {
                    lines.forEach(x -> glyphs(style(lang).font(Font.PLAIN, 15), x));
                }
            }
        }
        // The caption's first line inside the emulated AMD-V machine is the caveat meta.json's notes carry, once.
        Conditions.Accel amdv = Conditions.Accel.KVM_EMULATED_AMDV;
        assertEquals(labs.common.EmulatedAmdV.CAVEAT, amdv.label(Lang.EN) + ": " + amdv.caveat(Lang.EN));
    }

    @Test
    void theJapaneseFontDrawsEveryWordTheChartsUse() {
        Font font = style(Lang.JA).font(Font.PLAIN, 16);
        for (String w : List.of("seq-read", "seq-write", "rand-read", "rand-write")) {
            glyphs(font, Words.workload(Lang.JA, w));
            glyphs(font, Words.shortWorkload(Lang.JA, w));
        }
        glyphs(font, Words.tcgSuffix(Lang.JA, true));
        glyphs(font, ChartStyle.SAMPLE_JA);
        // and the fallback family would not: the check above is not vacuous
        assertTrue(new Font(Font.SANS_SERIF, Font.PLAIN, 16).canDisplayUpTo("並列度") >= 0
                || !Font.SANS_SERIF.equals(font.getFamily()), "SansSerif here maps to a CJK font");
    }
}

package labs.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import labs.common.Progress;
import labs.fio.Summary;
import labs.fio.sysstat.CpuSample;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.CategoryStyler;

/**
 * Charts that print: every chart labs draws, in both languages, fits the text width of an A4 page at its DPI, has
 * no text under {@link ChartStyle#MIN_PT} pt on paper (font pixels x 72 / DPI), titles on both axes, the run's
 * conditions as caption; series that a chart fills part in greyscale; ratio charts carry a line at 1.0. Checked
 * on the chart objects and on the PNGs they become. -Dcharts.out=DIR keeps the PNGs for a look by eye.
 */
class PrintableChartsTest {
    /** A4 (21 cm) less 2.5 cm margins on both sides, in inches. */
    static final double A4_TEXT_WIDTH_IN = (21.0 - 5.0) / 2.54;
    /** Two fills closer than this in grey (0-255) look the same on a greyscale printout. */
    static final double GREY_MARGIN = 30;

    @TempDir
    Path tmpDir;
    Path out;

    @BeforeEach
    void where() throws Exception {
        String keep = System.getProperty("charts.out");
        out = keep == null ? tmpDir : Files.createDirectories(Path.of(keep));
    }

    static Conditions conditions(Conditions.Accel a) {
        return new Conditions(a, "time-based 2 s + 1000 ms ramp", true, "6-12 pairs (ABBA) until ±10%", "none",
                1L << 30, "AMD EPYC 7B13 x2", "vda (non-rotational, ext4)", "CPU time", LocalDate.of(2026, 11, 30));
    }

    static List<CpuSample> host() {
        List<CpuSample> s = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            s.add(new CpuSample(t, t + 1, "", "0", 3, 0, 8, 1, 0, 1, 0, 80 - t % 5, 2, 5 + t % 5));
        }
        return s;
    }

    static List<CpuSample> guest() {
        List<CpuSample> s = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            s.add(new CpuSample(t, t + 1, "", "all", 90 - t % 3, 0, 4, 1, 0, 1, 2 + t % 3, 0, 0, 2));
        }
        return s;
    }

    /** Every chart of every lab, by the file it is written to, in that language and under those conditions. */
    static Map<String, List<? extends Chart<?, ?>>> everyChart(Lang lang, Conditions c) {
        ChartStyle style = ChartStyle.forLang(lang, Progress.SILENT);
        Map<String, List<? extends Chart<?, ?>>> m = new LinkedHashMap<>();
        new IoCompareCharts(style, false, c, true).charts(ChartsRenderTest.rows()).forEach((f, ch) -> m.put(f,
                List.of(ch)));
        CpuOverheadCharts cpu = new CpuOverheadCharts(style, false, c);
        m.put(CpuOverheadCharts.BREAKDOWN, cpu.breakdownCharts(host(), "0", guest(), "all"));
        m.put(CpuOverheadCharts.JOB_TIME, List.of(cpu.jobTimeChart(Summary.of(1.0, 1.1, 0.9),
                Summary.of(20.0, 21, 19))));
        VmExitChart v = new VmExitChart(style, c);
        // figures from a real quick run (results/vm-exit, 2026-11-26) under kvm_pvm
        m.put(VmExitChart.LOOP, List.of(v.loopChart(List.of(new VmExitChart.Bar("ホスト", "host", 0.62),
                new VmExitChart.Bar("ゲスト CPL3", "guest CPL3", 0.63),
                new VmExitChart.Bar("ゲスト CPL0", "guest CPL0", 3169.0)))));
        m.put(VmExitChart.COSTS, List.of(v.costsChart(List.of(
                new VmExitChart.Bar("ポートI/O → VMM", "port I/O → VMM", 30.97),
                new VmExitChart.Bar("MMIO → VMM", "MMIO → VMM", 33.1),
                new VmExitChart.Bar("ポートI/O → KVM内", "port I/O → in KVM", 9.78),
                new VmExitChart.Bar("ページ初回アクセス", "page first touch", 4.2),
                new VmExitChart.Bar("マップ済みページ", "page mapped", 0.004)))));
        Map<String, Double> steps = new LinkedHashMap<>();
        for (String s : List.of("vm create", "vm start", "vm list", "vm dumpxml", "vm shutdown", "vm clone",
                "vm start lifecycle-clone", "vm destroy", "vm undefine")) {
            steps.put(s, 0.3 + s.length() / 5.0);
        }
        m.put(LifecycleChart.STEPS, List.of(new LifecycleChart(style, c).stepsChart(steps)));
        List<SchedVirtCharts.Points> procs = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            double[] x = new double[100];
            double[] y = new double[100];
            for (int i = 0; i < 100; i++) {
                x[i] = i * 4 + p;
                y[i] = i + 1;
            }
            procs.add(new SchedVirtCharts.Points(x, y));
        }
        m.put(SchedVirtCharts.fileName("guest", "busy", 4), List.of(new SchedVirtCharts(style, false, c)
                .chart("guest", "busy", procs)));
        return m;
    }

    @Test
    void everyChartPrintsOnA4WithTextOfAtLeast8Points() throws Exception {
        for (Lang lang : Lang.values()) {
            Path dir = Files.createDirectories(out.resolve("print-" + lang.name()));
            everyChart(lang, conditions(Conditions.Accel.KVM_PVM)).forEach((file, charts) -> {
                for (Chart<?, ?> c : charts) {
                    paint(c);   // painted once: the title has been fitted to the width
                    fontsAtLeast(file, c);
                    titleFits(file, c);
                    categoryLabelsApart(file, c);
                    barsPartInGrey(file, c);
                    legendFits(file, c);
                    axisTitles(file, c);
                    assertFalse(((Caption.Carrier) c).caption().isEmpty(), file + ": no conditions");
                }
                Path png = PngWriter.writeStacked(charts, dir.resolve(file));
                try {
                    BufferedImage img = ImageIO.read(png.toFile());
                    double inches = img.getWidth() / dpiOf(png);
                    assertTrue(inches <= A4_TEXT_WIDTH_IN + 1e-9, file + " is " + inches + " in wide");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    /** The breakdown as the lab writes it: one panel above the other, as wide as one chart. */
    @Test
    void cpuBreakdownIsStackedNotSideBySide() throws Exception {
        Path png = new CpuOverheadCharts(ChartStyle.forLang(Lang.EN, Progress.SILENT), false,
                conditions(Conditions.Accel.KVM)).breakdown(host(), "0", guest(), "all", out);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(ChartStyle.WIDTH, img.getWidth());
        assertEquals(2 * ChartStyle.HEIGHT, img.getHeight());
    }

    /** The six CPU states, converted to grey from the PNG as a greyscale printer would, differ by a margin. */
    @Test
    void cpuStatesPartInGreyscale() throws Exception {
        List<CategoryChart> panels = new CpuOverheadCharts(ChartStyle.forLang(Lang.EN, Progress.SILENT), false,
                conditions(Conditions.Accel.KVM)).breakdownCharts(host(), "0", guest(), "all");
        Path png = PngWriter.writeStacked(panels, out.resolve("grey-" + CpuOverheadCharts.BREAKDOWN));
        BufferedImage rgb = ImageIO.read(png.toFile());
        BufferedImage grey = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(rgb, 0, 0, null);
        List<Double> levels = new ArrayList<>();
        for (CategorySeries s : panels.get(0).getSeriesMap().values()) {
            Color fill = s.getFillColor();
            levels.add(greyOf(rgb, grey, fill, s.getName()));
        }
        assertEquals(6, levels.size());
        for (int i = 1; i < levels.size(); i++) {
            assertTrue(levels.get(i) - levels.get(i - 1) >= GREY_MARGIN, "grey levels dark to light in the legend's "
                    + "order, " + GREY_MARGIN + " apart: " + levels);
        }
        for (int i = 0; i < ChartStyle.GREYS.size(); i++) {   // and the luma the palette promises
            for (int j = 0; j < i; j++) {
                assertTrue(ChartStyle.grey(ChartStyle.GREYS.get(i)) - ChartStyle.grey(ChartStyle.GREYS.get(j))
                        >= 35, i + " vs " + j);
            }
        }
    }

    /** The median grey, in the greyscale copy, of the pixels drawn in that series' colour (at least a swatch's). */
    static double greyOf(BufferedImage rgb, BufferedImage grey, Color fill, String name) {
        List<Integer> g = new ArrayList<>();
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                if ((rgb.getRGB(x, y) & 0xFFFFFF) == (fill.getRGB() & 0xFFFFFF)) {
                    g.add(grey.getRaster().getSample(x, y, 0));
                }
            }
        }
        assertTrue(g.size() > 100, name + " is not drawn: " + g.size() + " pixels of " + fill);
        java.util.Collections.sort(g);
        return g.get(g.size() / 2);
    }

    /** The ratio chart has a dashed line series at 1.0 in reach of its y axis, named in the legend. */
    @Test
    void ratioChartHasALineAtOne() {
        for (Lang lang : Lang.values()) {
            CategoryChart c = new IoCompareCharts(ChartStyle.forLang(lang, Progress.SILENT), false,
                    conditions(Conditions.Accel.KVM), true).charts(ChartsRenderTest.rows()).get(IoCompareCharts.RATIO);
            CategorySeries one = c.getSeriesMap().get(IoCompareCharts.referenceName(lang));
            assertEquals(CategorySeries.CategorySeriesRenderStyle.Line, one.getChartCategorySeriesRenderStyle());
            one.getYData().forEach(y -> assertEquals(1.0, y.doubleValue()));
            assertEquals(8, one.getYData().size(), "across every workload");
            assertTrue(c.getStyler().getYAxisMax() > 1.0, "the axis reaches above 1.0");
            assertTrue(c.getXAxisTitle().contains(lang.pick("並列度", "nj")), "the axis says what nj is");
        }
    }

    /** Under kvm_pvm the vm-exit charts say that ring 0 is emulated (title and caption); elsewhere they do not. */
    @Test
    void vmExitChartsSayRingZeroIsEmulatedUnderPvm() {
        List<VmExitChart.Bar> bars = List.of(new VmExitChart.Bar("ホスト", "host", 0.62));
        for (Lang lang : Lang.values()) {
            ChartStyle style = ChartStyle.forLang(lang, Progress.SILENT);
            for (Conditions.Accel a : Conditions.Accel.values()) {
                VmExitChart v = new VmExitChart(style, conditions(a));
                for (CategoryChart c : List.of(v.loopChart(bars), v.costsChart(bars))) {
                    String all = c.getTitle() + "\n" + String.join("\n", ((CaptionedChart) c).caption());
                    boolean says = all.contains(lang.pick("リング0はエミュレート", "ring 0 emulated"))
                            && all.contains(lang.pick("リング0(CPL0)はエミュレートされる", "ring 0 (CPL0) is emulated"));
                    assertEquals(a == Conditions.Accel.KVM_PVM, says, a + ": " + all);
                }
            }
        }
    }

    /** The DPI the PNG itself records (pHYs, pixels per metre): what a word processor prints it at. */
    static double dpiOf(Path png) throws java.io.IOException {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(png.toFile())) {
            javax.imageio.ImageReader r = ImageIO.getImageReadersByFormatName("png").next();
            r.setInput(in);
            org.w3c.dom.Node root = r.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            r.dispose();
            for (org.w3c.dom.Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeName().equals("pHYs")) {
                    double perMetre = Double.parseDouble(n.getAttributes().getNamedItem("pixelsPerUnitXAxis")
                            .getNodeValue());
                    assertEquals(ChartStyle.DPI, perMetre * 0.0254, 0.5, png + ": the DPI the fonts were sized for");
                    return perMetre * 0.0254;
                }
            }
        }
        throw new AssertionError(png + " records no DPI (pHYs)");
    }

    static void paint(Chart<?, ?> c) {
        BufferedImage img = new BufferedImage(c.getWidth(), c.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        c.paint(g, c.getWidth(), c.getHeight());
        g.dispose();
    }

    /** Bar series side by side or stacked: their fills differ in grey by the margin (lines and markers have shapes). */
    static void barsPartInGrey(String file, Chart<?, ?> c) {
        if (!(c instanceof CategoryChart cc)) {
            return;
        }
        List<Color> fills = cc.getSeriesMap().values().stream().filter(s -> s.getChartCategorySeriesRenderStyle()
                != CategorySeries.CategorySeriesRenderStyle.Line).map(CategorySeries::getFillColor).toList();
        for (int i = 0; i < fills.size(); i++) {
            for (int j = 0; j < i; j++) {
                double d = Math.abs(ChartStyle.grey(fills.get(i)) - ChartStyle.grey(fills.get(j)));
                assertTrue(d >= GREY_MARGIN, file + ": series " + j + " and " + i + " are " + d + " apart in grey");
            }
        }
    }

    /** Each legend entry, swatch and padding included, fits in the chart's width (XChart clips what does not). */
    static void legendFits(String file, Chart<?, ?> c) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        java.awt.FontMetrics fm = scratch.createGraphics().getFontMetrics(c.getStyler().getLegendFont());
        Map<String, ?> series = c instanceof CategoryChart cc ? cc.getSeriesMap() : ((XYChart) c).getSeriesMap();
        for (String name : series.keySet()) {
            assertTrue(fm.stringWidth(name) + 80 <= c.getWidth(), file + ": legend entry " + name);
        }
    }

    static void titleFits(String file, Chart<?, ?> c) {
        Font f = c.getStyler().getChartTitleFont();
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        int w = scratch.createGraphics().getFontMetrics(f).stringWidth(c.getTitle());
        assertTrue(w <= c.getWidth() - Caption.TITLE_MARGIN_PX, file + ": title " + w + " px wide in "
                + c.getWidth());
    }

    /**
     * Upright category labels each fit their slot; slanted ones lie on parallel lines further apart than a line of
     * text is high (slot x sin(angle)).
     */
    static void categoryLabelsApart(String file, Chart<?, ?> c) {
        if (!(c instanceof CategoryChart cc)) {
            return;
        }
        List<?> x = List.copyOf(cc.getSeriesMap().values().iterator().next().getXData());
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        java.awt.FontMetrics fm = scratch.createGraphics().getFontMetrics(cc.getStyler().getAxisTickLabelsFont());
        int angle = cc.getStyler().getXAxisLabelRotation();
        if (angle != 0) {
            double apart = (ChartStyle.slotPx(cc, x.size()) + 16) * Math.sin(Math.toRadians(angle));
            assertTrue(apart >= fm.getHeight(), file + ": slanted labels " + apart + " px apart, " + fm.getHeight()
                    + " high");
            return;
        }
        if (cc.getStyler().getXAxisMaxLabelCount() > 0 && x.size() > cc.getStyler().getXAxisMaxLabelCount()) {
            return;   // only every n-th label drawn (elapsed seconds): short numbers with room between them
        }
        for (Object label : x) {
            int w = fm.stringWidth(label.toString());
            assertTrue(w <= ChartStyle.slotPx(cc, x.size()), file + ": label " + label + " is " + w + " px");
        }
    }

    static void fontsAtLeast(String file, Chart<?, ?> c) {
        List<Font> fonts = new ArrayList<>(List.of(c.getStyler().getChartTitleFont(), c.getStyler().getLegendFont()));
        if (c.getStyler() instanceof AxesChartStyler a) {
            fonts.add(a.getAxisTitleFont());
            fonts.add(a.getAxisTickLabelsFont());
        }
        if (c.getStyler() instanceof CategoryStyler cs && cs.isLabelsVisible()) {
            fonts.add(cs.getLabelsFont());
        }
        fonts.add(c instanceof CaptionedChart cc ? cc.captionFont() : ((CaptionedXYChart) c).captionFont());
        for (Font f : fonts) {
            double pt = ChartStyle.points(f.getSize2D());
            assertTrue(pt >= ChartStyle.MIN_PT, file + ": " + f + " prints at " + pt + " pt");
        }
    }

    static void axisTitles(String file, Chart<?, ?> c) {
        String x = c instanceof CategoryChart cc ? cc.getXAxisTitle() : ((XYChart) c).getXAxisTitle();
        String y = c instanceof CategoryChart cc ? cc.getYAxisTitle() : ((XYChart) c).getYAxisTitle();
        assertFalse(x == null || x.isBlank(), file + ": no x axis title");
        assertFalse(y == null || y.isBlank(), file + ": no y axis title");
        assertTrue(((AxesChartStyler) c.getStyler()).isXAxisTitleVisible(), file);
        assertTrue(((AxesChartStyler) c.getStyler()).isYAxisTitleVisible(), file);
    }
}

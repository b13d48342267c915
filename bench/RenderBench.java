import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import labs.charts.ChartStyle;
import labs.charts.CpuOverheadCharts;
import labs.charts.IoCompareCharts;
import labs.charts.Lang;
import labs.common.Ui;
import labs.fio.FioJobResult;
import labs.fio.FioJsonParser;
import labs.fio.Measurement;
import labs.fio.Summary;
import labs.fio.sysstat.CpuSample;
import labs.fio.sysstat.SysstatJson;

/**
 * Times rendering every chart of a run from its raw outputs, in a fresh JVM (as a lab does it: once, cold):
 * java -cp 'labs-cli/target/lib/*' bench/RenderBench.java IO_COMPARE_RUN CPU_OVERHEAD_RUN LANG OUTDIR
 */
public class RenderBench {
    public static void main(String[] a) throws Exception {
        Path io = Path.of(a[0]);
        Path cpu = Path.of(a[1]);
        Lang lang = Lang.parse(a[2]);
        Path out = Files.createDirectories(Path.of(a[3]));
        Pattern name = Pattern.compile("(host|guest)-(seq|rand)-(read|write)-nj(\\d+)-r(\\d+)\\.json");
        List<Measurement> rows = new ArrayList<>();
        try (Stream<Path> s = Files.list(io.resolve("raw"))) {
            for (Path p : s.sorted().toList()) {
                Matcher m = name.matcher(p.getFileName().toString());
                if (m.matches()) {
                    for (FioJobResult j : FioJsonParser.parse(p).jobs()) {
                        rows.add(Measurement.of(m.group(1), j, Integer.parseInt(m.group(5)), p.toString()));
                    }
                }
            }
        }
        List<CpuSample> host = SysstatJson.parseMpstat(
                Files.readString(cpu.resolve("raw/host-guest-loop-mpstat.json")), "host", 1);
        List<CpuSample> guest = SysstatJson.parseMpstat(
                Files.readString(cpu.resolve("raw/guest-guest-loop-mpstat.json")), "guest", 1);
        long t0 = System.nanoTime();
        ChartStyle style = ChartStyle.forLang(lang, Ui.TERMINAL);
        int n = new IoCompareCharts(style, true).render(rows, out).size();
        CpuOverheadCharts c = new CpuOverheadCharts(style, true);
        c.breakdown(host, "0", guest, "all", out);
        c.jobTime(Summary.of(0.4, 0.5), Summary.of(5.0, 5.5), out);
        long t1 = System.nanoTime();
        System.out.printf("%s: %d charts (%d io-compare rows) rendered in %.3f s (cold JVM, fonts included)%n",
                lang, n + 2, rows.size(), (t1 - t0) / 1e9);
    }
}

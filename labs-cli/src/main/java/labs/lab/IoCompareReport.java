package labs.lab;

import labs.common.i18n.Msg;
import labs.common.i18n.SummaryText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import labs.charts.ChartStyle;
import labs.charts.Conditions;
import labs.charts.IoCompareCharts;
import labs.charts.Lang;
import labs.common.Ui;
import labs.fio.PairedSummary;
import labs.launcher.Accelerator;

/** io-compare's charts and printed summary, each carrying the run's conditions. */
final class IoCompareReport {
    private IoCompareReport() {}

    static Conditions conditions(LabRun run, IoComparePlan plan, IoCompareGuest.Sides sides) {
        return new Conditions(LabConditions.accel(sides.accelerator()), plan.protocolLine(), plan.quick(),
                plan.pairsLine(), plan.cache().qemuName(), plan.filesize(), LabConditions.hostCpu(run),
                sides.hostDisk(), null, LabConditions.today());
    }

    static void report(LabRun run, IoComparePlan plan, IoCompareLab.Measured m, Lang language,
                       IoCompareGuest.Sides sides, MeasureLock.LoadReport load) throws IOException {
        Conditions c = conditions(run, plan, sides);
        ChartStyle style = ChartStyle.forLang(language, Ui.TERMINAL);
        boolean tcg = sides.accelerator() == Accelerator.TCG;
        List<Path> charts = new IoCompareCharts(style, tcg, c, true).render(m.rows(), run.path());
        run.meta.conditions = c;
        List<String> warnings = new ArrayList<>();
        warnings.addAll(PairedSummary.unstableWarnings(m.figures()));
        warnings.addAll(PairedSummary.shortRunWarnings(m.figures()));
        if (load.warning() != null) {
            warnings.add(load.warning());
        }
        if (!sides.findings().isEmpty()) {
            warnings.add(GuestFasterCheck.verdict(sides.findings()));
            run.meta.notes.addAll(sides.findings());
        }
        run.meta.notes.addAll(warnings);
        run.complete();
        System.out.println(Msg.get(SummaryText.IO_HEADLINE));
        System.out.print(c.summaryBlock(language));
        System.out.print(PairedSummary.format(m.figures()));
        warnings.forEach(w -> Ui.warn("%s", w));
        if (tcg) {
            System.out.println(Msg.get(SummaryText.IO_TCG_NOTE));
        }
        System.out.println(Msg.get(SummaryText.IO_DONE, m.rows().size(), m.pairs().size(), charts.size(), run.path()));
    }
}

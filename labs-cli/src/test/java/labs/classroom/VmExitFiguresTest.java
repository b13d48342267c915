package labs.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vm-exit's figures in the class CSV, from a real run's measurements.csv (src/test/resources/class-merge/vm-exit:
 * `./labs run vm-exit --quick --results DIR` on the CI machine, KVM through kvm_pvm, 3 repetitions a case).
 */
class VmExitFiguresTest {
    @TempDir
    Path tmp;

    private Path run(String student) throws IOException {
        Path run = Files.createDirectories(tmp.resolve(student + "/results/vm-exit/20261130-160210"));
        for (String f : List.of("meta.json", "measurements.csv")) {
            Files.writeString(run.resolve(f), ClassFolders.resource("vm-exit/" + f));
        }
        return run;
    }

    @Test
    void eachCaseAndSideIsTheMedianCpuTimePerOperationOfItsRepetitions() throws IOException {
        run("s01");
        ClassMerge.Result r = ClassMerge.merge(ClassMerge.students(List.of(tmp.resolve("s01"))));
        assertEquals(List.of(), r.malformed());
        List<Figure> f = r.counted().get(0).figures();
        // medians of the fixture's cpu_ns_per_op column, read off the file by hand
        assertTrue(f.contains(new Figure("loop", "", "host", VmExitFigures.UNIT, "0.2748", "", "", "3")), f.toString());
        assertTrue(f.contains(new Figure("port-io-user", "", "guest CPL3", VmExitFigures.UNIT, "26176.3340", "", "",
                "3")), f.toString());
        assertTrue(f.contains(new Figure("loop", "", "guest CPL0", VmExitFigures.UNIT, "1683.7830", "", "", "3")),
                f.toString());
        String summary = ClassSummary.markdown(r, 1, List.of());
        assertTrue(summary.contains("| port-io-user, guest CPL3 | 1 | 26176.3 |"), summary);
    }

    @Test
    void aMeasurementThatIsNotANumberMakesTheFolderMalformed() throws IOException {
        Path run = run("s02");
        Files.writeString(run.resolve("measurements.csv"), Files.readString(run.resolve("measurements.csv"))
                .replace("0.2748", "fast"));
        ClassMerge.Result r = ClassMerge.merge(ClassMerge.students(List.of(tmp.resolve("s02"))));
        assertEquals(1, r.malformed().size());
        assertEquals(run, r.malformed().get(0).path());
        assertTrue(r.malformed().get(0).why().startsWith("measurements.csv cannot be read"), r.malformed().toString());
    }
}

package labs.cli;

import java.util.List;
import labs.lab.VtCheckLab;

/**
 * Start-up work that can overlap picocli's parsing (~40 ms of annotation reflection on one CPU): for
 * `labs run vt-check` on the live machine, the checks themselves ({@link VtCheckLab#startEarly}). Nothing here may
 * have an effect a user could see, since the command line has not been validated yet.
 */
final class Prewarm {
    private Prewarm() {}

    static void start(String[] args) {
        List<String> a = List.of(args);
        // -Dlabs.prewarm=false turns it off (bench/startup.sh measures both ways).
        if ("false".equals(System.getProperty("labs.prewarm"))) {
            return;
        }
        int run = a.indexOf("run");
        boolean vtCheck = run >= 0 && run + 1 < a.size() && a.get(run + 1).equals("vt-check");
        if (!vtCheck) {
            return;
        }
        // A plain loop: a stream and a method reference here would each cost a call-site link (~2 ms) at start-up.
        for (String arg : a) {
            if (changesTheChecks(arg)) {
                return;
            }
        }
        VtCheckLab.startEarly();
    }

    /** Options after which the early checks would be wasted or wrong: a dump instead of this machine, or no run. */
    private static boolean changesTheChecks(String arg) {
        return arg.startsWith("--cpuinfo") || arg.startsWith("--sysroot") || arg.equals("-h") || arg.equals("--help")
                || arg.equals("-V") || arg.equals("--version");
    }
}

package labs.lab.sched;

import labs.common.i18n.LabText;
import labs.common.i18n.Msg;
import labs.common.i18n.Term;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import labs.common.LabsException;

/**
 * One run of the load program ({@link LoadProgram}, mode s) on one side under one host condition: its calibration
 * and, per process, when each step ended, in ms since the start the parent took just before it forked.
 *
 * @param side      "host" or "guest"
 * @param calLoops  loop turns timed for the calibration, and calNs their time (the fastest of ten rounds)
 * @param steps     every step, process by process, step 1 first
 */
public record SchedRun(String side, HostCondition condition, int n, long calLoops, long calNs, List<Step> steps) {
    /** Step number 1..STEPS of process 0..n-1 ended elapsedMs after the start. */
    public record Step(int process, int step, double elapsedMs) {}

    /** Loop turns per ms, as the program computed them (integer division, as it does). */
    public long loopsPerMs() {
        return calLoops * 1_000_000L / calNs;
    }

    /** Steps of one process, in order. */
    public List<Step> of(int process) {
        return steps.stream().filter(s -> s.process() == process).sorted(Comparator.comparingInt(Step::step))
                .toList();
    }

    /**
     * Reads the program's output: "c LOOPS NS", "s START_NS", then "p PROCESS STEP NS" for every step (STEP from
     * 0). Anything else, or a step missing, is the program failing, said with the output's first lines.
     */
    public static SchedRun parse(String side, HostCondition condition, int n, int stepsPerProcess, String out) {
        long cal = -1, calNs = -1, start = -1;
        List<Step> steps = new ArrayList<>();
        try {
            for (String line : out.strip().split("\n")) {
                String[] f = line.strip().split(" ");
                switch (f[0]) {
                    case "c" -> { cal = Long.parseLong(f[1]); calNs = Long.parseLong(f[2]); }
                    case "s" -> start = Long.parseLong(f[1]);
                    case "p" -> steps.add(new Step(Integer.parseInt(f[1]), Integer.parseInt(f[2]) + 1,
                            (Long.parseLong(f[3]) - start) / 1e6));
                    default -> throw new NumberFormatException(Msg.get(LabText.LOAD_UNKNOWN_LINE, line));
                }
            }
        } catch (RuntimeException e) {
            throw bad(side, out, e.getMessage());
        }
        if (cal <= 0 || calNs <= 0 || start < 0 || steps.size() != n * stepsPerProcess) {
            throw bad(side, out, Msg.get(LabText.LOAD_EXPECTED_STEPS, n * stepsPerProcess, steps.size()));
        }
        for (Step s : steps) {
            if (s.process() < 0 || s.process() >= n || s.elapsedMs() < 0) {
                throw bad(side, out, Msg.get(LabText.LOAD_STEP_NOT_OURS, s));
            }
        }
        return new SchedRun(side, condition, n, cal, calNs, List.copyOf(steps));
    }

    private static LabsException bad(String side, String out, String why) {
        String head = out.lines().limit(4).reduce("", (a, b) -> a + "\n  " + b);
        return LabsException.failed(Msg.get(LabText.LOAD_BAD_OUTPUT, sideWord(side), why),
                Msg.get(LabText.LOAD_OUTPUT_BEGAN, head), null);
    }

    /** The glossary's word for the side ("host", "guest"; ホスト, ゲスト in Japanese). */
    public static String sideWord(String side) {
        return switch (side) {
            case "host" -> Term.HOST.get();
            case "guest" -> Term.GUEST.get();
            default -> side;
        };
    }
}

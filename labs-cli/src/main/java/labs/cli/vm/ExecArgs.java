package labs.cli.vm;

import java.util.List;
import labs.common.Echo;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import labs.lab.LangOption;

/**
 * What follows the VM name of `labs vm exec NAME ...`. Picocli stops at NAME (everything after it could be the
 * guest's), so `vm exec vm1 --timeout 0 -- echo hi` used to run "--timeout 0 -- echo hi" in the guest. Here the
 * words before `--` (or before the first word that is not an option) are labs's: --timeout and -n/--no-stdin are
 * taken, --lang is checked (labs.cli.LangChoice has already applied it), any other option is refused with the fix;
 * the guest command is everything after `--`, or from the first non-option word on (`vm exec vm1 ls -l`: -l is
 * ls's).
 *
 * @param command   the guest command
 * @param timeout   --timeout given after NAME, or null
 * @param noStdin   -n / --no-stdin given after NAME
 */
record ExecArgs(List<String> command, Long timeout, boolean noStdin) {

    static ExecArgs parse(List<String> words, String vmName) {
        Long timeout = null;
        boolean noStdin = false;
        int i = 0;
        while (i < words.size()) {
            String w = words.get(i);
            if (w.equals("--")) {
                i++;
                break;
            }
            if (!w.startsWith("-") || w.equals("-")) {
                break;   // the guest command begins: its options are its own
            }
            if (w.equals("-n") || w.equals("--no-stdin")) {
                noStdin = true;
                i++;
            } else if (w.equals("--timeout") && i + 1 < words.size()) {
                timeout = seconds(words.get(i + 1));
                i += 2;
            } else if (w.startsWith("--timeout=")) {
                timeout = seconds(w.substring("--timeout=".length()));
                i++;
            } else if (w.equals("--lang") && i + 1 < words.size()) {
                checkLang(words.get(i + 1));
                i += 2;
            } else if (w.startsWith("--lang=")) {
                checkLang(w.substring("--lang=".length()));
                i++;
            } else {
                throw LabsException.usage(Msg.get(VmText.EXEC_UNKNOWN_OPTION, Echo.of(w)),
                        Msg.get(VmText.EXEC_UNKNOWN_OPTION_FIX, vmName));
            }
        }
        return new ExecArgs(List.copyOf(words.subList(i, words.size())), timeout, noStdin);
    }

    /** Checked only: labs.cli.LangChoice has applied it. Refused as picocli refuses it elsewhere ("--lang xx ..."). */
    private static void checkLang(String value) {
        try {
            new LangOption.Converter().convert(value);
        } catch (LabsException e) {
            throw LabsException.usage("--lang " + e.getMessage(), e.fix());
        }
    }

    private static long seconds(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw LabsException.usage(Msg.get(VmText.EXEC_TIMEOUT_NOT_NUMBER, Echo.of(value)),
                    Msg.get(VmText.EXEC_TIMEOUT_FIX, ExecCommand.MAX_TIMEOUT));
        }
    }
}

package labs.common;

import java.util.List;

/** What a finished command left: its argument list, exit status and both output streams. */
public record ExecResult(List<String> argv, int exitCode, String stdout, String stderr) {
    public boolean ok() { return exitCode == 0; }

    /** The last lines of stderr (else stdout), for an error message that shows the tool's own words. */
    public String tail(int lines) {
        String text = stderr.isBlank() ? stdout : stderr;
        String[] all = text.strip().split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
    }
}

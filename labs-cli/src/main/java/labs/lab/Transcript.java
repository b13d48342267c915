package labs.lab;

import labs.common.i18n.Msg;
import labs.common.i18n.SummaryText;
import java.io.PrintStream;

/** Prints a lab's handout to stdout and keeps the same text for transcript.txt in the results folder. */
public final class Transcript {
    private final StringBuilder text = new StringBuilder();
    private final PrintStream out;

    public Transcript(PrintStream out) { this.out = out; }

    /** A numbered step with the command the book types. */
    public void step(int n, String title, String bookCommand) {
        line("");
        line(Msg.get(SummaryText.LC_STEP, n, title));
        line(Msg.get(SummaryText.LC_BOOK, bookCommand));
    }

    /** The labs command that does it. */
    public void command(String cmd) { line("   $ " + cmd); }

    /** Output, indented under the command. */
    public void output(String block) {
        for (String l : block.stripTrailing().split("\n", -1)) {
            line("     " + l);
        }
    }

    public void line(String s) {
        out.println(s);
        out.flush();
        text.append(s).append('\n');
    }

    public String text() { return text.toString(); }
}

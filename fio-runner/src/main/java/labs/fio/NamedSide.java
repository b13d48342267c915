package labs.fio;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.ExecResult;

/**
 * A runner under the name the experiment gives it ("guest"), whatever the runner calls itself (a VM answers with
 * its own name): CSV rows, raw file names and chart legends then say host and guest, as the book does.
 */
public record NamedSide(String side, CommandRunner runner) implements CommandRunner {
    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        return runner.exec(argv, timeout);
    }
}

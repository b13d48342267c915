package labs.cli.fio;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code labs fio ...}: fio tools outside the labs (import existing outputs). */
@Command(name = "fio", mixinStandardHelpOptions = true, subcommands = FioImportCommand.class, description = "fio tools: `labs fio import FILE...` turns fio JSON into labs' CSV and charts.")
public final class FioCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Which fio tool? Try: labs fio import --help");
    }
}

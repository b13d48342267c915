import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The least a picocli command can do: one option, --help/--version, print a line (bench/startup-floor.sh). */
@Command(name = "hello", mixinStandardHelpOptions = true, version = "1")
public class PicocliHello implements Runnable {
    @Option(names = "--name")
    String name = "world";

    @Override
    public void run() {
        System.out.println("hello " + name);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PicocliHello()).execute(args));
    }
}

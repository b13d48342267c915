package labs.common;

import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes sure the Debian packages a lab needs are there: names what is missing, and installs it through apt-get
 * (as root, or with sudo) after asking on a terminal; --yes skips the question; without a terminal and without
 * --yes it stops with the exact command to run.
 */
public final class Packages {
    private Packages() {}

    public static List<DebianPackage> missing(Collection<DebianPackage> needed) {
        return needed.stream().filter(p -> !p.installed()).distinct().toList();
    }

    /** The command a person would type to install these packages on this machine. */
    public static List<String> installCommand(Collection<DebianPackage> pkgs) {
        List<String> cmd = new ArrayList<>();
        if (!HostRunner.isRoot()) {
            cmd.add("sudo");
        }
        cmd.addAll(List.of("apt-get", "install", "-y"));
        pkgs.stream().map(DebianPackage::name).forEach(cmd::add);
        return cmd;
    }

    /**
     * For library code (the launcher, its disk and guest-image tools): never asks and never installs, it only
     * stops (exit 2) with the install command when a package is missing. Asking is the command's job, done with
     * {@link #ensure} before it calls the library; this is the safety net for a caller that forgot.
     */
    public static void require(String forWhat, Collection<DebianPackage> needed) {
        List<DebianPackage> missing = missing(needed);
        if (!missing.isEmpty()) {
            throw new LabsException(Msg.get(ErrorText.PACKAGES_MISSING, forWhat,
                    String.join(" ", missing.stream().map(DebianPackage::name).toList())),
                    Msg.get(ErrorText.PACKAGES_LIBRARY),
                    Msg.get(ErrorText.PACKAGES_INSTALL_THEM, String.join(" ", installCommand(missing))));
        }
    }

    /**
     * For a command's edge: installs what is missing through apt-get after asking on a terminal (or with --yes),
     * else stops with the exact command.
     */
    public static void ensure(String forWhat, Collection<DebianPackage> needed) {
        List<DebianPackage> missing = missing(needed);
        if (missing.isEmpty()) {
            return;
        }
        List<String> cmd = installCommand(missing);
        String names = String.join(" ", missing.stream().map(DebianPackage::name).toList());
        String line = String.join(" ", cmd);
        boolean canInstall = HostRunner.isRoot() || HostRunner.which("sudo") != null;
        if (HostRunner.which("apt-get") == null || !canInstall) {
            throw new LabsException(Msg.get(ErrorText.PACKAGES_MISSING, forWhat, names),
                    Msg.get(ErrorText.PACKAGES_NO_APT), Msg.get(ErrorText.PACKAGES_INSTALL_THEM, line));
        }
        if (!Ui.assumeYes()) {
            if (!Ui.interactive()) {
                throw new LabsException(Msg.get(ErrorText.PACKAGES_MISSING, forWhat, names),
                        Msg.get(ErrorText.PACKAGES_NO_TERMINAL), Msg.get(ErrorText.PACKAGES_OR_YES, line));
            }
            System.err.print(Msg.get(ErrorText.PACKAGES_PROMPT, forWhat, names, line).replace("\n",
                    System.lineSeparator()));
            String answer = readAnswer();
            if (!(answer.isEmpty() || answer.toLowerCase().startsWith("y"))) {
                throw new LabsException(Msg.get(ErrorText.PACKAGES_DECLINED, names), Msg.get(ErrorText.PACKAGES_SAID_NO),
                        line);
            }
        }
        if (aptListsEmpty()) {
            run(prefix(List.of("apt-get", "update")), line);
        }
        List<String> install = new ArrayList<>(cmd);
        run(install, line);
        List<DebianPackage> still = missing(missing);
        if (!still.isEmpty()) {
            throw new LabsException(Msg.get(ErrorText.PACKAGES_STILL_MISSING, still), null, line);
        }
    }

    private static List<String> prefix(List<String> cmd) {
        List<String> out = new ArrayList<>();
        if (!HostRunner.isRoot()) {
            out.add("sudo");
        }
        out.addAll(cmd);
        return out;
    }

    private static boolean aptListsEmpty() {
        try (Stream<Path> s = Files.list(Path.of("/var/lib/apt/lists"))) {
            return s.noneMatch(p -> p.getFileName().toString().endsWith("_Packages"));
        } catch (IOException e) {
            return true;
        }
    }

    private static void run(List<String> cmd, String fix) {
        Ui.progress("%s", Msg.get(labs.common.i18n.ProgressText.RUNNING, String.join(" ", cmd)));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            int rc = pb.start().waitFor();
            if (rc != 0) {
                throw new LabsException(Msg.get(ErrorText.COMMAND_FAILED, String.join(" ", cmd), rc),
                        Msg.get(ErrorText.SEE_APT_MESSAGE), fix);
            }
        } catch (IOException e) {
            throw new LabsException(Msg.get(ErrorText.COULD_NOT_RUN, cmd.get(0)), e.getMessage(), fix);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabsException(Msg.get(ErrorText.PACKAGES_INTERRUPTED), null, fix);
        }
    }

    private static String readAnswer() {
        try {
            String s = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return s == null ? "n" : s.trim();
        } catch (IOException e) {
            return "n";
        }
    }
}

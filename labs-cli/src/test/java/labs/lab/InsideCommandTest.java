package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;

class InsideCommandTest {
    private static final Path CWD = Path.of("/home/u/labs");

    @Test
    void theSameJavaOptionsAndJarRunTheLabWithoutTheOption() {
        List<String> jvm = List.of("/usr/bin/java", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=/x/labs.jsa", "-jar",
                "labs-cli/target/labs.jar", "run", "vt-check", "--amd-v-machine", "--json");
        assertEquals(List.of("/jdk/bin/java", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=/x/labs.jsa",
                        "-Djna.tmpdir=/tmp", "-XX:ErrorFile=/tmp/hs_err_pid%p.log", "-jar",
                        "/home/u/labs/labs-cli/target/labs.jar", "run", "vt-check", "--json"),
                InsideCommand.argv(jvm, "/jdk", CWD, "ignored", List.of("run", "vt-check", "--amd-v-machine", "--json")));
    }

    @Test
    void withoutAJarTheClassPathIsMadeAbsolute() {
        assertEquals(List.of("/jdk/bin/java", "-Djna.tmpdir=/tmp", "-XX:ErrorFile=/tmp/hs_err_pid%p.log", "-cp",
                        "/home/u/labs/a.jar:/lib/b.jar", "labs.cli.Main", "run", "vm-exit"),
                InsideCommand.argv(List.of("/usr/bin/java", "-cp", "a.jar:/lib/b.jar", "labs.cli.Main"), "/jdk", CWD,
                        "a.jar:/lib/b.jar", List.of("run", "vm-exit", "--amd-v-machine")));
    }

    @Test
    void onlyWhatLabsReadsIsPassedAndTheVmStoreIsTheMachinesOwn() {
        Map<String, String> env = InsideCommand.env(Map.of("HOME", "/home/u", "LANG", "ja_JP.UTF-8",
                "SSH_AUTH_SOCK", "/tmp/agent", "LABS_DATA_DIR", "/home/u/vms", "PATH", "/usr/bin"));
        assertEquals(Map.of("HOME", "/home/u", "LANG", "ja_JP.UTF-8", "PATH", "/usr/bin",
                "LABS_DATA_DIR", "/run/labs"), env);
    }

    @Test
    void tooLittleMemoryStopsWithExit2() {
        LabsException e = assertThrows(LabsException.class, () -> AmdVMachineRun.checkMemory(OptionalLong.of(1000)));
        assertEquals(2, e.exitCode());
        AmdVMachineRun.checkMemory(OptionalLong.of(4000));
        AmdVMachineRun.checkMemory(OptionalLong.empty());
    }
}

package labs.cpuinfo.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /dev/kvm through an injected root and opener: the tests run as root (which opens anything), so the refusal a
 * student sees is injected, and /etc/group and /proc/self/status come from the fake root.
 */
class DevKvmCheckTest {
    @TempDir
    Path root;

    private static final DeviceOpener DENIED = dev -> new DeviceOpener.Refusal(
            DeviceOpener.Refusal.Kind.ACCESS_DENIED, "Permission denied");

    private List<Finding> run(String group, String groups, DeviceOpener opener, Facts.Builder facts) throws IOException {
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("dev/kvm"), "");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n" + group);
        Files.writeString(root.resolve("proc/self/status"), "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nGroups:\t"
                + groups + "\n");
        return new DevKvmCheck(opener, "alice").run(Host.of(root, true, ""), facts);
    }

    private static Finding open(List<Finding> fs) {
        return fs.stream().filter(f -> f.id().equals("dev-kvm.open")).findFirst().orElseThrow();
    }

    @Test
    void notInGroupKvmFailsWithTheUsermodHint() throws IOException {
        Facts.Builder facts = new Facts.Builder();
        Finding f = open(run("kvm:x:108:\n", "24 27", DENIED, facts));
        assertEquals(Status.FAIL, f.status());
        assertTrue(f.fix().contains("sudo usermod -aG kvm $USER"), f.fix());
        assertEquals(Boolean.FALSE, facts.devKvmOpens);
        assertEquals(Boolean.TRUE, facts.devKvmExists);
    }

    @Test
    void addedToKvmButNotLoggedInAgainSaysLogInAgain() throws IOException {
        Finding f = open(run("kvm:x:108:bob,alice\n", "24 27", DENIED, new Facts.Builder()));
        assertEquals(Status.FAIL, f.status());
        assertTrue(f.why().contains("in group kvm in /etc/group"), f.why());
        assertTrue(f.fix().startsWith("log out and in again"), f.fix());
    }

    @Test
    void inGroupKvmButDeviceNotGroupWritableSaysChmod() throws IOException {
        Finding f = open(run("kvm:x:108:alice\n", "24 108", DENIED, new Facts.Builder()));
        assertTrue(f.fix().contains("chmod 660 /dev/kvm"), f.fix());
    }

    @Test
    void noKvmGroupAtAllCreatesOne() throws IOException {
        Finding f = open(run("", "24", DENIED, new Facts.Builder()));
        assertTrue(f.fix().contains("groupadd -r kvm") && f.fix().contains("usermod -aG kvm"), f.fix());
    }

    @Test
    void aRegularFileIsNotTheKvmDevice() throws IOException {
        List<Finding> fs = run("kvm:x:108:\n", "", dev -> null, new Facts.Builder());
        Finding node = fs.stream().filter(f -> f.id().equals("dev-kvm.node")).findFirst().orElseThrow();
        assertEquals(Status.WARN, node.status());
        assertEquals(Status.PASS, open(fs).status());
    }

    @Test
    void missingDeviceFailsWithModprobe() {
        Facts.Builder facts = new Facts.Builder();
        List<Finding> fs = new DevKvmCheck(DeviceOpener.system(), "alice").run(Host.of(root, true, ""), facts);
        assertEquals(Status.FAIL, fs.get(0).status());
        assertTrue(fs.get(0).fix().contains("modprobe kvm_intel"), fs.get(0).fix());
        assertEquals(Boolean.FALSE, facts.devKvmExists);
    }

    @Test
    void theRealOpenerReportsAMissingDevice() {
        DeviceOpener.Refusal r = DeviceOpener.system().tryOpenReadWrite(root.resolve("nope"));
        assertEquals(DeviceOpener.Refusal.Kind.MISSING, r.kind());
    }
}

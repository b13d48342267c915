package labs.launcher.amdv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import labs.common.LabsException;
import labs.common.Progress;
import org.junit.jupiter.api.Test;

class ConsoleLinesTest {
    private final List<String> shown = new ArrayList<>();
    private final Progress out = new Progress() {
        @Override public void progress(String fmt, Object... args) { shown.add(String.format(fmt, args)); }
        @Override public void warn(String fmt, Object... args) { }
        @Override public void debug(String fmt, Object... args) { }
    };

    private ConsoleLines feed(String text) throws Exception {
        ConsoleLines c = new ConsoleLines(out);
        c.write(text.getBytes(StandardCharsets.UTF_8));
        return c;
    }

    @Test
    void initsLinesBecomeProgressAndTheKernelsStayInTheTail() throws Exception {
        ConsoleLines c = feed("[    1.2] Linux version 6.1\r\nlabs-l1: svm on 2 CPUs, kvm_amd loaded\r\n"
                + "labs-l1: running the lab\npartial");
        assertEquals(List.of("emulated AMD-V machine: svm on 2 CPUs, kvm_amd loaded",
                "emulated AMD-V machine: running the lab"), shown);
        assertTrue(c.running());
        assertNull(c.failure());
        assertEquals("[    1.2] Linux version 6.1\nlabs-l1: svm on 2 CPUs, kvm_amd loaded\nlabs-l1: running the lab",
                c.tail());
    }

    @Test
    void aQemuWithoutSvmIsTheUsersToFix() throws Exception {
        ConsoleLines c = feed("labs-l1: FAILED: no-svm: the CPU QEMU emulates shows no svm flag\n");
        assertFalse(c.running());
        LabsException e = MachineFailure.of(c.failure(), c.tail());
        assertEquals(2, e.exitCode());
        assertTrue(e.fix().contains("apt-get install qemu-system-x86"), e.fix());
    }

    @Test
    void anyOtherFailureIsAFailedRunWithTheConsole() throws Exception {
        ConsoleLines c = feed("oops\nlabs-l1: FAILED: root: cannot mount the host's root over 9p\n");
        LabsException e = MachineFailure.of(c.failure(), c.tail());
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().endsWith("cannot mount the host's root over 9p"), e.getMessage());
        assertTrue(e.why().contains("oops"), e.why());
    }
}

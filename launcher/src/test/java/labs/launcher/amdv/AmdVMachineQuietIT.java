package labs.launcher.amdv;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import labs.common.Progress;
import labs.launcher.guest.AmdVImageBuilder;
import labs.launcher.guest.GuestImageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab that stops making progress inside the emulated AMD-V machine ends labs' wait, on a real machine: the job
 * says one line and then sleeps (as a hung lab does), with the quiet limit lowered from 5 minutes to 20 s for the
 * test. The machine is stopped with it: no qemu is left.
 */
class AmdVMachineQuietIT {
    @TempDir
    Path tmp;

    @Test
    void aSilentLabIsStoppedWithItsMachine() throws Exception {
        AmdVImageBuilder.AmdVImage image = new AmdVImageBuilder(GuestImageBuilder.defaultCacheRoot(), Progress.SILENT)
                .build();
        Path ctl = Files.createDirectories(tmp.resolve("ctl"));
        Files.createDirectories(ctl.resolve("share"));
        ScratchDisk.create(ctl.resolve("scratch.img"));
        AmdVMachineSpec spec = new AmdVMachineSpec(image.kernel(), image.initrd(), ctl.resolve("console.log"),
                ctl.resolve("share"), List.of(), ctl.resolve("scratch.img"), 2, 512, true);
        AmdVJob job = new AmdVJob(Path.of("/"), Map.of(), List.of("/bin/sh", "-c", "echo step one; sleep 600"));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        AmdVMachine.Hung hung = assertThrows(AmdVMachine.Hung.class, () -> new AmdVMachine(Progress.SILENT,
                Duration.ofSeconds(20)).run(spec, job, stdout, new ByteArrayOutputStream()));
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("step one"), stdout::toString);
        assertTrue(hung.getMessage().contains("printed nothing"), hung::getMessage);
        assertTrue(s < 240, "took " + s + " s");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine()
                .map(c -> c.contains("qemu-system") && c.contains(tmp.toString())).orElse(false)), "qemu left running");
    }
}

package labs.launcher.amdv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;

class AmdVMachineSpecTest {
    private static AmdVMachineSpec spec(List<AmdVMachineSpec.Share> shares) {
        return new AmdVMachineSpec(Path.of("/c/vmlinux"), Path.of("/c/initrd.img"), Path.of("/t/ctl/console.log"),
                Path.of("/t/ctl"), shares, Path.of("/t/ctl/scratch.img"), 2, 2048, true);
    }

    private static String after(List<String> args, String option) {
        return args.get(args.indexOf(option) + 1);
    }

    @Test
    void theKernelCommandLineCarriesTheMarkerAndTheCpuIsMaxUnderTcg() {
        List<String> a = spec(List.of()).qemuArgs();
        assertEquals("console=ttyS0 quiet panic=-1 mitigations=off no_timer_check labs.amdv=1", after(a, "-append"));
        assertEquals("max", after(a, "-cpu"));
        assertEquals("tcg,thread=multi", after(a, "-accel"));
        assertEquals("2", after(a, "-smp"));
        assertEquals("2048", after(a, "-m"));
        assertEquals("/c/vmlinux", after(a, "-kernel"));
        assertEquals("/c/initrd.img", after(a, "-initrd"));
        assertTrue(a.contains("-no-reboot"), a.toString());
        assertTrue(a.contains("file=/t/ctl/scratch.img,if=none,id=scratch,format=raw"), a.toString());
    }

    @Test
    void theHostRootIsSharedReadOnlyAndEachFolderWritableUnderItsOwnTag() {
        List<String> a = spec(List.of(new AmdVMachineSpec.Share("results", Path.of("/home/u/results")))).qemuArgs();
        assertTrue(a.contains("local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"), a.toString());
        assertTrue(a.contains("local,id=labsctl,path=/t/ctl,security_model=none,multidevs=remap"), a.toString());
        assertTrue(a.contains("local,id=results,path=/home/u/results,security_model=none,multidevs=remap"),
                a.toString());
        assertTrue(a.contains("virtio-9p-pci,fsdev=results,mount_tag=results"), a.toString());
    }

    @Test
    void aCommaInAPathIsDoubledInQemusOptionSyntax() {
        List<String> a = spec(List.of(new AmdVMachineSpec.Share("results", Path.of("/r/a,readonly=on")))).qemuArgs();
        assertTrue(a.contains("local,id=results,path=/r/a,,readonly=on,security_model=none,multidevs=remap"),
                a.toString());
    }

    @Test
    void sharesAreMountedOuterFirst() {
        String m = spec(List.of(new AmdVMachineSpec.Share("results", Path.of("/h/.cache/labs/r")),
                new AmdVMachineSpec.Share("cache", Path.of("/h/.cache/labs")))).mountsFile();
        assertEquals("cache rw /h/.cache/labs\nresults rw /h/.cache/labs/r\n", m);
    }

    @Test
    void aFolderUnderTheMachinesOwnTmpfsIsSharedReadOnlyWhenAsked() {
        AmdVMachineSpec s = spec(List.of(new AmdVMachineSpec.Share("labsjar", Path.of("/tmp/c/labs-cli/target"), true)));
        assertEquals("labsjar ro /tmp/c/labs-cli/target\n", s.mountsFile());
        assertTrue(s.qemuArgs().contains("local,id=labsjar,path=/tmp/c/labs-cli/target,security_model=none,"
                + "readonly=on,multidevs=remap"), s.qemuArgs().toString());
        assertTrue(AmdVMachineSpec.hiddenInside(Path.of("/tmp/c/labs.jar")));
        assertTrue(AmdVMachineSpec.hiddenInside(Path.of("/run/user/1000/x")));
        assertTrue(!AmdVMachineSpec.hiddenInside(Path.of("/tmpx/labs.jar")));
        assertTrue(!AmdVMachineSpec.hiddenInside(Path.of("/home/u/labs/labs-cli/target")));
    }

    @Test
    void aPathWithALineBreakIsRefused() {
        LabsException e = assertThrows(LabsException.class,
                () -> spec(List.of(new AmdVMachineSpec.Share("results", Path.of("/r/a\nb")))));
        assertEquals(2, e.exitCode());
    }
}

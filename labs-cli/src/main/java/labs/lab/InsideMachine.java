package labs.lab;

import java.time.Duration;
import labs.launcher.amdv.AmdVMachine;

/**
 * How the emulated AMD-V machine is set up for one lab, where the labs differ (each choice measured).
 *
 * @param tcgThreads QEMU's multi-threaded TCG (one host thread per vCPU), or one thread for both vCPUs
 * @param quietLimit the longest the lab inside may print nothing before labs stops the machine (and runs it again)
 */
record InsideMachine(boolean tcgThreads, Duration quietLimit) {
    /**
     * vm-exit prints a line every step: its longest silence inside was 30 s (--quick, load average 6-10), so a
     * stall shows long before the 5 minutes that labs booting guests inside need.
     */
    static final Duration VM_EXIT_QUIET = Duration.ofMinutes(2);

    /**
     * vm-exit boots no guest Linux, so one TCG thread suits it: there it never stalled and ran as fast as with two
     * threads on a loaded host (see {@link AmdVMachineRun#onceMore()} for why the others keep two). With two threads
     * the machine stalled in 2 of 12 runs, rewriting kernel code (see labs.vmm.HeldVm); one thread has no
     * cross-thread code-patching race, and no JVM crash inside was ever seen with it.
     */
    static InsideMachine forLab(String lab) {
        return lab.equals("vm-exit") ? new InsideMachine(false, VM_EXIT_QUIET)
                : new InsideMachine(true, AmdVMachine.QUIET_LIMIT);
    }
}

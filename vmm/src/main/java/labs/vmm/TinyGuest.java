package labs.vmm;

import java.time.Duration;
import labs.common.Progress;
import labs.vmm.guest.GuestPrograms;
import labs.vmm.kvm.Kvm;

/** The smallest proof that KVM runs guest code here: used by vt-check and as the lab's first step. */
public final class TinyGuest {
    public static final long LOOP_COUNT = 100_000;

    private TinyGuest() {}

    /**
     * Runs a counting loop at CPL3 in long mode in a fresh VM with 2 MiB of RAM; never throws.
     *
     * @param out where a replaced SIGUSR1 handler is reported (see {@link Vmm#run})
     */
    public static GuestRunProof runTinyGuest(Progress out) {
        long t0 = System.nanoTime();
        String mode = "64-bit long mode, CPL3";
        try (Kvm kvm = KvmAccess.open(); Vm vm = Vm.create(kvm, 2 << 20)) {
            Vcpu v = vm.load(GuestPrograms.countingLoop(LOOP_COUNT).code(), CpuMode.USER_CPL3);
            GuestRun r = Vmm.run(v, ExitHandler.NONE, Duration.ofSeconds(5), out);
            long us = (System.nanoTime() - t0) / 1000;
            boolean ok = r.rax() == LOOP_COUNT;
            return new GuestRunProof(ok, mode, LOOP_COUNT, r.rax(), r.exits().toString(), us,
                    ok ? null : "the guest reported " + r.rax() + " instead of " + LOOP_COUNT);
        } catch (RuntimeException | LinkageError e) {
            return new GuestRunProof(false, mode, LOOP_COUNT, -1, "", (System.nanoTime() - t0) / 1000,
                    e.getMessage());
        }
    }
}

package labs.vmm;

import labs.vmm.kvm.Kvm;

/**
 * A VM with one vCPU that is never run, kept open while a lab creates and destroys many short-lived VMs, so that
 * those leave the host kernel's code alone.
 *
 * <p>Why: KVM turns two kernel static keys on while any VM exists ({@code preempt_notifier_key}, which
 * {@code __schedule} tests) and while any vCPU without an in-kernel APIC exists ({@code kvm_has_noapic_vcpu}), and
 * off again with the last one. Switching a static key rewrites kernel code on a live machine: an int3 is written
 * at each site, every CPU is made to resynchronise by IPI, then the new instruction is written. With one VM at a
 * time (vm-exit makes a fresh VM for every measurement, 30-42 a run) the kernel did that twice per VM.
 * Inside the emulated AMD-V machine, QEMU's multi-threaded TCG then sometimes never finished: both of the
 * machine's CPUs were found looping in the kernel's int3 patching path ({@code exc_int3}, {@code
 * poke_int3_handler}) and in {@code __schedule}, and the lab stalled (2 runs in 12). While this VM is open, both
 * keys stay on and the VMs made and closed meanwhile only count up and down.
 */
public final class HeldVm implements AutoCloseable {
    private final Vm vm;

    private HeldVm(Vm vm) {
        this.vm = vm;
    }

    /** Opens it: the smallest VM (2 MiB) with one vCPU, never run. */
    public static HeldVm open(Kvm kvm) {
        Vm vm = Vm.create(kvm, 2 << 20);
        try {
            vm.createVcpu();
        } catch (RuntimeException e) {
            vm.close();
            throw e;
        }
        return new HeldVm(vm);
    }

    @Override
    public void close() {
        vm.close();
    }
}

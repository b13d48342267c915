package labs.vmm;

import com.sun.jna.Native;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import labs.common.LabsException;
import labs.common.Progress;
import labs.vmm.kvm.KvmException;
import labs.vmm.kvm.KvmRun;
import labs.vmm.kvm.LibC;

/**
 * The run loop of a VMM: KVM_RUN on the vCPU's own platform thread, then look at why the guest stopped, handle it,
 * and run again, until the guest writes DONE. Everything a student should see is in {@link #loop}:
 *
 * <pre>
 *   while (true) {
 *       ioctl(vcpu, KVM_RUN)          // the CPU runs guest code (VMX non-root) until it must leave
 *       switch (kvm_run.exit_reason)  // back in the host (VMX root), in this process
 *           IO   -> MARK: note time | DONE: stop | device: handler
 *           MMIO -> handler
 *           SHUTDOWN, INTERNAL_ERROR, FAIL_ENTRY, other -> stop with a message
 *   }
 * </pre>
 * A watchdog on the calling thread stops a guest that never exits ({@link VcpuKicker}).
 */
public final class Vmm {
    private final Vcpu vcpu;
    private final ExitHandler handler;
    private final ExitCounts counts = new ExitCounts();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile int tid;
    private volatile boolean stopRequested;
    // written by the vCPU thread, read after join (which orders the accesses)
    private Timing start;
    private Timing mark;
    private Timing done;
    private long result;
    private long rax;
    private RuntimeException failure;

    private Vmm(Vcpu vcpu, ExitHandler handler) {
        this.vcpu = vcpu;
        this.handler = handler;
    }

    /**
     * Runs the guest loaded in vcpu until it writes DONE. Returns only when the vCPU thread has ended.
     *
     * @param limit how long the guest may run before the watchdog stops it
     * @param out   where a replaced SIGUSR1 handler is reported
     * @throws GuestStoppedException when the guest faulted, made an unhandled exit or ran past limit
     */
    public static GuestRun run(Vcpu vcpu, ExitHandler handler, Duration limit, Progress out) {
        VcpuKicker.install(out);
        vcpu.kvmRun().setImmediateExit(false);   // a vCPU stopped by the watchdog before may run again
        Vmm vmm = new Vmm(vcpu, handler);
        Thread t = new Thread(vmm::loop, "vcpu-" + vcpu.id());   // a platform thread: KVM_RUN blocks it
        t.setDaemon(true);
        t.start();
        boolean timedOut = false;
        try {
            vmm.started.await();
            t.join(Math.max(1, limit.toMillis()));
            if (t.isAlive()) {
                timedOut = true;
                vmm.stop(t);
            }
        } catch (InterruptedException e) {
            vmm.stop(t);
            Thread.currentThread().interrupt();
            throw LabsException.failed("interrupted while the guest ran", "the vCPU was stopped", e);
        }
        if (vmm.failure != null) {
            throw vmm.failure;
        }
        if (timedOut) {
            throw new GuestStoppedException(
                    "the guest did not finish within " + limit.toMillis() + " ms",
                    "it made no exit to the VMM in that time (an endless loop in guest code never leaves the CPU);"
                            + " the watchdog stopped the vCPU with immediate_exit and a signal. Exits before: "
                            + vmm.counts, "give the guest more time, or check that its code ends with an out to"
                            + " the DONE port 0x" + Integer.toHexString(Ports.DONE), new VmExit.Interrupted(),
                    vmm.counts);
        }
        return new GuestRun(vmm.counts, vmm.done.since(vmm.mark != null ? vmm.mark : vmm.start), vmm.result,
                vmm.rax);
    }

    /** Kicks the vCPU until its thread has left KVM_RUN and ended. */
    private void stop(Thread t) {
        stopRequested = true;
        for (int i = 0; i < 200 && t.isAlive(); i++) {
            VcpuKicker.kick(vcpu, tid);
            try {
                t.join(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (t.isAlive()) {
            throw LabsException.failed("the vCPU thread did not stop", "KVM_RUN ignored 200 signals", null);
        }
    }

    private void loop() {
        KvmRun run = vcpu.kvmRun();
        try {
            try {
                tid = VcpuKicker.currentTid();
            } finally {
                started.countDown();   // even if that failed: the caller must not wait forever
            }
            start = Timing.now();
            while (!step(run)) {
                // one KVM_RUN and its exit per step
            }
        } catch (RuntimeException e) {
            failure = e;
        } catch (LinkageError e) {
            failure = LabsException.failed("the VMM could not call into libc", e.toString(), e);
        }
    }

    /** One KVM_RUN and the exit it ended with; true when the run is over (done, stopped or failed). */
    private boolean step(KvmRun run) {
        int rc = vcpu.runOnce();
        if (rc < 0) {
            int errno = Native.getLastError();
            if (errno != LibC.EINTR) {
                throw new KvmException("KVM_RUN", errno);
            }
            counts.add(ExitKind.INTERRUPTED);
            return stopRequested;
        }
        // The VMM's own ports first, read straight from kvm_run: no decoding, no allocation.
        if (run.exitReason() == KvmRun.EXIT_IO && run.ioOut()) {
            int port = run.ioPort();
            if (port == Ports.MARK) {
                counts.add(ExitKind.PORT_OUT);
                mark = Timing.now();
                return false;
            }
            if (port == Ports.DONE) {
                counts.add(ExitKind.PORT_OUT);
                done = Timing.now();
                result = run.ioData();
                rax = vcpu.regs().rax;
                return true;
            }
        }
        VmExit exit = VmExit.decode(run);
        counts.add(exit.kind());
        switch (exit.kind()) {
            case INTERRUPTED -> {
                return stopRequested;
            }
            case SHUTDOWN, INTERNAL_ERROR, FAIL_ENTRY, UNKNOWN -> {
                failure = fault(exit);
                return true;
            }
            default -> {
                if (!handler.handle(exit, vcpu)) {
                    failure = unhandled(exit);
                    return true;
                }
                return false;
            }
        }
    }

    private GuestStoppedException fault(VmExit exit) {
        String rip = ripText();
        if (exit instanceof VmExit.Shutdown) {
            return new GuestStoppedException("the guest crashed (KVM_EXIT_SHUTDOWN: triple fault)" + rip,
                    "its code raised a CPU exception (e.g. #UD, #GP, #PF) and this tiny machine has no interrupt"
                            + " table to handle it, so the CPU shut down", "fix the guest code at that address",
                    exit, counts);
        }
        if (exit instanceof VmExit.InternalError ie) {
            return new GuestStoppedException(
                    "KVM could not handle the guest (KVM_EXIT_INTERNAL_ERROR, suberror " + ie.suberror() + ")" + rip,
                    "suberror 1 means KVM's instruction emulator met an instruction it cannot emulate; data "
                            + ie.data(), "run the guest at CPL3, where it runs natively", exit, counts);
        }
        if (exit instanceof VmExit.FailEntry fe) {
            return new GuestStoppedException("the CPU refused to enter the guest (KVM_EXIT_FAIL_ENTRY, hardware"
                    + " reason 0x" + Long.toHexString(fe.hardwareReason()) + ")",
                    "the register state set by the VMM is invalid for VM entry", "check LongModeSetup", exit,
                    counts);
        }
        return unhandled(exit);
    }

    private GuestStoppedException unhandled(VmExit exit) {
        return new GuestStoppedException("the guest made an exit this VMM does not handle: " + exit + ripText(),
                "no device of this tiny machine claims it (" + exit.kind().description() + ")",
                "handle " + exit.kind() + " in the ExitHandler passed to Vmm.run, or change the guest code", exit,
                counts);
    }

    private String ripText() {
        try {
            return String.format(" at rip 0x%x", vcpu.regs().rip);
        } catch (RuntimeException e) {
            return "";
        }
    }
}

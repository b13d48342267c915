package labs.lab.sched;

import static labs.lab.sched.Amd64.RAX;
import static labs.lab.sched.Amd64.RBP;
import static labs.lab.sched.Amd64.RBX;
import static labs.lab.sched.Amd64.RCX;
import static labs.lab.sched.Amd64.RDI;
import static labs.lab.sched.Amd64.RDX;
import static labs.lab.sched.Amd64.RSI;
import static labs.lab.sched.Amd64.RSP;
import static labs.lab.sched.Amd64.R10;
import static labs.lab.sched.Amd64.R12;
import static labs.lab.sched.Amd64.R13;
import static labs.lab.sched.Amd64.R14;
import static labs.lab.sched.Amd64.R15;
import static labs.lab.sched.Amd64.R8;
import static labs.lab.sched.Amd64.R9;

import labs.lab.sched.Amd64.Cond;

/**
 * The sched-virt lab's load program: a static x86-64 Linux executable (no libc, about 1 KB) that labs writes from
 * this source, so the very same bytes run on the host and in the guest and the student needs no compiler.
 * <pre>
 *   sched-load s CPU N STEPS CAL   the book's sched-virt.py: pin to CPU, time CAL iterations of the loop (the
 *                                  fastest of ten rounds) to get loops per ms, take the start time, fork N
 *                                  workers; each does STEPS steps of one ms of loop and records CLOCK_MONOTONIC
 *                                  after each (in shared memory); the
 *                                  parent waits for all, then prints "c CAL NS", "s START_NS" and one
 *                                  "p PROCESS STEP NS" line per step (N 1..8, STEPS 1..1000, CAL >= 1000)
 *   sched-load f CPU N STEPS LPM   the same with LPM loop turns per ms given (a calibration made before, with
 *                                  the CPU to itself), no calibration: it prints "c LPM 1000000"
 *   sched-load l CPU SECONDS       the book's inf-loop.py, pinned to CPU: ends after SECONDS, or as soon as its
 *                                  parent is gone (it checks every ~1 ms), so it cannot outlive labs
 * </pre>
 * Exit status 0, or 2 for bad arguments or a system call that failed (say, a CPU that is not online).
 */
public final class LoadProgram {
    private LoadProgram() {}

    static final long BASE = 0x400000;
    /** The writable data (bss) segment: fixed addresses, so the code needs no relocation. */
    static final int DATA = 0x600000;
    private static final int TS = 0, MASK = 16, CAL = 24, CALNS = 32, PPID = 40, NUMEND = 96, OUT = 128;
    private static final int OUT_SIZE = 512 * 1024;
    private static final int SHARED = 65536;
    public static final int MAX_PROCESSES = 8;
    public static final int MAX_STEPS = 1000;
    /** Calibration rounds; the fastest counts. */
    public static final int CAL_ROUNDS = 10;
    private static final int SYS_WRITE = 1, SYS_MMAP = 9, SYS_FORK = 57, SYS_WAIT4 = 61, SYS_GETPPID = 110,
            SYS_SETAFFINITY = 203, SYS_CLOCK_GETTIME = 228, SYS_EXIT_GROUP = 231;

    /** The executable's bytes (an ELF file). */
    public static byte[] elf() {
        return ElfImage.of(code(), BASE, DATA, OUT + OUT_SIZE);
    }

    static byte[] code() {
        Amd64 a = new Amd64();
        main(a);
        sched(a);
        child(a);
        spin(a);
        subroutines(a);
        return a.bytes();
    }

    /** Arguments, the parent's pid for the spin mode's check, and pinning (the book's sched_setaffinity). */
    private static void main(Amd64 a) {
        a.load(RAX, RSP, 0).cmpImm(RAX, 3).j(Cond.B, "fail");
        a.load(RSI, RSP, 16).loadByte(R12, RSI, 0);                     // mode letter
        a.loadByte(RCX, RSI, 1).test(RCX, RCX).j(Cond.NE, "fail");      // and nothing after it
        a.movImm(RAX, SYS_GETPPID).syscall().movImm(RDI, DATA).store(RDI, PPID, RAX);
        a.load(RSI, RSP, 24).call("atoi").cmpImm(RAX, 63).j(Cond.A, "fail");
        a.mov(RCX, RAX).movImm(RAX, 1).shlCl(RAX).movImm(RDI, DATA).store(RDI, MASK, RAX);
        a.movImm(RAX, SYS_SETAFFINITY).zero(RDI).movImm(RSI, 8).movImm(RDX, DATA + MASK).syscall();
        a.test(RAX, RAX).j(Cond.NE, "fail");
        a.cmpImm(R12, 'l').j(Cond.E, "spin");
        a.cmpImm(R12, 'f').j(Cond.E, "sched");
        a.cmpImm(R12, 's').j(Cond.NE, "fail");
    }

    /** Calibration, shared memory, the workers, then the report. r12 = N, r13 = STEPS, r14 = loops per ms. */
    private static void sched(Amd64 a) {
        a.label("sched").mov(R15, R12);                                 // the mode, until mmap
        a.load(RAX, RSP, 0).cmpImm(RAX, 6).j(Cond.B, "fail");
        a.load(RSI, RSP, 32).call("atoi").mov(R12, RAX);
        a.load(RSI, RSP, 40).call("atoi").mov(R13, RAX);
        a.load(RSI, RSP, 48).call("atoi").movImm(RDI, DATA).store(RDI, CAL, RAX);
        a.cmpImm(R12, 1).j(Cond.B, "fail").cmpImm(R12, MAX_PROCESSES).j(Cond.A, "fail");
        a.cmpImm(R13, 1).j(Cond.B, "fail").cmpImm(R13, MAX_STEPS).j(Cond.A, "fail");
        a.cmpImm(RAX, 1000).j(Cond.B, "fail");
        a.cmpImm(R15, 'f').j(Cond.E, "fixed");
        // calibration: CAL iterations of the very loop the workers run, timed
        // (ten rounds, the fastest kept: a round the scheduler interrupted would make every step too short)
        a.movSx(R8, -1).movImm(RBX, CAL_ROUNDS);
        a.label("round").call("now").mov(RBP, RAX).movImm(RDI, DATA).load(RCX, RDI, CAL);
        a.label("cal").dec(RCX).j(Cond.NE, "cal");
        a.call("now").sub(RAX, RBP).cmp(RAX, R8).j(Cond.AE, "slower").mov(R8, RAX);
        a.label("slower").dec(RBX).j(Cond.NE, "round");
        a.movImm(RDI, DATA).store(RDI, CALNS, R8).test(R8, R8).j(Cond.E, "fail");
        a.load(RAX, RDI, CAL).imulImm(RAX, RAX, 1_000_000).zero(RDX).div(R8).mov(R14, RAX).jmp("calibrated");
        // mode f: CAL is the loop turns per ms, as if CAL turns had taken 1 ms
        a.label("fixed").movImm(RDI, DATA).movImm(RAX, 1_000_000).store(RDI, CALNS, RAX).load(R14, RDI, CAL);
        a.label("calibrated").cmpImm(R14, 1).j(Cond.B, "fail");
        // mmap(0, SHARED, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0): the workers' timestamps
        a.movImm(RAX, SYS_MMAP).zero(RDI).movImm(RSI, SHARED).movImm(RDX, 3).movImm(R10, 0x21).movSx(R8, -1)
                .zero(R9).syscall();
        a.cmpImm(RAX, -4096).j(Cond.A, "fail").mov(R15, RAX);
        a.call("now").mov(RBP, RAX);                                     // the start every step is measured from
        a.zero(RBX);
        a.label("fork").movImm(RAX, SYS_FORK).syscall().test(RAX, RAX).j(Cond.E, "child").j(Cond.S, "fail");
        a.inc(RBX).cmp(RBX, R12).j(Cond.B, "fork");
        a.mov(RBX, R12);
        a.label("wait").movImm(RAX, SYS_WAIT4).movSx(RDI, -1).zero(RSI).zero(RDX).zero(R10).syscall();
        a.test(RAX, RAX).j(Cond.S, "fail").dec(RBX).j(Cond.NE, "wait");
        report(a);
    }

    private static void report(Amd64 a) {
        a.movImm(RBX, DATA + OUT);
        putc(a, 'c', ' ').movImm(RDI, DATA).load(RAX, RDI, CAL).call("putnum");
        putc(a, ' ').movImm(RDI, DATA).load(RAX, RDI, CALNS).call("putnum");
        putc(a, '\n', 's', ' ').mov(RAX, RBP).call("putnum");
        putc(a, '\n').mov(R8, R15).zero(R9);
        a.label("outer").zero(R10);
        putc(a.label("inner"), 'p', ' ').mov(RAX, R9).call("putnum");
        putc(a, ' ').mov(RAX, R10).call("putnum");
        putc(a, ' ').load(RAX, R8, 0).call("putnum");
        putc(a, '\n').addImm(R8, 8).inc(R10).cmp(R10, R13).j(Cond.B, "inner");
        a.inc(R9).cmp(R9, R12).j(Cond.B, "outer");
        a.movImm(RSI, DATA + OUT);
        a.label("write").mov(RDX, RBX).sub(RDX, RSI).j(Cond.E, "done");
        a.movImm(RAX, SYS_WRITE).movImm(RDI, 1).syscall().cmpImm(RAX, 1).j(Cond.L, "fail");
        a.add(RSI, RAX).jmp("write");
        a.label("done").movImm(RAX, SYS_EXIT_GROUP).zero(RDI).syscall();
        a.label("fail").movImm(RAX, SYS_EXIT_GROUP).movImm(RDI, 2).syscall();
    }

    /** Worker rbx: STEPS times, one ms of loop, then the time into its row of the shared memory. */
    private static void child(Amd64 a) {
        a.label("child").mov(RAX, RBX).imul(RAX, R13).imulImm(RAX, RAX, 8).add(RAX, R15).mov(RBX, RAX);
        a.mov(R12, R13);
        a.label("step").mov(RCX, R14);
        a.label("work").dec(RCX).j(Cond.NE, "work");
        a.call("now").store(RBX, 0, RAX).addImm(RBX, 8).dec(R12).j(Cond.NE, "step");
        a.jmp("done");
    }

    /** The endless loop, bounded: SECONDS, and the parent it started with (checked after each ~million turns). */
    private static void spin(Amd64 a) {
        a.label("spin").load(RAX, RSP, 0).cmpImm(RAX, 4).j(Cond.B, "fail");
        a.load(RSI, RSP, 32).call("atoi").cmpImm(RAX, 86_400).j(Cond.A, "fail");
        a.imulImm(R12, RAX, 1_000_000_000).call("now").add(R12, RAX);
        a.label("spinloop").movImm(RCX, 1_000_000);
        a.label("spinwork").dec(RCX).j(Cond.NE, "spinwork");
        a.movImm(RAX, SYS_GETPPID).syscall().movImm(RDI, DATA).load(RDX, RDI, PPID).cmp(RAX, RDX).j(Cond.NE, "done");
        a.call("now").cmp(RAX, R12).j(Cond.B, "spinloop");
        a.jmp("done");
    }

    private static void subroutines(Amd64 a) {
        // now: rax = CLOCK_MONOTONIC in ns (clobbers rdi rsi rdx rcx r11)
        a.label("now").movImm(RAX, SYS_CLOCK_GETTIME).movImm(RDI, 1).movImm(RSI, DATA + TS).syscall();
        a.movImm(RDI, DATA).load(RDX, RDI, TS).imulImm(RAX, RDX, 1_000_000_000).load(RDX, RDI, TS + 8)
                .add(RAX, RDX).ret();
        // atoi: rax = the decimal number at rsi (clobbers rcx rdx rsi); anything but digits, or none, fails: the
        // student may run the program by hand, and "-1" must not quietly be CPU 0
        a.label("atoi").zero(RAX).mov(RDX, RSI);
        a.label("atoiloop").loadByte(RCX, RSI, 0).subImm(RCX, '0').cmpImm(RCX, 9).j(Cond.A, "atoidone");
        a.imulImm(RAX, RAX, 10).add(RAX, RCX).inc(RSI).jmp("atoiloop");
        a.label("atoidone").cmp(RSI, RDX).j(Cond.E, "fail");
        a.loadByte(RCX, RSI, 0).test(RCX, RCX).j(Cond.NE, "fail").ret();
        // putnum: rax in decimal at rbx, rbx advanced (clobbers rax rcx rdx rsi)
        a.label("putnum").movImm(RSI, DATA + NUMEND).movImm(RCX, 10);
        a.label("pnloop").zero(RDX).div(RCX).addImm(RDX, '0').dec(RSI).storeByte(RSI, 0, RDX).test(RAX, RAX)
                .j(Cond.NE, "pnloop");
        a.label("pncopy").loadByte(RDX, RSI, 0).storeByte(RBX, 0, RDX).inc(RBX).inc(RSI)
                .cmpImm(RSI, DATA + NUMEND).j(Cond.B, "pncopy").ret();
    }

    /** Characters at rbx, rbx advanced. */
    private static Amd64 putc(Amd64 a, char... cs) {
        for (char c : cs) {
            a.storeByteImm(RBX, 0, c).inc(RBX);
        }
        return a;
    }
}

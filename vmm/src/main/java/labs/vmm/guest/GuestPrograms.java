package labs.vmm.guest;

import labs.vmm.Ports;
import labs.vmm.asm.Reg;
import labs.vmm.asm.X86Asm;

/**
 * The lab's tiny guests. Each one writes MARK when the part worth timing begins and ends with its result in eax
 * written to the DONE port; there is no operating system, no interrupt table, nothing else.
 */
public final class GuestPrograms {
    private GuestPrograms() {}

    /**
     * A counting loop that never leaves the CPU: add/dec/jnz n times, then DONE with rax = n. This is the code
     * that shows "guest instructions run directly on the real CPU".
     */
    public static GuestProgram countingLoop(long n) {
        X86Asm a = new X86Asm().out(Ports.MARK);
        loopBody(a, n);
        a.out(Ports.DONE);
        return program("counting-loop", a, n);
    }

    /**
     * The same loop as a host function (ends in ret, returns rax = n): the identical loop bytes run in this
     * process, so guest and host execute the very same machine code.
     */
    public static GuestProgram countingLoopForHost(long n) {
        X86Asm a = new X86Asm();
        loopBody(a, n);
        a.ret();
        return program("counting-loop-host", a, n);
    }

    private static void loopBody(X86Asm a, long n) {
        a.zero(Reg.RAX)
                .movImm64(Reg.RCX, n)
                .align(16)
                .label("loop")
                .addImm8(Reg.RAX, 1)
                .dec(Reg.RCX)
                .jnz("loop");
    }

    /**
     * n writes of eax = 0, 1, 2 ... to port, each an exit (to the VMM in user space, or to KVM only when the port
     * has an ioeventfd), then DONE with eax = n.
     */
    public static GuestProgram portWrites(int port, long n) {
        X86Asm a = new X86Asm()
                .out(Ports.MARK)
                .zero(Reg.RAX)
                .movImm64(Reg.RCX, n)
                .movImm32(Reg.RDX, port)
                .label("loop")
                .outDxEax()
                .inc32(Reg.RAX)
                .dec(Reg.RCX)
                .jnz("loop")
                .out(Ports.DONE);
        return program("port-writes-0x" + Integer.toHexString(port), a, n);
    }

    /** n 4-byte stores of eax = 0, 1, 2 ... to address (where no RAM is: each is an MMIO exit), then DONE. */
    public static GuestProgram mmioWrites(long address, long n) {
        X86Asm a = new X86Asm()
                .movImm64(Reg.RBX, address)
                .out(Ports.MARK)
                .zero(Reg.RAX)
                .movImm64(Reg.RCX, n)
                .label("loop")
                .storeEax(Reg.RBX)
                .inc32(Reg.RAX)
                .dec(Reg.RCX)
                .jnz("loop")
                .out(Ports.DONE);
        return program("mmio-writes", a, n);
    }

    /** One 4-byte load from address (an MMIO read the VMM answers), then DONE with the value read. */
    public static GuestProgram mmioRead(long address) {
        X86Asm a = new X86Asm()
                .movImm64(Reg.RBX, address)
                .loadEax(Reg.RBX)
                .out(Ports.DONE);
        return program("mmio-read", a, 1);
    }

    /** One {@code in} from port, then DONE with the value read. */
    public static GuestProgram portRead(int port) {
        X86Asm a = new X86Asm().movImm32(Reg.RDX, port).inEaxDx().out(Ports.DONE);
        return program("port-read", a, 1);
    }

    /**
     * One 4-byte store into each of pages 4 KiB pages starting at base: the first touch of each page. Page i
     * gets the value i + 1, so the VMM can check what the guest wrote into its RAM.
     */
    public static GuestProgram touchPages(long base, long pages) {
        X86Asm a = new X86Asm()
                .movImm64(Reg.RBX, base)
                .movImm64(Reg.RCX, pages)
                .out(Ports.MARK)
                .zero(Reg.RAX)
                .label("loop")
                .inc32(Reg.RAX)
                .storeEax(Reg.RBX)
                .addImm32(Reg.RBX, 4096)
                .dec(Reg.RCX)
                .jnz("loop")
                .out(Ports.DONE);
        return program("touch-pages", a, pages);
    }

    /** MARK then DONE at once: the time between them is one exit and one entry, the overhead of every timing. */
    public static GuestProgram markThenDone() {
        return program("mark-then-done", new X86Asm().out(Ports.MARK).out(Ports.DONE), 0);
    }

    /** ud2: an invalid-opcode exception with no handler, i.e. a triple fault. */
    public static GuestProgram invalidOpcode() {
        return program("ud2", new X86Asm().ud2(), 0);
    }

    /** jmp to itself: never exits on its own. */
    public static GuestProgram spinForever() {
        return program("spin", new X86Asm().label("self").jmp("self"), 0);
    }

    /** hlt: at CPL0 an HLT exit; at CPL3 a #GP (privileged instruction), hence a triple fault here. */
    public static GuestProgram halt() {
        return program("hlt", new X86Asm().hlt(), 0);
    }

    private static GuestProgram program(String name, X86Asm a, long ops) {
        return new GuestProgram(name, a.bytes(), a.listing(), ops);
    }
}

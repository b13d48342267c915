package labs.vmm.asm;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny x86-64 assembler: just the instructions the lab's guests use, each emitted with its mnemonic so that
 * {@link #listing()} shows a student the bytes the CPU runs next to the assembly they mean. Jumps go backwards to
 * labels defined earlier (loops), which keeps it a single pass.
 */
public final class X86Asm {
    private final ByteArrayOutputStream code = new ByteArrayOutputStream();
    private final List<String> listing = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();

    /** Defines label at the current position. */
    public X86Asm label(String name) {
        labels.put(name, code.size());
        listing.add(name + ":");
        return this;
    }

    /** Pads with nop up to a multiple of n, so a loop starts at the same alignment wherever the code is loaded. */
    public X86Asm align(int n) {
        int pad = (n - code.size() % n) % n;
        if (pad > 0) {
            byte[] nops = new byte[pad];
            java.util.Arrays.fill(nops, (byte) 0x90);
            emit("nop x" + pad, nops);
        }
        return this;
    }

    /** mov r64, imm64 (REX.W B8+r). */
    public X86Asm movImm64(Reg r, long value) {
        byte[] b = new byte[10];
        b[0] = 0x48;
        b[1] = (byte) (0xb8 + r.code());
        for (int i = 0; i < 8; i++) {
            b[2 + i] = (byte) (value >>> (8 * i));
        }
        return emit("mov " + r.r64() + ", 0x" + Long.toHexString(value), b);
    }

    /** mov r32, imm32 (B8+r): also clears the upper 32 bits of the 64-bit register. */
    public X86Asm movImm32(Reg r, int value) {
        return emit("mov " + r.r32() + ", 0x" + Integer.toHexString(value),
                (byte) (0xb8 + r.code()), (byte) value, (byte) (value >>> 8), (byte) (value >>> 16),
                (byte) (value >>> 24));
    }

    /** xor r32, r32: the usual way to zero a register. */
    public X86Asm zero(Reg r) {
        return emit("xor " + r.r32() + ", " + r.r32(), (byte) 0x31, modrmReg(r, r));
    }

    /** add r64, imm8 (REX.W 83 /0 ib). */
    public X86Asm addImm8(Reg r, int imm8) {
        return emit("add " + r.r64() + ", " + imm8, (byte) 0x48, (byte) 0x83, (byte) (0xc0 + r.code()),
                (byte) imm8);
    }

    /** add r64, imm32 (REX.W 81 /0 id). */
    public X86Asm addImm32(Reg r, int imm) {
        return emit("add " + r.r64() + ", 0x" + Integer.toHexString(imm), (byte) 0x48, (byte) 0x81,
                (byte) (0xc0 + r.code()), (byte) imm, (byte) (imm >>> 8), (byte) (imm >>> 16), (byte) (imm >>> 24));
    }

    /** inc r32 (FF /0). */
    public X86Asm inc32(Reg r) {
        return emit("inc " + r.r32(), (byte) 0xff, (byte) (0xc0 + r.code()));
    }

    /** dec r64 (REX.W FF /1): sets ZF when the register reaches 0. */
    public X86Asm dec(Reg r) {
        return emit("dec " + r.r64(), (byte) 0x48, (byte) 0xff, (byte) (0xc8 + r.code()));
    }

    /** jnz label (75 rel8): label must be defined before and within 128 bytes. */
    public X86Asm jnz(String label) {
        return emit("jnz " + label, (byte) 0x75, rel8(label, 2));
    }

    /** jmp label (EB rel8). */
    public X86Asm jmp(String label) {
        return emit("jmp " + label, (byte) 0xeb, rel8(label, 2));
    }

    /** out dx, eax (EF): write 4 bytes to the I/O port in dx. */
    public X86Asm outDxEax() {
        return emit("out dx, eax", (byte) 0xef);
    }

    /** in eax, dx (ED): read 4 bytes from the I/O port in dx. */
    public X86Asm inEaxDx() {
        return emit("in eax, dx", (byte) 0xed);
    }

    /** mov dword [base], eax (89 /r): a 4-byte store to the address in base. */
    public X86Asm storeEax(Reg base) {
        checkSimpleBase(base);
        return emit("mov dword [" + base.r64() + "], eax", (byte) 0x89, (byte) base.code());
    }

    /** mov eax, dword [base] (8B /r): a 4-byte load from the address in base. */
    public X86Asm loadEax(Reg base) {
        checkSimpleBase(base);
        return emit("mov eax, dword [" + base.r64() + "]", (byte) 0x8b, (byte) base.code());
    }

    public X86Asm ud2() { return emit("ud2", (byte) 0x0f, (byte) 0x0b); }

    public X86Asm hlt() { return emit("hlt", (byte) 0xf4); }

    public X86Asm ret() { return emit("ret", (byte) 0xc3); }

    /** Writes eax to an I/O port: mov edx, port; out dx, eax. */
    public X86Asm out(int port) {
        return movImm32(Reg.RDX, port).outDxEax();
    }

    public byte[] bytes() { return code.toByteArray(); }

    /** One line per instruction: offset, bytes in hex, mnemonic. */
    public List<String> listing() { return List.copyOf(listing); }

    public int size() { return code.size(); }

    private static byte modrmReg(Reg reg, Reg rm) {
        return (byte) (0xc0 | (reg.code() << 3) | rm.code());
    }

    private static void checkSimpleBase(Reg base) {
        // [rsp] needs a SIB byte and [rbp] means rip-relative/disp32 in mod=00: not supported here.
        if (base == Reg.RSP || base == Reg.RBP) {
            throw new IllegalArgumentException("base register " + base + " needs an encoding this helper lacks");
        }
    }

    private byte rel8(String label, int insnLength) {
        Integer target = labels.get(label);
        if (target == null) {
            throw new IllegalArgumentException("label " + label + " is not defined yet (only backward jumps)");
        }
        int rel = target - (code.size() + insnLength);
        if (rel < -128 || rel > 127) {
            throw new IllegalArgumentException("jump to " + label + " is too far for rel8: " + rel);
        }
        return (byte) rel;
    }

    private X86Asm emit(String mnemonic, byte... b) {
        StringBuilder hex = new StringBuilder();
        for (byte x : b) {
            hex.append(String.format("%02x ", x & 0xff));
        }
        listing.add(String.format("  %04x  %-30s %s", code.size(), hex.toString().trim(), mnemonic));
        code.write(b, 0, b.length);
        return this;
    }
}

package labs.lab.sched;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just the x86-64 instructions the load program needs, encoded by hand (Intel SDM vol. 2), so that labs can make
 * that program without a compiler or assembler on the student's machine. Registers are numbered as the CPU encodes
 * them, 0 = rax ... 7 = rdi, 8 = r8 ... 15 = r15; every operation is 64-bit unless its name says otherwise.
 * Memory operands are [base + disp32]. Jumps and calls take labels, resolved as rel32 by {@link #bytes()}.
 */
final class Amd64 {
    static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
    static final int R8 = 8, R9 = 9, R10 = 10, R12 = 12, R13 = 13, R14 = 14, R15 = 15;

    /** Condition codes of jcc (0F 80+cc). */
    enum Cond {
        B(0x2), AE(0x3), E(0x4), NE(0x5), BE(0x6), A(0x7), S(0x8), L(0xC), LE(0xE), G(0xF);

        final int cc;

        Cond(int cc) { this.cc = cc; }
    }

    private final ByteArrayOutputStream code = new ByteArrayOutputStream();
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<Object[]> fixups = new ArrayList<>();   // {label, offset of the rel32}

    Amd64 label(String name) {
        if (labels.putIfAbsent(name, code.size()) != null) {
            throw new IllegalArgumentException("label defined twice: " + name);
        }
        return this;
    }

    /** The machine code, every label resolved. */
    byte[] bytes() {
        byte[] b = code.toByteArray();
        for (Object[] f : fixups) {
            Integer target = labels.get((String) f[0]);
            if (target == null) {
                throw new IllegalStateException("undefined label " + f[0]);
            }
            int at = (Integer) f[1];
            int rel = target - (at + 4);
            for (int i = 0; i < 4; i++) {
                b[at + i] = (byte) (rel >>> (8 * i));
            }
        }
        return b;
    }

    // --- moves -----------------------------------------------------------------------------------------------------

    Amd64 mov(int dst, int src) { return rr(0x89, src, dst); }

    /** dst = imm32, zero-extended (the short form for small constants and the program's fixed addresses). */
    Amd64 movImm(int dst, int imm) {
        if (dst >= 8) {
            emit(0x41);
        }
        emit(0xB8 + (dst & 7));
        return imm32(imm);
    }

    /** dst = imm32 sign-extended to 64 bits (REX.W C7 /0): -1 for mmap's fd. */
    Amd64 movSx(int dst, int imm) {
        rex(true, 0, dst);
        emit(0xC7);
        emit(0xC0 | (dst & 7));
        return imm32(imm);
    }

    Amd64 load(int dst, int base, int disp) { return mem(0x8B, dst, base, disp); }

    Amd64 store(int base, int disp, int src) { return mem(0x89, src, base, disp); }

    /** byte [base + disp] = low byte of src (REX present, so 4..7 are spl..dil, never ah..bh). */
    Amd64 storeByte(int base, int disp, int src) {
        rex(false, src, base, true);
        emit(0x88);
        return modrm(src, base, disp);
    }

    /** byte [base + disp] = imm8. */
    Amd64 storeByteImm(int base, int disp, int imm8) {
        rex(false, 0, base, true);
        emit(0xC6);
        modrm(0, base, disp);
        return emit(imm8);
    }

    /** dst (32-bit, zero-extended) = byte [base + disp]. */
    Amd64 loadByte(int dst, int base, int disp) {
        rex(false, dst, base, true);
        emit(0x0F);
        emit(0xB6);
        return modrm(dst, base, disp);
    }

    // --- arithmetic ------------------------------------------------------------------------------------------------

    Amd64 add(int dst, int src) { return rr(0x01, src, dst); }

    Amd64 sub(int dst, int src) { return rr(0x29, src, dst); }

    /** Flags of dst - src. */
    Amd64 cmp(int dst, int src) { return rr(0x39, src, dst); }

    Amd64 test(int a, int b) { return rr(0x85, b, a); }

    /** 32-bit xor of a register with itself: zero, and the upper half too. */
    Amd64 zero(int r) {
        if (r >= 8) {
            emit(0x45);
        }
        emit(0x31);
        return emit(0xC0 | (r & 7) << 3 | (r & 7));
    }

    Amd64 addImm(int dst, int imm) { return group1(0, dst, imm); }

    Amd64 subImm(int dst, int imm) { return group1(5, dst, imm); }

    Amd64 cmpImm(int dst, int imm) { return group1(7, dst, imm); }

    /** dst = src * imm32. */
    Amd64 imulImm(int dst, int src, int imm) {
        rex(true, dst, src);
        emit(0x69);
        emit(0xC0 | (dst & 7) << 3 | (src & 7));
        return imm32(imm);
    }

    /** dst = dst * src. */
    Amd64 imul(int dst, int src) {
        rex(true, dst, src);
        emit(0x0F);
        emit(0xAF);
        return emit(0xC0 | (dst & 7) << 3 | (src & 7));
    }

    /** rdx:rax / src: quotient in rax, remainder in rdx. */
    Amd64 div(int src) { return unary(0xF7, 6, src); }

    Amd64 inc(int r) { return unary(0xFF, 0, r); }

    Amd64 dec(int r) { return unary(0xFF, 1, r); }

    /** r <<= cl. */
    Amd64 shlCl(int r) { return unary(0xD3, 4, r); }

    // --- control ---------------------------------------------------------------------------------------------------

    Amd64 jmp(String label) {
        emit(0xE9);
        return rel32(label);
    }

    Amd64 j(Cond c, String label) {
        emit(0x0F);
        emit(0x80 | c.cc);
        return rel32(label);
    }

    Amd64 call(String label) {
        emit(0xE8);
        return rel32(label);
    }

    Amd64 ret() { return emit(0xC3); }

    Amd64 syscall() {
        emit(0x0F);
        return emit(0x05);
    }

    // --- encoding --------------------------------------------------------------------------------------------------

    private Amd64 rr(int opcode, int reg, int rm) {
        rex(true, reg, rm);
        emit(opcode);
        return emit(0xC0 | (reg & 7) << 3 | (rm & 7));
    }

    private Amd64 mem(int opcode, int reg, int base, int disp) {
        rex(true, reg, base);
        emit(opcode);
        return modrm(reg, base, disp);
    }

    private Amd64 unary(int opcode, int ext, int r) {
        rex(true, 0, r);
        emit(opcode);
        return emit(0xC0 | ext << 3 | (r & 7));
    }

    private Amd64 group1(int ext, int r, int imm) {
        rex(true, 0, r);
        emit(0x81);
        emit(0xC0 | ext << 3 | (r & 7));
        return imm32(imm);
    }

    /** mod=10 (disp32) with the base; rsp and r12 as a base need a SIB byte (0x24: no index). */
    private Amd64 modrm(int reg, int base, int disp) {
        emit(0x80 | (reg & 7) << 3 | (base & 7));
        if ((base & 7) == RSP) {
            emit(0x24);
        }
        return imm32(disp);
    }

    private void rex(boolean w, int reg, int rm) {
        rex(w, reg, rm, false);
    }

    private void rex(boolean w, int reg, int rm, boolean always) {
        int rex = 0x40 | (w ? 8 : 0) | (reg >= 8 ? 4 : 0) | (rm >= 8 ? 1 : 0);
        if (rex != 0x40 || always) {
            emit(rex);
        }
    }

    private Amd64 rel32(String label) {
        fixups.add(new Object[] {label, code.size()});
        return imm32(0);
    }

    private Amd64 imm32(int v) {
        for (int i = 0; i < 4; i++) {
            emit(v >>> (8 * i));
        }
        return this;
    }

    private Amd64 emit(int b) {
        code.write(b);
        return this;
    }
}

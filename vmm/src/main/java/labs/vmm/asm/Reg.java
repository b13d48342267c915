package labs.vmm.asm;

/** The eight original x86-64 registers, numbered as the CPU encodes them (no REX.R/B bits needed). */
public enum Reg {
    RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI;

    int code() { return ordinal(); }

    String r64() { return name().toLowerCase(); }

    String r32() { return "e" + name().substring(1).toLowerCase(); }
}

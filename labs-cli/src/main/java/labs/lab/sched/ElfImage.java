package labs.lab.sched;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A static x86-64 Linux executable around machine code (System V gABI, ELF-64): the ELF header, three program
 * headers (the code, read and execute; a zero-filled data segment, read and write; a non-executable stack), then
 * the code, which starts right after the headers and is the entry point. No sections: the kernel needs none.
 */
final class ElfImage {
    private ElfImage() {}

    private static final int EHDR = 64, PHDR = 56, PHNUM = 3;
    private static final int PT_LOAD = 1, PT_GNU_STACK = 0x6474e551;
    private static final int PF_X = 1, PF_W = 2, PF_R = 4;

    /**
     * @param base     where the file (headers and code) is mapped
     * @param data     where the zero-filled data segment is mapped (page-aligned, above the code)
     * @param dataSize its size in bytes
     */
    static byte[] of(byte[] code, long base, long data, long dataSize) {
        int headers = EHDR + PHNUM * PHDR;
        ByteBuffer b = ByteBuffer.allocate(headers + code.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);   // 64-bit, little-endian, SysV
        b.putShort((short) 2).putShort((short) 0x3E).putInt(1);                 // ET_EXEC, x86-64, version 1
        b.putLong(base + headers).putLong(EHDR).putLong(0).putInt(0);           // entry, phoff, no sections
        b.putShort((short) EHDR).putShort((short) PHDR).putShort((short) PHNUM);
        b.putShort((short) 64).putShort((short) 0).putShort((short) 0);
        phdr(b, PT_LOAD, PF_R | PF_X, base, headers + code.length, headers + code.length);
        phdr(b, PT_LOAD, PF_R | PF_W, data, 0, dataSize);
        phdr(b, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0);
        b.put(code);
        return b.array();
    }

    private static void phdr(ByteBuffer b, int type, int flags, long vaddr, long fileSize, long memSize) {
        b.putInt(type).putInt(flags).putLong(0).putLong(vaddr).putLong(vaddr).putLong(fileSize).putLong(memSize)
                .putLong(type == PT_LOAD ? 0x1000 : 0x10);
    }
}

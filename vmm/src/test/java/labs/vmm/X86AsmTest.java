package labs.vmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import labs.vmm.asm.Reg;
import labs.vmm.asm.X86Asm;
import labs.vmm.guest.GuestPrograms;
import org.junit.jupiter.api.Test;

/** Encodings checked against `objdump -D -b binary -mi386:x86-64 -M intel` (binutils 2.40). */
class X86AsmTest {
    private static byte[] hex(String s) { return HexFormat.of().parseHex(s.replace(" ", "")); }

    @Test
    void touchPagesMatchesObjdump() {
        // 48 bb .. movabs rbx,0x200000 | 48 b9 .. movabs rcx,0x4 | ba f1 00 00 00 mov edx,0xf1 | ef out dx,eax
        // 31 c0 xor eax,eax | ff c0 inc eax | 89 03 mov [rbx],eax | 48 81 c3 00 10 00 00 add rbx,0x1000
        // 48 ff c9 dec rcx | 75 f0 jne 0x1c | ba f0 00 00 00 mov edx,0xf0 | ef out dx,eax
        assertArrayEquals(hex("48bb0000200000000000 48b90400000000000000 baf1000000 ef 31c0 ffc0 8903"
                + " 4881c300100000 48ffc9 75f0 baf0000000 ef"), GuestPrograms.touchPages(0x200000, 4).code());
    }

    @Test
    void readsMatchObjdump() {
        assertArrayEquals(hex("48bb0000003000000000 8b03 baf0000000 ef"), GuestPrograms.mmioRead(0x30000000L).code());
        assertArrayEquals(hex("ba20000000 ed baf0000000 ef"), GuestPrograms.portRead(0x20).code());
    }

    @Test
    void hostAndGuestLoopShareTheLoopBytesAndAlignment() {
        byte[] loop = hex("4883c001 48ffc9 75f7");
        byte[] guest = GuestPrograms.countingLoop(5).code();
        byte[] host = GuestPrograms.countingLoopForHost(5).code();
        assertTrue(indexOf(guest, loop) % 16 == 0 && indexOf(host, loop) % 16 == 0);
        assertEquals((byte) 0xc3, host[host.length - 1]);
    }

    @Test
    void onlyBackwardShortJumps() {
        assertThrows(IllegalArgumentException.class, () -> new X86Asm().jnz("later"));
        X86Asm far = new X86Asm().label("top");
        for (int i = 0; i < 50; i++) {
            far.movImm32(Reg.RAX, i);
        }
        assertThrows(IllegalArgumentException.class, () -> far.jnz("top"));
    }

    @Test
    void listingShowsBytesBesideMnemonics() {
        String text = GuestPrograms.portWrites(0x20, 3).listingText();
        assertTrue(text.contains("ef                             out dx, eax"), text);
        assertTrue(text.contains("loop:"), text);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

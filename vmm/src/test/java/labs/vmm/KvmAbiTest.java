package labs.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import labs.common.LabsException;
import labs.vmm.kvm.KvmIoctl;
import labs.vmm.kvm.KvmRegs;
import labs.vmm.kvm.KvmRun;
import labs.vmm.kvm.KvmSregs;
import org.junit.jupiter.api.Test;

/** The binary interface with linux/kvm.h: request numbers, structure sizes, kvm_run decoding. No KVM needed. */
class KvmAbiTest {
    @Test
    void requestNumbersMatchLinuxHeaders() {
        // values printed by a C program including <linux/kvm.h> (Linux 6.1 headers)
        assertEquals(0xAE80L, KvmIoctl.RUN.longValue());
        assertEquals(0x8090AE81L, KvmIoctl.GET_REGS.longValue());
        assertEquals(0x4090AE82L, KvmIoctl.SET_REGS.longValue());
        assertEquals(0x8138AE83L, KvmIoctl.GET_SREGS.longValue());
        assertEquals(0x4138AE84L, KvmIoctl.SET_SREGS.longValue());
        assertEquals(0x4020AE46L, KvmIoctl.SET_USER_MEMORY_REGION.longValue());
        assertEquals(0x4040AE79L, KvmIoctl.IOEVENTFD.longValue());
        assertEquals(0xAECEL, KvmIoctl.GET_STATS_FD.longValue());
    }

    @Test
    void structureSizesMatchLinuxHeaders() {
        assertEquals(KvmRegs.SIZE, new KvmRegs().size());
        assertEquals(KvmSregs.SIZE, new KvmSregs().size());
    }

    @Test
    void decodesPortIoFromKvmRun() {
        Memory page = new Memory(8192);
        page.clear();
        page.setInt(KvmRun.EXIT_REASON, KvmRun.EXIT_IO);
        page.setByte(KvmRun.IO_DIRECTION, (byte) 1);
        page.setByte(KvmRun.IO_SIZE, (byte) 4);
        page.setShort(KvmRun.IO_PORT, (short) 0x20);
        page.setInt(KvmRun.IO_COUNT, 1);
        page.setLong(KvmRun.IO_DATA_OFFSET, 4096);
        page.setInt(4096, 0xdeadbeef);
        assertEquals(new VmExit.PortIo(true, 0x20, 4, 1, 0xdeadbeefL), VmExit.decode(new KvmRun(page, 8192)));
    }

    @Test
    void decodesMmioAndUnknownReasons() {
        Memory page = new Memory(4096);
        page.clear();
        page.setInt(KvmRun.EXIT_REASON, KvmRun.EXIT_MMIO);
        page.setLong(KvmRun.MMIO_PHYS_ADDR, 0x30000000L);
        page.setInt(KvmRun.MMIO_DATA, 0x1234);
        page.setInt(KvmRun.MMIO_LEN, 4);
        page.setByte(KvmRun.MMIO_IS_WRITE, (byte) 1);
        assertEquals(new VmExit.Mmio(true, 0x30000000L, 4, 0x1234), VmExit.decode(new KvmRun(page, 4096)));
        page.setInt(KvmRun.EXIT_REASON, 29);
        VmExit e = VmExit.decode(new KvmRun(page, 4096));
        assertInstanceOf(VmExit.Unknown.class, e);
        assertTrue(e.toString().contains("KVM_EXIT_X86_RDMSR"), e.toString());
    }

    @Test
    void missingOrForbiddenDeviceSaysWhatToDo() {
        LabsException missing = KvmAccess.explain("/dev/kvm", 2, new RuntimeException());
        assertTrue(missing.fix().contains("modprobe"), missing.fix());
        LabsException denied = KvmAccess.explain("/dev/kvm", 13, new RuntimeException());
        assertTrue(denied.fix().contains("usermod -aG kvm"), denied.fix());
        assertEquals(LabsException.EXIT_USAGE, denied.exitCode());
    }

    @Test
    void openingAPathThatDoesNotExistIsAUsageError() {
        LabsException e = org.junit.jupiter.api.Assertions.assertThrows(LabsException.class,
                () -> KvmAccess.open("/nonexistent/kvm"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}

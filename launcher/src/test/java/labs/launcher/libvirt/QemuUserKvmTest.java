package labs.launcher.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** libvirt-qemu here is uid 64055 in groups kvm (107) and libvirt-qemu (64055), as `id` gives them on Debian 12. */
class QemuUserKvmTest {
    private static final Optional<String> UID = Optional.of("64055\n");
    private static final Optional<String> GROUPS = Optional.of("107 64055\n");

    @Test
    void udevsRootKvm0660IsFine() {
        assertEquals(Optional.empty(), QemuUserKvm.warning(new QemuUserKvm.Device(0, 107, 020660), UID, GROUPS));
    }

    @Test
    void rootOnlyOrAForeignGroupIsNamedWithTheFix() {
        for (QemuUserKvm.Device d : new QemuUserKvm.Device[] {new QemuUserKvm.Device(0, 0, 020600),
                new QemuUserKvm.Device(0, 993, 020660), new QemuUserKvm.Device(0, 107, 020600)}) {
            String w = QemuUserKvm.warning(d, UID, GROUPS).orElseThrow();
            assertTrue(w.contains("cannot open /dev/kvm (owner:group mode " + d.text() + ")"), w);
            assertTrue(w.endsWith("fix: sudo chgrp kvm /dev/kvm && sudo chmod 0660 /dev/kvm"), w);
        }
        assertEquals("0:993 0660", new QemuUserKvm.Device(0, 993, 020660).text());
    }

    @Test
    void ownerOrOthersBitsCountToo() {
        assertFalse(QemuUserKvm.warning(new QemuUserKvm.Device(64055, 0, 020600), UID, GROUPS).isPresent());
        assertFalse(QemuUserKvm.warning(new QemuUserKvm.Device(0, 0, 020666), UID, GROUPS).isPresent());
    }

    @Test
    void noSuchUserIsNotJudged() {
        assertEquals(Optional.empty(), QemuUserKvm.warning(new QemuUserKvm.Device(0, 0, 020600), Optional.empty(),
                Optional.empty()));
    }
}

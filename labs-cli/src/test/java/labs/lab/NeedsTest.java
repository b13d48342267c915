package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import labs.charts.Lang;
import labs.common.DebianPackage;
import labs.launcher.guest.GuestImageBuilder;
import org.junit.jupiter.api.Test;

/** The command's package lists cover what the launcher only verifies, so it never stops a command that checked. */
class NeedsTest {
    @Test
    void createAndStartCoverTheGuestImageAndTheirTools() {
        assertTrue(Needs.VM_CREATE.containsAll(GuestImageBuilder.PACKAGES));
        assertTrue(Needs.VM_CREATE.containsAll(List.of(DebianPackage.QEMU, DebianPackage.QEMU_UTILS,
                DebianPackage.E2FSPROGS)));
        assertTrue(Needs.VM_START.containsAll(GuestImageBuilder.PACKAGES));
        assertTrue(Needs.VM_START.contains(DebianPackage.QEMU));
        assertEquals(List.of(DebianPackage.QEMU_UTILS), Needs.VM_CLONE);
    }

    @Test
    void aGuestLabNeedsWhatCreateNeedsAndTheFontsOnlyJapaneseAddsTheJapaneseFont() {
        List<DebianPackage> en = Needs.guestLab(Lang.EN);
        List<DebianPackage> ja = Needs.guestLab(Lang.JA);
        assertTrue(en.containsAll(Needs.VM_CREATE) && en.containsAll(Needs.VM_START));
        assertTrue(en.containsAll(List.of(DebianPackage.FONTCONFIG, DebianPackage.HARFBUZZ)));
        assertFalse(en.contains(DebianPackage.JAPANESE_FONT));
        assertTrue(ja.contains(DebianPackage.JAPANESE_FONT));
        assertEquals(ja.size(), new HashSet<>(ja).size(), "each package named once: " + ja);
    }
}

package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Outputs captured from the real tools (Debian 12 host; Debian 13 root made with debootstrap, sysstat 12.7.5). */
class VersionsTest {
    @Test
    void sysstat127PrintsItsEnvironmentFirst() {
        // S_TIME_FORMAT=ISO LC_ALL=C mpstat -V, sysstat 12.7.5 (Debian 13)
        assertEquals("sysstat version 12.7.5", Versions.versionLine(
                "S_TIME_FORMAT=ISO\nsysstat version 12.7.5\n(C) Sebastien Godard (sysstat <at> orange.fr)\n"));
        // the same on sysstat 12.6.1 (Debian 12)
        assertEquals("sysstat version 12.6.1", Versions.versionLine(
                "sysstat version 12.6.1\n(C) Sebastien Godard (sysstat <at> orange.fr)\n"));
    }

    @Test
    void toolsWithoutTheWordTakeTheFirstLine() {
        assertEquals("fio-3.39", Versions.versionLine("fio-3.39\n"));
        assertEquals("6.12.118+deb13-amd64", Versions.versionLine("\n6.12.118+deb13-amd64\n"));
        assertEquals("QEMU emulator version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)", Versions.versionLine(
                "QEMU emulator version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)\n"
                        + "Copyright (c) 2003-2025 Fabrice Bellard and the QEMU Project developers\n"));
        assertEquals("unknown", Versions.versionLine("  \n"));
    }
}

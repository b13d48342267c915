package labs.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import labs.common.Json;
import labs.launcher.guest.GuestImageBuilder;
import org.junit.jupiter.api.Test;

/**
 * labs on a Debian 13 (trixie) userland, end to end: a root made with debootstrap (trixie's Java 21, Maven 3.9,
 * QEMU 10.0, fio 3.39, sysstat 12.7.5, busybox), cached under the labs cache's test-roots/ (~1 GB, 1-5 min to
 * make once), this tree's sources copied in and built there by ./labs, then
 * `./labs run io-compare --quick --repeat 1 --yes` (whose guest kernel is trixie's own package, fetched by the package fallback: merged-/usr, .ko.xz modules,
 * zstd payload) and ./run-tests with the launcher's guest ITs, all inside it (src/test/scripts/trixie-userland.sh).
 * The root has a /dev of its own: the host's /dev/kvm must come out of it unchanged.
 */
class TrixieUserlandIT {
    @Test
    void ioCompareAndTheGuestItsPassOnDebian13() throws Exception {
        assumeTrue("0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).strip()),
                "needs root: debootstrap, chroot and mount make and enter the Debian 13 root");
        Path module = Path.of("").toAbsolutePath();
        Path script = module.resolve("src/test/scripts/trixie-userland.sh");
        Path out = module.resolve("target/trixie-userland");
        deleteTree(out);
        Files.createDirectories(out);
        Path cache = GuestImageBuilder.defaultCacheRoot().resolve("test-roots");
        String kvmBefore = hostKvm();
        Process p = new ProcessBuilder("bash", script.toString(), cache.toString(), module.getParent().toString(),
                out.toString()).redirectErrorStream(true).redirectOutput(out.resolve("script.log").toFile()).start();
        if (!p.waitFor(40, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String report = "script.log:\n" + read(out.resolve("script.log")) + "\nio-compare.log (tail):\n"
                + tail(read(out.resolve("io-compare.log"))) + "\nguest-its.log (tail):\n"
                + tail(read(out.resolve("guest-its.log")));
        System.out.println(report);
        assertEquals(kvmBefore, hostKvm(), "the host's /dev/kvm is as it was (package scripts inside chgrp theirs)");
        assertEquals(0, p.exitValue(), report);

        String versions = read(out.resolve("versions.txt"));
        assertTrue(versions.contains("openjdk version \"21") && versions.contains("QEMU emulator version 10.")
                && versions.contains("fio-3.39") && versions.contains("sysstat version 12.7"), versions);
        JsonNode meta = Json.MAPPER.readTree(onlyRun(out.resolve("results/io-compare")).resolve("meta.json").toFile());
        assertTrue(meta.path("complete").asBoolean(), meta.toString());
        assertTrue(meta.path("host").path("os").asText().contains("trixie"), meta.path("host").toString());
        assertTrue(meta.path("versions").path("guest kernel").asText().contains("+deb13"), meta.toString());
        assertTrue(meta.path("versions").path("sysstat (host)").asText().startsWith("sysstat version 12.7"),
                meta.toString());
        for (String it : List.of("GuestBootIT", "LauncherIT")) {
            String r = read(out.resolve("failsafe-reports/labs.launcher." + it + ".txt"));
            assertTrue(r.contains("Failures: 0, Errors: 0, Skipped: 0") && !r.contains("Tests run: 0"), it + ": " + r);
        }
    }

    /** The host's /dev/kvm as uid, gid and mode ("-" without one): what a package script in the root could change. */
    private static String hostKvm() throws IOException {
        Path kvm = Path.of("/dev/kvm");
        if (!Files.exists(kvm)) {
            return "-";
        }
        return Files.getAttribute(kvm, "unix:uid") + ":" + Files.getAttribute(kvm, "unix:gid") + " "
                + Integer.toOctalString((Integer) Files.getAttribute(kvm, "unix:mode"));
    }

    private static Path onlyRun(Path labDir) throws IOException {
        try (Stream<Path> s = Files.list(labDir)) {
            List<Path> runs = s.toList();
            assertEquals(1, runs.size(), runs.toString());
            return runs.get(0);
        }
    }

    private static String read(Path p) throws IOException {
        return Files.isRegularFile(p) ? Files.readString(p) : "(no " + p.getFileName() + ")";
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

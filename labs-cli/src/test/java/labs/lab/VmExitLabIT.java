package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import labs.charts.ChartStyle;
import labs.cli.Main;
import labs.common.HostRunner;
import labs.common.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole lab on this machine's /dev/kvm, at its quick size with one repetition. */
class VmExitLabIT {
    @TempDir
    Path tmp;

    @Test
    void quickRunWritesEveryResult() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/kvm")), "/dev/kvm does not exist: vm-exit lab skipped");
        int rc = Main.run("run", "vm-exit", "--quick", "--repeat", "1", "--loop", "5000000", "--lang", "en",
                "--results", tmp.toString());
        assertEquals(0, rc);
        Path run;
        try (Stream<Path> s = Files.list(tmp.resolve("vm-exit"))) {
            run = s.findFirst().orElseThrow();
        }
        JsonNode meta = Json.MAPPER.readTree(run.resolve("meta.json").toFile());
        assertTrue(meta.get("complete").asBoolean());
        assertEquals("kvm", meta.get("accelerator").asText());
        List<String> rows = Files.readAllLines(run.resolve("measurements.csv"));
        assertEquals("step,case,where,rep,operations,nanos,overhead_nanos,ns_per_op,cpu_nanos,"
                + "cpu_overhead_nanos,cpu_ns_per_op", rows.get(0));
        for (String c : List.of("1,loop,host,", "1,loop,guest CPL3,", "2,port-io-user,", "2,mmio-user,",
                "2,port-io-ioeventfd,", "3,page-first-touch,", "3,page-touch-mapped,", "4,loop,guest CPL0,")) {
            assertTrue(rows.stream().anyMatch(r -> r.startsWith(c)), c + " missing in " + rows);
        }
        List<String> exits = Files.readAllLines(run.resolve("exits.csv"));
        assertTrue(exits.contains("2,port-io-user,guest CPL3,1,port_out,1002"), exits.toString());
        assertTrue(exits.contains("2,mmio-user,guest CPL3,1,mmio_write,1000"), exits.toString());
        assertTrue(exits.contains("2,port-io-ioeventfd,guest CPL3,1,port_out,2"), exits.toString());
        assertTrue(Files.readString(run.resolve("guest-programs.txt")).contains("out dx, eax"));
        for (String png : List.of("vm-exit-loop.png", "vm-exit-costs.png")) {
            BufferedImage img = ImageIO.read(run.resolve(png).toFile());
            assertEquals(ChartStyle.WIDTH, img.getWidth());
        }
    }

    @Test
    void aUserWithoutAccessToDevKvmIsToldTheFix() throws Exception {
        Path dev = Path.of("/dev/kvm");
        String jar = System.getProperty("labs.jar");
        Assumptions.assumeTrue(Files.exists(dev) && HostRunner.isRoot() && HostRunner.which("runuser") != null
                && jar != null && Files.exists(Path.of(jar)), "needs root, runuser, /dev/kvm and the built labs.jar");
        Assumptions.assumeFalse(Files.getPosixFilePermissions(dev).contains(
                java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE), "/dev/kvm is writable by everyone here");
        Path results = tmp.resolve("results");
        Process p = new ProcessBuilder("runuser", "-u", "nobody", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "run", "vm-exit", "--quick", "--results", results.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), out);
        assertTrue(out.contains("cannot open /dev/kvm: permission denied") && out.contains("usermod -aG kvm"), out);
        assertTrue(Files.notExists(results), "nothing is written when the lab cannot start");
    }
}

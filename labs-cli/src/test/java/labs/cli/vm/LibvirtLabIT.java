package labs.cli.vm;

import static labs.cli.vm.LabLeftovers.HOST_FOLDERS;
import static labs.cli.vm.LabLeftovers.csv;
import static labs.cli.vm.LabLeftovers.describe;
import static labs.cli.vm.LabLeftovers.domains;
import static labs.cli.vm.LabLeftovers.guestOf;
import static labs.cli.vm.LabLeftovers.naming;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import labs.common.Json;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `labs run LAB --connect qemu:///system` against a real libvirtd ({@link Libvirtd}): the lab's guest is a
 * transient libvirt domain (real QEMU under TCG, started by libvirt), its agent reached through the socket libvirt
 * made for the channel, and nothing of it is left in libvirt afterwards, also when labs is killed with SIGKILL.
 */
class LibvirtLabIT {
    private static Libvirtd daemon;
    private static LoopbackSshd sshd;
    @TempDir
    static Path sshDir;
    @TempDir
    Path tmp;
    private final String run = "itr" + java.util.UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void libvirtd() throws Exception {
        daemon = Libvirtd.ensure();
        sshd = LoopbackSshd.start(sshDir);
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        try {
            if (sshd != null) {
                sshd.close();
            }
        } finally {
            if (daemon != null) {
                daemon.close();
            }
        }
    }

    private LabsCli.Run remote(String... args) throws Exception {
        return LabsCli.run(tmp.resolve("data"), Map.of("LABS_CONNECT", sshd.uri()), args);
    }

    private LabsCli.Run remoteOk(String... args) throws Exception {
        LabsCli.Run r = remote(args);
        assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }

    /**
     * The vm lifecycle through qemu+ssh to the test's own sshd: the image and disks are uploaded as volumes through
     * libvirt, the agent is reached through the URI's ssh; virsh (locally, the same daemon) sees each step.
     */
    @Test
    void lifecycleThroughQemuSsh() throws Exception {
        String name = run + "-r";
        try {
            remoteOk("vm", "create", name, "--memory", "256", "--disk-size", "32", "--accel", "tcg");
            assertTrue(domains(run).contains(name), "defined in libvirt");
            remoteOk("vm", "start", name);
            assertEquals("running", Libvirtd.virsh("domstate", name).text().strip());
            assertTrue(remoteOk("vm", "list").out().contains(name));
            String xml = remoteOk("vm", "dumpxml", name).out();
            assertTrue(xml.contains("/var/lib/libvirt/images/labs/" + name + "-data.qcow2"), xml);
            assertTrue(remoteOk("vm", "exec", name, "--", "cat", "/proc/cmdline").out().contains("labs"),
                    "the agent answers through the forwarded channel socket");
            roundTrips(name);
            remoteOk("vm", "destroy", name);
            assertEquals("shut off", Libvirtd.virsh("domstate", name).text().strip());
            remoteOk("vm", "undefine", name, "--remove-all-storage");
            assertFalse(domains(run).contains(name), "undefined");
            assertFalse(Libvirtd.virsh("vol-list", "labs").text().contains(name), "its volumes are gone");
        } finally {
            Libvirtd.virsh("destroy", name);
            Libvirtd.virsh("undefine", name, "--remove-all-storage");
        }
    }

    /** The agent's round trip (exec of true) through the local socket and through ssh, 20 each: printed. */
    private static void roundTrips(String name) throws Exception {
        for (String uri : List.of(Libvirtd.URI, sshd.uri())) {
            var engine = new labs.launcher.libvirt.LibvirtEngine(labs.launcher.libvirt.LibvirtUri.parse(uri),
                    new labs.launcher.guest.GuestImageBuilder(labs.launcher.guest.GuestImageBuilder.defaultCacheRoot()),
                    labs.lab.HostAccelProbe.INSTANCE, labs.launcher.BootPolicy.standard(), labs.common.Progress.SILENT);
            try (var vm = engine.attach(name)) {
                long[] ns = new long[20];
                for (int i = 0; i < ns.length; i++) {
                    long t = System.nanoTime();
                    assertEquals(0, vm.exec(List.of("true"), java.time.Duration.ofSeconds(60)).exitCode());
                    ns[i] = System.nanoTime() - t;
                }
                java.util.Arrays.sort(ns);
                System.out.printf("agent round trip (exec true) via %s: median %.1f ms, min %.1f, max %.1f%n",
                        uri.startsWith("qemu+ssh") ? "ssh forward" : "local socket", ns[10] / 1e6, ns[0] / 1e6,
                        ns[19] / 1e6);
            }
        }
    }

    /** An ssh host that does not answer: exit 2 with the reason and the ssh command to check, nothing defined. */
    @Test
    void unreachableSshHostExits2() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String uri = sshd.uri().replace(":" + sshd.port + "/", ":" + closed + "/");
        String name = run + "-u";
        LabsCli.Run r = LabsCli.run(tmp.resolve("data"), Map.of(), "vm", "create", name, "--connect", uri,
                "--memory", "256", "--disk-size", "32", "--accel", "tcg");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("cannot reach libvirt at " + uri), r.err());
        assertTrue(r.err().contains("ssh ") && r.err().contains("-p " + closed), "the ssh command to check: " + r.err());
        assertFalse(domains(run).contains(name));
        Set<String> before = domains("io-compare-");
        LabsCli.Run lab = LabsCli.run(tmp.resolve("data"), Map.of(), "run", "io-compare", "--quick", "--connect", uri,
                "--results", tmp.resolve("results").toString());
        assertEquals(2, lab.exit(), lab.out() + lab.err());
        assertTrue(lab.err().contains("cannot run the lab's host half on root@127.0.0.1:" + closed + " over ssh"),
                lab.err());
        assertEquals(before, domains("io-compare-"), "nothing made");
        assertFalse(Files.exists(tmp.resolve("results/io-compare")), "not even a results folder");
    }

    /**
     * io-compare --quick through qemu+ssh: the guest on the "remote" host, fio and sysstat on its host half there over
     * ssh; meta.json says engine, URI and where the host half ran; nothing of the guest is left. One pair of every
     * job (--repeat 1): the path is what is tested here, the statistics are IoCompareLabIT's (6 pairs took 162 s).
     */
    @Test
    void ioCompareThroughQemuSsh() throws Exception {
        Set<String> before = domains("io-compare-");
        Process p = labsProcess(tmp.resolve("io-compare.log"), "run", "io-compare", "--quick", "--repeat", "1",
                "--lang", "en", "--connect", sshd.uri(), "--results", tmp.resolve("results").toString());
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "io-compare --quick within 15 min");
        String out = Files.readString(tmp.resolve("io-compare.log"));
        assertEquals(0, p.exitValue(), out);
        Path runDir;
        try (Stream<Path> s = Files.list(tmp.resolve("results/io-compare"))) {
            runDir = s.findFirst().orElseThrow();
        }
        JsonNode meta = Json.MAPPER.readTree(runDir.resolve("meta.json").toFile());
        assertTrue(meta.path("complete").asBoolean(), meta.toString());
        assertEquals("libvirt " + sshd.uri(), meta.path("options").path("engine").asText(), meta.toString());
        assertEquals(sshd.uri(), meta.path("options").path("connect").asText());
        assertEquals("ssh root@127.0.0.1:" + sshd.port, meta.path("options").path("hostHalf").asText());
        assertTrue(out.contains("guest through libvirt " + sshd.uri()), "the conditions say it: " + out);
        assertTrue(Files.size(runDir.resolve("raw/guest-console.log")) > 0, "the console, fetched over ssh");
        assertEquals(before, domains("io-compare-"), "the lab's transient domain is gone");
        assertFalse(Libvirtd.virsh("vol-list", "labs").text().contains("io-compare-" + runDir.getFileName()));
    }

    /**
     * cpu-overhead --quick through qemu+ssh: the guest on the "remote" host, and its host half there too over ssh: the
     * fixed job pinned with taskset, mpstat, and the vCPU thread's CPU time read from that host's /proc (its thread id
     * from QEMU through libvirt). Nothing of the run is left afterwards.
     */
    @Test
    void cpuOverheadThroughQemuSsh() throws Exception {
        Path runDir = remoteLab("cpu-overhead", "--quick");
        JsonNode meta = Json.MAPPER.readTree(runDir.resolve("meta.json").toFile());
        assertHostHalfOverSsh(meta);
        assertTrue(meta.path("versions").path("busybox (libvirt host)").asText().contains("BusyBox"), meta.toString());
        List<CSVRecord> times = csv(runDir.resolve("job-times.csv"));
        assertEquals(List.of("host", "guest"), times.stream().map(r -> r.get("side")).toList());
        times.forEach(r -> assertTrue(Double.parseDouble(r.get("cpu_seconds")) > 0, "the host's job, and the guest's "
                + "vCPU thread's time read over ssh: " + r));
        long hostRows = csv(runDir.resolve("cpu-mpstat.csv")).stream()
                .filter(r -> r.get("side").equals("host") && r.get("cpu").equals("0")).count();
        assertEquals(5, hostRows, "the libvirt host's mpstat, one row a second of the 5 s loop");
        assertTrue(Files.size(runDir.resolve("raw/host-guest-loop-mpstat.json")) > 0);
    }

    /**
     * sched-virt --quick through qemu+ssh: the load program copied to the "remote" host over ssh and run there, its
     * host loop there, and the vCPU thread's %usr and %guest read from that host's /proc around each guest run.
     */
    @Test
    void schedVirtThroughQemuSsh() throws Exception {
        Path runDir = remoteLab("sched-virt", "--quick");
        JsonNode meta = Json.MAPPER.readTree(runDir.resolve("meta.json").toFile());
        assertHostHalfOverSsh(meta);
        assertTrue(meta.path("notes").toString().contains("endless loop, pid ") && meta.path("notes").toString()
                .contains(" on root@127.0.0.1:" + sshd.port + ", pinned to CPU 0"), meta.toString());
        List<CSVRecord> summary = csv(runDir.resolve("summary.csv"));
        assertEquals(8, summary.size(), "host and guest, idle and host-loop, N=1 and 2: " + summary);
        for (CSVRecord r : summary.stream().filter(r -> r.get("side").equals("guest")).toList()) {
            assertTrue(Double.parseDouble(r.get("vcpu_thread_usr_pct")) > 0, "read over ssh: " + r);
            assertTrue(Double.parseDouble(r.get("vcpu_thread_guest_pct")) >= 0, r.toString());
        }
        assertTrue(Files.size(runDir.resolve("sched-load")) > 0, "the run keeps the program it copied there");
    }

    /**
     * kill -9 (or Ctrl-C) of labs while sched-virt's host loop runs on the "remote" host under the guest's vCPU: the
     * loop there dies with the ssh that started it (found by its command line, which names the lab guest's host
     * folder), and no domain, volume, qemu or ssh of the run is left; after Ctrl-C the lab removed its host folder too.
     */
    // KILL only in CI: the remote loop's watcher is what ends it either way (Ctrl-C closes ssh's input as the lab's
    // own end does, which schedVirtThroughQemuSsh covers), and SchedVirtLabIT sends Ctrl-C locally; each case costs
    // ~45 s here. Add "INT" to run both.
    @ParameterizedTest
    @ValueSource(strings = {"KILL"})
    void stoppedSchedVirtLeavesNoLoopOnTheRemoteHost(String signal) throws Exception {
        Path log = tmp.resolve("sched-stopped.log");
        Process labs = labsProcess(log, "run", "sched-virt", "--lang", "en", "--connect", sshd.uri(), "--results",
                tmp.resolve("results").toString());
        List<ProcessHandle> loop = List.of();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (loop.isEmpty() && System.nanoTime() < deadline && labs.isAlive()) {
            if (Files.readString(log).contains("guest, host-loop")) {
                loop = naming(guestOf(tmp.resolve("results"), "sched-virt"), "sched-load l ");
            }
            Thread.sleep(5);
        }
        assertFalse(loop.isEmpty(), "the host loop under the guest never ran: " + Files.readString(log));
        String guest = guestOf(tmp.resolve("results"), "sched-virt");
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(labs.pid())).start().waitFor());
        assertTrue(labs.waitFor(60, TimeUnit.SECONDS));
        if (signal.equals("INT")) {
            assertEquals(130, labs.exitValue(), Files.readString(log));
        }
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (!naming(guest, "").isEmpty() || domains(guest).contains(guest))) {
            Thread.sleep(200);
        }
        assertEquals(List.of(), describe(naming(guest, "")), "no loop, sh, ssh or qemu of the run: the ssh's end "
                + "ended the loop on the libvirt host");
        assertFalse(domains(guest).contains(guest), "libvirt destroyed the domain");
        assertFalse(Libvirtd.virsh("vol-list", "labs").text().contains(guest), "no volume of it is left");
        if (signal.equals("INT")) {
            assertFalse(Files.exists(HOST_FOLDERS.resolve(guest)), "the lab removed its host folder and program");
        }
        // after kill -9 its host folder waits for the next lab on that host to sweep it: the test removes it
        assertEquals(0, Libvirtd.exec(List.of("rm", "-rf", "--", HOST_FOLDERS.resolve(guest).toString())).exit());
    }

    /**
     * --cpu is checked against the libvirt host's CPUs, not this machine's (a lab server has more): one it lacks is
     * exit 2 with the range to give, before any guest, volume or results folder is made.
     */
    @Test
    void aCpuTheRemoteHostLacksExits2() throws Exception {
        int beyond = Runtime.getRuntime().availableProcessors() + 5;
        for (String lab : List.of("cpu-overhead", "sched-virt")) {
            Set<String> before = domains(lab + "-");
            LabsCli.Run r = LabsCli.run(tmp.resolve("data"), Map.of(), "run", lab, "--quick", "--cpu",
                    Integer.toString(beyond), "--connect", sshd.uri(), "--results", tmp.resolve("results").toString());
            assertEquals(2, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("--cpu " + beyond + " is not a CPU of the libvirt host root@127.0.0.1:"
                    + sshd.port), r.err());
            assertTrue(r.err().contains("give 0.."), r.err());
            assertFalse(Files.exists(tmp.resolve("results").resolve(lab)), "no results folder");
            assertEquals(before, domains(lab + "-"), "no guest");
        }
    }

    /** Runs LAB through qemu+ssh (up to 15 min); its run folder, after checking that nothing of it is left. */
    private Path remoteLab(String lab, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("run", lab));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--lang", "en", "--connect", sshd.uri(), "--results", tmp.resolve("results").toString()));
        Path log = tmp.resolve(lab + ".log");
        long t0 = System.nanoTime();
        Process p = labsProcess(log, argv.toArray(String[]::new));
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), lab + " within 15 min");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        System.out.printf("%s %s through qemu+ssh: %.0f s%n", lab, String.join(" ", args),
                (System.nanoTime() - t0) / 1e9);
        assertTrue(out.contains("guest through libvirt " + sshd.uri() + ", host half there over ssh"), out);
        String guest = guestOf(tmp.resolve("results"), lab);
        Path runDir = tmp.resolve("results").resolve(lab).resolve(guest.substring(lab.length() + 1));
        assertFalse(domains(lab + "-").contains(guest), "the lab's transient domain is gone");
        assertFalse(Libvirtd.virsh("vol-list", "labs").text().contains(guest), "its volumes are gone");
        assertFalse(Files.exists(HOST_FOLDERS.resolve(guest)), "its host folder (and the program in it) is gone");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);   // a process on its way out
        while (System.nanoTime() < deadline && !describe(naming(guest, "")).isEmpty()) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), describe(naming(guest, "")), "no qemu, loop, ssh forward of it runs");
        return runDir;
    }

    /** meta.json of a run whose host half ran over the test's ssh. */
    private static void assertHostHalfOverSsh(JsonNode meta) {
        assertTrue(meta.path("complete").asBoolean(), meta.toString());
        assertEquals("libvirt " + sshd.uri(), meta.path("options").path("engine").asText(), meta.toString());
        assertEquals("ssh root@127.0.0.1:" + sshd.port, meta.path("options").path("hostHalf").asText());
        assertFalse(meta.path("options").path("libvirtHostCpu").asText().isEmpty(), meta.toString());
        assertTrue(meta.path("notes").toString().contains("ran there too, over ssh"), meta.toString());
    }

    /**
     * A labs killed with SIGKILL while its guest runs, through qemu:///system and through qemu+ssh: libvirt destroys
     * the domain, nothing stays defined or stored, and no qemu, virsh or ssh of it is left running.
     */
    @Test
    void killedLabLeavesNothingInLibvirt() throws Exception {
        String first = killed(Libvirtd.URI);
        assertTrue(Files.isDirectory(HOST_FOLDERS.resolve(first)), "the killed lab's host folder, until the next lab");
        String second = killed(sshd.uri());
        assertFalse(Files.exists(HOST_FOLDERS.resolve(first)), "the next lab on the host swept it");
        // the second one's waits for the next lab: the test removes it, so that it leaves nothing on this machine
        assertEquals(0, Libvirtd.exec(List.of("rm", "-rf", "--", HOST_FOLDERS.resolve(second).toString())).exit());
    }

    /** Kills a labs whose guest runs through uri; returns the guest's name. */
    private String killed(String uri) throws Exception {
        Set<String> before = domains("io-compare-");
        long t0 = System.nanoTime();
        Process labs = labsProcess(tmp.resolve("killed.log"), "run", "io-compare", "--quick", "--lang", "en",
                "--connect", uri, "--results", tmp.resolve("results").toString());
        String name = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (name == null && System.nanoTime() < deadline && labs.isAlive()) {
            Set<String> now = domains("io-compare-");
            now.removeAll(before);
            if (!now.isEmpty() && Libvirtd.virsh("domstate", now.iterator().next()).text().contains("running")) {
                name = now.iterator().next();
            }
            Thread.sleep(200);
        }
        assertTrue(name != null, "the lab's domain never ran: " + Files.readString(tmp.resolve("killed.log")));
        // past the start: its volumes are removed from the pool once QEMU holds them (over ssh, under load, that took
        // more than the 3 s this test used to wait), and its agent connects
        long unlinked = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Libvirtd.virsh("vol-list", "labs").text().contains(name) && System.nanoTime() < unlinked) {
            Thread.sleep(200);
        }
        Thread.sleep(1000);
        long running = System.nanoTime();
        labs.destroyForcibly();   // SIGKILL: no exit hook runs
        assertTrue(labs.waitFor(30, TimeUnit.SECONDS));
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (domains("io-compare-").contains(name) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(domains("io-compare-").contains(name), "libvirt destroyed the domain of the killed labs");
        System.out.printf("killed lab (%s): its domain ran %.1f s after labs started; gone %.1f s after the kill%n",
                uri, (running - t0) / 1e9, (System.nanoTime() - running) / 1e9);
        assertTrue(Libvirtd.virsh("dominfo", name).exit() != 0, "nothing of it is defined");
        assertFalse(Libvirtd.virsh("vol-list", "labs").text().contains(name), "no volume of it is left");
        String finalName = name;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // the held virsh of a remote URI is told apart by the test sshd's port in it (a local one is not: other
        // tests' virsh -c qemu:///system may run now)
        String held = uri.startsWith("qemu+ssh") ? "virsh -q -c " + uri : "guest=" + finalName + ",";
        while (System.nanoTime() < deadline && !leftover(finalName, held).isEmpty()) {
            Thread.sleep(200);
        }
        assertEquals(List.of(), leftover(finalName, held), "no qemu, virsh or ssh of it runs");
        return name;
    }

    /** What of the killed labs still runs: its guest's qemu, the ssh forward of its agent, its held virsh. */
    private static List<String> leftover(String guest, String heldVirsh) {
        return ProcessHandle.allProcesses().filter(p -> {
            String cmd = p.info().commandLine().orElse("");
            return cmd.contains("guest=" + guest + ",") || cmd.contains("/labs-agent-") || cmd.contains(heldVirsh);
        }).map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }

    /** labs with its output (stdout and stderr, with --debug's timestamps off) into log. */
    private Process labsProcess(Path log, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", System.getProperty("labs.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("LABS_DATA_DIR", tmp.resolve("data").toString());
        return pb.start();
    }
}

package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `labs vm --connect qemu:///system` against a real libvirtd ({@link Libvirtd}), real QEMU under TCG, checked with
 * virsh itself and with the article's own commands (virsh start, dumpxml, destroy, undefine --remove-all-storage,
 * virt-clone --auto-clone). Every name has a random part and every domain a test made is destroyed and undefined
 * with its storage afterwards, whatever happened; the test then checks nothing of it is left in libvirt.
 */
class LibvirtVmIT {
    private static Libvirtd daemon;
    @TempDir
    Path tmp;
    private final String run = "it" + UUID.randomUUID().toString().substring(0, 6);
    private final List<String> made = new ArrayList<>();

    /** The names this class gives: "it", six hex digits of the run, "-" and a word. */
    private static final java.util.regex.Pattern OURS = java.util.regex.Pattern.compile("it[0-9a-f]{6}-[a-z0-9-]+");

    @BeforeAll
    static void libvirtd() throws Exception {
        daemon = Libvirtd.ensure();
        removeLeftovers();
    }

    /**
     * What an earlier run of this class left in libvirt when it was killed (no @AfterEach ran: a failsafe timeout,
     * kill -9, a daemon stopped under it): its domains and their volumes in labs' pool. Only names of this class's
     * shape are touched, so a domain anyone else made stays.
     */
    private static void removeLeftovers() throws Exception {
        for (String n : Libvirtd.virsh("list", "--all", "--name").text().split("\n")) {
            if (OURS.matcher(n.strip()).matches()) {
                Libvirtd.virsh("destroy", n.strip());
                Libvirtd.virsh("undefine", n.strip(), "--remove-all-storage");
            }
        }
        for (String line : Libvirtd.virsh("vol-list", "labs").text().split("\n")) {
            String vol = line.strip().split("\\s+")[0];
            if (vol.matches("it[0-9a-f]{6}-.+")) {
                Libvirtd.virsh("vol-delete", "--pool", "labs", vol);
            }
        }
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    private String name(String n) {
        String full = run + "-" + n;
        made.add(full);
        return full;
    }

    private LabsCli.Run labs(String... args) throws Exception {
        return LabsCli.run(tmp.resolve("data"), Map.of("LABS_CONNECT", Libvirtd.URI), args);
    }

    private LabsCli.Run ok(String... args) throws Exception {
        LabsCli.Run r = labs(args);
        assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r.out() + r.err());
        return r;
    }

    private static String virshOk(String... args) throws Exception {
        Libvirtd.Out o = Libvirtd.virsh(args);
        assertEquals(0, o.exit(), "virsh " + String.join(" ", args) + ": " + o.text());
        return o.text();
    }

    private static String domstate(String name) throws Exception {
        return virshOk("domstate", name).strip();
    }

    @AfterEach
    void nothingLeftDefined() throws Exception {
        for (String n : made) {
            Libvirtd.virsh("destroy", n);
            Libvirtd.virsh("undefine", n, "--remove-all-storage");
        }
        String vols = Libvirtd.virsh("vol-list", "labs").text();
        for (String line : vols.split("\n")) {
            String vol = line.strip().split("\\s+")[0];
            if (vol.startsWith(run)) {
                Libvirtd.virsh("vol-delete", "--pool", "labs", vol);
            }
        }
        assertFalse(Libvirtd.virsh("list", "--all", "--name").text().contains(run), "a domain of this test is left");
    }

    /** virsh's own --remove-all-storage would delete the other pool's volume too: labs deletes only its own. */
    @Test
    void undefineRemovesOnlyTheDisksInLabsPool() throws Exception {
        String a = name("keep");
        ok("vm", "create", a, "--memory", "256", "--disk-size", "32", "--accel", "tcg");
        String pool = run + "-other";
        Path dir = Files.createDirectory(tmp.resolve("other-pool"));
        virshOk("pool-create-as", pool, "dir", "--target", dir.toString());   // transient: gone when destroyed
        try {
            virshOk("vol-create-as", pool, "keep.qcow2", "1M", "--format", "qcow2");
            Path keep = dir.resolve("keep.qcow2");
            virshOk("attach-disk", a, keep.toString(), "vdc", "--config", "--subdriver", "qcow2");
            LabsCli.Run u = ok("vm", "undefine", a, "--remove-all-storage");
            assertTrue(Files.exists(keep), "the other pool's volume was deleted: " + u.out());
            assertTrue(u.out().contains("kept " + keep + " (not in labs' storage pool"), u.out());
            assertTrue(u.out().contains("removed /var/lib/libvirt/images/labs/" + a + "-data.qcow2"), u.out());
            assertFalse(virshOk("vol-list", "labs").contains(a), "labs' own volumes went with the VM");
        } finally {
            Libvirtd.virsh("pool-destroy", pool);
        }
    }

    @Test
    void twoGuestsAndACloneLiveAndDieAsVirshSeesThem() throws Exception {
        String a = name("a");
        String b = name("b");
        String c = name("c");
        ok("vm", "create", a, "--cpuset=0", "--memory", "256", "--disk-size", "32", "--accel", "tcg");
        ok("vm", "create", b, "--memory", "256", "--disk-size", "32", "--disk-format", "raw", "--accel", "tcg");
        String xmlA = virshOk("dumpxml", a);
        Path file = tmp.resolve("a.xml");
        Files.writeString(file, xmlA);
        Libvirtd.Out valid = Libvirtd.exec(List.of("virt-xml-validate", file.toString(), "domain"));
        assertEquals(0, valid.exit(), valid.text());
        assertTrue(xmlA.contains("<source file='/var/lib/libvirt/images/labs/" + a + "-data.qcow2'"), xmlA);
        assertTrue(xmlA.contains("<vcpu placement='static' cpuset='0'>1</vcpu>"), xmlA);
        assertTrue(xmlA.contains("<target type='virtio' name='labs.agent'/>"), xmlA);

        LabsCli.Run startA = ok("vm", "start", a);
        assertTrue(startA.out().contains("guest kernel"), startA.out());
        ok("vm", "start", b);
        String list = virshOk("list", "--all");
        assertTrue(list.matches("(?s).*" + a + "\\s+running.*"), list);
        assertTrue(list.matches("(?s).*" + b + "\\s+running.*"), list);
        assertTrue(virshOk("vcpuinfo", a).contains("CPU Affinity:   y-"), "vCPU 0 pinned to host CPU 0");
        String live = virshOk("dumpxml", a);
        assertTrue(live.contains("/var/lib/libvirt/qemu/channel/target/"), "libvirt made the agent's socket");
        assertTrue(live.contains("state='connected'"), "labs' agent has its channel open: " + live);
        LabsCli.Run labsList = ok("vm", "list");
        assertTrue(labsList.out().matches("(?s).*" + a + "\\s+running.*"), labsList.out());

        ok("vm", "shutdown", a);
        assertEquals("shut off", domstate(a));
        ok("vm", "destroy", b);
        assertEquals("shut off", domstate(b));
        LabsCli.Run clone = ok("vm", "clone", a, c);
        assertTrue(clone.out().contains(c + "-data.qcow2"), clone.out());
        String xmlC = virshOk("dumpxml", c);
        assertTrue(xmlC.contains("labs.hostname=" + c), xmlC);
        assertFalse(xmlC.contains(a + "-data"), "the clone has a disk of its own: " + xmlC);
        ok("vm", "start", c);
        assertEquals("running", domstate(c));
        assertEquals(c + "\n", ok("vm", "exec", c, "--", "hostname").out(), "the clone has its own host name");
        ok("vm", "destroy", c);

        for (String n : List.of(a, b, c)) {
            LabsCli.Run u = ok("vm", "undefine", n, "--remove-all-storage");
            assertTrue(u.out().contains("removed /var/lib/libvirt/images/labs/" + n + "-data"), u.out());
        }
        String after = virshOk("list", "--all", "--name");
        for (String n : List.of(a, b, c)) {
            assertFalse(after.contains(n), after);
        }
        assertFalse(virshOk("vol-list", "labs").contains(run), "every volume went with its VM");
    }

    @Test
    void theArticlesCommandsWorkOnALabsVm() throws Exception {
        String a = name("art");
        String b = name("art2");
        ok("vm", "create", a, "--memory", "256", "--disk-size", "32", "--accel", "tcg");
        assertTrue(virshOk("dumpxml", a).contains("/var/lib/libvirt/images/labs/" + a + "-data.qcow2"),
                "virsh dumpxml shows the disk file");
        virshOk("start", a);
        assertEquals("running", domstate(a));
        virshOk("destroy", a);
        assertEquals("shut off", domstate(a));
        Libvirtd.Out cl = Libvirtd.exec(List.of("virt-clone", "--connect", Libvirtd.URI, "-o", a, "-n", b,
                "--auto-clone"));
        assertEquals(0, cl.exit(), cl.text());
        virshOk("start", b);
        assertEquals("running", domstate(b));
        LabsCli.Run list = ok("vm", "list");
        assertTrue(list.out().matches("(?s).*" + b + "\\s+running.*"), "labs sees virt-clone's clone: " + list.out());
        virshOk("destroy", b);
        virshOk("undefine", b, "--remove-all-storage");
        assertFalse(virshOk("list", "--all", "--name").contains(b));
        // the clone's removal took only its own disks: the source still boots to ready on the shared image
        LabsCli.Run again = ok("vm", "start", a);
        assertTrue(again.out().contains("guest kernel"), again.out());
        virshOk("destroy", a);
        virshOk("undefine", a, "--remove-all-storage");
        assertFalse(virshOk("vol-list", "labs").contains(run), "virsh removed every volume of both");
    }

    @Test
    void badConnectionsAndForeignDomainsExit2AndDefineNothing() throws Exception {
        LabsCli.Run down = LabsCli.run(tmp.resolve("data"), Map.of(), "vm", "create", name("x"), "--connect",
                "qemu:///system?socket=/nonexistent/libvirt-sock");
        assertEquals(2, down.exit(), down.err());
        assertTrue(down.err().contains("cannot reach libvirt at qemu:///system?socket=/nonexistent"), down.err());
        assertTrue(down.err().contains("fix: start libvirt's daemon"), down.err());
        LabsCli.Run remote = LabsCli.run(tmp.resolve("data"), Map.of(), "vm", "list", "--connect",
                "qemu+tcp://127.0.0.1/system");   // qemu+ssh is taken now (LibvirtLabIT)
        assertEquals(2, remote.exit(), remote.err());
        assertTrue(remote.err().contains("remote libvirt host"), remote.err());
        LabsCli.Run xen = LabsCli.run(tmp.resolve("data"), Map.of(), "vm", "list", "--connect", "xen:///system");
        assertEquals(2, xen.exit(), xen.err());

        // a domain libvirt has and labs did not make: labs refuses to touch or overwrite it
        String foreign = name("foreign");
        Path xml = tmp.resolve("foreign.xml");
        Files.writeString(xml, "<domain type='qemu'><name>" + foreign + "</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='x86_64'>hvm</type></os></domain>");
        virshOk("define", xml.toString());
        String defined = virshOk("dumpxml", foreign);
        for (String[] cmd : List.of(new String[] {"start", foreign}, new String[] {"undefine", foreign,
                "--remove-all-storage"}, new String[] {"destroy", foreign}, new String[] {"dumpxml", foreign},
                new String[] {"clone", foreign, name("y")}, new String[] {"create", foreign, "--disk-size", "16"})) {
            List<String> args = new ArrayList<>(List.of("vm"));
            args.addAll(List.of(cmd));
            LabsCli.Run r = labs(args.toArray(String[]::new));
            assertEquals(2, r.exit(), String.join(" ", cmd) + ": " + r.err());
            assertTrue(r.err().contains("not made by labs") || r.err().contains("by a domain labs did not make"),
                    r.err());
            assertTrue(r.err().contains("fix: "), r.err());
        }
        assertEquals(defined, virshOk("dumpxml", foreign), "the foreign domain is as it was");
        assertEquals("shut off", domstate(foreign));
        virshOk("undefine", foreign);
        LabsCli.Run none = labs("vm", "start", name("nosuch"));
        assertEquals(2, none.exit(), none.err());
        assertTrue(none.err().contains("labs vm list --connect " + Libvirtd.URI), none.err());
        assertFalse(virshOk("list", "--all", "--name").contains(run), "nothing of this test's is defined");
        assertFalse(virshOk("vol-list", "labs").contains(run), "nor any volume of it");
    }

    /**
     * As on a lab server: VMs created and started by several labs processes at once get no clash of name, disk or
     * socket; of two creates of one name exactly one wins and the other exits 2 having made nothing; a create
     * stopped half way (SIGTERM, what Ctrl-C also does) leaves no domain and no volume.
     */
    @Test
    void manyAtOnceWithoutClashesAndAStoppedCreateLeavesNothing() throws Exception {
        List<String> names = List.of(name("p1"), name("p2"), name("p3"));
        String twice = name("same");
        List<Process> creates = new ArrayList<>();
        for (String n : List.of(names.get(0), names.get(1), names.get(2), twice, twice)) {
            creates.add(LabsCli.start(tmp.resolve("data"), Map.of("LABS_CONNECT", Libvirtd.URI), "vm", "create", n,
                    "--memory", "256", "--disk-size", "32", "--accel", "tcg"));
        }
        List<Integer> exits = new ArrayList<>();
        for (Process p : creates) {
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            exits.add(p.waitFor());
        }
        assertEquals(List.of(0, 0, 0), exits.subList(0, 3), "distinct names: " + exits);
        assertEquals(List.of(0, 2), exits.subList(3, 5).stream().sorted().toList(), "one name twice: " + exits);
        String vols = virshOk("vol-list", "labs");
        assertEquals(2, vols.lines().filter(l -> l.strip().startsWith(twice + "-")).count(), "the loser made none: "
                + vols);

        List<Process> starts = new ArrayList<>();
        for (String n : names.subList(0, 2)) {
            starts.add(LabsCli.start(tmp.resolve("data"), Map.of("LABS_CONNECT", Libvirtd.URI), "vm", "start", n));
        }
        for (Process p : starts) {
            String err = new String(p.getErrorStream().readAllBytes());
            assertEquals(0, p.waitFor(), err);
        }
        String sockA = virshOk("dumpxml", names.get(0)).replaceAll("(?s).*<source mode='bind' path='([^']*)'.*", "$1");
        String sockB = virshOk("dumpxml", names.get(1)).replaceAll("(?s).*<source mode='bind' path='([^']*)'.*", "$1");
        assertFalse(sockA.equals(sockB), sockA);
        assertEquals("running", domstate(names.get(0)));
        assertEquals("running", domstate(names.get(1)));

        String stopped = name("stopped");
        Process create = LabsCli.start(tmp.resolve("data"), Map.of("LABS_CONNECT", Libvirtd.URI), "vm", "create",
                stopped, "--memory", "256", "--disk-size", "4096", "--disk-format", "raw", "--accel", "tcg");
        Path root = Path.of("/var/lib/libvirt/images/labs", stopped + "-root.qcow2");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(root) && create.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        boolean halfWay = Files.exists(root);
        create.destroy();   // SIGTERM, between its first volume and its define (the 4 GiB data disk takes a while)
        create.waitFor();
        assertTrue(halfWay, "the create was stopped after it made its first volume");
        assertFalse(virshOk("list", "--all", "--name").contains(stopped), "a stopped create defined nothing");
        assertFalse(Files.exists(root), "and left no volume");
        assertFalse(virshOk("vol-list", "labs").contains(stopped), "nor one libvirt lists");
    }
}

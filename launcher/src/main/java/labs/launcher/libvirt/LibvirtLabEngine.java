package labs.launcher.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;
import labs.common.Progress;
import labs.launcher.AccelProbe;
import labs.launcher.BootPolicy;
import labs.launcher.BootTimeout;
import labs.launcher.LabEngine;
import labs.launcher.RunningVm;
import labs.launcher.VmSpec;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.remote.SshRunner;
import labs.launcher.vm.StorageCleaner;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmStatus;

/**
 * `labs run LAB --connect URI`: a lab's guest runs as a libvirt domain that is never defined. Its volumes are made
 * as for `labs vm create --connect` and its XML kept here; start creates it as a transient domain on a connection
 * held open for the run ({@link HeldConnection}, {@code --autodestroy}), then removes its volumes from the pool at
 * once (QEMU holds them open; their space is freed when it exits). So whatever ends the run (the lab's own end,
 * Ctrl-C, or a kill -9 of labs, which ends the held virsh's input), libvirt destroys the domain and nothing is left
 * defined or stored. Only a kill -9 in the seconds between making the volumes and starting the guest can leave its
 * two volumes in the pool ({@code virsh vol-list labs}, named after the lab's run).
 */
public final class LibvirtLabEngine implements LabEngine {
    private final LibvirtEngine engine;
    private final Map<String, LabDomain> mine = new ConcurrentHashMap<>();
    private final HostFolders hostFolders;
    /** Where each guest's console is kept (a lab says so before it creates the guest). */
    private final Map<String, Path> keepConsoleAt = new ConcurrentHashMap<>();

    /** One lab guest: what was made for it, and while it runs the connection that holds it. */
    private static final class LabDomain {
        final LibvirtEngine.Made made;
        final Path consoleLog;
        volatile HeldConnection held;

        LabDomain(LibvirtEngine.Made made, Path consoleLog) {
            this.made = made;
            this.consoleLog = consoleLog;
        }
    }

    public LibvirtLabEngine(LibvirtUri uri, GuestImageBuilder images, AccelProbe probe, BootPolicy policy,
                            Progress out) {
        this.engine = new LibvirtEngine(uri, images, probe, policy, out);
        this.hostFolders = new HostFolders(engine.virsh(), engine.storage().poolDir());
        Runtime.getRuntime().addShutdownHook(new Thread(this::removeAll, "labs-libvirt-lab-exit"));
    }

    /** As {@link labs.launcher.Launcher#forLab}: the boot time limit from the environment, before the run starts. */
    public LibvirtLabEngine forLab() {
        BootTimeout.fromEnv();
        return this;
    }

    @Override
    public String engine() { return "libvirt " + where(); }

    @Override
    public String connectUri() { return where(); }

    @Override
    public String where() { return engine.where(); }

    @Override
    public Optional<Path> localDiskFolder() {
        return engine.virsh().uri().remote() ? Optional.empty() : Optional.of(engine.storage().poolDir());
    }

    @Override
    public String remoteHost() {
        return engine.virsh().uri().remote() ? engine.virsh().uri().ssh().display() : null;
    }

    /** On a remote libvirt host the host half runs there, over the URI's own ssh. */
    @Override
    public labs.common.CommandRunner host() {
        return engine.virsh().uri().remote() ? new SshRunner(engine.virsh().uri().ssh()) : LabEngine.super.host();
    }

    @Override
    public VmDefinition create(VmSpec spec, Optional<Path> kernel) {
        try (NewDomain undo = new NewDomain(engine.storage(), engine.virsh())) {
            LibvirtEngine.Made m = engine.make(spec, kernel, undo);
            mine.put(spec.name(), new LabDomain(m,
                    engine.virsh().uri().consoleLogDir().resolve(spec.name() + "-console.log")));
            undo.keepUndefined();   // from here on this engine removes them (also from its exit hook)
            hostFolders.sweep();
            hostFolders.make(spec.name());
            return m.definition();
        }
    }

    @Override
    public RunningVm start(String name) {
        LabDomain d = labDomain(name);
        Virsh virsh = engine.virsh();
        engine.out().progress("%s", Msg.get(LauncherText.LV_STARTING_TRANSIENT, name, where()));
        d.held = HeldConnection.open(virsh);
        Virsh.withXmlFile(LibvirtDomainXml.withConsoleLog(d.made.xml(), d.consoleLog),
                file -> d.held.createAutodestroy(file, name));
        engine.storage().remove(d.made.volumes());   // QEMU has them open: nothing stays in the pool if labs dies
        LabsDomain live = engine.domains().labs(name);
        return LibvirtRunningVm.await(virsh, live, engine.policy().timeout(live.accelerator()), engine.out()).owned();
    }

    @Override
    public boolean defined(String name) { return mine.containsKey(name); }

    @Override
    public Path hostFolder(VmDefinition def) { return hostFolders.of(def.name()); }

    /** The console log as this machine reads it: on a remote host it is not here, and not watched. */
    @Override
    public Path consoleLog(String name) {
        return engine.virsh().uri().remote() ? Path.of("/nonexistent/labs-remote-console.log")
                : labDomain(name).consoleLog;
    }

    @Override
    public void keepConsoleAt(String name, Path file) { keepConsoleAt.put(name, file); }

    @Override
    public void keepAfterExit(String name) {
        throw LabsException.usage(Msg.get(LauncherText.LV_NO_KEEP), Msg.get(LauncherText.LV_NO_KEEP_FIX));
    }

    @Override
    public boolean destroy(String name) {
        LabDomain d = mine.get(name);
        if (d == null) {
            return engine.destroy(name);
        }
        HeldConnection held = d.held;
        if (held == null || !held.alive()) {
            return false;
        }
        engine.virsh().tryRun("destroy", name);
        held.close();
        return true;
    }

    @Override
    public StorageCleaner.Report undefine(String name, boolean removeAllStorage) {
        LabDomain d = mine.remove(name);
        if (d == null) {
            return engine.undefine(name, removeAllStorage);
        }
        return remove(name, d);
    }

    /** Stops the guest if it runs, removes its volumes and keeps its console: what is left over, as a report. */
    private StorageCleaner.Report remove(String name, LabDomain d) {
        HeldConnection held = d.held;
        if (held != null) {
            engine.virsh().tryRun("destroy", name);
            held.close();
        }
        List<Path> left = engine.storage().remove(d.made.volumes());
        hostFolders.remove(name);
        if (engine.virsh().uri().remote()) {
            RemoteConsole.keep(new SshRunner(engine.virsh().uri().ssh()), d.consoleLog, keepConsoleAt.get(name));
        } else {
            keepConsole(d.consoleLog, keepConsoleAt.get(name));
        }
        return new StorageCleaner.Report(d.made.volumes().stream().filter(p -> !left.contains(p)).toList(),
                left.stream().map(Path::toString).toList());
    }

    private static void keepConsole(Path log, Path keepAt) {
        try {
            if (keepAt != null && Files.isRegularFile(log)) {
                Files.copy(log, keepAt, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // the lab goes on without the console; libvirt's folder keeps it then
        }
    }

    /** The exit hook: what the lab did not remove itself (Ctrl-C, SIGTERM) goes now. */
    private void removeAll() {
        for (String name : List.copyOf(mine.keySet())) {
            LabDomain d = mine.remove(name);
            if (d != null) {
                try {
                    remove(name, d);
                } catch (RuntimeException e) {
                    System.err.println("labs: " + Msg.get(LauncherText.LV_GUEST_NOT_REMOVED, name, where(), e.getMessage()));
                }
            }
        }
    }

    private LabDomain labDomain(String name) {
        LabDomain d = mine.get(name);
        if (d == null) {
            throw LabsException.failed(Msg.get(LauncherText.LV_NO_LAB_GUEST, name), null, null);
        }
        return d;
    }

    // ---- the rest of labs vm, as through labs vm --connect -----------------------------------------------------

    @Override
    public RunningVm startDetached(String name) { return engine.startDetached(name); }

    @Override
    public RunningVm attach(String name) { return engine.attach(name); }

    @Override
    public List<VmStatus> list() { return engine.list(); }

    @Override
    public String dumpXml(String name) { return engine.dumpXml(name); }

    @Override
    public VmDefinition cloneVm(String src, String dst, boolean full) { return engine.cloneVm(src, dst, full); }

    @Override
    public boolean shutdown(String name) {
        return mine.containsKey(name) ? destroy(name) : engine.shutdown(name);
    }
}

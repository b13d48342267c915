package labs.launcher.libvirt;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;
import labs.common.Progress;
import labs.launcher.Accelerator;
import labs.launcher.RunningVm;
import labs.launcher.agent.GuestAgent;
import labs.launcher.agent.GuestProcess;

/**
 * A labs domain libvirt started, once its agent answered on the channel's socket (the one libvirt made for this
 * run). Closing it only drops this process's agent connection: the domain runs on, as after `virsh start`.
 */
final class LibvirtRunningVm implements RunningVm {
    private final Virsh virsh;
    private final LabsDomain domain;
    private final GuestAgent agent;
    private final List<Long> vcpuThreads;
    /** A lab's guest: closing the handle destroys it (it is a transient domain, so it is gone then). */
    private final boolean owned;
    private final ChannelTransport transport;

    private LibvirtRunningVm(Virsh virsh, LabsDomain domain, ChannelTransport transport, GuestAgent agent,
                             List<Long> vcpuThreads, boolean owned) {
        this.virsh = virsh;
        this.transport = transport;
        this.domain = domain;
        this.agent = agent;
        this.vcpuThreads = vcpuThreads;
        this.owned = owned;
    }

    /** The same guest, stopped when the handle is closed (a lab's). */
    LibvirtRunningVm owned() {
        return new LibvirtRunningVm(virsh, domain, transport, agent, vcpuThreads, true);
    }

    /**
     * Waits for the agent of a domain just started; a guest that is not ready in time is destroyed (its console is
     * a pty: `virsh console NAME` shows it on the next start).
     */
    static LibvirtRunningVm await(Virsh virsh, LabsDomain live, Duration timeout, Progress out) {
        if (live.agentSocket() == null) {
            virsh.tryRun("destroy", live.name());
            throw LabsException.failed(Msg.get(LauncherText.LV_NO_AGENT_SOCKET, live.name()),
                    Msg.get(LauncherText.LV_DEFINITION_CHANGED), null);
        }
        try {
            ChannelTransport transport = ChannelTransport.of(virsh.uri(), live.agentSocket());
            GuestAgent agent = transport.connect(timeout);
            return new LibvirtRunningVm(virsh, live, transport, agent, VcpuThreads.of(virsh, live.name()), false);
        } catch (RuntimeException e) {
            out.warn("'%s' did not become ready: destroying it (watch its boot with: %s)", live.name(),
                    virsh.commandLine("start", "--console", live.name()));
            virsh.tryRun("destroy", live.name());
            throw e;
        }
    }

    /** Connects to the agent of a domain that runs already (started by labs or by virsh start). */
    static LibvirtRunningVm attach(Virsh virsh, LabsDomain live, Duration timeout) {
        ChannelTransport transport = ChannelTransport.of(virsh.uri(), live.agentSocket());
        return new LibvirtRunningVm(virsh, live, transport, transport.connect(timeout),
                VcpuThreads.of(virsh, live.name()), false);
    }

    @Override
    public String name() { return domain.name(); }

    /**
     * QEMU's pid: the process the vCPU threads belong to (read from /proc; -1 if not on this machine, also for a
     * remote URI, whose thread ids mean nothing in this machine's /proc).
     */
    @Override
    public long pid() {
        if (vcpuThreads.isEmpty() || virsh.uri().remote()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", vcpuThreads.get(0).toString(), "status"))) {
                if (line.startsWith("Tgid:")) {
                    return Long.parseLong(line.substring(5).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public List<Long> vcpuThreadIds() { return vcpuThreads; }

    @Override
    public Accelerator accelerator() { return domain.accelerator(); }

    @Override
    public String acceleratorReason() {
        return "the domain's type in libvirt (" + (domain.accelerator() == Accelerator.KVM ? "kvm" : "qemu") + ")";
    }

    @Override
    public Path diskPath() { return domain.dataDisk(); }

    @Override
    public String guestKernel() { return agent.kernelRelease(); }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws InterruptedException {
        return agent.exec(argv, timeout);
    }

    @Override
    public GuestProcess start(List<String> argv, boolean stdin, OutputStream out, OutputStream err) {
        return agent.start(argv, stdin, out, err);
    }

    @Override
    public void shutdown() {
        disconnect();
        virsh.tryRun("shutdown", domain.name());
    }

    @Override
    public void destroy() {
        disconnect();
        virsh.tryRun("destroy", domain.name());
    }

    /** Disconnects only: the domain keeps running (a lab's own guest is destroyed). */
    @Override
    public void close() {
        if (owned) {
            destroy();
        } else {
            disconnect();
        }
    }

    private void disconnect() {
        agent.close();
        transport.close();
    }
}

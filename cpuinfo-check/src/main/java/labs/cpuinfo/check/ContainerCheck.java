package labs.cpuinfo.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import labs.common.EmulatedAmdV;
import labs.common.i18n.Msg;

import static labs.common.i18n.CheckText.*;

/** Inside a container or WSL? Then /dev/kvm and /dev/net/tun exist only if whoever started it passed them in. */
public final class ContainerCheck implements Check {
    private static final Pattern CGROUP = Pattern.compile("(docker|kubepods|containerd|libpod|lxc|garden)");

    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        List<Finding> out = new ArrayList<>();
        String version = host.read("/proc/version").toLowerCase(Locale.ROOT);
        if (version.contains("microsoft") || version.contains("wsl")) {
            out.add(Finding.of(Status.NOTE, "host.wsl", Msg.get(WSL, version.contains("wsl2") ? "2" : ""),
                    Msg.get(WSL_WHY), Msg.get(WSL_FIX, "%UserProfile%\\.wslconfig", "[wsl2] nestedVirtualization=true",
                            "`wsl --shutdown`")));
        }
        if (!host.live()) {
            if (out.isEmpty()) {
                out.add(Finding.of(Status.SKIP, "host.container", Msg.get(CONTAINER_DUMP), Msg.get(CONTAINER_DUMP_WHY),
                        Msg.get(RUN_THERE, "labs run vt-check")));
            }
            return out;
        }
        List<String> evidence = new ArrayList<>();
        // Inside labs' emulated AMD-V machine the root is the host's own, shared read-only: a /.dockerenv there is
        // the host's file and says nothing about this machine, whose own PID 1 (below) does.
        boolean sharedRoot = EmulatedAmdV.inside();
        if (!sharedRoot && host.exists("/.dockerenv")) {
            evidence.add("/.dockerenv");
        }
        if (!sharedRoot && host.exists("/run/.containerenv")) {
            evidence.add("/run/.containerenv (podman)");
        }
        Matcher m = CGROUP.matcher(host.read("/proc/1/cgroup"));
        if (m.find()) {
            evidence.add(Msg.get(CONTAINER_CGROUP, m.group(1)));
        }
        String env = host.read("/proc/1/environ");
        int i = env.indexOf("container=");
        if (i >= 0) {
            String v = env.substring(i + 10).split("\0", 2)[0];
            evidence.add(Msg.get(CONTAINER_ENV, v));
        }
        if (evidence.isEmpty() && sharedRoot) {
            out.add(Finding.pass("host.container", Msg.get(CONTAINER_NONE_AMDV)));
        } else if (evidence.isEmpty()) {
            out.add(Finding.pass("host.container", Msg.get(CONTAINER_NONE)));
        } else {
            out.add(Finding.of(Status.NOTE, "host.container", Msg.get(CONTAINER, String.join(", ", evidence)),
                    Msg.get(CONTAINER_WHY), Msg.get(CONTAINER_FIX,
                            "docker run --device /dev/kvm --device /dev/net/tun ...")));
        }
        return out;
    }
}

package labs.cpuinfo.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import labs.common.EmulatedAmdV;

/** Inside a container or WSL? Then /dev/kvm and /dev/net/tun exist only if whoever started it passed them in. */
public final class ContainerCheck implements Check {
    private static final Pattern CGROUP = Pattern.compile("(docker|kubepods|containerd|libpod|lxc|garden)");

    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        List<Finding> out = new ArrayList<>();
        String version = host.read("/proc/version").toLowerCase(Locale.ROOT);
        if (version.contains("microsoft") || version.contains("wsl")) {
            out.add(Finding.of(Status.NOTE, "host.wsl", "running under WSL" + (version.contains("wsl2") ? "2" : "")
                    + " (\"microsoft\" in /proc/version)", "WSL2 is a Hyper-V VM: /dev/kvm works only with nested "
                    + "virtualization on (Windows 11), WSL1 has no KVM at all",
                    "in %UserProfile%\\.wslconfig put [wsl2] nestedVirtualization=true, then run `wsl --shutdown`"));
        }
        if (!host.live()) {
            if (out.isEmpty()) {
                out.add(Finding.of(Status.SKIP, "host.container", "container detection needs the live machine",
                        "a dump holds no /.dockerenv or /proc/1/cgroup", "run labs run vt-check on that machine"));
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
            evidence.add("/proc/1/cgroup mentions " + m.group(1));
        }
        String env = host.read("/proc/1/environ");
        int i = env.indexOf("container=");
        if (i >= 0) {
            String v = env.substring(i + 10).split("\0", 2)[0];
            evidence.add("container=" + v + " in PID 1's environment");
        }
        if (evidence.isEmpty() && sharedRoot) {
            out.add(Finding.pass("host.container", "not in a container (labs' emulated AMD-V machine: no container "
                    + "cgroup or environment for its PID 1; marker files such as /.dockerenv are the host's, whose "
                    + "root it shares)"));
        } else if (evidence.isEmpty()) {
            out.add(Finding.pass("host.container", "not in a container (no /.dockerenv, /run/.containerenv, "
                    + "container cgroup)"));
        } else {
            out.add(Finding.of(Status.NOTE, "host.container", "probably inside a container: " + String.join(", ",
                    evidence), "a container sees /dev/kvm and /dev/net/tun only when started with them",
                    "start it with: docker run --device /dev/kvm --device /dev/net/tun ... (podman: the same)"));
        }
        return out;
    }
}

package labs.lab;

import java.util.List;
import labs.common.CommandRunner;
import labs.lab.sched.HostProc;

/** The remote libvirt host's CPU, for meta.json and the charts' conditions: "MODEL xN", read from its /proc/cpuinfo. */
final class RemoteCpu {
    private RemoteCpu() {}

    static String describe(CommandRunner host) {
        try {
            return of(HostProc.of(host).read("/proc/cpuinfo"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown CPU";
        } catch (Exception e) {
            return "unknown CPU";
        }
    }

    /** The first "model name" and the number of "processor" entries of a /proc/cpuinfo. */
    static String of(String cpuinfo) {
        List<String> lines = cpuinfo.lines().toList();
        long n = lines.stream().filter(l -> l.matches("processor\\s*:.*")).count();
        String model = lines.stream().filter(l -> l.matches("model name\\s*:.*")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        return model + " x" + n;
    }
}

package labs.lab.vmexit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import labs.vmm.CpuMode;
import labs.vmm.KvmAccess;
import labs.vmm.Ports;
import labs.vmm.guest.GuestPrograms;
import labs.vmm.kvm.Kvm;

/**
 * The Java side of bench/vm-exit/run.sh (not a lab): runs one probe case REPS times and prints
 * "java CASE REP NS_PER_OP CPU_NS_PER_OP" lines, or dumps the guest programs so that the C twin runs the very same bytes.
 *
 * <pre>
 *   BenchMain dump DIR N LOOP         writes DIR/CASE.bin for every case (N exits, LOOP iterations)
 *   BenchMain run CASE N REPS         CASE: port-io-user | mmio-user | port-io-ioeventfd | loop | host-loop
 * </pre>
 */
public final class BenchMain {
    /** The same warm-up the lab does at its default size, before anything is timed. */
    static final long WARM_UP_EXITS = 20_000;

    private BenchMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("dump")) {
            Path dir = Path.of(args[1]);
            long n = Long.parseLong(args[2]);
            long loop = Long.parseLong(args[3]);
            Files.write(dir.resolve("mark-then-done.bin"), GuestPrograms.markThenDone().code());
            Files.write(dir.resolve("port-io-user.bin"), GuestPrograms.portWrites(Ports.DEVICE, n).code());
            Files.write(dir.resolve("port-io-ioeventfd.bin"), GuestPrograms.portWrites(Ports.DOORBELL, n).code());
            Files.write(dir.resolve("mmio-user.bin"), GuestPrograms.mmioWrites(ExitProbes.MMIO_ADDRESS, n).code());
            Files.write(dir.resolve("loop.bin"), GuestPrograms.countingLoop(loop).code());
            Files.write(dir.resolve("host-loop.bin"), GuestPrograms.countingLoopForHost(loop).code());
            return;
        }
        if (args.length != 4 || !args[0].equals("run")) {
            System.err.println("usage: BenchMain dump DIR N LOOP | BenchMain run CASE N REPS");
            System.exit(2);
        }
        String c = args[1];
        long n = Long.parseLong(args[2]);
        int reps = Integer.parseInt(args[3]);
        try (Kvm kvm = KvmAccess.open()) {
            ExitProbes probes = new ExitProbes(kvm, WARM_UP_EXITS);
            for (int i = 1; i <= reps; i++) {
                Probe p = switch (c) {
                    case "port-io-user" -> probes.portExitsToUserSpace(n);
                    case "mmio-user" -> probes.mmioExitsToUserSpace(n);
                    case "port-io-ioeventfd" -> probes.portExitsInKernel(n);
                    case "loop" -> probes.guestLoop(n, CpuMode.USER_CPL3);
                    case "host-loop" -> probes.hostLoop(n);
                    default -> throw new IllegalArgumentException("unknown case " + c);
                };
                System.out.printf(Locale.ROOT, "java %s %d %.4f %.4f%n", c, i, p.nsPerOp(), p.cpuNsPerOp());
            }
        }
    }
}

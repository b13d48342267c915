package labs.cli.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** What LibvirtLabIT looks at after a lab's run: its domains, its processes, its host folder, its tables. */
final class LabLeftovers {
    private LabLeftovers() {}

    /** Where a lab guest's host folder is on the libvirt host (this machine here). */
    static final Path HOST_FOLDERS = Path.of("/var/lib/libvirt/images/labs-host");

    /** The domains whose names start with prefix, running or defined. */
    static Set<String> domains(String prefix) throws Exception {
        return Arrays.stream(Libvirtd.virsh("list", "--all", "--name").text().split("\n")).map(String::strip)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The lab guest of the only run of lab under results: LAB-TIMESTAMP, the run folder's name (waits for it). */
    static String guestOf(Path results, String lab) throws Exception {
        Path runs = results.resolve(lab);
        for (int i = 0; i < 600 && !Files.isDirectory(runs); i++) {
            Thread.sleep(100);
        }
        try (Stream<Path> s = Files.list(runs)) {
            return lab + "-" + s.findFirst().orElseThrow().getFileName();
        }
    }

    /** Processes whose command line holds both words (the guest's name, and what else), but not this JVM. */
    static List<ProcessHandle> naming(String guest, String also) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != self).filter(p -> p.info().commandLine()
                .map(c -> c.contains(guest) && c.contains(also)).orElse(false)).toList();
    }

    static List<String> describe(List<ProcessHandle> ps) {
        return ps.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
    }

    static List<CSVRecord> csv(Path file) throws Exception {
        try (var in = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }
}

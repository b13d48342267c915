import java.nio.file.Path;
import java.time.Duration;
import labs.common.HostRunner;
import labs.fio.FioJob;
import labs.fio.FioOutput;
import labs.fio.FioRunner;
import labs.fio.Rw;

/**
 * One fio job through labs' harness (FioRunner over HostRunner, as io-compare runs it); prints bw_bytes.
 * Usage: java -cp 'labs-cli/target/lib/*' bench/HarnessBench.java FILE FILESIZE SECONDS OUTDIR
 */
public class HarnessBench {
    public static void main(String[] a) throws Exception {
        String file = a[0];
        long filesize = Long.parseLong(a[1]);
        int seconds = Integer.parseInt(a[2]);
        Path out = Path.of(a[3]);
        FioRunner fio = new FioRunner(HostRunner.INSTANCE, "fio", out.toString(), Duration.ofMinutes(5));
        FioJob job = FioJob.bookSequential(Rw.READ, file, filesize, filesize).timed(seconds);
        FioOutput o = fio.run(job, out.resolve("labs-" + System.nanoTime() + ".json"));
        System.out.println((long) o.jobs().get(0).main().bwBytesPerSec());
    }
}

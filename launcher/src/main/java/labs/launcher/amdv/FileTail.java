package labs.launcher.amdv;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes a file gained since the last look, copied on. The emulated machine writes the lab's stdout and stderr
 * into the control share (9p without a cache: each write reaches the host file at once) and its console into a
 * file; polling them every tenth of a second needs no fifo, no serial port per stream and no cooperation from the
 * machine, and a file that does not exist yet simply has nothing new.
 */
final class FileTail {
    private final Path file;
    private final OutputStream to;
    private long offset;

    FileTail(Path file, OutputStream to) {
        this.file = file;
        this.to = to;
    }

    /** Copies what is new; true when there was something. */
    boolean poll() throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        boolean any = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            int n;
            while ((n = ch.read(buf, offset)) > 0) {
                to.write(buf.array(), 0, n);
                offset += n;
                buf.clear();
                any = true;
            }
        } catch (NoSuchFileException e) {
            return false;
        }
        if (any) {
            to.flush();
        }
        return any;
    }
}

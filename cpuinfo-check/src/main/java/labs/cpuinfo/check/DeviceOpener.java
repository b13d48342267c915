package labs.cpuinfo.check;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens a device read-write the way QEMU does: an actual open(O_RDWR), never a guess from mode bits or groups. */
public interface DeviceOpener {
    /** null when it opened (and was closed again), else the reason it did not. */
    Refusal tryOpenReadWrite(Path device);

    /** Why an open failed: permission (EACCES/EPERM), absent, or something else. */
    record Refusal(Kind kind, String message) {
        public enum Kind { ACCESS_DENIED, MISSING, OTHER }
    }

    /** The real thing, in plain Java (no JNA: the cheap verdict uses it too). */
    static DeviceOpener system() {
        return device -> {
            try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return null;
            } catch (AccessDeniedException e) {
                return new Refusal(Refusal.Kind.ACCESS_DENIED, "Permission denied");
            } catch (NoSuchFileException e) {
                return new Refusal(Refusal.Kind.MISSING, "No such file or device");
            } catch (IOException | RuntimeException e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                return new Refusal(m.contains("Operation not permitted") ? Refusal.Kind.ACCESS_DENIED
                        : Refusal.Kind.OTHER, m);
            }
        };
    }
}

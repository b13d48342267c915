package labs.launcher.vm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import labs.common.Json;
import labs.common.LabsException;
import labs.launcher.DiskFormat;

/**
 * The VM store: one folder per VM (mode 0700) under {@code root}, holding definition.json, the data disk, and
 * while it runs runtime.json, the QMP and agent sockets and the console log. Definitions are written to a temp
 * file and renamed, so a reader (or a crash) never sees half a definition.
 */
public final class VmStore {
    public static final String DEFINITION = "definition.json";
    public static final String RUNTIME = "runtime.json";
    public static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final ObjectReader DEF_READER =
            Json.MAPPER.readerFor(VmDefinition.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectReader RT_READER =
            Json.MAPPER.readerFor(VmRuntime.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path root;

    public VmStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() { return root; }

    /** The VM's folder (the name is checked first, so no name can point outside the store). */
    public Path dir(String name) {
        return root.resolve(VmName.check(name));
    }

    public Path qmpSocket(String name) { return dir(name).resolve("qmp.sock"); }
    public Path agentSocket(String name) { return dir(name).resolve("agent.sock"); }
    public Path consoleLog(String name) { return dir(name).resolve("console.log"); }
    /** qemu's own stdout/stderr (its error messages when it refuses to start). */
    public Path qemuLog(String name) { return dir(name).resolve("qemu.log"); }
    public Path diskPath(String name, DiskFormat format) { return dir(name).resolve("disk." + format.qemuName()); }

    public boolean exists(String name) {
        return Files.isRegularFile(dir(name).resolve(DEFINITION));
    }

    /** Names of all defined VMs, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> VmName.problem(p.getFileName().toString()) == null)
                    .filter(p -> Files.isRegularFile(p.resolve(DEFINITION)))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the empty folder of a new VM (0700). The folder's creation is the atomic test for duplicates: of two
     * processes creating the same name at once, one gets it and the other is refused.
     */
    public Path createFolder(String name) {
        VmName.check(name);
        ensureRoot();
        Path dir = dir(name);
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(dir, OWNER_ONLY); // umask may have removed bits; make it exactly 0700
            return dir;
        } catch (FileAlreadyExistsException e) {
            throw duplicate(name);
        } catch (IOException e) {
            throw new LabsException("cannot create the folder of VM '" + name + "' in " + root, e.toString(),
                    "check that " + root + " is writable, or set LABS_DATA_DIR to another folder");
        }
    }

    public LabsException duplicate(String name) {
        Path dir = dir(name);
        if (Files.exists(dir.resolve(DEFINITION))) {
            return LabsException.usage("a VM named '" + name + "' already exists",
                    "choose another name, or remove it first: labs vm undefine " + name + " --remove-all-storage");
        }
        return LabsException.usage("the folder " + dir + " already exists but holds no VM definition "
                        + "(left by an undefine without --remove-all-storage, or made by hand)",
                "choose another name, or look at that folder and remove it yourself");
    }

    private void ensureRoot() {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root.getParent());
                try {
                    Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } catch (FileAlreadyExistsException e) {
                    // made by a concurrent labs process: fine
                }
            }
        } catch (IOException e) {
            throw new LabsException("cannot create the VM store " + root, e.toString(),
                    "set LABS_DATA_DIR to a writable folder");
        }
    }

    public VmDefinition load(String name) {
        Path file = dir(name).resolve(DEFINITION);
        try {
            return DEF_READER.readValue(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw noSuchVm(name);
        } catch (IOException e) {
            throw new LabsException("the definition of VM '" + name + "' cannot be read (" + file + ")",
                    e.getMessage(), "look at the file; if it is damaged, remove the VM: labs vm undefine " + name);
        }
    }

    public LabsException noSuchVm(String name) {
        return LabsException.usage("no VM named '" + name + "' (store: " + root + ")",
                "see the defined VMs with: labs vm list; create one with: labs vm create " + name);
    }

    public void save(VmDefinition def) {
        writeAtomically(dir(def.name()).resolve(DEFINITION), def);
    }

    public Optional<VmRuntime> runtime(String name) {
        Path file = dir(name).resolve(RUNTIME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(RT_READER.readValue(file.toFile()));
        } catch (IOException e) {
            return Optional.empty(); // unreadable runtime state is stale state: the caller cleans it
        }
    }

    public void saveRuntime(String name, VmRuntime rt) {
        writeAtomically(dir(name).resolve(RUNTIME), rt);
    }

    /** Removes what a run leaves (runtime.json, sockets); the console log stays for `labs vm log`. */
    public void clearRuntime(String name) {
        for (Path p : List.of(dir(name).resolve(RUNTIME), qmpSocket(name), agentSocket(name))) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Files a run leaves in the VM folder right now (for tests and the lab's "files are gone" step). */
    public List<Path> files(String name) {
        Path dir = dir(name);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return new ArrayList<>(s.filter(p -> !p.equals(dir)).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAtomically(Path file, Object value) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Json.MAPPER.writeValue(tmp.toFile(), value);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temp file is harmless; the original is intact
            }
            throw new LabsException("cannot write " + file, e.toString(), "check free space and permissions there");
        }
    }
}

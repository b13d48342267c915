package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
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
    /**
     * The definition of a VM undefined without --remove-all-storage: its folder (disk, and maybe the base image
     * linked clones read) stays, `labs vm list` shows it as "storage only", and `labs vm undefine NAME
     * --remove-all-storage` removes it once no clone uses it.
     */
    public static final String KEPT = "undefined.json";
    public static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final ObjectReader DEF_READER =
            Json.MAPPER.readerFor(VmDefinition.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectReader RT_READER =
            Json.MAPPER.readerFor(VmRuntime.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path root;
    /** Set once the store and the folders on the way passed {@link StoreGuard}: only we (or root) can change them. */
    private volatile boolean rootTrusted;

    public VmStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() { return root; }

    /**
     * The VM's folder (the name is checked first, so no name can point outside the store). The store must be safe
     * and the folder, when it exists, a real folder of ours, never a link: see {@link StoreGuard}.
     */
    public Path dir(String name) {
        Path dir = root.resolve(VmName.check(name));
        checkRoot();
        StoreGuard.checkVmFolder(dir, name);
        return dir;
    }

    /** Refuses a store another user could change (checked once: after that only we or root can change it). */
    public void checkRoot() {
        if (!rootTrusted) {
            StoreGuard.checkStore(root);
            rootTrusted = Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** True when the VM's folder exists (defined, damaged, or storage only). */
    public boolean folderExists(String name) {
        return Files.exists(dir(name), LinkOption.NOFOLLOW_LINKS);
    }

    /** True when the folder holds the storage of an undefined VM (see {@link #KEPT}). */
    public boolean kept(String name) {
        Path dir = dir(name);
        return !Files.exists(dir.resolve(DEFINITION), LinkOption.NOFOLLOW_LINKS)
                && Files.isRegularFile(dir.resolve(KEPT), LinkOption.NOFOLLOW_LINKS);
    }

    public Path qmpSocket(String name) { return dir(name).resolve("qmp.sock"); }
    public Path agentSocket(String name) { return dir(name).resolve("agent.sock"); }
    public Path consoleLog(String name) { return dir(name).resolve("console.log"); }
    /** qemu's own stdout/stderr (its error messages when it refuses to start). */
    public Path qemuLog(String name) { return dir(name).resolve("qemu.log"); }
    public Path diskPath(String name, DiskFormat format) { return dir(name).resolve("disk." + format.qemuName()); }

    public boolean exists(String name) {
        return Files.isRegularFile(dir(name).resolve(DEFINITION), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Names of all defined VMs (a damaged definition included), sorted. A VM folder that is a link is listed too,
     * so that whoever reads it hears why it is refused.
     */
    public List<String> names() {
        return entries(p -> Files.isSymbolicLink(p)
                || Files.isRegularFile(p.resolve(DEFINITION), LinkOption.NOFOLLOW_LINKS));
    }

    /** Names of the folders holding the storage of undefined VMs (see {@link #KEPT}), sorted. */
    public List<String> keptNames() {
        return entries(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(p.resolve(DEFINITION), LinkOption.NOFOLLOW_LINKS)
                && Files.isRegularFile(p.resolve(KEPT), LinkOption.NOFOLLOW_LINKS));
    }

    private List<String> entries(java.util.function.Predicate<Path> which) {
        checkRoot();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> VmName.problem(p.getFileName().toString()) == null).filter(which)
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw StoreGuard.unreadable(root, e);
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
            throw new LabsException(Msg.get(VmText.CANNOT_CREATE_FOLDER, name, root), e.toString(),
                    Msg.get(VmText.STORE_WRITABLE_FIX, root));
        }
    }

    public LabsException duplicate(String name) {
        Path dir = dir(name);
        if (kept(name)) {
            List<String> users = CloneMaker.usersOfBase(this, name);
            return LabsException.usage(Msg.get(VmText.NAME_TAKEN_KEPT, name, dir, users.isEmpty() ? ""
                            : Msg.get(VmText.LINKED_CLONES_READ, String.join(", ", users))),
                    users.isEmpty() ? Msg.get(VmText.NAME_TAKEN_KEPT_FIX, name)
                            : Msg.get(VmText.NAME_TAKEN_KEPT_FIX_CLONES));
        }
        if (Files.exists(dir.resolve(DEFINITION), LinkOption.NOFOLLOW_LINKS)) {
            return LabsException.usage(Msg.get(VmText.ALREADY_EXISTS, name), Msg.get(VmText.ALREADY_EXISTS_FIX, name));
        }
        return LabsException.usage(Msg.get(VmText.FOLDER_NO_DEFINITION, dir),
                Msg.get(VmText.FOLDER_NO_DEFINITION_FIX, name));
    }

    void ensureRoot() {
        checkRoot();
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
            throw new LabsException(Msg.get(VmText.CANNOT_CREATE_STORE, root), e.toString(),
                    Msg.get(VmText.CANNOT_CREATE_STORE_FIX));
        }
    }

    public VmDefinition load(String name) {
        return read(name, DEFINITION);
    }

    /** The definition an undefined VM left with its kept storage. */
    public VmDefinition loadKept(String name) {
        return read(name, KEPT);
    }

    private VmDefinition read(String name, String fileName) {
        Path file = dir(name).resolve(fileName);
        StoreGuard.checkFile(file, name);
        VmDefinition def;
        try (java.io.InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            def = DEF_READER.readValue(in);
        } catch (NoSuchFileException e) {
            throw noSuchVm(name);
        } catch (IOException e) {
            throw new Damaged(name, file, firstLine(e.getMessage()));
        }
        if (def == null || !name.equals(def.name()) || def.disk() == null || def.disk().path() == null
                || def.disk().format() == null) {
            throw new Damaged(name, file, Msg.get(VmText.DAMAGED_LACKS));
        }
        return def;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** A definition.json that cannot be read as one: the VM can still be destroyed and undefined. */
    public static final class Damaged extends LabsException {
        private static final long serialVersionUID = 1L;

        Damaged(String name, Path file, String why) {
            super(Msg.get(VmText.DAMAGED, name, file), why, Msg.get(VmText.DAMAGED_FIX, name), EXIT_USAGE, null);
        }
    }

    public LabsException noSuchVm(String name) {
        boolean kept;
        try {
            kept = kept(name);
        } catch (LabsException e) {
            kept = false;
        }
        if (kept) {
            return LabsException.usage(Msg.get(VmText.WAS_UNDEFINED, name, dir(name)),
                    Msg.get(VmText.WAS_UNDEFINED_FIX, name));
        }
        return LabsException.usage(Msg.get(VmText.NO_SUCH_VM, name, root), Msg.get(VmText.NO_SUCH_VM_FIX, name));
    }

    public void save(VmDefinition def) {
        writeAtomically(dir(def.name()).resolve(DEFINITION), def);
    }

    /** Writes a definition into a folder that is not in place yet (see {@link NewVmFolder}). */
    void saveInto(Path folder, VmDefinition def) {
        writeAtomically(folder.resolve(DEFINITION), def);
    }

    public Optional<VmRuntime> runtime(String name) {
        Path file = dir(name).resolve(RUNTIME);
        StoreGuard.checkFile(file, name);
        Optional<VmRuntime> recorded = Optional.empty();
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            try (java.io.InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                recorded = Optional.ofNullable(RT_READER.readValue(in));
            } catch (IOException e) {
                recorded = Optional.empty(); // damaged: whether its qemu still runs is asked of /proc below
            }
        }
        if (recorded.isPresent() && recorded.get().processAlive()) {
            return recorded;
        }
        // missing, damaged or naming a process that is gone: a qemu of this VM may run all the same
        Optional<VmRuntime> found = QemuProcess.findRunning(this, name);
        return found.isPresent() ? found : recorded;
    }

    /**
     * The runtime state when its process is this VM's qemu (start time, executable and command line checked, and
     * the sockets it names are this folder's): the only runtime any command may signal or connect to.
     */
    public Optional<VmRuntime> liveRuntime(String name) {
        return runtime(name).filter(rt -> QemuProcess.isQemuOf(rt, this, name));
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
                throw new LabsException(Msg.get(VmText.CANNOT_CLEAR_RUNTIME, p), e.toString(),
                        Msg.get(VmText.CANNOT_CLEAR_RUNTIME_FIX, root));
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
            Files.deleteIfExists(tmp); // left by a crashed labs whose pid was reused; a link is removed, not followed
            // 0600 whatever the umask (a umask of 002 would make it group-writable, which StoreGuard refuses)
            try (java.io.OutputStream out = java.nio.channels.Channels.newOutputStream(Files.newByteChannel(tmp,
                    Set.of(java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(OWNER_RW)))) {
                Json.MAPPER.writeValue(out, value);
            }
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
            throw new LabsException(Msg.get(VmText.CANNOT_WRITE, file), e.toString(),
                    Msg.get(VmText.CANNOT_WRITE_FIX));
        }
    }
}

package labs.launcher.libvirt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import labs.launcher.vm.StorageCleaner;

/**
 * A labs domain's disks split into those in labs' own storage pool, which `labs vm undefine --remove-all-storage`
 * deletes, and the rest, which it keeps (as the built-in engine deletes nothing outside a VM's own folder).
 *
 * @param ours   disk files directly in the pool's folder
 * @param others every other disk file (another pool's volume, a file anywhere)
 */
record PoolDisks(List<Path> ours, List<Path> others) {

    static PoolDisks of(Path poolDir, List<Path> disks) {
        Path pool = poolDir.toAbsolutePath().normalize();
        var split = disks.stream().collect(Collectors.partitioningBy(
                p -> p.isAbsolute() && pool.equals(p.normalize().getParent())));
        return new PoolDisks(List.copyOf(split.get(true)), List.copyOf(split.get(false)));
    }

    /** virsh undefine's --storage value: the paths, comma-separated, a comma inside a path doubled (virsh's escape). */
    String storageArgument() {
        return ours.stream().map(p -> p.toString().replace(",", ",,")).collect(Collectors.joining(","));
    }

    /** What the report says of each kept disk. */
    List<String> keptNotes() {
        return others.stream().map(p -> p + " (not in labs' storage pool, so labs leaves it)").toList();
    }

    /**
     * After virsh undefine --storage: what is gone, and what is still there. virsh only warns, and exits 0, for a
     * path that is not a volume libvirt knows (say, a pool named labs that someone defined elsewhere), so the files
     * themselves say what was removed.
     */
    StorageCleaner.Report report() {
        List<String> kept = new ArrayList<>(keptNotes());
        ours.stream().filter(Files::exists).forEach(p -> kept.add(p + " (virsh did not remove it: not a volume of "
                + "libvirt's pool " + LibvirtUri.POOL + "? see virsh pool-dumpxml " + LibvirtUri.POOL + ")"));
        return new StorageCleaner.Report(ours.stream().filter(p -> !Files.exists(p)).toList(), List.copyOf(kept));
    }
}

package labs.launcher.guest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import labs.common.Progress;

/**
 * What init.sh loads: at boot, for a data disk, for a NIC, in the background for the power button. Each set in
 * dependency order and without what an earlier set already loads.
 */
record ModuleSets(List<KernelModules.Module> boot, List<KernelModules.Module> data,
                  List<KernelModules.Module> net, List<KernelModules.Module> acpi) {
    private static final ModuleSets NONE = new ModuleSets(List.of(), List.of(), List.of(), List.of());

    /** The kernel's modules for {@link GuestImageBuilder#MODULES} and the others; none when it has no modules. */
    static ModuleSets of(KernelSource.Kernel kernel, Progress out) throws IOException {
        if (kernel.modulesDir() == null) {
            return NONE;
        }
        List<String> builtin = new ArrayList<>();
        KernelModules index = KernelModules.open(kernel.modulesDir());
        List<KernelModules.Module> base = index.loadOrder(GuestImageBuilder.MODULES, builtin);
        List<KernelModules.Module> data = index.loadOrder(GuestImageBuilder.DATA_MODULES, builtin).stream()
                .filter(m -> !base.contains(m)).toList();
        List<KernelModules.Module> net = index.loadOrder(GuestImageBuilder.NET_MODULES, builtin).stream()
                .filter(m -> !base.contains(m) && !data.contains(m)).toList();
        List<KernelModules.Module> acpi = index.loadOrder(GuestImageBuilder.ACPI_MODULES, builtin).stream()
                .filter(m -> !base.contains(m) && !data.contains(m) && !net.contains(m)).toList();
        BootModules.requireBuiltIn(kernel, builtin);
        if (!builtin.isEmpty()) {
            out.debug("not found as modules (taken as built in): %s", builtin);
        }
        return new ModuleSets(base, data, net, acpi);
    }

    int size() { return boot.size() + data.size() + net.size() + acpi.size(); }

    /** The four sets in load order. */
    List<List<KernelModules.Module>> all() {
        return List.of(boot, data, net, acpi);
    }

    /** Their module files, in load order (inputs of the initramfs' cache key). */
    List<Path> files(Path modulesDir) {
        List<Path> out = new ArrayList<>();
        all().forEach(set -> set.forEach(m -> out.add(modulesDir.resolve(m.relPath()))));
        return out;
    }
}

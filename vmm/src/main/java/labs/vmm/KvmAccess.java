package labs.vmm;

import labs.common.LabsException;
import labs.vmm.kvm.Kvm;
import labs.vmm.kvm.KvmException;

/** Opens /dev/kvm for a lab, turning errno into what a student can do about it. */
public final class KvmAccess {
    private static final int ENOENT = 2, ENXIO = 6, EACCES = 13, ENODEV = 19, EPERM = 1;

    private KvmAccess() {}

    public static Kvm open() { return open(Kvm.DEVICE); }

    public static Kvm open(String path) {
        Kvm kvm;
        try {
            kvm = Kvm.open(path);
        } catch (KvmException e) {
            throw explain(path, e.errno(), e);
        }
        try {
            int v = kvm.apiVersion();
            if (v != Kvm.EXPECTED_API_VERSION) {
                throw new LabsException(path + " answers KVM API version " + v + ", not "
                        + Kvm.EXPECTED_API_VERSION, "this is not a KVM this VMM knows", "use a Linux kernel's KVM");
            }
        } catch (KvmException e) {
            kvm.close();
            throw new LabsException(path + " is not a KVM device", e.getMessage(),
                    "check that " + path + " is the character device 10:232 (ls -l " + path + ")");
        } catch (LabsException e) {
            kvm.close();
            throw e;
        }
        return kvm;
    }

    static LabsException explain(String path, int errno, Throwable cause) {
        String user = System.getProperty("user.name", "$USER");
        return switch (errno) {
            case ENOENT -> new LabsException("cannot open " + path + ": it does not exist",
                    "KVM is not loaded, or the CPU (or the VM this machine is) offers no virtualization",
                    "sudo modprobe kvm_intel   (AMD: sudo modprobe kvm_amd); in a cloud VM, enable nested"
                            + " virtualization", LabsException.EXIT_USAGE, cause);
            case EACCES, EPERM -> new LabsException("cannot open " + path + ": permission denied",
                    "only root and members of the group that owns " + path + " (usually kvm) may use it",
                    groupFix(path) + "sudo usermod -aG kvm " + user + "   then log out and in again (or run as root;"
                            + " `labs run vt-check` names the exact fix for this machine)",
                    LabsException.EXIT_USAGE, cause);
            case ENXIO, ENODEV -> new LabsException("cannot open " + path + ": no device behind it",
                    "the device node exists but no KVM module serves it",
                    "sudo modprobe kvm_intel   (AMD: sudo modprobe kvm_amd)", LabsException.EXIT_USAGE, cause);
            default -> new LabsException("cannot open " + path, cause.getMessage(),
                    "check ls -l " + path, LabsException.EXIT_USAGE, cause);
        };
    }

    /**
     * Where /dev/kvm does not belong to group kvm (no udev rule, as on some minimal or nested hosts), joining kvm
     * is not enough: the node must be handed to that group first.
     */
    private static String groupFix(String path) {
        try {
            Object group = java.nio.file.Files.getAttribute(java.nio.file.Path.of(path), "posix:group");
            if (group != null && !"kvm".equals(group.toString())) {
                return "sudo groupadd -rf kvm && sudo chgrp kvm " + path + " && sudo chmod 660 " + path + " && ";
            }
        } catch (java.io.IOException | RuntimeException e) {
            // cannot tell: the plain usermod line is the usual fix
        }
        return "";
    }
}

package labs.launcher.vm;

import labs.launcher.Accelerator;

/**
 * One row of `labs vm list`. pid and accelerator are null when the VM is shut off; note says, for a state that
 * needs the user (paused, io-error, not responding), what happened and the command that helps, else null.
 */
public record VmStatus(String name, VmState state, Long pid, Accelerator accelerator, int vcpus, String cpuset,
                       int memoryMiB, VmDefinition definition, VmRuntime runtime, String note) {

    public VmStatus(String name, VmState state, Long pid, Accelerator accelerator, int vcpus, String cpuset,
                    int memoryMiB, VmDefinition definition, VmRuntime runtime) {
        this(name, state, pid, accelerator, vcpus, cpuset, memoryMiB, definition, runtime, null);
    }
}

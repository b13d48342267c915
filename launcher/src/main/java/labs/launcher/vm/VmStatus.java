package labs.launcher.vm;

import labs.launcher.Accelerator;

/** One row of `labs vm list`. pid and accelerator are null when the VM is shut off. */
public record VmStatus(String name, VmState state, Long pid, Accelerator accelerator, int vcpus, String cpuset,
                       int memoryMiB, VmDefinition definition, VmRuntime runtime) {}

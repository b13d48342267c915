package labs.cpuinfo.check;

import java.util.LinkedHashMap;
import java.util.Map;
import labs.vmm.kvm.Kvm;
import labs.vmm.kvm.KvmException;

/** Talks to the KVM API itself: does /dev/kvm answer the calls QEMU makes first? */
public interface KvmApiProbe {
    ApiReport probe(String device);

    /**
     * What the API answered.
     *
     * @param apiVersion   KVM_GET_API_VERSION (12 on every Linux since 2.6.22), -1 if not reached
     * @param vmCreated    KVM_CREATE_VM worked
     * @param vcpuCreated  KVM_CREATE_VCPU worked on that VM
     * @param vcpuMmapSize KVM_GET_VCPU_MMAP_SIZE, -1 if not reached
     * @param capabilities KVM_CHECK_EXTENSION answers by capability name
     * @param error        the call that failed with its errno text, or null
     */
    record ApiReport(int apiVersion, boolean vmCreated, boolean vcpuCreated, int vcpuMmapSize,
                     Map<String, Integer> capabilities, String error) {}

    /** The capabilities worth a line: what QEMU needs first and what the labs' tiny VMM uses. */
    Map<String, Integer> CAPABILITIES = capabilities();

    private static Map<String, Integer> capabilities() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("IRQCHIP", 0);
        m.put("USER_MEMORY", 3);
        m.put("SET_TSS_ADDR", 4);
        m.put("EXT_CPUID", 7);
        m.put("NR_VCPUS", 9);
        m.put("NR_MEMSLOTS", 10);
        m.put("IOEVENTFD", 36);
        m.put("MAX_VCPUS", 66);
        m.put("IMMEDIATE_EXIT", 136);
        m.put("NESTED_STATE", 157);
        m.put("BINARY_STATS_FD", 203);
        return m;
    }

    /** Through JNA and labs.vmm.kvm.Kvm (loads JNA: vt-check runs this on its own thread). */
    static KvmApiProbe jna() {
        return device -> {
            int api = -1;
            int mmap = -1;
            boolean vm = false;
            boolean vcpu = false;
            Map<String, Integer> caps = new LinkedHashMap<>();
            int vmFd = -1;
            int vcpuFd = -1;
            try (Kvm kvm = Kvm.open(device)) {
                api = kvm.apiVersion();
                for (var e : CAPABILITIES.entrySet()) {
                    caps.put(e.getKey(), kvm.checkExtension(e.getValue()));
                }
                mmap = kvm.vcpuMmapSize();
                vmFd = kvm.createVmFd();
                vm = true;
                vcpuFd = Kvm.createVcpuFd(vmFd, 0);
                vcpu = true;
                return new ApiReport(api, vm, vcpu, mmap, caps, null);
            } catch (KvmException e) {
                return new ApiReport(api, vm, vcpu, mmap, caps, e.getMessage());
            } catch (LinkageError e) {
                return new ApiReport(api, vm, vcpu, mmap, caps,
                        labs.common.i18n.Msg.get(labs.common.i18n.CheckText.API_NO_LIBC, e.getMessage()));
            } finally {
                Kvm.closeFd(vcpuFd);
                Kvm.closeFd(vmFd);
            }
        };
    }
}

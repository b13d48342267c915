package labs.cpuinfo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import labs.common.JsonOut;
import labs.common.i18n.CheckText;
import labs.common.i18n.Msg;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.ComputerSystem;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.software.os.OperatingSystem;

/**
 * Which machine a figure was measured on: saved as {@code host} in every lab's meta.json and printed by vt-check,
 * so that results from two machines (or a VM and bare metal) are never compared by mistake.
 *
 * @param cpuModel       "Intel(R) Xeon(R) Processor", as the CPU names itself
 * @param cpuVendor      GenuineIntel, AuthenticAMD ... (empty when the CPU does not say)
 * @param arch           os.arch as Java sees it (amd64, aarch64 ...)
 * @param physicalCores  cores (without SMT siblings)
 * @param logicalCpus    logical CPUs the OS schedules on (what fio/sysstat see)
 * @param memoryBytes    total RAM the kernel manages
 * @param os             distribution and version, e.g. "Debian GNU/Linux 12 (bookworm)"
 * @param kernel         kernel release (uname -r)
 * @param virtualization "bare metal (no hypervisor detected)" or what the machine runs under, with the evidence
 * @param hostname       the host's name (results copied between machines stay attributable)
 * @param source         "oshi" or "procfs": which path collected it (the procfs path also reads saved dumps)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostFingerprint(String cpuModel, String cpuVendor, String arch, int physicalCores, int logicalCpus,
                              long memoryBytes, String os, String kernel, String virtualization, String hostname,
                              String source) implements JsonOut.Writable {

    @Override
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        nonNull(g, "cpuModel", cpuModel);
        nonNull(g, "cpuVendor", cpuVendor);
        nonNull(g, "arch", arch);
        g.writeNumberField("physicalCores", physicalCores);
        g.writeNumberField("logicalCpus", logicalCpus);
        g.writeNumberField("memoryBytes", memoryBytes);
        nonNull(g, "os", os);
        nonNull(g, "kernel", kernel);
        nonNull(g, "virtualization", virtualization);
        nonNull(g, "hostname", hostname);
        nonNull(g, "source", source);
        g.writeEndObject();
    }

    /** As {@code @JsonInclude(NON_NULL)} has databind do it. */
    private static void nonNull(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** The full fingerprint through OSHI (loads JNA: ~0.1-0.3 s the first time, so only commands that save it pay). */
    public static HostFingerprint collect() {
        SystemInfo si = new SystemInfo();
        HardwareAbstractionLayer hw = si.getHardware();
        CentralProcessor cpu = hw.getProcessor();
        OperatingSystem os = si.getOperatingSystem();
        ComputerSystem cs = hw.getComputerSystem();
        String osName = os.getFamily() + " " + os.getVersionInfo().getVersion()
                + (blank(os.getVersionInfo().getCodeName()) ? "" : " (" + os.getVersionInfo().getCodeName() + ")");
        Path root = Path.of("/");
        return new HostFingerprint(
                cpu.getProcessorIdentifier().getName().strip(),
                cpu.getProcessorIdentifier().getVendor().strip(),
                System.getProperty("os.arch"),
                cpu.getPhysicalProcessorCount(),
                cpu.getLogicalProcessorCount(),
                hw.getMemory().getTotal(),
                osName.strip(),
                kernelRelease(root, os.getVersionInfo().getBuildNumber()),
                virtualization(root, cs.getManufacturer(), cs.getModel()),
                os.getNetworkParams().getHostName(),
                "oshi");
    }

    /**
     * The same fingerprint from /proc and /sys alone, without OSHI or JNA: what vt-check prints (start-up time
     * matters there) and the only path that works on a saved dump ({@code root} = a --sysroot folder).
     */
    public static HostFingerprint fromProcfs(Path root) {
        String cpuinfo = read(root, "proc/cpuinfo");
        String model = firstField(cpuinfo, "model name");
        if (model == null) {
            model = firstNonNull(firstField(cpuinfo, "cpu"), firstField(cpuinfo, "processor 0"), "unknown CPU");
        }
        String vendor = firstNonNull(firstField(cpuinfo, "vendor_id"), firstField(cpuinfo, "CPU implementer"), "");
        int logical = 0;
        List<String> cores = new ArrayList<>();
        String physId = "0";
        for (String line : cpuinfo.split("\n")) {
            String key = key(line);
            if (key.equals("processor") && value(line).matches("\\d+")) {
                logical++;
            } else if (key.equals("physical id")) {
                physId = value(line);
            } else if (key.equals("core id")) {
                String id = physId + "/" + value(line);
                if (!cores.contains(id)) {
                    cores.add(id);
                }
            }
        }
        long memKb = 0;
        Matcher m = Pattern.compile("(?m)^MemTotal:\\s+(\\d+) kB").matcher(read(root, "proc/meminfo"));
        if (m.find()) {
            memKb = Long.parseLong(m.group(1));
        }
        boolean live = root.equals(Path.of("/"));
        return new HostFingerprint(model, vendor, live ? System.getProperty("os.arch") : archOf(cpuinfo),
                cores.isEmpty() ? logical : cores.size(), logical, memKb * 1024, osRelease(root),
                kernelRelease(root, null), virtualization(root, dmi(root, "sys_vendor"), dmi(root, "product_name")),
                firstNonNull(blankToNull(read(root, "proc/sys/kernel/hostname").strip()),
                        blankToNull(read(root, "etc/hostname").strip()), "unknown"),
                "procfs");
    }

    /**
     * One line for a terminal, in the run's language: "Intel(R) Xeon(R) Processor, 2 cores / 2 threads, 23.6 GiB,
     * Debian 12, ...". The fields themselves stay English: they are meta.json's data, compared across runs.
     */
    public String summary() {
        // Concatenation, not String.format: the Formatter's first use is ~10 ms of vt-check's start-up.
        long tenthsGiB = Math.round(memoryBytes * 10.0 / (1L << 30));
        return Msg.get(CheckText.FP_SUMMARY, cpuModel, physicalCores, logicalCpus, tenthsGiB / 10 + "." + tenthsGiB % 10,
                os, kernel, virtualizationText(virtualization), hostname);
    }

    private static final String BARE = "bare metal (no hypervisor detected)";
    private static final String VM_PREFIX = "virtual machine: ";
    private static final String UNNAMED = "hypervisor not named";
    private static final String FLAG = "cpuinfo flag hypervisor";

    /**
     * {@link #virtualization}'s English (as {@link #virtualization(Path, String, String)} writes it) in the run's
     * language; what it does not recognise (a meta.json from another version) is shown as it is.
     */
    static String virtualizationText(String english) {
        if (english == null) {
            return null;
        }
        if (english.equals(BARE)) {
            return Msg.get(CheckText.FP_BARE);
        }
        int open = english.indexOf(" (");
        if (!english.startsWith(VM_PREFIX) || open < 0 || !english.endsWith(")")) {
            return english;
        }
        String which = english.substring(VM_PREFIX.length(), open);
        String evidence = english.substring(open + 2, english.length() - 1);
        return Msg.get(CheckText.FP_VM, which.equals(UNNAMED) ? Msg.get(CheckText.FP_UNNAMED) : which,
                evidence.replace(FLAG, Msg.get(CheckText.FP_FLAG)));
    }

    /** What the machine runs under, with the evidence; shared with vt-check's hypervisor check. */
    static String virtualization(Path root, String dmiVendor, String dmiProduct) {
        List<String> evidence = new ArrayList<>();
        String cpuinfo = read(root, "proc/cpuinfo");
        if (Pattern.compile("(?m)^flags\\s*:.*\\bhypervisor\\b").matcher(cpuinfo).find()) {
            evidence.add(FLAG);
        }
        String hvType = read(root, "sys/hypervisor/type").strip();
        if (!hvType.isEmpty()) {
            evidence.add("/sys/hypervisor/type=" + hvType);
        }
        String dmiGuess = Hypervisors.fromDmi(dmiVendor, dmiProduct);
        if (dmiGuess != null) {
            evidence.add("DMI " + (blank(dmiVendor) ? "" : dmiVendor.strip()) + " " + (blank(dmiProduct) ? ""
                    : dmiProduct.strip()));
        }
        if (evidence.isEmpty()) {
            return BARE;
        }
        String which = firstNonNull(dmiGuess, hvType.isEmpty() ? null : hvType, UNNAMED);
        return VM_PREFIX + which.strip() + " (" + String.join(", ", evidence).replaceAll("\\s+", " ") + ")";
    }

    private static String kernelRelease(Path root, String fallback) {
        String r = read(root, "proc/sys/kernel/osrelease").strip();
        if (r.isEmpty()) {
            Matcher m = Pattern.compile("^Linux version (\\S+)").matcher(read(root, "proc/version"));
            r = m.find() ? m.group(1) : "";
        }
        return r.isEmpty() ? firstNonNull(fallback, System.getProperty("os.version")) : r;
    }

    private static String osRelease(Path root) {
        String text = read(root, "etc/os-release");
        if (text.isEmpty()) {
            text = read(root, "usr/lib/os-release");
        }
        Matcher m = Pattern.compile("(?m)^PRETTY_NAME=\"?([^\"\\n]*)\"?").matcher(text);
        return m.find() ? m.group(1) : "Linux";
    }

    private static String archOf(String cpuinfo) {
        return CpuInfo.parse(cpuinfo).arch().javaName();
    }

    private static String dmi(Path root, String field) {
        return read(root, "sys/class/dmi/id/" + field).strip();
    }

    private static String firstField(String cpuinfo, String key) {
        for (String line : cpuinfo.split("\n")) {
            if (key(line).equals(key)) {
                return value(line);
            }
        }
        return null;
    }

    private static String key(String line) {
        int c = line.indexOf(':');
        return c < 0 ? "" : line.substring(0, c).strip();
    }

    private static String value(String line) {
        int c = line.indexOf(':');
        return c < 0 ? "" : line.substring(c + 1).strip();
    }

    /** A small text file under root, or "" when absent or unreadable (a fingerprint never fails a lab). */
    static String read(Path root, String rel) {
        try {
            return BoundedRead.text(root.resolve(rel), 1 << 20);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String blankToNull(String s) { return blank(s) ? null : s; }

    private static boolean blank(String s) { return s == null || s.isBlank() || s.equalsIgnoreCase("unknown"); }
}

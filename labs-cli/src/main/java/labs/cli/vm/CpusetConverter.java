package labs.cli.vm;

import java.util.List;
import java.util.TreeSet;
import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "0", "0,1", "0-3" (taskset's and libvirt's cpuset syntax) to a sorted list of CPU numbers. */
public final class CpusetConverter implements ITypeConverter<List<Integer>> {
    @Override
    public List<Integer> convert(String value) {
        TreeSet<Integer> cpus = new TreeSet<>();
        if (value.isBlank()) {
            return List.of();
        }
        for (String part : value.split(",")) {
            String p = part.trim();
            try {
                if (p.contains("-")) {
                    String[] r = p.split("-", 2);
                    int from = Integer.parseInt(r[0].trim());
                    int to = Integer.parseInt(r[1].trim());
                    if (from > to || to - from > 1024) {
                        throw new TypeConversionException(Msg.get(VmText.CPUSET_BAD_RANGE, p));
                    }
                    for (int c = from; c <= to; c++) {
                        cpus.add(c);
                    }
                } else {
                    cpus.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new TypeConversionException(Msg.get(VmText.CPUSET_NOT_LIST, value));
            }
        }
        return List.copyOf(cpus);
    }
}

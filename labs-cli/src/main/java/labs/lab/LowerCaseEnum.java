package labs.lab;

import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import labs.common.Echo;
import labs.common.LabsException;
import labs.launcher.AccelChoice;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import picocli.CommandLine.ITypeConverter;

/**
 * Picocli's converter for options whose values are an enum's constants in lower case (raw, qcow2, none, auto...),
 * the way QEMU and virt-install spell them. Picocli's own enum conversion would name the choices in upper case;
 * this one names them as the user types them, and its {@link LabsException} carries the fix that labs.cli's
 * UsageErrors prints after the option's name: "labs: --cache x is not one of: none, writeback" / "fix: give one
 * of: ...", exit 2. An option uses it as {@code @Option(names = "--cache", converter = LowerCaseEnum.Cache.class)}.
 */
public class LowerCaseEnum<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    protected LowerCaseEnum(Class<E> type) {
        this.type = type;
    }

    @Override
    public E convert(String value) {
        for (E c : type.getEnumConstants()) {
            if (c.name().equalsIgnoreCase(value.trim())) {
                return c;
            }
        }
        String choices = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw LabsException.usage(Msg.get(ErrorText.NOT_ONE_OF, Echo.of(value), choices),
                Msg.get(ErrorText.GIVE_ONE_OF, choices));
    }

    /** raw or qcow2. */
    public static final class Disk extends LowerCaseEnum<DiskFormat> {
        public Disk() {
            super(DiskFormat.class);
        }
    }

    /** io-compare's protocol: timed or book. */
    public static final class IoProtocol extends LowerCaseEnum<IoComparePlan.Protocol> {
        public IoProtocol() {
            super(IoComparePlan.Protocol.class);
        }
    }

    /** QEMU's disk cache mode: none or writeback. */
    public static final class Cache extends LowerCaseEnum<CacheMode> {
        public Cache() {
            super(CacheMode.class);
        }
    }

    /** auto, kvm or tcg. */
    public static final class Accel extends LowerCaseEnum<AccelChoice> {
        public Accel() {
            super(AccelChoice.class);
        }
    }
}

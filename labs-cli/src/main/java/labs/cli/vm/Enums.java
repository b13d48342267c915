package labs.cli.vm;

import java.util.Arrays;
import java.util.Locale;
import labs.common.LabsException;

/** Lower-case option values (raw, qcow2, auto, ...) to the launcher's enums, with the choices on a bad value. */
final class Enums {
    private Enums() {}

    static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String choices = String.join(", ", Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
            throw LabsException.usage(option + " " + labs.common.Echo.of(value) + " is not one of: " + choices,
                    "give one of: " + choices);
        }
    }
}

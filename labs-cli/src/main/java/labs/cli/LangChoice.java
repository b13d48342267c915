package labs.cli;

import labs.common.i18n.Language;

/**
 * The language of everything labs prints, chosen before picocli parses: a usage error, a missing package or a
 * refused results folder is said in it too, not only what the lab prints once its options are read. --lang belongs
 * to the commands that draw charts (LangOption, which picocli parses and checks as usual); this only looks for it,
 * up to a "--" (after which words belong to a guest's command, as in `labs vm exec NAME -- ...`). A bad value is
 * ignored here and refused by picocli with its usage error.
 */
final class LangChoice {
    private LangChoice() {}

    static Language of(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = a.equals("--lang") && i + 1 < args.length ? args[i + 1]
                    : a.startsWith("--lang=") ? a.substring("--lang=".length()) : null;
            if (a.equals("--")) {
                break;
            }
            Language l = value == null ? null : Language.parseOrNull(value);
            if (l != null) {
                return l;
            }
        }
        return Language.fromEnvironment();
    }
}

package labs.common.i18n;

/**
 * The terminal lines of commands that are neither a lab nor `labs vm`: `labs handout`'s result, its warnings and
 * notes, and its errors. Keys of messages_en/messages_ja.properties ("cli.*").
 */
public enum CliText implements Msg.Key {
    HANDOUT_OF,
    NOTE,
    NOT_SHOWN,
    NO_FONT,
    NO_LAB,
    NO_LAB_FIX,
    OUT_LINK,
    OUT_NOT_FOLDER,
    OUT_FIX,
    RESULTS_EMPTY,
    RESULTS_EMPTY_FIX;

    @Override
    public String group() {
        return "cli";
    }
}

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
    RESULTS_EMPTY_FIX,
    // the run a handout is made from
    RUN_NO_FOLDER,
    RUN_NO_FOLDER_FIX,
    RUN_NOT_RUN,
    RUN_NOT_RUN_FIX,
    RUN_NO_LAB,
    RUN_NO_LAB_FIX,
    RUN_OTHER_LAB,
    CANNOT_LIST,
    CHECK_FOLDER_PERMISSIONS,
    NO_RUN,
    NO_COMPLETE_RUN,
    NO_RUN_FIX,
    NO_RUN_STOPPED,
    MAY_NOT_READ,
    MAY_NOT_READ_FIX;

    @Override
    public String group() {
        return "cli";
    }
}

package labs.common.i18n;

/**
 * What the labs themselves refuse or report outside their summaries: their options' checks with the fixes, and a
 * lab's own failures. Keys of messages_en/messages_ja.properties ("lab.*"), in a block of their own at the end.
 */
public enum LabText implements Msg.Key {
    NOT_A_CPU,
    OUT_OF_RANGE,
    GIVE,
    CHOOSE,
    GIVE_EXAMPLE,
    REPEAT_FIX,
    MAX_PAIRS_FIX,
    FILESIZE_RANGE,
    FILESIZE_FIX,
    NOT_ABSOLUTE,
    FOR_EXAMPLE,
    LC_NAME_TAKEN,
    LC_NAME_TAKEN_FIX,
    PAGES_TOO_MANY,
    PAGES_FIX,
    TINY_GUEST_DID_NOT_RUN;

    @Override
    public String group() {
        return "lab";
    }
}

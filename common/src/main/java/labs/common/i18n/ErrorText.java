package labs.common.i18n;

/** Errors with their fixes: what failed, why, and the fix (commands in the fix stay as typed). Keys of messages_en/messages_ja.properties ("error.*"). */
public enum ErrorText implements Msg.Key {
    LABEL_WHY,
    LABEL_FIX,
    LABEL_DID_YOU_MEAN,
    NO_LAB,
    NOT_A_COMMAND,
    FIX_LAB_CHOICES,
    FIX_COMMAND_CHOICES,
    FIX_SEE_HELP,
    UNKNOWN_OPTION,
    UNMATCHED_ARGUMENT,
    MISSING_PARAMETER,
    MISSING_OPTION_VALUE,
    INVALID_VALUE,
    INTERNAL,
    INTERNAL_HINT,
    LANG_NOT_ONE_OF,
    LANG_FIX,
    NOT_ONE_OF,
    GIVE_ONE_OF,
    PACKAGES_MISSING,
    PACKAGES_LIBRARY,
    PACKAGES_INSTALL_THEM,
    PACKAGES_NO_APT,
    PACKAGES_NO_TERMINAL,
    PACKAGES_OR_YES,
    PACKAGES_PROMPT,
    PACKAGES_DECLINED,
    PACKAGES_SAID_NO,
    PACKAGES_STILL_MISSING,
    COMMAND_FAILED,
    SEE_APT_MESSAGE,
    COULD_NOT_RUN,
    PACKAGES_INTERRUPTED,
    RESULTS_UNSAFE,
    RESULTS_LINK,
    RESULTS_LINK_FIX,
    RESULTS_OTHER_OWNER,
    RESULTS_OTHER_OWNER_FIX,
    RESULTS_WORLD_WRITABLE,
    RESULTS_WORLD_WRITABLE_FIX,
    RESULTS_CANNOT_CREATE,
    RESULTS_CHOOSE_WRITABLE;

    @Override
    public String group() {
        return "error";
    }
}

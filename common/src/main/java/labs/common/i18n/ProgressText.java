package labs.common.i18n;

/** Progress lines of long work and warnings, as the terminal shows them. Keys of messages_en/messages_ja.properties ("progress.*"). */
public enum ProgressText implements Msg.Key {
    WARNING,
    RUNNING;

    @Override
    public String group() {
        return "progress";
    }
}

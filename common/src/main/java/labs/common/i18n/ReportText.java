package labs.common.i18n;

/** Summaries, report.txt and transcript headings: what a lab says about its run. Keys of messages_en/messages_ja.properties ("report.*"). */
public enum ReportText implements Msg.Key {
    RESULTS;

    @Override
    public String group() {
        return "report";
    }
}

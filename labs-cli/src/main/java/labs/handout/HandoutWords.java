package labs.handout;

import labs.charts.Lang;

/**
 * Every word the handout page itself adds around the notebook's text, in both languages, in one place: the message
 * catalog of issue 15 can take them over as they are (one key, its Japanese and its English).
 */
public enum HandoutWords {
    YOUR_RUN("あなたの実行の結果", "Your run's figures"),
    FROM_RUN("このページは次の実行の結果から作られました:", "This page was made from the run in"),
    CONDITIONS("測定条件", "Conditions"),
    MEASUREMENTS("測定値", "Your measurements"),
    CHARTS("グラフ", "Charts"),
    NOTES("実行時の注記", "Notes written by the run"),
    LAB("実習", "Lab"),
    STARTED("開始", "Started"),
    COMPLETE("完了", "Complete"),
    INCOMPLETE("未完了(途中で止まった実行)", "no (the run stopped part way)"),
    ACCELERATOR("アクセラレータ", "Accelerator"),
    PROTOCOL("手順", "Protocol"),
    QUICK("--quick", "--quick"),
    REPETITIONS("繰り返し", "Repetitions"),
    CACHE("キャッシュモード", "Cache mode"),
    MACHINE("マシン", "Machine"),
    VERSIONS("バージョン", "Versions"),
    LABS_VERSION("labsのバージョン", "labs version"),
    YES("はい", "yes"),
    NO("いいえ", "no"),
    MEDIAN("繰り返しの中央値", "median of the repetitions"),
    MEAN("平均", "mean"),
    ROWS_LEFT_OUT("行は省略(全体はファイルを参照)", "more rows in the file"),
    LAST_LINES("末尾", "last lines"),
    NONE_RECORDED("記録なし", "not recorded");

    private final String ja;
    private final String en;

    HandoutWords(String ja, String en) {
        this.ja = ja;
        this.en = en;
    }

    public String in(Lang lang) {
        return lang.pick(ja, en);
    }
}

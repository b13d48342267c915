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
    TIME_KIND("測った時間", "Time measured"),
    TEST_FILE("テストファイルの大きさ", "Test file size"),
    DISK("ホストのディスク", "Host disk"),
    HOST_LOAD("ホストの負荷", "Host load"),
    LOAD_BEFORE("測定前のload average", "load average before"),
    LOAD_AFTER("測定後", "after"),
    ALSO_RUNNING("同時に動いていたもの:", "also running:"),
    LABS_VERSION("labsのバージョン", "labs version"),
    YES("はい", "yes"),
    NO("いいえ", "no"),
    MEDIAN("繰り返しの中央値", "median of the repetitions"),
    MEAN("平均", "mean"),
    ROWS_LEFT_OUT("行は省略(全体はファイルを参照)", "more rows in the file"),
    LAST_LINES("末尾", "last lines"),
    MORE_NOTES("件の注記は省略(全体はmeta.jsonを参照)", "more notes in meta.json"),
    NONE_RECORDED("記録なし", "not recorded"),
    FILE_MISSING("実行フォルダにありません(実行が途中で止まり、書かれなかったファイル)",
            "not in the run folder (the run stopped before writing it)"),
    NOT_A_FILE("通常のファイルではないので読みません(リンク・FIFO・フォルダなど)",
            "not a regular file, so not read (a link, a FIFO or a folder)"),
    TOO_LARGE("大きすぎるので読みません", "too large to be a file labs wrote, so not read"),
    NOT_PNG("PNG画像ではありません", "not a PNG image"),
    TOO_MANY_PIXELS("labsのグラフより大きすぎる画像です", "an image far larger than any chart labs draws"),
    CHARTS_IN_OTHER_LANGUAGE("この実行のグラフは英語で描かれています(グラフは実行時の言語のまま)。日本語のグラフにするには実行し直してください:",
            "this run drew its charts in Japanese (charts keep the run's language); for English charts run it again:"),
    RUN_STOPPED("この実行は途中で止まりました(meta.json: complete=false): ページには書かれた分だけが載ります。最後までの実行:",
            "this run stopped part way (meta.json: complete=false): the page shows only what it wrote. A whole run:");

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

package labs.handout;


import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import labs.charts.Lang;

/**
 * What each CSV column a handout shows means, in Japanese: the tables keep the CSV's own column names (the handouts'
 * text quotes them, and students open the files), and a Japanese page adds this word under each. Japanese only (the
 * English page shows the column names alone), so it is not a catalog message; its words follow the glossary
 * ({@link labs.common.i18n.Term}, held to it by GlossaryUseTest).
 */
enum ColumnWords {
    STATUS("status", "判定"),
    ID("id", "項目"),
    TITLE("title", "内容"),
    STEP("step", "段階"),
    SECONDS("seconds", "秒"),
    WORKLOAD("workload", "負荷"),
    NUMJOBS("numjobs", "並列度"),
    FIGURE("figure", "値の種類"),
    UNIT("unit", "単位"),
    N("n", "回数"),
    MEDIAN("median", "中央値"),
    CI95_LOW("ci95_low", "95%信頼区間 下"),
    CI95_HIGH("ci95_high", "95%信頼区間 上"),
    STOPPED("stopped", "終了理由"),
    SIDE("side", "側"),
    REPETITION("repetition", "回"),
    ITERATIONS("iterations", "繰り返し数"),
    CPU_SECONDS("cpu_seconds", "CPU時間(秒)"),
    WALL_SECONDS("wall_seconds", "経過時間(秒)"),
    PHASE("phase", "段階"),
    CPU("cpu", "CPU"),
    USR_PCT("usr_pct", "%usr"),
    SYS_PCT("sys_pct", "%sys"),
    GUEST_PCT("guest_pct", "%guest"),
    STEAL_PCT("steal_pct", "%steal"),
    IDLE_PCT("idle_pct", "%idle"),
    CASE("case", "操作"),
    WHERE("where", "実行場所"),
    OPERATIONS("operations", "操作回数"),
    NS_PER_OP("ns_per_op", "1回の時間(ns)"),
    CPU_NS_PER_OP("cpu_ns_per_op", "1回のCPU時間(ns)"),
    EXIT_KIND("exit_kind", "exitの種類"),
    COUNT("count", "回数"),
    HOST_CONDITION("host_condition", "ホストの状態"),
    TIME_TO_100_MS("time_to_100_ms", "100%までの時間(ms)"),
    LONGEST_GAP_MS("longest_gap_ms", "ステップ間の最長の空白(ms)"),
    LOST_PCT("lost_pct", "仕事でなかった割合(%)"),
    MEDIAN_STEP_MS("median_step_ms", "ステップの中央値(ms)"),
    GUEST_STEAL_PCT("guest_steal_pct", "ゲストの%steal"),
    VCPU_THREAD_USR_PCT("vcpu_thread_usr_pct", "vCPUスレッド%usr"),
    VCPU_THREAD_GUEST_PCT("vcpu_thread_guest_pct", "vCPUスレッド%guest");

    private static final Map<String, ColumnWords> BY_COLUMN = Arrays.stream(values())
            .collect(Collectors.toMap(c -> c.column, Function.identity()));

    private final String column;
    private final String ja;

    ColumnWords(String column, String ja) {
        this.column = column;
        this.ja = ja;
    }

    /** The word shown under a column's name on a page of this language, or "" (English pages: the name says it). */
    static String gloss(String column, Lang lang) {
        ColumnWords c = BY_COLUMN.get(column);
        return c == null || lang != Lang.JA ? "" : c.ja;
    }
}

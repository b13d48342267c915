package labs.common.i18n;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.regex.Pattern;

/**
 * The glossary: the words that charts, summaries, reports and handouts share, one per concept and language
 * (glossary_en/glossary_ja.properties). Each term lists the Japanese variants it replaces (regular expressions), so
 * that a test can find a chart or message that names the concept another way (the issue: シーケンシャル読み出し on
 * one chart, 順次読 on another). A message uses a term as ${key}; Java code as {@code Term.SEQ_READ.in(lang)}.
 */
public enum Term {
    HOST,
    GUEST,
    VM("仮想計算機", "バーチャルマシン"),
    VCPU("仮想CPU"),
    SEQ_READ("シーケンシャル読", "順次読(?!み出し)", "シーケンシャルリード"),
    SEQ_WRITE("シーケンシャル書", "順次書(?!き込み)", "シーケンシャルライト"),
    RAND_READ("ランダム読(?!み出し)", "ランダムリード"),
    RAND_WRITE("ランダム書(?!き込み)", "ランダムライト"),
    SEQUENTIAL_IO("シーケンシャルI/O"),
    THROUGHPUT("帯域"),
    IOPS,
    LATENCY("レイテンシー", "遅延時間"),
    NUMJOBS("多重度", "ジョブ数"),
    WORKLOAD("負荷の種類"),
    CPU_TIME,
    ELAPSED("実時間"),
    MEDIAN,
    INTERVAL("95%区間"),
    RATIO,
    OVERHEAD("オーバヘッド(?!ド)"),
    STEAL("スティール", "盗まれた"),
    GUEST_TIME,
    ACCELERATOR("アクセラレーター", "高速化機構"),
    EMULATION,
    VM_EXIT("VMイグジット", "VM終了"),
    TIME_SLICE("タイム・スライス"),
    GUEST_IMAGE,
    RESULTS_FOLDER("結果ディレクトリ", "出力先フォルダ"),
    PAGE_CACHE;

    private static final Map<Language, ResourceBundle> WORDS = new EnumMap<>(Language.class);
    private final List<Pattern> avoid;

    Term(String... avoidJa) {
        this.avoid = java.util.Arrays.stream(avoidJa).map(Pattern::compile).toList();
    }

    /** The key in the glossary files and in messages' ${...}: seq-read for SEQ_READ. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The term in a language. */
    public String in(Language l) {
        return words(l).getString(key());
    }

    /** The term in the process's language. */
    public String get() {
        return in(Msg.language());
    }

    /** A shorter form where a chart's axis has little room (key.short in the files; the term itself if none). */
    public String brief(Language l) {
        ResourceBundle w = words(l);
        return w.containsKey(key() + ".short") ? w.getString(key() + ".short") : in(l);
    }

    /** The Japanese ways of naming this concept that the glossary replaced. */
    public List<Pattern> avoided() {
        return avoid;
    }

    /** The term with this key; an unknown key is a bug in a message (the catalog's test finds it first). */
    public static Term of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The term with this key, or null. */
    static Term find(String key) {
        for (Term t : values()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        return null;
    }

    /** io-compare's workload names (seq-read, rand-write ...) as terms; null for another name. */
    public static Term workload(String name) {
        return switch (name) {
            case "seq-read" -> SEQ_READ;
            case "seq-write" -> SEQ_WRITE;
            case "rand-read" -> RAND_READ;
            case "rand-write" -> RAND_WRITE;
            default -> null;
        };
    }

    static synchronized ResourceBundle words(Language l) {
        return WORDS.computeIfAbsent(l, x -> Msg.load("glossary_" + x.name().toLowerCase(Locale.ROOT)));
    }
}

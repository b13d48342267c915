package labs.charts;

/** The charts' wording in both languages; Japanese follows the book (並列度, 経過時間[ミリ秒], レイテンシ[ミリ秒] ...). */
final class Words {
    private Words() {}

    static String side(Lang l, String side) {
        return switch (side) {
            case "host" -> l.pick("ホスト", "host");
            case "guest" -> l.pick("ゲスト", "guest");
            default -> side;
        };
    }

    static String workload(Lang l, String w) {
        return switch (w) {
            case "seq-read" -> l.pick("シーケンシャル読み出し", "sequential read");
            case "seq-write" -> l.pick("シーケンシャル書き込み", "sequential write");
            case "rand-read" -> l.pick("ランダム読み出し", "random read");
            case "rand-write" -> l.pick("ランダム書き込み", "random write");
            default -> w;
        };
    }

    static String shortWorkload(Lang l, String w) {
        return switch (w) {
            case "seq-read" -> l.pick("順次読", "seq read");
            case "seq-write" -> l.pick("順次書", "seq write");
            case "rand-read" -> l.pick("ランダム読", "rand read");
            case "rand-write" -> l.pick("ランダム書", "rand write");
            default -> w;
        };
    }

    /** Appended to every title when the guest ran under TCG: the difference is emulation, not KVM. */
    static String tcgSuffix(Lang l, boolean tcg) {
        return tcg ? l.pick(" [TCG: 差はエミュレーションでありKVMではない]", " [TCG: emulation overhead, not KVM]") : "";
    }
}

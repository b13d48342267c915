package labs.charts;

import labs.common.i18n.Term;

/**
 * The charts' wording in both languages. The words charts share with summaries and handouts come from the glossary
 * ({@link Term}), so that every chart names a concept as the others do; Japanese follows the book (並列度, 経過時間[ミリ秒] ...).
 */
final class Words {
    private Words() {}

    static String side(Lang l, String side) {
        return switch (side) {
            case "host" -> Term.HOST.in(l.language());
            case "guest" -> Term.GUEST.in(l.language());
            default -> side;
        };
    }

    static String workload(Lang l, String w) {
        Term t = Term.workload(w);
        return t == null ? w : t.in(l.language());
    }

    static String shortWorkload(Lang l, String w) {
        Term t = Term.workload(w);
        return t == null ? w : t.brief(l.language());
    }

    /** A glossary term in the chart's language. */
    static String term(Lang l, Term t) {
        return t.in(l.language());
    }

    /** Appended to every title when the guest ran under TCG: the difference is emulation, not KVM. */
    static String tcgSuffix(Lang l, boolean tcg) {
        return tcg ? l.pick(" [TCG: 差はエミュレーションでありKVMではない]", " [TCG: emulation overhead, not KVM]") : "";
    }
}

package labs.charts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a figure was measured under, carried by every chart (its caption) and printed above every summary, so that a
 * one-repetition quick chart, a full run and a --cache writeback run never look the same on paper. One type for all
 * labs; what a lab does not have (a cache mode for a CPU lab) is null and left out. {@link #lines} is the one
 * rendering, used by the charts and the summaries alike.
 *
 * @param protocol    how each job ran, e.g. "time-based 2 s + 1.0 s ramp", "book (size-based jobs)"
 * @param repetitions e.g. "6-12 pairs until ±5%", "5 runs per side"
 * @param cache       QEMU's disk cache mode, or null
 * @param fileBytes   the test file's size, or null
 * @param hostCpu     the host's CPU model and count
 * @param hostDisk    the device under the test file, or null
 * @param timeKind    what the times are: "CPU time" or "wall time", or null when the figures are not times
 */
public record Conditions(Accel accel, String protocol, boolean quick, String repetitions, String cache,
                         Long fileBytes, String hostCpu, String hostDisk, String timeKind, LocalDate date)
        implements labs.common.JsonOut.Writable {
    /** Where the guest's code ran, each with the caveat its figures carry. */
    public enum Accel {
        KVM("KVM", "KVM",
                "ゲストのコードは実CPU上で実行", "guest code runs on the real CPU"),
        KVM_PVM("KVM (ソフトウェアによる入れ子KVM, kvm_pvm)", "KVM (software nested KVM, kvm_pvm)",
                "VT-x/AMD-Vを持たないVM上の入れ子KVM: 実機のKVMとは費用が違う",
                "nested KVM in a VM without VT-x/AMD-V: costs differ from KVM on real hardware"),
        KVM_EMULATED_AMDV("KVM (TCGでエミュレートされたAMD-Vマシンの中)", "KVM inside an emulated AMD-V machine (TCG)",
                "KVMの振る舞いであり速さではない", "KVM's behaviour, not its speed"),
        TCG("TCG (エミュレーション)", "TCG (emulation)",
                "差はエミュレーションの費用でありKVMのものではない", "the difference is emulation, not KVM"),
        HOST_ONLY("ホストのみ", "host only", "", "");

        private final String ja;
        private final String en;
        private final String caveatJa;
        private final String caveatEn;

        Accel(String ja, String en, String caveatJa, String caveatEn) {
            this.ja = ja;
            this.en = en;
            this.caveatJa = caveatJa;
            this.caveatEn = caveatEn;
        }

        public String label(Lang l) { return l.pick(ja, en); }

        public String caveat(Lang l) { return l.pick(caveatJa, caveatEn); }
    }

    /** The caption's lines: the accelerator and its caveat; how it was measured; on what, when. */
    public List<String> lines(Lang l) {
        List<String> out = new ArrayList<>();
        String caveat = accel.caveat(l);
        out.add(accel.label(l) + (caveat.isEmpty() ? "" : ": " + caveat));
        List<String> how = new ArrayList<>();
        how.add(l.pick("手順: ", "protocol: ") + protocol);
        how.add(quick ? "--quick" : l.pick("通常実行", "full run"));
        how.add(repetitions);
        if (cache != null) {
            how.add("cache=" + cache);
        }
        if (fileBytes != null) {
            how.add(l.pick("ファイル ", "file ") + (fileBytes >> 20) + " MiB");
        }
        if (timeKind != null) {
            how.add(timeKind);
        }
        out.add(String.join("; ", how));
        out.add(l.pick("ホスト: ", "host: ") + hostCpu + (hostDisk == null ? "" : l.pick("; ディスク: ", "; disk: ")
                + hostDisk) + "; " + date.format(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE));
        return out;
    }

    /** meta.json's "conditions": each field, and the caption as drawn in English. */
    @Override
    public void writeJson(com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException {
        g.writeStartObject();
        labs.common.JsonOut.field(g, "accelerator", accel.name().toLowerCase(java.util.Locale.ROOT));
        labs.common.JsonOut.field(g, "caveat", accel.caveat(Lang.EN));
        labs.common.JsonOut.field(g, "protocol", protocol);
        labs.common.JsonOut.field(g, "quick", quick);
        labs.common.JsonOut.field(g, "repetitions", repetitions);
        labs.common.JsonOut.field(g, "cache", cache);
        labs.common.JsonOut.field(g, "fileBytes", fileBytes);
        labs.common.JsonOut.field(g, "hostCpu", hostCpu);
        labs.common.JsonOut.field(g, "hostDisk", hostDisk);
        labs.common.JsonOut.field(g, "timeKind", timeKind);
        labs.common.JsonOut.field(g, "date", date.toString());
        labs.common.JsonOut.field(g, "caption", lines(Lang.EN));
        g.writeEndObject();
    }

    /** The summary's block: the lines, each indented under a heading. */
    public String summaryBlock(Lang l) {
        StringBuilder sb = new StringBuilder(labs.common.i18n.Msg.in(l.language(), labs.common.i18n.SummaryText.CONDITIONS))
                .append(":\n");
        lines(l).forEach(x -> sb.append("  ").append(x).append('\n'));
        return sb.toString();
    }
}

package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The detector of English sentences in Japanese output, on lines labs printed in real runs (before and after). */
class EnglishLinesTest {
    @Test
    void flagsEnglishSentencesAndLeavesCommandsNamesAndFiguresAlone() {
        List<String> english = List.of(
                "… checking the guest image (built once from this machine's packages, then cached)",
                "warning: the host was busy while measuring (before: load average 7.38 (2 CPUs)): figures may be"
                        + " disturbed",
                "The guest ran under TCG: these ratios measure emulation, not KVM.",
                "  fix: give one of: none, writeback");
        List<String> japanese = List.of(
                "… ゲストイメージを確認します(初回だけこのマシンのパッケージから作り、以後はキャッシュを使います)",
                "… 'io-compare-20261130-181457' を TCG で起動します(auto)",
                "  対処: sudo usermod -aG kvm $USER   (そのあとログインし直す)、または --accel tcg を使う",
                "  対処: インストールしてください: apt-get install -y qemu-system-x86 fio sysstat",
                "… ホスト: seq-read 並列度=1、ペア 1(ホストが先、最大 6)",
                "-> /tmp/results/io-compare/20261130-181457",
                "  ホスト CPU 0:  %usr  98.8  %sys   1.0  %guest   0.0  %idle   0.0");
        assertEquals(english, EnglishLines.in(english));
        assertEquals(List.of(), EnglishLines.in(japanese));
    }
}

package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import labs.cli.vm.LabsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 2 for `labs vm`: with --lang ja, every line labs vm itself prints is Japanese. The built jar runs in
 * a child JVM with LABS_LANG=en in its environment (so --lang ja, not the locale, chose the language), on a VM store
 * of its own: create, start (one real guest), list, exec, dumpxml, shutdown, destroy, undefine
 * --remove-all-storage; then the errors met most (a VM that does not exist, an option labs vm does not have, an
 * option between the VM name and the guest's command, and `labs handout` before any run). Their lines hold no
 * English sentence (EnglishLines), leaving out what other programs print: dumpxml's XML and the guest command's
 * output. Then --lang en with LABS_LANG=ja in the environment: the English the other ITs assert on, unchanged.
 */
class VmJapaneseIT {
    @TempDir
    Path tmp;

    /** labs with LABS_LANG=env around it (so --lang, not the environment, chose the language), on this test's store. */
    private LabsCli.Run labs(String env, String... args) throws Exception {
        return LabsCli.run(Files.createDirectories(tmp.resolve("data")), Map.of("LABS_LANG", env), args);
    }

    @Test
    void labsVmSpeaksJapaneseThroughout() throws Exception {
        try {
            sequence();
        } catch (AssertionError | Exception e) {
            labs("en", "vm", "destroy", "vmj");   // a failed step leaves no qemu and no VM behind
            labs("en", "vm", "undefine", "vmj", "--remove-all-storage");
            throw e;
        }
    }

    private void sequence() throws Exception {
        List<String> lines = new ArrayList<>();
        LabsCli.Run create = labs("en", "vm", "create", "vmj", "--disk-size", "64", "--lang", "ja");
        assertEquals(0, create.exit(), create.err());
        assertTrue(create.out().contains("VM 'vmj' を定義しました")
                && create.out().contains("起動するには: labs vm start vmj"), create.out());
        lines.addAll(create.lines());
        LabsCli.Run start = labs("en", "vm", "start", "vmj", "--lang", "ja");
        assertEquals(0, start.exit(), start.err());
        assertTrue(start.out().contains("VM 'vmj' が動いています"), start.out());
        lines.addAll(start.lines());
        LabsCli.Run list = labs("en", "vm", "list", "--lang", "ja");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().startsWith("名前") && list.out().contains("実行中"), list.out());
        lines.addAll(list.lines());
        LabsCli.Run exec = labs("en", "vm", "exec", "vmj", "--lang", "ja", "--", "echo", "from the guest");
        assertEquals(0, exec.exit(), exec.err());
        assertEquals("from the guest\n", exec.out());   // the guest command's own output, as it printed it
        lines.addAll(exec.err().lines().toList());
        LabsCli.Run xml = labs("en", "vm", "dumpxml", "vmj", "--lang", "ja");
        assertEquals(0, xml.exit(), xml.err());
        assertTrue(xml.out().contains("<source file="), xml.out());   // libvirt's XML, not a sentence of labs
        lines.addAll(xml.err().lines().toList());
        LabsCli.Run shutdown = labs("en", "vm", "shutdown", "vmj", "--lang", "ja");
        assertEquals(0, shutdown.exit(), shutdown.err());
        assertTrue(shutdown.out().contains("VM 'vmj' はシャットダウンしました。"), shutdown.out());
        lines.addAll(shutdown.lines());
        LabsCli.Run destroy = labs("en", "vm", "destroy", "vmj", "--lang", "ja");
        assertEquals(0, destroy.exit(), destroy.err());
        assertTrue(destroy.out().contains("動いていませんでした"), destroy.out());
        lines.addAll(destroy.lines());
        LabsCli.Run undefine = labs("en", "vm", "undefine", "vmj", "--remove-all-storage", "--lang", "ja");
        assertEquals(0, undefine.exit(), undefine.err());
        assertTrue(undefine.out().contains("定義を削除し") && undefine.out().contains("  削除: "), undefine.out());
        lines.addAll(undefine.lines());
        LabsCli.Run empty = labs("en", "vm", "list", "--lang", "ja");
        assertTrue(empty.out().contains("定義済みの VM はありません"), empty.out());
        lines.addAll(empty.lines());
        assertEquals(List.of(), EnglishLines.in(lines), String.join("\n", lines));
    }

    @Test
    void labsVmErrorsSpeakJapaneseWithTheirCommandsAsTyped() throws Exception {
        LabsCli.Run none = labs("en", "vm", "start", "nosuch", "--lang", "ja");
        assertEquals(2, none.exit(), none.err());
        assertTrue(none.err().contains("'nosuch' という名前の VM はありません")
                && none.err().contains("  対処: ") && none.err().contains("labs vm create nosuch"), none.err());
        LabsCli.Run bad = labs("en", "vm", "list", "--lang", "ja", "--bogus");
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("  対処: ") && bad.err().contains("labs vm list --help"), bad.err());
        LabsCli.Run execOption = labs("en", "vm", "exec", "nosuch", "--lang", "ja", "--bogus", "--", "true");
        assertEquals(2, execOption.exit(), execOption.err());
        assertTrue(execOption.err().contains("labs vm exec の不明なオプションです"), execOption.err());
        LabsCli.Run badLang = labs("en", "vm", "list", "--lang", "xx");
        assertEquals(2, badLang.exit(), badLang.err());
        assertTrue(badLang.err().contains("--lang xx is not one of: ja, en, auto"), badLang.err());
        // labs handout before any run of the lab: the handout command's terminal words in the same catalog
        LabsCli.Run handout = labs("en", "handout", "vt-check", "--lang", "ja", "--results",
                Files.createDirectories(tmp.resolve("results")).toString());
        assertEquals(2, handout.exit(), handout.err());
        assertTrue(handout.err().contains("vt-check の実行がありません")
                && handout.err().contains("./labs run vt-check --quick"), handout.err());
        List<String> lines = new ArrayList<>(none.lines());
        lines.addAll(bad.lines());
        lines.addAll(execOption.lines());
        lines.addAll(handout.lines());
        assertEquals(List.of(), EnglishLines.in(lines), String.join("\n", lines));
    }

    /** --lang en wins over LABS_LANG=ja, and says what the other `labs vm` ITs assert, word for word. */
    @Test
    void langEnKeepsTheEnglish() throws Exception {
        LabsCli.Run empty = labs("ja", "vm", "list", "--lang", "en");
        assertEquals(0, empty.exit(), empty.err());
        assertTrue(empty.out().startsWith("No VMs defined in "), empty.out());
        LabsCli.Run none = labs("ja", "vm", "start", "nosuch", "--lang", "en");
        assertEquals(2, none.exit(), none.err());
        assertTrue(none.err().startsWith("labs: no VM named 'nosuch' (store: ")
                && none.err().contains("  fix: see the defined VMs with: labs vm list; create one with: labs vm "
                        + "create nosuch"), none.err());
    }
}

package labs.handout;

import labs.common.ShWord;
import labs.common.i18n.HandoutText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import labs.charts.Lang;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * labs handout given folders and files a hostile local user prepared: run folders others can write or own, links,
 * FIFOs, huge or fake files in place of a CSV or PNG, markup in meta.json, an output folder of someone else's, a
 * link planted where the handout goes, a full disk. Each case starts from a copy of a real run (the committed
 * cpu-overhead quick run of src/test/resources/handout-runs).
 */
class HandoutHostileTest {
    @TempDir
    Path tmp;

    private static boolean isRoot() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }

    private static void chownNobody(Path p) throws IOException {
        Files.setOwner(p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    }

    /** results/cpu-overhead/STAMP under tmp/NAME: a copy of the real run. */
    private Path copyRun(String name) throws Exception {
        Path src = HandoutTest.run("cpu-overhead");
        Path run = Files.createDirectories(tmp.resolve(name).resolve("cpu-overhead").resolve(src.getFileName()));
        try (Stream<Path> s = Files.list(src)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        return run;
    }

    @Test
    void aRunFolderEveryUserCanWriteIsRefusedWithTheCopyToMake() throws Exception {
        Path run = copyRun("shared");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxrwx"));
        LabsException e = assertThrows(LabsException.class, () -> RunPick.given(run, "cpu-overhead"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("not safe to read from"), e.getMessage());
        assertTrue(e.why().contains("writable by every user"), e.why());
        assertTrue(e.fix().contains("cp -r " + run.toRealPath() + " ~/labs-runs/ && ./labs handout cpu-overhead"
                + " --run ~/labs-runs/" + run.getFileName()), e.fix());
        // the same folder found by itself under --results: refused too, not silently read
        assertThrows(LabsException.class, () -> RunPick.newest(tmp.resolve("shared"), "cpu-overhead"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(run.toRealPath(), RunPick.given(run, "cpu-overhead"));
    }

    /** A folder named with a space, a newline and quotes: the fix is still one line to copy, the path one word. */
    @Test
    void aStrangelyNamedSharedFolderGetsAFixThatIsOneLineToCopy() throws Exception {
        Path run = copyRun("we ird\n'\"<b>");
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxrwx"));
        LabsException e = assertThrows(LabsException.class, () -> RunPick.given(run, "cpu-overhead"));
        assertFalse(e.fix().contains("\n") || e.why().contains("\n"), e.fix());
        assertTrue(e.fix().startsWith("copy the run to a folder of your own"), e.fix());
        assertTrue(e.fix().contains("cp -r $'" + tmp + "/we ird\\x0a\\'\"<b>/cpu-overhead/"), e.fix());
    }

    @Test
    void aRunFolderOfAnotherUserIsRefused() throws Exception {
        assumeTrue(isRoot(), "needs root: gives the run folder to nobody");
        Path run = copyRun("theirs");
        chownNobody(run);
        LabsException e = assertThrows(LabsException.class, () -> RunPick.given(run, "cpu-overhead"));
        assertTrue(e.why().contains("belongs to uid 65534"), e.why());
        assertThrows(LabsException.class, () -> RunPick.newest(tmp.resolve("theirs"), "cpu-overhead"));
    }

    /** --run through a link the user made, or as ".": the handout is named after the run itself. */
    @Test
    void aLinkedOrDotRunIsNamedAfterTheRunItself() throws Exception {
        Path run = copyRun("mine");
        Path link = Files.createSymbolicLink(tmp.resolve("latest"), run);
        Path real = RunPick.given(link, "cpu-overhead");
        assertEquals(run.toRealPath(), real);
        assertEquals(run.getFileName().toString(), Handout.runName(real));
        assertEquals(run.getFileName().toString(), Handout.runName(RunPick.given(run.resolve("."), "cpu-overhead")));
        assertEquals("run", Handout.runName(Path.of("/")));
        assertEquals("my_run__1_", Handout.runName(Path.of("/x/my run\n(1)")));
        assertEquals("_hidden", Handout.runName(Path.of("/x/.hidden")));
    }

    @Test
    void linksFifosHugeAndFakeFilesAreNamedInThePagesLanguageNotReadAndNothingHangs() throws Exception {
        Path run = copyRun("odd");
        Files.delete(run.resolve("job-times.csv"));
        Path secret = Files.writeString(tmp.resolve("shadow"), "root:x\n");   // as /etc/shadow would be
        Files.createSymbolicLink(run.resolve("job-times.csv"), secret);
        Files.delete(run.resolve("cpu-mpstat.csv"));
        Process mkfifo = new ProcessBuilder("mkfifo", run.resolve("cpu-mpstat.csv").toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        Files.writeString(run.resolve("cpu-breakdown.png"), "not a png\n");
        try (RandomAccessFile f = new RandomAccessFile(run.resolve("z-huge.png").toFile(), "rw")) {
            f.setLength(RunFiles.MAX_BYTES + 1);   // sparse: takes no space
        }
        Files.write(run.resolve("z-pixels.png"), pngHeader(30_000, 30_000));
        String meta = Files.readString(run.resolve("meta.json"));
        Files.writeString(run.resolve("meta.json"), meta.replaceFirst("\"protocol\" : \"[^\"]*\"",
                "\"protocol\" : \"<script>alert(1)</script><img src=x onerror=alert(2)>\""));

        RunFigures f = RunFigures.read(run, "cpu-overhead", Lang.JA);
        List<String> p = f.problems();
        assertTrue(p.contains("job-times.csv: " + HandoutText.NOT_A_FILE.in(Lang.JA.language())), p.toString());
        assertTrue(p.contains("cpu-mpstat.csv: " + HandoutText.NOT_A_FILE.in(Lang.JA.language())), p.toString());
        assertTrue(p.contains("cpu-breakdown.png: " + HandoutText.NOT_PNG.in(Lang.JA.language())), p.toString());
        assertTrue(p.contains("z-huge.png: " + HandoutText.TOO_LARGE.in(Lang.JA.language()) + " (32 MiB)"), p.toString());
        assertTrue(p.contains("z-pixels.png: " + HandoutText.TOO_MANY_PIXELS.in(Lang.JA.language()) + " (30000 × 30000 px)"),
                p.toString());
        assertEquals(1, f.charts().size(), "only cpu-job-time.png is a chart");

        Handout.Made made = Handout.make("cpu-overhead", run, Lang.JA, tmp.resolve("out"));
        String html = Files.readString(made.html());
        assertFalse(html.contains("<script") || html.contains("<img src=x"), "markup from meta.json is text");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "and shown as such");
        assertFalse(html.contains("root:x"), "nothing of the linked file");
        HandoutTest.selfContained(html);
    }

    /** A megabyte cell and ten thousand notes (a folder of the user's, so allowed): a few pages, not thousands. */
    @Test
    void hugeCellsAndEndlessNotesAreCutToAPage() throws Exception {
        Path run = copyRun("long");
        Files.writeString(run.resolve("job-times.csv"), "side,repetition,iterations,cpu_seconds,wall_seconds\n"
                + "host," + "9".repeat(1 << 20) + ",1,1,1\n");
        String notes = String.join(",", java.util.Collections.nCopies(10_000, "\"a note\""));
        Files.writeString(run.resolve("meta.json"), Files.readString(run.resolve("meta.json"))
                .replaceFirst("\"notes\" : \\[", "\"notes\" : [" + notes + ","));
        RunFigures f = RunFigures.read(run, "cpu-overhead", Lang.EN);
        assertEquals(FigureTable.MAX_ROWS + 1, f.notes().size());
        assertTrue(f.notes().get(FigureTable.MAX_ROWS).matches("… \\d+ more notes in meta.json"), f.notes().toString());
        assertEquals(FigureTable.MAX_CELL + 1, f.tables().get(0).rows().get(0).get(1).length());
        Handout.Made made = Handout.make("cpu-overhead", run, Lang.EN, tmp.resolve("out"));
        assertTrue(Files.size(made.html()) < 2_000_000, "html: " + Files.size(made.html()));
    }

    /** A file swapped for a link after the check: the open itself refuses to follow it (O_NOFOLLOW). */
    @Test
    void aLinkIsNeverFollowedWhenOpened() throws Exception {
        Path run = copyRun("swap");
        Path secret = Files.writeString(tmp.resolve("secret"), "root:secret\n");
        Files.delete(run.resolve("job-times.csv"));
        Files.createSymbolicLink(run.resolve("job-times.csv"), secret);
        RunFiles.Unusable e = assertThrows(RunFiles.Unusable.class, () -> RunFiles.bytes(run.resolve("job-times.csv")));
        assertEquals(HandoutText.NOT_A_FILE, e.reason);
        Files.delete(run.resolve("job-times.csv"));
        RunFiles.Unusable gone = assertThrows(RunFiles.Unusable.class,
                () -> RunFiles.bytes(run.resolve("job-times.csv")));
        assertEquals(HandoutText.FILE_MISSING, gone.reason);
    }

    /** A run killed part way: its page says which files it never wrote, in the page's language. */
    @Test
    void aStoppedRunSaysWhatIsMissingAndTheNewestPickSaysHowToUseIt() throws Exception {
        Path run = copyRun("killed");
        Files.delete(run.resolve("job-times.csv"));
        String meta = Files.readString(run.resolve("meta.json")).replace("\"complete\" : true", "\"complete\" : false");
        Files.writeString(run.resolve("meta.json"), meta);
        RunFigures f = RunFigures.read(run, "cpu-overhead", Lang.JA);
        assertEquals(List.of("job-times.csv: " + HandoutText.FILE_MISSING.in(Lang.JA.language())), f.problems());
        List<String> notices = Handout.notices("cpu-overhead", f, Lang.JA);
        assertTrue(notices.get(0).startsWith(HandoutText.RUN_STOPPED.in(Lang.JA.language())), notices.toString());
        assertTrue(notices.get(0).endsWith("./labs run cpu-overhead --quick --lang ja"), notices.toString());

        LabsException e = assertThrows(LabsException.class, () -> RunPick.newest(tmp.resolve("killed"),
                "cpu-overhead"));
        assertTrue(e.fix().endsWith("./labs handout cpu-overhead --run " + run), e.fix());
    }

    @Test
    void chartsDrawnInTheOtherLanguageAreSaidWithTheRunThatDrawsThemInThisOne() throws Exception {
        RunFigures f = RunFigures.read(copyRun("lang"), "cpu-overhead", Lang.JA);
        String drawnIn = f.chartsLang();
        Lang other = drawnIn.equals("ja") ? Lang.EN : Lang.JA;
        List<String> notices = Handout.notices("cpu-overhead", RunFigures.read(f.run(), "cpu-overhead", other), other);
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).endsWith("--lang " + other.pick("ja", "en")), notices.toString());
        assertEquals(List.of(), Handout.notices("cpu-overhead", f, drawnIn.equals("ja") ? Lang.JA : Lang.EN));
    }

    /** A link planted where the HTML goes, to a file of someone's: replaced by the handout, the file untouched. */
    @Test
    void aLinkPlantedAtTheOutputIsReplacedNotWrittenThrough() throws Exception {
        Path run = copyRun("mine");
        Path out = Files.createDirectories(tmp.resolve("handouts"));
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "someone's file\n");
        String base = "04-cpu-overhead-" + run.getFileName() + ".en";
        Files.createSymbolicLink(out.resolve(base + ".html"), victim);
        Files.createSymbolicLink(out.resolve(base + ".pdf"), victim);
        Handout.make("cpu-overhead", run, Lang.EN, out);
        assertEquals("someone's file\n", Files.readString(victim));
        assertTrue(Files.isRegularFile(out.resolve(base + ".html"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isRegularFile(out.resolve(base + ".pdf"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void anOutputFolderOthersCanWriteIsRefusedAndNothingIsWritten() throws Exception {
        Path run = copyRun("mine");
        Path shared = Files.createDirectories(tmp.resolve("shared-out"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        LabsException e = assertThrows(LabsException.class, () -> Handout.make("cpu-overhead", run, Lang.EN, shared));
        assertEquals(2, e.exitCode());
        assertEquals("give --out a folder of your own, e.g. --out ~/handouts", e.fix());
        // a new --out inside it is refused as well, and not left behind
        Path inside = shared.resolve("handouts");
        assertThrows(LabsException.class, () -> Handout.make("cpu-overhead", run, Lang.EN, inside));
        assertFalse(Files.exists(inside), "the refused folder made for it is removed");
        try (Stream<Path> s = Files.list(shared)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void anOutputFolderOfAnotherUserIsRefused() throws Exception {
        assumeTrue(isRoot(), "needs root: gives the output folder to nobody");
        Path run = copyRun("mine");
        Path theirs = Files.createDirectories(tmp.resolve("their-out"));
        chownNobody(theirs);
        Path planted = Files.writeString(theirs.resolve("04-cpu-overhead-" + run.getFileName() + ".en.html"), "x");
        LabsException e = assertThrows(LabsException.class, () -> Handout.make("cpu-overhead", run, Lang.EN, theirs));
        assertTrue(e.why().contains("belongs to uid 65534"), e.why());
        assertEquals("x", Files.readString(planted), "their file is not overwritten");
    }

    /** A render that fails half way (a full disk, most often): neither file, no temporary file, exit 2 with --out. */
    @Test
    void aFailedWriteLeavesNothingAndSaysOut() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path html = out.resolve("a.html");
        Path pdf = out.resolve("a.pdf");
        LabsException e = assertThrows(LabsException.class, () -> HandoutFiles.write(html,
                o -> o.write("<html/>".getBytes(StandardCharsets.UTF_8)), pdf, o -> {
                    o.write(new byte[1000]);
                    throw new IOException("No space left on device");
                }));
        assertEquals(2, e.exitCode());
        assertEquals("No space left on device", e.why());
        assertTrue(e.fix().contains("--out"), e.fix());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(), s.toList(), "no HTML without its PDF, no temporary file");
        }
    }

    /** A folder this user may not write (nobody's --out in root's folder): said as such, not as a temp file's name. */
    @Test
    void aFolderThisUserMayNotWriteIsSaidAsSuch() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("ro"));
        Path html = out.resolve("a.html");
        LabsException e = HandoutFiles.cannotWrite(html, new java.nio.file.AccessDeniedException(
                out.resolve(".a.html.1-2.tmp").toString()));
        assertEquals(2, e.exitCode());
        assertEquals("this user may not write in " + out, e.why());
        assertEquals("give --out a folder you can write, e.g. --out ~/handouts", e.fix());
    }

    /** The filesystem's reason, not the bare file name java.nio puts in most exceptions' messages. */
    @Test
    void aFolderThatCannotBeMadeSaysWhyAndARunThatIsNotThereSaysSo() throws Exception {
        Path run = copyRun("mine");
        LabsException e = assertThrows(LabsException.class, () -> Handout.make("cpu-overhead", run, Lang.EN,
                Path.of("/proc/no-handouts-here")));
        assertEquals(2, e.exitCode());
        assertFalse(e.why().contains("/proc/"), e.why());
        LabsException none = assertThrows(LabsException.class, () -> RunPick.given(tmp.resolve("no such\nrun"),
                "cpu-overhead"));
        assertTrue(none.getMessage().endsWith("no such\\nrun: there is no such folder"), none.getMessage());
    }

    /** The same on a real full filesystem: a 200 KiB tmpfs, too small for the PDF. */
    @Test
    void aFullDiskLeavesNothing() throws Exception {
        assumeTrue(isRoot(), "needs root: mounts a small tmpfs");
        Path small = Files.createDirectories(tmp.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0, "needs mount (tmpfs)");
        try {
            Path run = copyRun("mine");
            LabsException e = assertThrows(LabsException.class, () -> Handout.make("cpu-overhead", run, Lang.EN,
                    small));
            assertEquals(2, e.exitCode());
            assertTrue(e.why().contains("No space left on device"), e.why());
            try (Stream<Path> s = Files.list(small)) {
                assertEquals(List.of(), s.toList());
            }
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static byte[] pngHeader(int w, int h) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(33);
        b.putLong(0x89504E470D0A1A0AL).putInt(13).putInt(0x49484452).putInt(w).putInt(h).put((byte) 8).put((byte) 2);
        return b.array();
    }
}

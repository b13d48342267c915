package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** `labs vm list --lang ja` lines up: a Japanese word takes two terminal columns a character; ASCII as printf pads it. */
class ColumnsTest {
    @Test
    void japaneseTakesTwoColumnsACharacterAndAsciiPadsAsPrintfDoes() {
        assertEquals(4, Columns.width("状態"));
        assertEquals(7, Columns.width("vCPU 数"));
        assertEquals("実行中   |", Columns.left("実行中", 9) + "|");
        assertEquals(String.format("%-9s|%8s|", "running", "PID"),
                Columns.left("running", 9) + "|" + Columns.right("PID", 8) + "|");
        assertEquals("storage only", Columns.left("storage only", 9));   // longer: kept whole, as printf does
    }
}

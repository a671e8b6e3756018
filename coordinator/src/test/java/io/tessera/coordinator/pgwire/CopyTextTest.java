package io.tessera.coordinator.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.session.CopyFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PostgreSQL's COPY text and CSV formats, line by line, as copyfromparse.c / copyto.c read and write them. */
class CopyTextTest {

    /** Feeds {@code data} in chunks of {@code chunk} bytes (lines cross CopyData boundaries) and collects rows. */
    private static List<String[]> read(CopyFormat f, int columns, String data, int chunk) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            names.add("c" + i);
        }
        CopyText.Reader r = new CopyText.Reader(f, names, "t");
        List<String[]> rows = new ArrayList<>();
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += chunk) {
            r.feed(b, i, Math.min(chunk, b.length - i), (fields, line, raw) -> rows.add(fields));
        }
        r.end((fields, line, raw) -> rows.add(fields));
        return rows;
    }

    @Test
    void textEscapesAndNulls() {
        for (int chunk : new int[] {1, 3, 1000}) {
            List<String[]> rows = read(CopyFormat.TEXT, 3, "a\\tb\t\\N\tx\\\\y\n\\101\\x42\\q\t\t\\\t\r\n", chunk);
            assertEquals(2, rows.size());
            assertArrayEquals(new String[] {"a\tb", null, "x\\y"}, rows.get(0));
            assertArrayEquals(new String[] {"ABq", "", "\t"}, rows.get(1), "octal, hex, \\q is q, \\<tab> is a tab");
        }
    }

    @Test
    void utf8PassesThroughEvenWhenSplitAcrossMessages() {
        assertArrayEquals(new String[] {"héllo wörld ✓"}, read(CopyFormat.TEXT, 1, "héllo wörld ✓\n", 1).get(0));
    }

    @Test
    void endMarkerStopsTheData() {
        List<String[]> rows = read(CopyFormat.TEXT, 1, "1\n\\.\ngarbage\tmore\n", 4);
        assertEquals(1, rows.size());
    }

    @Test
    void lastLineWithoutNewlineCounts() {
        assertEquals(2, read(CopyFormat.TEXT, 1, "1\n2", 10).size());
    }

    @Test
    void fieldCountErrorsAre22P04WithLineContext() {
        TesseraException extra = assertThrows(TesseraException.class, () -> read(CopyFormat.TEXT, 2, "1\t2\n1\t2\t3\n", 5));
        assertEquals(SqlState.BAD_COPY_FILE_FORMAT, extra.sqlState());
        assertEquals("extra data after last expected column", extra.getMessage());
        assertEquals("COPY t, line 2: \"1\t2\t3\"", extra.context());
        TesseraException missing = assertThrows(TesseraException.class, () -> read(CopyFormat.TEXT, 2, "1\n", 5));
        assertEquals("missing data for column \"c1\"", missing.getMessage());
    }

    @Test
    void csvQuotingNullsAndMultiLineFields() {
        for (int chunk : new int[] {1, 2, 1000}) {
            List<String[]> rows = read(CopyFormat.CSV, 3, "1,\"a,b\",\n2,\"say \"\"hi\"\"\",\"\"\n3,\"two\nlines\",x\"y\"z\n",
                    chunk);
            assertEquals(3, rows.size());
            assertArrayEquals(new String[] {"1", "a,b", null}, rows.get(0));
            assertArrayEquals(new String[] {"2", "say \"hi\"", ""}, rows.get(1), "a quoted empty string is not NULL");
            assertArrayEquals(new String[] {"3", "two\nlines", "xyz"}, rows.get(2));
        }
    }

    @Test
    void csvEscapeForceNotNullAndForceNull() {
        CopyFormat f = new CopyFormat(true, ';', "", false, '\'', '\\', false, Set.of(), Set.of("c0"), Set.of("c1"));
        List<String[]> rows = read(f, 3, ";'';'it\\'s'\n", 100);
        assertArrayEquals(new String[] {"", null, "it's"}, rows.get(0));
    }

    @Test
    void csvHeaderIsSkippedAndUnterminatedQuoteIs22P04() {
        CopyFormat header = new CopyFormat(true, ',', "", true, '"', '"', false, Set.of(), Set.of(), Set.of());
        assertEquals(1, read(header, 2, "a,b\n1,2\n", 3).size());
        TesseraException e = assertThrows(TesseraException.class, () -> read(CopyFormat.CSV, 2, "1,\"x\n", 100));
        assertEquals(SqlState.BAD_COPY_FILE_FORMAT, e.sqlState());
        assertEquals("unterminated CSV quoted field", e.getMessage());
        assertTrue(e.context().startsWith("COPY t, line 1"), e.context());
    }

    @Test
    void textOutputEscapesAsPostgres() {
        StringBuilder out = new StringBuilder();
        CopyText.textLine(out, new String[] {"a\tb\\c\nd", null, ""}, CopyFormat.TEXT);
        assertEquals("a\\tb\\\\c\\nd\t\\N\t\n", out.toString());
        out.setLength(0);
        CopyFormat comma = new CopyFormat(false, ',', "\\N", false, '"', '"', false, Set.of(), Set.of(), Set.of());
        CopyText.textLine(out, new String[] {"x,y"}, comma);
        assertEquals("x\\,y\n", out.toString());
    }

    @Test
    void csvOutputQuotesOnlyWhereNeeded() {
        StringBuilder out = new StringBuilder();
        CopyText.csvLine(out, new String[] {"plain", "a,b", "say \"hi\"", "", null, "two\nlines"},
                new boolean[6], CopyFormat.CSV);
        assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\",\"\",,\"two\nlines\"\n", out.toString());
        out.setLength(0);
        CopyText.csvLine(out, new String[] {"x", null}, new boolean[] {true, true}, CopyFormat.CSV);
        assertEquals("\"x\",\n", out.toString());
    }
}

package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.junit.jupiter.api.Test;

/** json validation and jsonb's normal form; the expected texts are PostgreSQL 15's output for the same input. */
class JsonTest {
    @Test
    void jsonbSortsKeysByLengthThenBytesKeepsTheLastDuplicateAndRespaces() {
        assertEquals("{\"a\": [1, 2], \"b\": 3}", Json.normalize("{\"b\": 1,   \"a\": [1, 2], \"b\": 3}"));
        assertEquals("{\"a\": {\"b\": [true, false, null], \"zz\": 100}, \"kk\": \"tAb\", \"key\": 1}",
                Json.normalize("{\"key\": 1, \"a\": {\"zz\": 1e2, \"b\": [true, false, null]}, \"kk\": \"t\\u0041b\"}"));
        assertEquals("[1, 2, {\"x\": null}]", Json.normalize("[1,2,  {\"x\":null}]"));
        assertEquals("12.50", Json.normalize(" 12.50 "));
    }

    @Test
    void jsonKeepsItsText() {
        assertEquals("{\"b\": 1,   \"a\": 2}", Json.validate("{\"b\": 1,   \"a\": 2}"));
    }

    @Test
    void invalidJsonIs22P02() {
        for (String bad : new String[] {"{\"a\": }", "{a: 1}", "", "[1,", "01", "\"x", "[1] 2", "tru"}) {
            TesseraException e = assertThrows(TesseraException.class, () -> Json.validate(bad), bad);
            assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, e.sqlState(), bad);
            assertEquals("invalid input syntax for type json", e.getMessage(), bad);
        }
    }
}

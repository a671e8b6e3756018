package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** json and jsonb operators on their text; the expected values are PostgreSQL 15's for the same input. */
class JsonbOpsTest {
    @Test
    void extractionKeepsTheTextAsWrittenAndTheLastDuplicate() {
        assertEquals("{\"b\":1,  \"c\":2}", Json.rawPath("{\"a\": {\"b\":1,  \"c\":2}}", List.of("a")));
        assertEquals("3", Json.rawPath("{\"a\":  2,\"a\": 3}", List.of("a")));
        assertEquals("3", Json.rawPath("[1, 2, 3]", List.of(-1)));
        assertNull(Json.rawPath("[1, 2, 3]", List.of(3)));
        assertNull(Json.rawPath("{\"a\": 1}", List.of(0)));
        assertEquals("\"d\"", Json.rawPath("{\"a\": [1, {\"c\": \"d\"}]}", List.of("a", 1, "c")));
        assertEquals("x\ny", Json.asText(Json.rawPath("{\"a\": \"x\\ny\"}", List.of("a"))));
        assertNull(Json.asText("null"));
    }

    @Test
    void containmentExistenceAndConcatenation() {
        assertTrue(JsonbOps.contains("{\"a\": 1, \"b\": [1, 2, [3]]}", "{\"b\": [[3], 1]}"));
        assertTrue(JsonbOps.contains("[1, \"two\"]", "\"two\""));
        assertFalse(JsonbOps.contains("{\"a\": 1}", "[[3]]"));
        assertTrue(JsonbOps.contains("{\"a\": 1.0}", "{\"a\": 1}"));
        assertTrue(JsonbOps.exists("[\"a\", 1]", "a"));
        assertTrue(JsonbOps.existsAny("{\"a\": 1}", Arrays.asList("b", null, "a"), true));
        assertTrue(JsonbOps.existsAny("{\"a\": 1}", Arrays.asList("a", null), false));
        assertEquals("{\"a\": {\"c\": 2}, \"b\": 1}", JsonbOps.concat("{\"b\": 1}", "{\"a\": {\"c\": 2}}"));
        assertEquals("[{\"a\": 1}, 1]", JsonbOps.concat("{\"a\": 1}", "[1]"));
        assertEquals("[1, \"x\"]", JsonbOps.concat("1", "\"x\""));
    }

    @Test
    void deletionSetAndStripNulls() {
        assertEquals("[1, 2]", JsonbOps.deleteIndex("[1, 2, 3]", -1));
        assertEquals("{\"a\": {\"c\": 2}}", JsonbOps.deletePath("{\"a\": {\"b\": 1, \"c\": 2}}", List.of("a", "b")));
        assertEquals("{\"a\": [\"x\", 2]}", JsonbOps.set("{\"a\": [1, 2]}", List.of("a", "0"), "\"x\"", true));
        assertEquals("[9, 1, 2]", JsonbOps.set("[1, 2]", List.of("-5"), "9", true));
        assertEquals("{\"a\": 1}", JsonbOps.set("{\"a\": 1}", List.of("b"), "2", false));
        assertEquals("{\"b\": [null, {}]}", JsonbOps.stripNulls("{\"a\": null, \"b\": [null, {\"c\": null}]}"));
        TesseraException e = assertThrows(TesseraException.class, () -> JsonbOps.deleteKey("5", "a"));
        assertEquals(SqlState.INVALID_PARAMETER_VALUE, e.sqlState());
        assertEquals("cannot delete from scalar", e.getMessage());
        e = assertThrows(TesseraException.class, () -> JsonbOps.deletePath("[1]", List.of("x")));
        assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, e.sqlState());
    }

    @Test
    void prettyIndentsByFourBlanks() {
        assertEquals("{\n    \"a\": [\n        1,\n        {\n            \"b\": null\n        }\n    ],\n"
                + "    \"c\": {\n    }\n}", JsonbOps.pretty("{\"a\":[1,{\"b\":null}],\"c\":{}}"));
        assertEquals("[\n]", JsonbOps.pretty("[]"));
        assertEquals(2, JsonbOps.arrayLength("[1, [2]]"));
        assertEquals("cannot get array length of a scalar",
                assertThrows(TesseraException.class, () -> JsonbOps.arrayLength("5")).getMessage());
    }

    @Test
    void jsonbOrderIsByKindThenSizeThenValue() {
        // PostgreSQL 15: select x from (values ...) v(x) order by x::jsonb
        List<String> sorted = new java.util.ArrayList<>(List.of("{}", "true", "[1, 2]", "\"a\"", "1", "null", "[]",
                "{\"b\": 1}", "{\"aa\": 0}", "[3]", "false", "-1.5"));
        sorted.sort(JsonbOps::compare);
        assertEquals(List.of("[]", "null", "\"a\"", "-1.5", "1", "false", "true", "[3]", "[1, 2]", "{}",
                "{\"aa\": 0}", "{\"b\": 1}"), sorted);
        assertEquals(0, JsonbOps.compare("1.0", "1"));
        assertEquals(0, JsonbOps.compare("{\"a\": [1.50]}", "{\"a\":[1.5]}"));
        assertTrue(JsonbOps.compare("{\"a\": 1, \"b\": 2}", "{\"a\": 2, \"b\": 1}") < 0);
    }

    @Test
    void sortKeysOrderAndEqualAsJsonbCompares() {
        List<String> values = List.of("{}", "true", "[1, 2]", "\"a\"", "1", "null", "[]", "{\"b\": 1}",
                "{\"aa\": 0}", "[3]", "false", "-1.5", "1.0", "-1.50", "0", "-0", "0.00", "10", "9.99", "-10", "-9",
                "1e3", "1000.000", "0.001", "-0.001", "123456789012345678901234567890", "\"\"", "\"ab\"",
                "\"a\\u0001\"", "\"a\\u0002b\"", "\"a\\u0003\"", "\"\\ud83d\\ude00\"", "\"\\uffff\"",
                "[null]", "[[]]", "[{}]", "[1, [2]]", "[1, [2.0]]", "{\"a\": 1, \"b\": 2}", "{\"b\": 2, \"a\": 1.0}",
                "{\"a\": [1]}", "{\"a\": {\"b\": null}}", "{\"aaa\": 1, \"b\": 1}", "[\"a\", \"ab\"]", "[\"ab\"]");
        for (String a : values) {
            for (String b : values) {
                int expected = Integer.signum(JsonbOps.compare(a, b));
                int actual = Integer.signum(Values.compareStrings(JsonbOps.sortKey(a), JsonbOps.sortKey(b)));
                assertEquals(expected, actual, a + " vs " + b);
            }
        }
        assertEquals(JsonbOps.sortKey("1"), JsonbOps.sortKey("1.000"));
        assertEquals(JsonbOps.sortKey("{\"a\": [1.50]}"), JsonbOps.sortKey("{\"a\":[1.5]}"));
    }
}

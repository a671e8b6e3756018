package io.tessera.coordinator.sql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.junit.jupiter.api.Test;

/**
 * substring's regular-expression forms and a record field's text form, each expected value PostgreSQL 15's answer to
 * the SQL in the comment.
 */
class SubstringAndRecordTest {
    @Test
    void posixFormReturnsFirstGroupOrWholeMatch() {
        assertEquals("oob", StringRuntime.substringRegex("foobar", "o.b")); // substring('foobar' from 'o.b')
        assertEquals("o", StringRuntime.substringRegex("foobar", "(o)(b)"));
        assertNull(StringRuntime.substringRegex("foobar", "x(y)?|o")); // the group took no part
        assertNull(StringRuntime.substringRegex("foobar", "x"));
        assertNull(StringRuntime.substringRegex(null, "o"));
    }

    @Test
    void sqlRegexFormReturnsThePartBetweenSeparators() {
        assertEquals("oob", StringRuntime.substringSimilar("foobar", "%#\"o_b#\"%", "#"));
        assertEquals("oo", StringRuntime.substringSimilar("foobar", "%#\"o%#\"b%", "#"));
        assertEquals("ooobar", StringRuntime.substringSimilar("fooobar", "%#\"o%#\"%", "#"));
        assertEquals("bc", StringRuntime.substringSimilar("abcabc", "%#\"b_#\"%", "#"));
        assertEquals("a", StringRuntime.substringSimilar("a|b", "%#\"a|b#\"%", "#"));
        assertEquals("X", StringRuntime.substringSimilar("aXb", "a#\"[A-Z]#\"b", "#"));
        assertEquals(".", StringRuntime.substringSimilar("foo.bar", "%#\".#\"%", "#"));
        assertEquals("foobar", StringRuntime.substringSimilar("foobar", "fo%", "#")); // no separators: all of s
        assertNull(StringRuntime.substringSimilar("foobar", "o_b", "#")); // must match all of s
        assertNull(StringRuntime.substringSimilar("foobar", "%#\"o_b", "#")); // one separator: the rest is empty
    }

    @Test
    void sqlRegexFormErrors() {
        TesseraException three = assertThrows(TesseraException.class,
                () -> StringRuntime.substringSimilar("foobar", "#\"o_b#\"%#\"", "#"));
        assertEquals(SqlState.INVALID_USE_OF_ESCAPE_CHARACTER, three.sqlState());
        TesseraException escape = assertThrows(TesseraException.class,
                () -> StringRuntime.substringSimilar("foobar", "%", "##"));
        assertEquals(SqlState.INVALID_ESCAPE_SEQUENCE, escape.sqlState());
        assertEquals("invalid escape string", escape.getMessage());
    }

    @Test
    void recordFieldQuotesAsRecordOut() {
        // select row(1, 'a b'), row(null, 'x'), row('', 'a"b'), row('a,b', 'a\b', '(x)')
        assertEquals("1", StringRuntime.recordField("1"));
        assertEquals("\"a b\"", StringRuntime.recordField("a b"));
        assertEquals("", StringRuntime.recordField(null));
        assertEquals("\"\"", StringRuntime.recordField(""));
        assertEquals("\"a\"\"b\"", StringRuntime.recordField("a\"b"));
        assertEquals("\"a,b\"", StringRuntime.recordField("a,b"));
        assertEquals("\"a\\\\b\"", StringRuntime.recordField("a\\b"));
        assertEquals("\"(x)\"", StringRuntime.recordField("(x)"));
    }
}

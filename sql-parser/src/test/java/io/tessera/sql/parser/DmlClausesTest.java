package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting ON CONFLICT and RETURNING off DML statements: offsets kept, markers renumbered, words in strings ignored. */
class DmlClausesTest {
    private static DmlClauses split(String sql) {
        return DmlClauses.split(TesseraSqlParser.rewriteParameters(sql));
    }

    @Test
    void returningIsBlankedOutAndKeptAtItsOffset() {
        String sql = "insert into t values ($1) returning *, a + $2";
        DmlClauses c = split(sql);
        assertEquals("insert into t values (?)" + " ".repeat(sql.length() - 2 - 24), c.statement().sql());
        assertEquals(" ".repeat(25) + "select    *, a + ?", c.returning().text().sql());
        assertEquals(1, c.returning().parameterBase());
        assertNull(c.onConflict());
    }

    @Test
    void onConflictTargetsActionsAndTheUpdateText() {
        DmlClauses c = split("INSERT INTO t VALUES (1) ON CONFLICT (K, \"Q\") DO UPDATE SET v = excluded.v WHERE t.v < 9 RETURNING k");
        assertEquals(List.of("k", "Q"), c.onConflict().targetColumns());
        assertTrue(c.onConflict().doUpdate());
        String update = c.onConflict().update().text().sql();
        assertTrue(update.startsWith("update t "), update);
        assertTrue(update.trim().endsWith("SET v = excluded.v WHERE t.v < 9"), update);
        assertTrue(c.statement().sql().trim().equals("INSERT INTO t VALUES (1)"));
        assertTrue(c.returning() != null);
    }

    @Test
    void onConstraintAndDoNothing() {
        DmlClauses c = split("insert into t values (1) on conflict on constraint t_pkey do nothing;");
        assertEquals("t_pkey", c.onConflict().constraint());
        assertFalse(c.onConflict().doUpdate());
        assertTrue(c.statement().sql().trim().endsWith(";"));
    }

    @Test
    void wordsInStringsCommentsAndSubqueriesDoNotCount() {
        assertFalse(split("insert into t values ('returning on conflict') -- returning").any());
        assertFalse(split("insert into t select * from (select 1 as returning) s").any());
        assertFalse(split("select 1 as returning").any());
    }

    @Test
    void malformedOnConflictIsSyntaxError() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> split("insert into t values (1) on conflict do frobnicate"));
        assertEquals(SqlState.SYNTAX_ERROR, e.sqlState());
        assertEquals("syntax error at or near \"frobnicate\"", e.getMessage());
    }
}

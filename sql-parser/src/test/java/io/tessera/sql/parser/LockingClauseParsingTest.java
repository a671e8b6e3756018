package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.sql.parser.dml.LockStrength;
import io.tessera.sql.parser.dml.LockWaitPolicy;
import io.tessera.sql.parser.dml.SqlLockingQuery;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PostgreSQL's locking clause: {@code SELECT ... FOR UPDATE | NO KEY UPDATE | SHARE | KEY SHARE ...}. */
class LockingClauseParsingTest {

    private static SqlLockingQuery locking(String sql) {
        return assertInstanceOf(SqlLockingQuery.class, TesseraSqlParser.parse(sql));
    }

    private static List<String> names(SqlLockingQuery q) {
        return q.tables().stream().map(id -> String.join(".", id.names)).toList();
    }

    private static void assertError(String sql, SqlState state, String message, int position) {
        TesseraException e = assertThrows(TesseraException.class, () -> TesseraSqlParser.parse(sql));
        assertEquals(state, e.sqlState(), e.getMessage());
        assertEquals(message, e.getMessage());
        assertEquals(position, e.position(), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "select * from t for update           | UPDATE",
        "select * from t for no key update    | NO_KEY_UPDATE",
        "select * from t for share            | SHARE",
        "select * from t for key share        | KEY_SHARE",
        "SELECT * FROM t FOR UPDATE           | UPDATE",
        "SELECT * FROM t FOR No Key UPDATE    | NO_KEY_UPDATE",
        "SELECT * FROM t FOR SHARE            | SHARE",
        "Select * From t For Key Share        | KEY_SHARE",
    })
    void eachStrength(String sql, LockStrength strength) {
        SqlLockingQuery q = locking(sql);
        assertEquals(strength, q.strength());
        assertEquals(List.of(), q.tables());
        assertEquals(LockWaitPolicy.WAIT, q.waitPolicy());
        SqlSelect select = assertInstanceOf(SqlSelect.class, q.query());
        assertEquals("t", ((SqlIdentifier) select.getFrom()).getSimple());
        assertEquals(SqlKind.OTHER, q.getKind());
    }

    @Test
    void ofListFoldsNamesAndKeepsQualifiersAndQuotes() {
        SqlLockingQuery q = locking("select * from t, s.u as v, \"W\" for update of T, s.u, \"W\"");
        assertEquals(List.of("t", "s.u", "W"), names(q));
        assertEquals(List.of("v"), names(locking("select * from s.u as v for share of v")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "select * from t for update nowait              | NOWAIT      | ''",
        "select * from t for update NoWait              | NOWAIT      | ''",
        "select * from t for share skip locked          | SKIP_LOCKED | ''",
        "select * from t for key share SKIP LOCKED      | SKIP_LOCKED | ''",
        "select * from t for update of t nowait         | NOWAIT      | t",
        "select * from t for no key update of t skip locked | SKIP_LOCKED | t",
        "select * from t for update of t                | WAIT        | t",
    })
    void waitPolicies(String sql, LockWaitPolicy policy, String of) {
        SqlLockingQuery q = locking(sql);
        assertEquals(policy, q.waitPolicy());
        assertEquals(of.isEmpty() ? List.of() : List.of(of), names(q));
    }

    @Test
    void orderByAndLimitStayInTheQueryNode() {
        SqlLockingQuery q = locking("select a from t where b > 1 order by a desc limit 10 offset 5 for update of t");
        SqlOrderBy orderBy = assertInstanceOf(SqlOrderBy.class, q.query());
        assertEquals("10", orderBy.fetch.toString());
        assertEquals("5", orderBy.offset.toString());
        assertInstanceOf(SqlSelect.class, orderBy.query);
        assertEquals(List.of("t"), names(q));

        SqlOrderBy fetch = assertInstanceOf(SqlOrderBy.class,
                locking("select a from t offset 2 rows fetch first 3 rows only for share").query());
        assertEquals("3", fetch.fetch.toString());
        assertInstanceOf(SqlOrderBy.class, locking("select a from t limit 1 for update").query());
    }

    @Test
    void theQueryIsTheNodeTheParserBuildsWithoutTheClause() {
        String base = "select a, count(*) from t join u on t.id = u.id where b = 1 order by a limit 3";
        SqlNode without = TesseraSqlParser.parse(base);
        SqlLockingQuery with = locking(base + " for update");
        assertTrue(without.equalsDeep(with.query(), org.apache.calcite.util.Litmus.THROW));
        // And the same query without the clause is not wrapped.
        assertInstanceOf(SqlOrderBy.class, without);
    }

    @Test
    void otherQueryShapes() {
        assertInstanceOf(SqlWith.class,
                locking("with x as (select * from t) select * from x for update of x").query());
        assertInstanceOf(SqlSelect.class, locking("(select * from t) for update").query());
        assertEquals(SqlKind.EXPLICIT_TABLE, locking("table t for update").query().getKind());
        assertInstanceOf(SqlSelect.class, locking("select 1 for share").query());
        // Aliases, WHERE, GROUP BY, sub-queries and functions with FOR before the clause.
        SqlLockingQuery q = locking("select substring(a from 1 for 2) from t as x "
                + "where a in (select b from u) for update of x");
        assertEquals(List.of("x"), names(q));
    }

    @Test
    void parametersAreRewrittenAndPositionsStillMapBack() {
        Rewritten r = TesseraSqlParser.rewriteParameters(
                "select * from t where a = $2 order by a limit $1 for update of t skip locked");
        SqlLockingQuery q = assertInstanceOf(SqlLockingQuery.class, TesseraSqlParser.parse(r));
        SqlOrderBy orderBy = (SqlOrderBy) q.query();
        SqlCall where = (SqlCall) ((SqlSelect) orderBy.query).getWhere();
        assertEquals(0, ((SqlDynamicParam) where.operand(1)).getIndex());
        assertEquals(1, ((SqlDynamicParam) orderBy.fetch).getIndex());
        assertEquals(List.of(2, 1), r.parameterNumbers());
        assertEquals(LockWaitPolicy.SKIP_LOCKED, q.waitPolicy());

        Rewritten bad = TesseraSqlParser.rewriteParameters("select * from t where a = $10 for update of");
        TesseraException e = assertThrows(TesseraException.class, () -> TesseraSqlParser.parse(bad));
        assertEquals("syntax error at end of input", e.getMessage());
        assertEquals(44, e.position());
        Rewritten bad2 = TesseraSqlParser.rewriteParameters("select * from t where a = $10 for no share");
        TesseraException e2 = assertThrows(TesseraException.class, () -> TesseraSqlParser.parse(bad2));
        assertEquals("syntax error at or near \"share\"", e2.getMessage());
        assertEquals(38, e2.position());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "select * from t for update",
        "select * from t for no key update of t nowait",
        "select a, b from t as x, u where x.a = u.b for share of x, u skip locked",
        "select * from t for key share of s.t",
        "select a from t order by a desc limit 10 offset 5 for update",
        "with x as (select a from t) select a from x for share of x",
        "select * from \"T\" for update of \"T\"",
    })
    void unparseRoundTrip(String sql) {
        SqlLockingQuery q = locking(sql);
        String text = q.toSqlString(PostgresqlSqlDialect.DEFAULT).getSql();
        assertTrue(text.contains(q.strength().sql()), text);
        assertTrue(!text.startsWith("("), text);
        SqlNode again = TesseraSqlParser.parse(text);
        assertTrue(q.equalsDeep(again, org.apache.calcite.util.Litmus.THROW), text);
    }

    @Test
    void unparseWritesTheClause() {
        String text = locking("select a from t order by a limit 1 for no key update of t, s.u skip locked")
                .toSqlString(PostgresqlSqlDialect.DEFAULT).getSql().replaceAll("\\s+", " ");
        assertTrue(text.startsWith("SELECT \"a\" FROM \"t\" ORDER BY \"a\""), text);
        assertTrue(text.endsWith(" FOR NO KEY UPDATE OF \"t\", \"s\".\"u\" SKIP LOCKED"), text);
    }

    @Test
    void shuttlesAndCloneRebuildTheNode() {
        SqlLockingQuery q = locking("select * from t where a = 1 for share of t nowait");
        SqlNode renamed = q.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                return id.isSimple() && id.getSimple().equals("t") ? new SqlIdentifier("x", id.getParserPosition()) : id;
            }
        });
        SqlLockingQuery r = assertInstanceOf(SqlLockingQuery.class, renamed);
        assertNotSame(q, r);
        assertEquals(List.of("x"), names(r));
        assertEquals(LockStrength.SHARE, r.strength());
        assertEquals(LockWaitPolicy.NOWAIT, r.waitPolicy());
        assertEquals("x", ((SqlIdentifier) ((SqlSelect) r.query()).getFrom()).getSimple());
        SqlLockingQuery copy = assertInstanceOf(SqlLockingQuery.class, q.clone(SqlParserPos.ZERO));
        assertTrue(q.equalsDeep(copy, org.apache.calcite.util.Litmus.THROW));
    }

    @Test
    void syntaxErrorsInsideTheClauseAreBlamedOnTheirToken() {
        assertError("select * from t for no share", SqlState.SYNTAX_ERROR, "syntax error at or near \"share\"", 24);
        assertError("select * from t for key update", SqlState.SYNTAX_ERROR, "syntax error at or near \"update\"", 25);
        assertError("select * from t for update of", SqlState.SYNTAX_ERROR, "syntax error at end of input", 30);
        assertError("select * from t for update nowai", SqlState.SYNTAX_ERROR, "syntax error at or near \"nowai\"", 28);
        assertError("select * from t for update skip lock", SqlState.SYNTAX_ERROR, "syntax error at or near \"lock\"", 33);
        assertError("select * from t for update of t, ", SqlState.SYNTAX_ERROR, "syntax error at end of input", 34);
        assertError("select * from t for update, u", SqlState.SYNTAX_ERROR, "syntax error at or near \",\"", 27);
        assertError("select * from t for update\n  of t nowait skip locked", SqlState.SYNTAX_ERROR,
                "syntax error at or near \"skip\"", 42);
        // Quoted, "share" is an identifier, not the keyword (PostgreSQL blames it too).
        assertError("select * from t for \"share\"", SqlState.SYNTAX_ERROR,
                "syntax error at or near \"\"share\"\"", 21);
        // Not a locking strength: FOR keeps core's reading (FOR SYSTEM_TIME).
        assertError("select * from t for read only", SqlState.SYNTAX_ERROR, "syntax error at or near \"read\"", 21);
    }

    @Test
    void refusedWithFeatureNotSupported() {
        assertError("select * from t for update for share", SqlState.FEATURE_NOT_SUPPORTED,
                "multiple locking clauses are not supported", 28);
        assertError("select a from t union select a from u for update", SqlState.FEATURE_NOT_SUPPORTED,
                "FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT", 39);
        assertError("values (1), (2) for key share", SqlState.FEATURE_NOT_SUPPORTED,
                "FOR KEY SHARE cannot be applied to VALUES", 17);
    }

    @Test
    void subqueriesDoNotTakeTheClause() {
        assertError("select * from t where a in (select b from u for update)", SqlState.SYNTAX_ERROR,
                "syntax error at or near \"update\"", 49);
        assertError("insert into t select * from u for update", SqlState.SYNTAX_ERROR,
                "syntax error at or near \"update\"", 35);
    }

    @Test
    void forKeepsItsOtherMeanings() {
        SqlSelect snapshot = assertInstanceOf(SqlSelect.class,
                TesseraSqlParser.parse("select * from t for system_time as of current_timestamp"));
        assertInstanceOf(SqlSnapshot.class, snapshot.getFrom());
        SqlLockingQuery both = locking("select * from t for system_time as of current_timestamp for update");
        assertInstanceOf(SqlSnapshot.class, ((SqlSelect) both.query()).getFrom());
        assertInstanceOf(SqlSelect.class, TesseraSqlParser.parse("select substring(a from 1 for 2) from t"));
        assertInstanceOf(SqlSelect.class, TesseraSqlParser.parse("select overlay(a placing 'x' from 1 for 2) from t"));
        assertInstanceOf(SqlSelect.class, TesseraSqlParser.parse("select next value for share from t"));
        assertInstanceOf(SqlExplain.class, TesseraSqlParser.parse("explain plan for update t set a = 1"));
        assertInstanceOf(SqlExplain.class, TesseraSqlParser.parse("explain plan for select * from t"));
        assertInstanceOf(SqlSelect.class, TesseraSqlParser.parse("select share, nowait, locked, key from t"));
    }

    @Test
    void statementListsKeepEachStatementsOwnClause() {
        List<SqlNode> statements = TesseraSqlParser.parseStatements(
                "select * from t for update; select * from u; select * from v for share skip locked;");
        assertEquals(3, statements.size());
        assertEquals(LockStrength.UPDATE, assertInstanceOf(SqlLockingQuery.class, statements.get(0)).strength());
        assertInstanceOf(SqlSelect.class, statements.get(1));
        assertEquals(LockWaitPolicy.SKIP_LOCKED,
                assertInstanceOf(SqlLockingQuery.class, statements.get(2)).waitPolicy());
        // After an EXPLAIN, the next statement is a query again.
        statements = TesseraSqlParser.parseStatements("explain plan for update t set a = 1; select * from t for update");
        assertInstanceOf(SqlLockingQuery.class, statements.get(1));
    }
}

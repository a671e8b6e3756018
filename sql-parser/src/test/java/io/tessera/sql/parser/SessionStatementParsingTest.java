package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tessera.sql.parser.tcl.SqlReleaseSavepoint;
import io.tessera.sql.parser.tcl.SqlRollbackToSavepoint;
import io.tessera.sql.parser.tcl.SqlSavepoint;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSetOption;
import org.apache.calcite.sql.babel.postgres.SqlBegin;
import org.apache.calcite.sql.babel.postgres.SqlCommit;
import org.apache.calcite.sql.babel.postgres.SqlDiscard;
import org.apache.calcite.sql.babel.postgres.SqlRollback;
import org.apache.calcite.sql.babel.postgres.SqlShow;
import org.apache.calcite.sql.babel.postgres.TransactionChainingMode;
import org.apache.calcite.sql.babel.postgres.TransactionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Transaction control, SET/RESET/SHOW/DISCARD: Babel's nodes where Babel has them, ours for savepoints. */
class SessionStatementParsingTest {

    private static SqlNode parse(String sql) {
        return TesseraSqlParser.parse(sql);
    }

    private static Object modeOf(SqlNode node, int i) {
        SqlNodeList modes = (SqlNodeList) ((SqlCall) node).getOperandList().get(0);
        return ((SqlLiteral) modes.get(i)).getValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"begin", "BEGIN WORK", "begin transaction", "start transaction"})
    void beginAndStartTransaction(String sql) {
        assertInstanceOf(SqlBegin.class, parse(sql));
    }

    @Test
    void transactionModes() {
        SqlNode begin = parse("begin isolation level repeatable read, read only");
        assertEquals(TransactionMode.ISOLATION_LEVEL_REPEATABLE_READ, modeOf(begin, 0));
        assertEquals(TransactionMode.READ_ONLY, modeOf(begin, 1));
        SqlNode start = parse("START TRANSACTION ISOLATION LEVEL SERIALIZABLE READ WRITE NOT DEFERRABLE");
        assertInstanceOf(SqlBegin.class, start);
        assertEquals(TransactionMode.ISOLATION_LEVEL_SERIALIZABLE, modeOf(start, 0));
        assertEquals(TransactionMode.READ_WRITE, modeOf(start, 1));
        assertEquals(TransactionMode.NOT_DEFERRABLE, modeOf(start, 2));
        assertEquals(TransactionMode.ISOLATION_LEVEL_READ_COMMITTED,
                modeOf(parse("begin isolation level read committed"), 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"commit", "COMMIT WORK", "commit transaction", "end", "END TRANSACTION", "end work"})
    void commitAndEnd(String sql) {
        SqlNode node = parse(sql);
        assertInstanceOf(SqlCommit.class, node);
        assertEquals(TransactionChainingMode.AND_NO_CHAIN,
                ((SqlLiteral) ((SqlCall) node).getOperandList().get(0)).getValue());
    }

    @Test
    void commitAndChain() {
        assertEquals(TransactionChainingMode.AND_CHAIN,
                ((SqlLiteral) ((SqlCall) parse("commit and chain")).getOperandList().get(0)).getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rollback", "ROLLBACK WORK", "rollback transaction", "rollback and no chain"})
    void rollback(String sql) {
        assertInstanceOf(SqlRollback.class, parse(sql));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rollback to sp1", "ROLLBACK TO SAVEPOINT sp1", "rollback work to savepoint SP1"})
    void rollbackToSavepoint(String sql) {
        assertEquals("sp1", assertInstanceOf(SqlRollbackToSavepoint.class, parse(sql)).name());
    }

    @Test
    void savepointAndRelease() {
        assertEquals("sp1", assertInstanceOf(SqlSavepoint.class, parse("SAVEPOINT sp1")).name());
        assertEquals("sp1", assertInstanceOf(SqlReleaseSavepoint.class, parse("release savepoint sp1")).name());
        assertEquals("sp2", assertInstanceOf(SqlReleaseSavepoint.class, parse("release sp2")).name());
        assertEquals("SAVEPOINT sp1", parse("savepoint sp1").toSqlString(c -> c.withQuoteAllIdentifiers(false)).getSql());
    }

    private static SqlSetOption set(String sql) {
        return assertInstanceOf(SqlSetOption.class, parse(sql));
    }

    @Test
    void setWithEqualsOrTo() {
        SqlSetOption s = set("SET extra_float_digits = 3");
        assertEquals("extra_float_digits", s.getName().getSimple());
        assertEquals("3", s.getValue().toString());
        assertNull(s.getScope());
        SqlSetOption app = set("set application_name to 'PostgreSQL JDBC Driver'");
        assertEquals("PostgreSQL JDBC Driver", ((SqlLiteral) app.getValue()).getValueAs(String.class));
        assertEquals("LOCAL", set("set local statement_timeout = -1").getScope());
        assertEquals("SESSION", set("set session datestyle to 'ISO, MDY'").getScope());
    }

    @Test
    void setValueListsAndKeywords() {
        SqlSetOption path = set("set search_path to public, pg_catalog");
        assertEquals(2, ((SqlNodeList) path.getValue()).size());
        assertEquals("on", ((SqlIdentifier) set("set enable_seqscan = on").getValue()).getSimple());
        assertEquals("off", ((SqlIdentifier) set("set enable_seqscan = off").getValue()).getSimple());
        assertEquals("DEFAULT", set("set work_mem to default").getValue().toString());
    }

    @Test
    void setSpecialFormsUseGucNames() {
        assertEquals("timezone", ((SqlIdentifier) set("SET TIME ZONE 'UTC'").name()).getSimple());
        assertEquals("search_path", ((SqlIdentifier) set("set schema 'public'").name()).getSimple());
        assertEquals("client_encoding", ((SqlIdentifier) set("set names 'UTF8'").name()).getSimple());
        assertEquals("schema", ((SqlIdentifier) set("set schema = 'x'").name()).getSimple());
        SqlSetOption tx = set("set transaction isolation level serializable");
        assertEquals(1, ((SqlNodeList) tx.getValue()).size());
        set("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
    }

    @Test
    void reset() {
        SqlSetOption r = set("reset work_mem");
        assertEquals("work_mem", r.getName().getSimple());
        assertNull(r.getValue());
        set("RESET ALL");
    }

    @Test
    void show() {
        assertEquals("search_path", assertInstanceOf(SqlShow.class, parse("SHOW search_path")).getName().getSimple());
        assertEquals("transaction_isolation",
                assertInstanceOf(SqlShow.class, parse("show transaction isolation level")).getName().getSimple());
        assertEquals("timezone", assertInstanceOf(SqlShow.class, parse("show time zone")).getName().getSimple());
        assertEquals("all", assertInstanceOf(SqlShow.class, parse("show all")).getName().getSimple());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DISCARD ALL", "discard plans", "discard sequences", "discard temp", "discard temporary"})
    void discard(String sql) {
        assertInstanceOf(SqlDiscard.class, parse(sql));
    }
}

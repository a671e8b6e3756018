package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.sql.parser.ddl.SqlColumnDef;
import io.tessera.sql.parser.ddl.SqlCreateDatabase;
import io.tessera.sql.parser.ddl.SqlCreateTesseraTable;
import io.tessera.sql.parser.ddl.SqlDropTesseraTable;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/** The statements of the seed psql session and of pgbench's initialization, verbatim. */
class SeedSessionTest {

    @Test
    void createDatabase() {
        assertEquals("peiybdb",
                assertInstanceOf(SqlCreateDatabase.class, TesseraSqlParser.parse("create database peiybdb;")).name());
    }

    @Test
    void createTable() {
        SqlCreateTesseraTable t = assertInstanceOf(SqlCreateTesseraTable.class,
                TesseraSqlParser.parse("create table tmp_t0(c0 varchar(100),c1 varchar(100));"));
        assertEquals("tmp_t0", t.name().getSimple());
        assertEquals(List.of("c0", "c1"), t.columns().stream().map(SqlColumnDef::name).toList());
        assertEquals("varchar", t.columns().get(1).type().typeName());
        assertEquals(100, t.columns().get(1).type().length());
    }

    @Test
    void insertSelectFromGenerateSeries() {
        SqlInsert insert = assertInstanceOf(SqlInsert.class, TesseraSqlParser.parse(
                "insert into tmp_t0(c0,c1) SELECT id::varchar,md5(id::varchar) FROM generate_series(1,10000) as id;"));
        assertEquals("tmp_t0", ((SqlIdentifier) insert.getTargetTable()).getSimple());
        SqlSelect source = (SqlSelect) insert.getSource();
        assertEquals(SqlKind.CAST, source.getSelectList().get(0).getKind());
    }

    @Test
    void groupByXcNodeId() {
        SqlSelect s = assertInstanceOf(SqlSelect.class,
                TesseraSqlParser.parse("select xc_node_id,count(1) from tmp_t0 group by xc_node_id;"));
        assertEquals("xc_node_id", ((SqlIdentifier) s.getGroup().get(0)).getSimple());
    }

    @Test
    void selectFromPgxcNode() {
        SqlSelect s = assertInstanceOf(SqlSelect.class, TesseraSqlParser.parse("select * from pgxc_node;"));
        assertEquals("pgxc_node", ((SqlIdentifier) s.getFrom()).getSimple());
    }

    @Test
    void wholeSessionAsOneSimpleQuery() {
        List<SqlNode> statements = TesseraSqlParser.parseStatements("create database peiybdb; "
                + "create table tmp_t0(c0 varchar(100),c1 varchar(100)); "
                + "insert into tmp_t0(c0,c1) SELECT id::varchar,md5(id::varchar) FROM generate_series(1,10000) as id; "
                + "select xc_node_id,count(1) from tmp_t0 group by xc_node_id; "
                + "select * from pgxc_node;");
        assertEquals(5, statements.size());
    }

    @Test
    void pgbenchAccountsWithFillfactor() {
        SqlCreateTesseraTable t = assertInstanceOf(SqlCreateTesseraTable.class, TesseraSqlParser.parse(
                "create table pgbench_accounts(aid int not null,bid int,abalance int,filler char(84)) with (fillfactor=100)"));
        assertEquals(Map.of("fillfactor", "100"), t.withOptions());
        assertTrue(t.columns().get(0).notNull());
        assertEquals("bpchar", t.columns().get(3).type().typeName());
        assertEquals(84, t.columns().get(3).type().length());
    }

    @Test
    void pgbenchDropTables() {
        SqlDropTesseraTable d = assertInstanceOf(SqlDropTesseraTable.class, TesseraSqlParser.parse(
                "drop table if exists pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers"));
        assertTrue(d.ifExists());
        assertEquals(List.of("pgbench_accounts", "pgbench_branches", "pgbench_history", "pgbench_tellers"),
                d.names().stream().map(SqlIdentifier::getSimple).toList());
    }
}

package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.sql.parser.ddl.Distribution;
import io.tessera.sql.parser.ddl.DistributionKind;
import io.tessera.sql.parser.ddl.PgTypeName;
import io.tessera.sql.parser.ddl.SqlColumnDef;
import io.tessera.sql.parser.ddl.SqlCreateDatabase;
import io.tessera.sql.parser.ddl.SqlCreateTesseraTable;
import io.tessera.sql.parser.ddl.SqlDropDatabase;
import io.tessera.sql.parser.ddl.SqlDropTesseraTable;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tessera DDL: CREATE/DROP TABLE with Postgres-XL's clauses, CREATE/DROP DATABASE. */
class DdlParsingTest {

    private static SqlCreateTesseraTable createTable(String sql) {
        return assertInstanceOf(SqlCreateTesseraTable.class, TesseraSqlParser.parse(sql));
    }

    private static PgTypeName columnType(String type) {
        return createTable("create table t (c " + type + ")").columns().get(0).type();
    }

    @Test
    void columnsWithConstraintsAndDefaults() {
        SqlCreateTesseraTable t = createTable("CREATE TABLE IF NOT EXISTS Accounts ("
                + "id int8 primary key, name varchar(40) not null, note text null, "
                + "balance numeric(12,2) default 0, flag bool default true, created timestamptz default now(), "
                + "delta int default -1)");
        assertTrue(t.ifNotExists());
        assertEquals("accounts", t.name().getSimple());
        assertEquals(SqlKind.CREATE_TABLE, t.getKind());
        List<SqlColumnDef> cols = t.columns();
        assertEquals(7, cols.size());
        assertTrue(cols.get(0).primaryKey());
        assertTrue(cols.get(0).notNull(), "a primary key column is not null");
        assertEquals("int8", cols.get(0).type().typeName());
        assertEquals("name", cols.get(1).name());
        assertTrue(cols.get(1).notNull());
        assertEquals(List.of(40), cols.get(1).type().modifiers());
        assertFalse(cols.get(2).notNull());
        assertEquals("0", cols.get(3).defaultValue().toString());
        assertEquals(List.of(12, 2), cols.get(3).type().modifiers());
        assertEquals("TRUE", cols.get(4).defaultValue().toString());
        assertEquals(SqlKind.OTHER_FUNCTION, cols.get(5).defaultValue().getKind());
        assertEquals("-1", cols.get(6).defaultValue().toString());
        assertEquals(List.of("id"), t.primaryKeyColumns());
        assertEquals(List.of(), t.primaryKey());
        assertNull(t.distribution());
        assertEquals(Map.of(), t.withOptions());
        assertEquals(List.of(), t.toNodes());
        assertNull(t.toGroup());
    }

    @Test
    void tableLevelPrimaryKey() {
        SqlCreateTesseraTable t = createTable("create table t (a int, b int, constraint t_pk primary key (a, b))");
        assertEquals(List.of("a", "b"), t.primaryKey());
        assertEquals(List.of("a", "b"), t.primaryKeyColumns());
        assertEquals("t_pk", t.primaryKeyName());
        assertEquals("col_pk",
                createTable("create table t (a int constraint \"col_pk\" primary key)").primaryKeyName());
        assertNull(createTable("create table t (a int primary key, b int constraint b_nn not null)").primaryKeyName());
    }

    @Test
    void twoPrimaryKeysAreRefusedAsPostgresDoes() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("create table t (a int primary key, b int, primary key (b))"));
        assertEquals(SqlState.INVALID_TABLE_DEFINITION, e.sqlState());
        assertEquals("multiple primary keys for table are not allowed", e.getMessage());
        assertEquals(43, e.position());
    }

    @ParameterizedTest(name = "{0} -> {1}{2}")
    @CsvSource(delimiter = '|', value = {
        "bool                        | bool        | ''",
        "boolean                     | bool        | ''",
        "int2                        | int2        | ''",
        "smallint                    | int2        | ''",
        "int                         | int4        | ''",
        "int4                        | int4        | ''",
        "integer                     | int4        | ''",
        "int8                        | int8        | ''",
        "bigint                      | int8        | ''",
        "float4                      | float4      | ''",
        "real                        | float4      | ''",
        "float8                      | float8      | ''",
        "double precision            | float8      | ''",
        "numeric                     | numeric     | ''",
        "numeric(10)                 | numeric     | 10",
        "decimal(10,2)               | numeric     | 10,2",
        "text                        | text        | ''",
        "varchar                     | varchar     | ''",
        "varchar(100)                | varchar     | 100",
        "character varying(8)        | varchar     | 8",
        "char                        | bpchar      | 1",
        "char(84)                    | bpchar      | 84",
        "character(3)                | bpchar      | 3",
        "bpchar(5)                   | bpchar      | 5",
        "date                        | date        | ''",
        "timestamp                   | timestamp   | ''",
        "timestamp(3)                | timestamp   | 3",
        "timestamp without time zone | timestamp   | ''",
        "timestamptz                 | timestamptz | ''",
        "timestamp with time zone    | timestamptz | ''",
        "bytea                       | bytea       | ''",
        "json                        | json        | ''",
        "jsonb                       | jsonb       | ''",
        "uuid                        | uuid        | ''",
        "time                        | time        | ''",
        "time(3)                     | time        | 3",
        "time without time zone      | time        | ''",
    })
    void columnTypesCarryCanonicalPostgresNames(String written, String canonical, String modifiers) {
        PgTypeName type = columnType(written);
        assertEquals(canonical, type.typeName());
        assertEquals(modifiers, String.join(",", type.modifiers().stream().map(String::valueOf).toList()));
    }

    @Test
    void typeAccessorsReadModifiers() {
        assertEquals(100, columnType("varchar(100)").length());
        assertEquals(10, columnType("numeric(10,2)").precision());
        assertEquals(2, columnType("numeric(10,2)").scale());
        assertEquals(0, columnType("numeric(10)").scale());
        assertEquals(-1, columnType("text").length());
    }

    @ParameterizedTest
    @CsvSource({"timetz, 0A000, type \"timetz\" is not supported, 20",
        "pg_catalog.frobnicator, 42704, type \"pg_catalog.frobnicator\" does not exist, 31"})
    void unsupportedColumnTypesAreRefusedWithTheirName(String type, String sqlState, String message, int position) {
        TesseraException e = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("create table t (id " + type + ", x int)"));
        assertEquals(sqlState, e.sqlState().code());
        assertEquals(message, e.getMessage());
        assertEquals(position, e.position());
    }

    /** A name that is no built-in type may be a user-defined (enum) type: the catalog decides, as in PostgreSQL. */
    @ParameterizedTest
    @CsvSource({"mood, mood", "public.mood, mood", "\"Mood\", Mood"})
    void otherTypeNamesParseAsUserDefinedTypes(String written, String name) {
        PgTypeName type = columnType(written);
        assertTrue(type.userDefined());
        assertEquals(name, type.typeName());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "distribute by hash(id)     | HASH        | id",
        "DISTRIBUTE BY MODULO(Id)   | MODULO      | id",
        "distribute by shard(id)    | SHARD       | id",
        "dist by roundrobin         | ROUNDROBIN  | ",
        "DIST BY REPLICATION        | REPLICATION | ",
    })
    void distributeByClauses(String clause, DistributionKind kind, String column) {
        SqlCreateTesseraTable t = createTable("create table t (id int, v text) " + clause);
        assertEquals(new Distribution(kind, column), t.distribution());
    }

    @Test
    void withOptionsTakeStringsNumbersAndIdentifiers() {
        SqlCreateTesseraTable t = createTable(
                "create table t (f1 int) WITH (dist_type='shard', DIST_COL='f1', fillfactor=100, x = on, y, z=-2.5)");
        assertEquals(Map.of("dist_type", "shard", "dist_col", "f1", "fillfactor", "100", "x", "on",
                "y", "true", "z", "-2.5"), t.withOptions());
        assertEquals(List.of("dist_type", "dist_col", "fillfactor", "x", "y", "z"),
                List.copyOf(t.withOptions().keySet()));
    }

    @Test
    void postgresXlOrderWithBeforeDistributeAndTheReverse() {
        SqlCreateTesseraTable xl = createTable(
                "create table t (a int, b int) with (fillfactor=90) distribute by hash(a) to node (dn1, DN2)");
        assertEquals(new Distribution(DistributionKind.HASH, "a"), xl.distribution());
        assertEquals(Map.of("fillfactor", "90"), xl.withOptions());
        assertEquals(List.of("dn1", "dn2"), xl.toNodes());
        SqlCreateTesseraTable reversed = createTable(
                "create table t (a int, b int) distribute by replication with (fillfactor=90) to group g1");
        assertEquals(DistributionKind.REPLICATION, reversed.distribution().kind());
        assertNull(reversed.distribution().column());
        assertEquals("90", reversed.withOptions().get("fillfactor"));
        assertEquals("g1", reversed.toGroup());
    }

    @Test
    void aClauseGivenTwiceIsASyntaxError() {
        TesseraException e = assertThrows(TesseraException.class, () -> TesseraSqlParser.parse(
                "create table t (a int) distribute by hash(a) distribute by roundrobin"));
        assertEquals(SqlState.SYNTAX_ERROR, e.sqlState());
        assertEquals("syntax error at or near \"distribute\"", e.getMessage());
        assertEquals(46, e.position());
    }

    @Test
    void createOrReplaceTableIsRefused() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("create or replace table t (a int)"));
        assertEquals(SqlState.SYNTAX_ERROR, e.sqlState());
        assertEquals("syntax error at or near \"table\"", e.getMessage());
        assertEquals(19, e.position());
    }

    @Test
    void newKeywordsAreUsableAsTableAndColumnNames() {
        SqlCreateTesseraTable t = createTable(
                "create table node (hash int, shard int, modulo int, if int, dist int, roundrobin int, replication int)");
        assertEquals("node", t.name().getSimple());
        assertEquals(7, t.columns().size());
        assertEquals("if", t.columns().get(3).name());
    }

    @Test
    void schemaQualifiedAndQuotedNames() {
        SqlCreateTesseraTable t = createTable("create table public.\"Mixed\" (\"Col\" int)");
        assertEquals(List.of("public", "Mixed"), t.name().names);
        assertEquals("Col", t.columns().get(0).name());
    }

    @Test
    void dropTableWithSeveralNamesAndOptions() {
        SqlDropTesseraTable d = assertInstanceOf(SqlDropTesseraTable.class,
                TesseraSqlParser.parse("DROP TABLE IF EXISTS a, s.b CASCADE"));
        assertTrue(d.ifExists());
        assertTrue(d.cascade());
        assertEquals(List.of("a", "s.b"), d.names().stream().map(SqlIdentifier::toString).toList());
        SqlDropTesseraTable plain = assertInstanceOf(SqlDropTesseraTable.class,
                TesseraSqlParser.parse("drop table t restrict"));
        assertFalse(plain.ifExists());
        assertFalse(plain.cascade());
        assertEquals(SqlKind.DROP_TABLE, plain.getKind());
    }

    @Test
    void tableNamedIfStillParses() {
        SqlDropTesseraTable d = assertInstanceOf(SqlDropTesseraTable.class, TesseraSqlParser.parse("drop table if"));
        assertFalse(d.ifExists());
        assertEquals("if", d.names().get(0).getSimple());
    }

    @Test
    void databases() {
        SqlCreateDatabase c = assertInstanceOf(SqlCreateDatabase.class,
                TesseraSqlParser.parse("create database PeiybDB"));
        assertEquals("peiybdb", c.name());
        SqlDropDatabase d = assertInstanceOf(SqlDropDatabase.class,
                TesseraSqlParser.parse("drop database if exists peiybdb"));
        assertTrue(d.ifExists());
        assertEquals("peiybdb", d.name());
        assertFalse(assertInstanceOf(SqlDropDatabase.class, TesseraSqlParser.parse("drop database x")).ifExists());
    }

    @Test
    void ddlUnparsesToSqlThatParsesToTheSameTree() {
        String[] statements = {
            "create table if not exists t (id int8 primary key, v varchar(10) not null default 'x', "
                + "n numeric(10, 2)) with (fillfactor=100) distribute by hash(id) to node (dn1, dn2)",
            "create table t (a int, b text, primary key (a)) dist by roundrobin to group g",
            "drop table if exists a, b cascade",
            "create database d",
            "drop database if exists d",
        };
        for (String sql : statements) {
            String unparsed = TesseraSqlParser.parse(sql).toSqlString(c -> c.withQuoteAllIdentifiers(false)).getSql();
            assertEquals(unparsed,
                    TesseraSqlParser.parse(unparsed).toSqlString(c -> c.withQuoteAllIdentifiers(false)).getSql(),
                    sql);
        }
        String t = TesseraSqlParser.parse(statements[0]).toString();
        assertTrue(t.contains("DISTRIBUTE BY HASH"), t);
        assertTrue(t.contains("VARCHAR(10)"), t);
    }
}

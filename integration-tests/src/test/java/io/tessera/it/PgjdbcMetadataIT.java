package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pgjdbc 42.7's {@link DatabaseMetaData} calls that ORMs and IDEs make, on Tessera and on a reference PostgreSQL 15
 * given the same schema: the rows must be the same. {@code getPrimaryKeys} and {@code getIndexInfo} put
 * {@code information_schema._pg_expandarray} in a select list. {@code getImportedKeys}/{@code getExportedKeys} are
 * compared in {@link ForeignKeyIT}. Also the column types of results as {@link ResultSetMetaData} shows them (what
 * RowDescription's type OIDs become), and the transaction id functions, whose values only Tessera can check.
 */
class PgjdbcMetadataIT {
    private static ProcessCluster cluster;
    private static ReferencePostgres reference;

    @BeforeAll
    static void start() {
        cluster = ProcessCluster.start(1, 2);
        reference = ReferencePostgres.start();
    }

    @AfterAll
    static void stop() {
        if (reference != null) {
            reference.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** What {@code run} reads from a connection, on the reference PostgreSQL and then on Tessera: must be equal. */
    private static void assertSameAsPostgres(ConnectionReader run) throws SQLException {
        String expected;
        try (Connection pg = DriverManager.getConnection(reference.jdbcUrl())) {
            expected = run.read(pg);
        }
        try (Connection tessera = DriverManager.getConnection(cluster.jdbcUrl(1))) {
            assertEquals(expected, run.read(tessera));
        }
    }

    @FunctionalInterface
    private interface ConnectionReader {
        String read(Connection c) throws SQLException;
    }

    private static List<String> rows(ResultSet rs, String... columns) throws SQLException {
        List<String> out = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
            StringBuilder b = new StringBuilder();
            for (String c : columns) {
                b.append(c).append('=').append(rs.getString(c)).append(' ');
            }
            out.add(b.toString().trim());
        }
        rs.close();
        return out;
    }

    private static String metadata(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table md_one (id int primary key, name text)");
            s.execute("create table md_two (a int, b text, c int, primary key (a, c))");
            s.execute("create index md_two_b_idx on md_two (b, c)");
            s.execute("create unique index on md_two (a, b nulls first)");
        }
        DatabaseMetaData md = c.getMetaData();
        List<String> out = new ArrayList<>();
        out.addAll(rows(md.getPrimaryKeys(null, "public", "md_one"), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
        out.addAll(rows(md.getPrimaryKeys(null, "public", "md_two"), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
        out.addAll(rows(md.getIndexInfo(null, "public", "md_two", false, true), "TABLE_NAME", "NON_UNIQUE",
                "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC"));
        out.addAll(rows(md.getIndexInfo(null, "public", "md_one", true, true), "INDEX_NAME", "COLUMN_NAME"));
        return String.join("\n", out);
    }

    @Test
    void primaryKeysIndexInfoAndKeysAreThoseOfPostgres() throws SQLException {
        assertSameAsPostgres(PgjdbcMetadataIT::metadata);
    }

    /** A query's columns as pgjdbc's metadata shows them: label, type name, java.sql.Types code. */
    private static String columnTypes(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                b.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append(':')
                        .append(md.getColumnType(i)).append(' ');
            }
            return b.toString().trim();
        }
    }

    private static final String[] TYPED_QUERIES = {
        "select current_user, session_user, user, current_database(), current_schema, current_schema() as s2",
        "select pg_typeof(1) as t, pg_sleep(0) as slept, pg_current_xact_id() as x8, txid_current() as x,"
            + " txid_current_if_assigned() as xa, pg_current_xact_id_if_assigned() as x8a",
        "select c.relname, c.relkind, c.relpersistence, c.relkind::text as kind_text from pg_class c"
            + " where c.relname = 'rt_one'",
        "select typname, typtype, typcategory, typalign, typstorage from pg_type where typname = 'int4'",
        "select conname, contype from pg_constraint where conname = 'rt_one_pkey'",
        "select attname, attalign, attstorage from pg_attribute where attrelid = 'rt_one'::regclass and attnum = 1",
        "select k from (select relkind as k from pg_class where relname = 'rt_one') s",
        "select upper(relname) as upper_name from pg_class where relname = 'rt_one'",
    };

    private static String typesAndValues(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table rt_one (id int primary key, name text)");
        }
        List<String> out = new ArrayList<>();
        for (String sql : TYPED_QUERIES) {
            out.add(columnTypes(c, sql));
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(TYPED_QUERIES[2])) {
            rs.next();
            out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getObject(2));
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_typeof(1), pg_sleep(0)")) {
            rs.next();
            out.add(rs.getString(1) + " [" + rs.getString(2) + "]");
        }
        return String.join("\n", out);
    }

    /**
     * Result columns have PostgreSQL's types in RowDescription: name for current_user, session_user, user,
     * current_database() and current_schema; regtype for pg_typeof; void for pg_sleep; xid8 for pg_current_xact_id;
     * "char" and name for catalog columns such as pg_class.relkind and relname, also through a sub-query; text for
     * expressions over them.
     */
    @Test
    void resultColumnTypesAreThoseOfPostgres() throws SQLException {
        assertSameAsPostgres(PgjdbcMetadataIT::typesAndValues);
    }

    /** Queries over table columns whose types and typmods Calcite's types do not carry, and casts of them. */
    private static final String[] TYPMOD_QUERIES = {
        "select j, jb, v, vu, n, nu, c, t, ts, tz from tm_one",
        "select j::text as j, jb::text as jb, v::text as v, vu::text as vu, n::numeric as n, c::text as c from tm_one",
        "select vu::varchar as vu, n::numeric(8,3) as n, t::varchar(3) as t, t::json as tj, t::jsonb as tb from tm_one",
        "select x.j, x.n from (select j::text as j, n::numeric as n from tm_one) x",
        "select s.j, s.vu, s.n from (select j, vu, n from tm_one) s",
        "select n + 1 as n1, t || 'x' as tx, current_timestamp as ct, localtimestamp as lt, localtime as ltm,"
            + " now() as nw from tm_one",
    };

    /** Each column's label, type name, java.sql.Types code, precision and scale, as pgjdbc reads RowDescription. */
    private static String typmods(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table tm_one (id int primary key, j json, jb jsonb, v varchar(10), vu varchar,"
                    + " n numeric(6,2), nu numeric, c char(4), t text, ts timestamp, tz timestamptz)");
            s.execute("insert into tm_one values (1, '{\"a\": 1}', '[1]', 'abc', 'def', 1.5, 2.25, 'ab', '{}',"
                    + " '2024-01-01 10:00', '2024-01-01 10:00+00')");
        }
        List<String> out = new ArrayList<>();
        for (String sql : TYPMOD_QUERIES) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    b.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append(':')
                            .append(md.getColumnType(i)).append(':').append(md.getPrecision(i)).append(':')
                            .append(md.getScale(i)).append(' ');
                }
                out.add(b.toString().trim());
            }
        }
        return String.join("\n", out);
    }

    /**
     * RowDescription reports PostgreSQL's types and typmods: json (114) and jsonb (3802) columns, varchar(n) (1043,
     * n + 4) and unbounded varchar (1043, -1), numeric(p,s) with its typmod; a cast to text or to unconstrained
     * numeric reports text or numeric without a typmod (Calcite drops such a cast: the column's type must not show
     * through it), also through a sub-query; current_timestamp is a timestamptz.
     */
    @Test
    void columnTypmodsAreThoseOfPostgres() throws SQLException {
        assertSameAsPostgres(PgjdbcMetadataIT::typmods);
    }

    /** Regtype values reached through every level of a query, and by a prepared statement's parameter. */
    private static final String[] REGTYPE_QUERIES = {
        "select pg_typeof(1) = 'integer'::regtype as eq, 'int8'::regtype as t8, pg_typeof(1.5) as t,"
            + " pg_typeof(1)::text as name, pg_typeof(1)::oid as oid",
        "select t from (select pg_typeof(1) as t) s",
        "with c as (select pg_typeof(true) as t) select t, t = 'bool'::regtype as eq from c",
        "select pg_typeof(1) as t union all select 'text'::regtype order by 1",
        "select coalesce(null, pg_typeof(2.5)) as c, case when true then pg_typeof(1) end as k",
        "select t, count(*) as n from (select pg_typeof(id) as t from rt_reg) x group by t",
    };

    private static String regtypes(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table rt_reg (id int primary key)");
            s.execute("insert into rt_reg values (1), (2)");
        }
        List<String> out = typesAndRows(c, REGTYPE_QUERIES);
        out.addAll(typeNameValueAndFlag(c, "select ?::regtype as t, pg_typeof(1) = ?::regtype as eq",
                List.of("int4", "text")));
        return String.join("\n", out);
    }

    /**
     * {@code sql} (two markers, both bound to each of {@code names}) run once per name: its first column's type name
     * and value, and its second column as a boolean.
     */
    private static List<String> typeNameValueAndFlag(Connection c, String sql, List<String> names)
            throws SQLException {
        List<String> out = new ArrayList<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (String name : names) {
                ps.setString(1, name);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add(rs.getMetaData().getColumnTypeName(1) + " " + rs.getString(1) + " " + rs.getBoolean(2));
                }
            }
        }
        return out;
    }

    /**
     * A regtype (pg_typeof, a cast to regtype) is a regtype column (2206) holding the type's name wherever it is
     * selected from — a sub-query, a CTE, a UNION, COALESCE, CASE, GROUP BY — and from a parameter cast to regtype;
     * compared with a regtype it is the same type, ::text its name and ::oid its number, as in PostgreSQL.
     */
    @Test
    void regtypeIsATypeAtEveryLevelAsInPostgres() throws SQLException {
        assertSameAsPostgres(PgjdbcMetadataIT::regtypes);
    }

    /** Each query's column labels and types ({@link #columnTypes}), then its rows as text. */
    private static List<String> typesAndRows(Connection c, String[] queries) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String sql : queries) {
            out.add(columnTypes(c, sql));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    StringBuilder b = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        b.append(rs.getString(i)).append(' ');
                    }
                    out.add(b.toString().trim());
                }
            }
        }
        return out;
    }

    /** Regclass values, "char" casts and the catalog's oid columns, as a pgjdbc application reads them. */
    private static final String[] REGCLASS_QUERIES = {
        "select 'rt_cls'::regclass as r, 'pg_class'::regclass::oid as o, pg_typeof('rt_cls'::regclass) as t",
        "select c.oid::regclass as r from pg_class c where c.oid = 'rt_cls'::regclass",
        "select oid, relname, relkind from pg_class where relname = 'pg_class'",
        "select 'abc'::\"char\" as c, pg_typeof('abc'::\"char\") as t, pg_typeof(relname) as n from pg_class"
            + " where relname = 'pg_type'",
    };

    private static String regclasses(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table rt_cls (id int primary key)");
        }
        List<String> out = typesAndRows(c, REGCLASS_QUERIES);
        out.addAll(typeNameValueAndFlag(c, "select ?::regclass as r, ?::regclass = 'pg_class'::regclass as eq",
                List.of("pg_class", "rt_cls")));
        return String.join("\n", out);
    }

    /**
     * A regclass (a cast to regclass, oid::regclass) is a regclass column (2205) holding the relation's name, also
     * through a sub-query and from a parameter; pg_class.oid is oid (26), relkind and a cast to "char"
     * are "char" (18), and pg_typeof names regclass, "char" and name, as in PostgreSQL.
     */
    @Test
    void regclassAndCatalogTypesAreThoseOfPostgres() throws SQLException {
        assertSameAsPostgres(PgjdbcMetadataIT::regclasses);
    }

    /**
     * Arrays through pgjdbc: {@code setArray} of {@code createArrayOf("int4" | "text", ...)} as {@code = ANY (?)}
     * (declared {@code _int4} / {@code _text}; executed past pgjdbc's prepareThreshold, when it switches to a named
     * server statement and binary transfer), NULL elements included, and array results read by {@code getArray}.
     */
    private static String arrays(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table ja (k int primary key, s text)");
            s.execute("insert into ja values (1, 'a'), (2, 'b c'), (3, null), (4, 'NULL')");
        }
        List<String> out = new ArrayList<>();
        try (java.sql.PreparedStatement ints = c.prepareStatement("select k from ja where k = any(?) order by k");
                java.sql.PreparedStatement texts = c.prepareStatement("select k from ja where s = any(?) order by k");
                java.sql.PreparedStatement echo = c.prepareStatement("select ?::int[] as a, ?::text[] as t")) {
            for (int run = 0; run < 7; run++) {
                ints.setArray(1, c.createArrayOf("int4", new Integer[] {1, null, 3 + run % 2}));
                out.add("ints " + run + ": " + rows(ints.executeQuery(), "k"));
                texts.setArray(1, c.createArrayOf("text", new String[] {"b c", null, run % 2 == 0 ? "NULL" : "a"}));
                out.add("texts " + run + ": " + rows(texts.executeQuery(), "k"));
                echo.setArray(1, c.createArrayOf("int4", new Integer[] {run, null}));
                echo.setArray(2, c.createArrayOf("text", new String[] {"x y", null, "\"q\""}));
                try (ResultSet rs = echo.executeQuery()) {
                    rs.next();
                    out.add("echo " + run + ": " + java.util.Arrays.toString((Object[]) rs.getArray("a").getArray())
                            + " " + java.util.Arrays.toString((Object[]) rs.getArray("t").getArray()) + " "
                            + rs.getMetaData().getColumnTypeName(1) + " " + rs.getMetaData().getColumnTypeName(2));
                }
            }
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select k, array[k, k * 10] a, array[s, 'z'] t from ja order by k")) {
            while (rs.next()) {
                out.add(rs.getInt("k") + " " + java.util.Arrays.toString((Object[]) rs.getArray("a").getArray()) + " "
                        + java.util.Arrays.toString((Object[]) rs.getArray("t").getArray()) + " "
                        + rs.getMetaData().getColumnTypeName(2) + " " + rs.getMetaData().getColumnTypeName(3));
            }
        }
        return String.join("\n", out);
    }

    @Test
    void arrayParametersAndResultsAreThoseOfPostgres() throws SQLException {
        assertSameAsPostgres(PgjdbcMetadataIT::arrays);
    }

    private static Long gxid(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            String v = rs.getString(1);
            return v == null ? null : Long.valueOf(v);
        }
    }

    /**
     * txid_current() is the transaction's GXID: the same in every statement of a transaction, larger in a later
     * one. txid_current_if_assigned() is NULL while the transaction has only read, as PostgreSQL's is until an xid
     * is assigned (by a write or by txid_current()).
     */
    @Test
    void txidCurrentIsOneGxidPerTransactionGrowing() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(1)); Statement s = c.createStatement()) {
            s.execute("create table txid_rows (id int primary key)");
            assertNull(gxid(s, "select txid_current_if_assigned()"), "an autocommit read has no transaction id");
            c.setAutoCommit(false);
            assertNull(gxid(s, "select txid_current_if_assigned()"), "a block that has only read has none yet");
            long first = gxid(s, "select txid_current()");
            assertEquals(first, gxid(s, "select txid_current()"), "the second statement of the transaction");
            assertEquals(first, gxid(s, "select pg_current_xact_id()"));
            assertEquals(first, gxid(s, "select txid_current_if_assigned()"), "shown, so assigned");
            c.commit();
            s.executeUpdate("insert into txid_rows values (1)");
            long second = gxid(s, "select txid_current_if_assigned()");
            assertTrue(second > first, "the next transaction's id " + second + " after " + first);
            assertEquals(second, gxid(s, "select txid_current()"));
            c.commit();
            c.setAutoCommit(true);
            long third = gxid(s, "select txid_current()");
            assertTrue(third > second, "an autocommit statement's id " + third + " after " + second);
            try (ResultSet rs = s.executeQuery("select txid_current(), txid_current(), txid_current_if_assigned()")) {
                rs.next();
                assertEquals(rs.getLong(1), rs.getLong(2), "one id per statement");
                assertEquals(rs.getLong(1), rs.getLong(3));
            }
        }
    }
}

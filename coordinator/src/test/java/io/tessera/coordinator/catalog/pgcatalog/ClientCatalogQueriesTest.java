package io.tessera.coordinator.catalog.pgcatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.RoleDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.PgRewriter;
import io.tessera.coordinator.sql.QueryPlanner;
import io.tessera.coordinator.sql.exec.Cancellation;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import io.tessera.sql.parser.TesseraSqlParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.linq4j.Enumerator;
import org.junit.jupiter.api.Test;

/**
 * The exact catalog queries psql 15, pgjdbc 42.7 and pgbench 15 send (captured from a PostgreSQL server log, in
 * {@code src/test/resources/clients}) plan and run against a catalog holding one table with a primary key, and
 * the answers that shape psql's output are PostgreSQL's. The comparison with a real PostgreSQL is
 * {@code CatalogClientsIT}.
 */
class ClientCatalogQueriesTest {
    private static final TableDef CAP_T = new TableDef(20001, "postgres", "public", "cap_t",
            List.of(new ColumnDef("a", PgType.INT4, -1, true), new ColumnDef("b", PgType.VARCHAR, 14, false),
                    new ColumnDef("c", PgType.NUMERIC, ((10 << 16) | 2) + 4, false)),
            Distribution.create(Distribution.Kind.HASH, "a", List.of("dn1", "dn2")), List.of("a"));
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                    "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22)),
            Map.of("tessera", new RoleDef("tessera", 10, true)),
            Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")), Map.of("postgres", Map.of("cap_t", CAP_T)));

    private final QueryPlanner planner = new QueryPlanner(CATALOG, "postgres");
    private final Map<String, String> settings = new LinkedHashMap<>(Map.of("search_path", "\"$user\", public"));
    private final SessionInfo session = new SessionInfo("tessera", "postgres", settings, 4242, 0L);

    private List<List<Object>> run(String sql) {
        QueryPlanner.Plan plan = planner.plan(PgRewriter.rewrite(TesseraSqlParser.parse(
                TesseraSqlParser.rewriteParameters(sql))));
        StatementContext ctx = new StatementContext(CATALOG, null, null, List.of(), new Cancellation())
                .withSession(session);
        Enumerator<?> e = plan.bindable().bind(new TesseraDataContext(planner.rootSchema().plus(),
                planner.typeFactory(), ctx, plan.stash())).enumerator();
        List<List<Object>> rows = new ArrayList<>();
        while (e.moveNext()) {
            Object row = e.current();
            rows.add(plan.scalarRows() ? Arrays.asList(row) : Arrays.asList((Object[]) row));
        }
        return rows;
    }

    /** The statements of a captured server log, with psql's table OID replaced by cap_t's. */
    private static List<String> statements(String log) throws IOException {
        try (InputStream in = ClientCatalogQueriesTest.class.getResourceAsStream("/clients/" + log)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            for (String s : text.split("LOG:  (statement|execute [^:]*):")) {
                s = s.replaceAll("(?m)^DETAIL:.*$", "").trim();
                if (!s.isEmpty()) {
                    out.add(s.replace("'124675'", "'" + CAP_T.oid() + "'"));
                }
            }
            return out;
        }
    }

    @Test
    void everyPsqlDescribeQueryRuns() throws IOException {
        List<String> failures = new ArrayList<>();
        List<String> sqls = new ArrayList<>(statements("psql-meta.log"));
        sqls.addAll(statements("psql-more.log")); // \df, \dv, \ds (psql -E against PostgreSQL 15)
        sqls.addAll(statements("psql-acl.log")); // \dp, \du
        for (String sql : sqls) {
            try {
                run(sql);
            } catch (RuntimeException e) {
                failures.add(e + "\n" + sql);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void pgjdbcMetadataAndPgbenchCatalogQueriesRun() throws IOException {
        List<String> sqls = new ArrayList<>(statements("pgjdbc.log").subList(0, 4));
        sqls.add(GET_INDEX_INFO);
        sqls.add(statements("pgbench-run.log").get(1));
        for (String sql : sqls) {
            run(sql);
        }
    }

    /** pgjdbc 42.7.4's getIndexInfo(null, "public", "cap_t", false, true) against a PostgreSQL 15. */
    private static final String GET_INDEX_INFO = "SELECT     tmp.TABLE_CAT,     tmp.TABLE_SCHEM,     tmp.TABLE_NAME, "
            + "    tmp.NON_UNIQUE,     tmp.INDEX_QUALIFIER,     tmp.INDEX_NAME,     tmp.TYPE,     tmp.ORDINAL_POSITION, "
            + "    trim(both '\"' from pg_catalog.pg_get_indexdef(tmp.CI_OID, tmp.ORDINAL_POSITION, false)) AS COLUMN_NAME,"
            + "   CASE tmp.AM_NAME     WHEN 'btree' THEN CASE tmp.I_INDOPTION[tmp.ORDINAL_POSITION - 1] & 1::smallint "
            + "      WHEN 1 THEN 'D'       ELSE 'A'     END     ELSE NULL   END AS ASC_OR_DESC,     tmp.CARDINALITY, "
            + "    tmp.PAGES,     tmp.FILTER_CONDITION FROM (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, "
            + "  ct.relname AS TABLE_NAME, NOT i.indisunique AS NON_UNIQUE,   NULL AS INDEX_QUALIFIER, ci.relname AS INDEX_NAME,"
            + "   CASE i.indisclustered     WHEN true THEN 1    ELSE CASE am.amname       WHEN 'hash' THEN 2      ELSE 3 "
            + "   END   END AS TYPE,   (information_schema._pg_expandarray(i.indkey)).n AS ORDINAL_POSITION, "
            + "  ci.reltuples AS CARDINALITY,   ci.relpages AS PAGES, "
            + "  pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS FILTER_CONDITION,   ci.oid AS CI_OID, "
            + "  i.indoption AS I_INDOPTION,   am.amname AS AM_NAME FROM pg_catalog.pg_class ct "
            + "  JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN pg_catalog.pg_index i ON (ct.oid = i.indrelid) "
            + "  JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid)   JOIN pg_catalog.pg_am am ON (ci.relam = am.oid) "
            + "WHERE true  AND n.nspname = 'public' AND ct.relname = 'cap_t') AS tmp "
            + "ORDER BY NON_UNIQUE, TYPE, INDEX_NAME, ORDINAL_POSITION ";

    @Test
    void pgjdbcPrimaryKeysAndIndexInfoArePostgres() throws IOException {
        assertEquals(List.of(Arrays.asList(null, "public", "cap_t", "a", 1, "cap_t_pkey")),
                run(statements("pgjdbc.log").get(2)));
        List<List<Object>> index = run(GET_INDEX_INFO);
        assertEquals(1, index.size());
        assertEquals(Arrays.asList(null, "public", "cap_t", false, null, "cap_t_pkey", 3, 1, "a", "A"),
                index.get(0).subList(0, 10));
    }

    @Test
    void describeListsTheTableItsColumnsAndItsPrimaryKey() {
        assertEquals(List.of(List.of("public", "cap_t", "table", "tessera")), run("""
                SELECT n.nspname, c.relname,
                  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'i' THEN 'index' END,
                  pg_catalog.pg_get_userbyid(c.relowner)
                FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r','p','') AND n.nspname <> 'pg_catalog' AND pg_catalog.pg_table_is_visible(c.oid)
                ORDER BY 1,2"""));
        assertEquals(List.of(List.of("a", "integer", true), List.of("b", "character varying(10)", false),
                List.of("c", "numeric(10,2)", false)), run("""
                SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
                FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = 'cap_t'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"""));
        assertEquals(List.of(List.of("cap_t_pkey", true, "CREATE UNIQUE INDEX cap_t_pkey ON cap_t USING btree (a)",
                "PRIMARY KEY (a)")), run("""
                SELECT c2.relname, i.indisprimary, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
                  pg_catalog.pg_get_constraintdef(con.oid, true)
                FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
                  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid)
                WHERE c.oid = 'cap_t'::regclass AND c.oid = i.indrelid AND i.indexrelid = c2.oid"""));
    }

    @Test
    void oidsAreStableAndRegCastsGoBothWays() {
        assertEquals(List.of(List.of("cap_t", "cap_t", "pg_class", "pg_class", "integer", "public", CAP_T.oid(), 1259)),
                run("select 'cap_t'::regclass, " + CAP_T.oid() + "::regclass, 'pg_class'::regclass, "
                        + "1259::regclass, 23::regtype::text, 2200::regnamespace, 'cap_t'::regclass::oid, "
                        + "'pg_class'::regclass::int"));
        TesseraException e = assertThrows(TesseraException.class, () -> run("select 'nope'::regclass"));
        assertEquals(SqlState.UNDEFINED_TABLE, e.sqlState());
    }

    /**
     * regclass is a type (a name out, a number in comparisons); functions of pg_catalog take it as the OID, others
     * are 42883; pg_typeof names the catalog's name, "char" and oid columns; oid has no arithmetic (42883).
     */
    @Test
    void regclassAndTheCatalogsTypesAnswerAsPostgres() {
        assertEquals(List.of(List.of("cap_t", true, "pg_class")), run("select c.oid::regclass, "
                + "'cap_t'::regclass = " + CAP_T.oid() + ", 'pg_class'::regclass::text from pg_class c "
                + "where c.oid = 'cap_t'::regclass"));
        assertEquals(List.of(List.of(true)), run("select obj_description('cap_t'::regclass, 'pg_class') is null"));
        assertEquals(List.of(List.of("name", "\"char\"", "oid", "oid", "regclass")), run("select pg_typeof(relname), "
                + "pg_typeof(relkind), pg_typeof(oid), pg_typeof(23::oid), pg_typeof('cap_t'::regclass) "
                + "from pg_class where relname = 'cap_t'"));
        assertEquals(List.of(List.of(true, true, true)), run("select 'cap_t'::regclass::oid > 0, "
                + "'int4'::regtype::oid > 16, 'pg_class'::regclass::int = 1259"));
        assertEquals(List.of(List.of(1259, 2)), run("select * from (select classid, objid from pg_depend where false "
                + "union all select 'pg_class'::regclass as classid, 2 as objid) s order by 1, 2"));
        for (String sql : List.of("select upper('cap_t'::regclass)", "select 23::oid + 1")) {
            Throwable e = assertThrows(RuntimeException.class, () -> run(sql), sql);
            while (!(e instanceof TesseraException) && e.getCause() != null) {
                e = e.getCause(); // Calcite's conversion wraps it; the session reports the cause
            }
            assertEquals(SqlState.UNDEFINED_FUNCTION, ((TesseraException) e).sqlState(), sql);
        }
    }

    @Test
    void sessionFunctions() {
        List<Object> row = run("select current_user, session_user, current_database(), current_schema, "
                + "current_schemas(true), current_setting('search_path'), pg_backend_pid(), "
                + "pg_encoding_to_char(6), array_to_string(current_schemas(false), ',')").get(0);
        assertEquals(List.of("tessera", "tessera", "postgres", "public", List.of("pg_catalog", "public"),
                "\"$user\", public", 4242, "UTF8", "public"), row);
        assertTrue(((String) run("select version()").get(0).get(0)).startsWith("PostgreSQL 15.0 (Tessera"));
        TesseraException e = assertThrows(TesseraException.class, () -> run("select current_setting('no_such')"));
        assertEquals(SqlState.UNDEFINED_OBJECT, e.sqlState());
        assertEquals(List.of(List.of("x")), run("select set_config('application_name', 'x', false)"));
        assertEquals("x", settings.get("application_name"));
    }

    @Test
    void searchPathDecidesVisibility() {
        settings.put("search_path", "pg_catalog");
        assertEquals(List.of(List.of(false, true)),
                run("select pg_table_is_visible('public.cap_t'::regclass), pg_table_is_visible(1259)"));
        assertEquals(List.of(List.of("public.cap_t")), run("select 'public.cap_t'::regclass::text"));
    }

    @Test
    void informationSchemaDescribesTheTable() {
        assertEquals(List.of(List.of("a", 1, "NO", "integer"), List.of("b", 2, "YES", "character varying"),
                List.of("c", 3, "YES", "numeric")), run("""
                select column_name, ordinal_position, is_nullable, data_type from information_schema.columns
                where table_name = 'cap_t' order by ordinal_position"""));
        assertEquals(List.of(List.of("cap_t_pkey", "PRIMARY KEY", "a")), run("""
                select tc.constraint_name, tc.constraint_type, k.column_name
                from information_schema.table_constraints tc
                join information_schema.key_column_usage k on k.constraint_name = tc.constraint_name"""));
    }

    /** pgjdbc's lookup of a type it does not know by OID (TypeInfoCache), as for getObject of an interval. */
    @Test
    void pgjdbcTypeLookupComparesInputFunctionsByName() {
        assertEquals(List.of(List.of(true, "b", "_interval"), List.of(false, "b", "interval")), run("""
                SELECT typinput='pg_catalog.array_in'::regproc as is_array, typtype, typname FROM pg_catalog.pg_type
                WHERE typname in ('interval', '_interval') ORDER BY typname"""));
        assertEquals(List.of(List.of("array_in", "int4in")), run("select 'pg_catalog.array_in'::regproc::text,"
                + " 'int4in'::regproc"));
        TesseraException e = assertThrows(TesseraException.class, () -> run("select 'no_such_fn'::regproc"));
        assertEquals(SqlState.UNDEFINED_FUNCTION, e.sqlState());
    }
}

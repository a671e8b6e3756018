package io.tessera.coordinator.sql.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.PgRewriter;
import io.tessera.coordinator.sql.QueryPlanner;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.junit.jupiter.api.Test;

/** EXPLAIN's option syntax and the PostgreSQL / Postgres-XL layout of distributed plans. */
class ExplainTest {
    private static final List<ColumnDef> COLUMNS = List.of(new ColumnDef("id", PgType.INT4, -1, false),
            new ColumnDef("k", PgType.INT4, -1, false), new ColumnDef("pad", PgType.TEXT, -1, false));
    private static final TableDef T = new TableDef(7, "postgres", "public", "t", COLUMNS,
            Distribution.create(Distribution.Kind.HASH, "id", List.of("dn1", "dn2")));
    private static final TableDef R = new TableDef(8, "postgres", "public", "r", COLUMNS,
            Distribution.create(Distribution.Kind.REPLICATION, null, List.of("dn1", "dn2")));
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                    "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22)),
            Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")),
            Map.of("postgres", Map.of("t", T, "r", R)));

    private final QueryPlanner planner = new QueryPlanner(CATALOG, "postgres");

    private List<String> text(String sql, boolean costs) {
        RelNode rel = planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql))).rel();
        PlanNode root = new PlanBuilder(rel.getCluster().getMetadataQuery()).build(rel);
        return PlanRenderer.text(root, costs, false, List.of());
    }

    @Test
    void parsesBothOptionSyntaxes() {
        ExplainStatement e = ExplainStatement.parse("EXPLAIN ANALYZE VERBOSE select 1;");
        assertTrue(e.analyze() && e.verbose() && e.costs() && !e.json());
        assertEquals("select 1", e.statement());
        e = ExplainStatement.parse("explain (format json, analyze false, costs off) select * from t");
        assertTrue(e.json() && !e.analyze() && !e.costs());
        assertEquals("select * from t", e.statement());
        assertTrue(ExplainStatement.matches("  explain select 1"));
        assertFalse(ExplainStatement.matches("explained"));
        TesseraException bad = assertThrows(TesseraException.class,
                () -> ExplainStatement.parse("explain (format xml) select 1"));
        assertEquals("22023", bad.sqlState().code());
        bad = assertThrows(TesseraException.class, () -> ExplainStatement.parse("explain (nonsense) select 1"));
        assertEquals("42601", bad.sqlState().code());
    }

    @Test
    void topNPrintsTheDatanodesSortUnderARemoteSubqueryScan() {
        assertEquals(List.of(
                "Limit",
                "  ->  Remote Subquery Scan on all (dn1,dn2)",
                "        Merge Key: k, id DESC",
                "        ->  Limit",
                "              ->  Sort",
                "                    Sort Key: k, id DESC",
                "                    ->  Seq Scan on t",
                "                          Filter: (pad = 'x'::text)"),
                text("select * from t where pad = 'x' order by k, id desc limit 3", false));
    }

    @Test
    void castsPrintAsPostgresPrintsThem() {
        String filter = text("select id from t where cast(k as numeric) > 1.5 and cast(k as bigint) > 2"
                + " and cast(k as varchar(3)) = 'y' and cast(pad as date) > date '2020-01-01'", false).stream()
                .filter(l -> l.trim().startsWith("Filter:")).findFirst().orElseThrow();
        assertTrue(filter.contains("((k)::numeric > 1.5)"), filter);
        assertTrue(filter.contains("((k)::bigint > 2)"), filter);
        assertTrue(filter.contains("(k)::character varying(3)"), filter);
        assertTrue(filter.contains("(pad)::date"), filter);
        assertFalse(filter.contains("pg_"), filter);
    }

    @Test
    void aggregatesPrintTheirPartialAndFinalHalves() {
        assertEquals(List.of(
                "Finalize Aggregate",
                "  ->  Remote Subquery Scan on all (dn1,dn2)",
                "        ->  Partial Aggregate",
                "              ->  Seq Scan on t",
                "                    Filter: (k > 3)"),
                text("select count(*), sum(k) from t where k > 3", false));
        assertEquals(List.of(
                "Remote Subquery Scan on any (dn1)",
                "  ->  HashAggregate",
                "        Group Key: k",
                "        ->  Seq Scan on r"),
                text("select k, count(*) from r group by k", false));
    }

    @Test
    void aJoinThatIsNotColocatedRedistributesBothSidesBetweenTheDatanodes() {
        // not co-located (t is hashed on id, joined on k): both sides hashed on the join key, joined on the datanodes
        List<String> lines = text("select t.id, t2.pad from t join t t2 on t.k = t2.k", true);
        String plan = String.join("\n", lines);
        assertTrue(lines.get(0).matches("Remote Subquery Scan on all \\(.*\\)  \\(cost=[0-9.]+\\.\\.[0-9.]+ rows=\\d+ width=\\d+\\)"), plan);
        assertTrue(lines.get(1).matches("  ->  Hash Join  \\(cost=.*"), plan);
        assertTrue(lines.get(2).matches("        Hash Cond: \\(t.k = t.k\\)"), plan);
        assertEquals(2, lines.stream().filter(l -> l.contains("Distribute results by H:")).count(), plan);
        // t2 is hashed on its join key id: it stays, only t moves (by t2's shard map)
        List<String> one = text("select t.id, t2.pad from t join t t2 on t.k = t2.id", true);
        assertEquals(1, one.stream().filter(l -> l.contains("Distribute results by H: k")).count(), String.join("\n", one));
    }
}

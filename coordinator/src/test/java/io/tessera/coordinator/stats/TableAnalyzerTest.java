package io.tessera.coordinator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Merging datanodes' samples (acquire_inherited_sample_rows' proportional shares) and the table-level result. */
class TableAnalyzerTest {

    private static List<Object[]> rows(String node, int n) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Object[] {node, i});
        }
        return out;
    }

    private static long from(List<Object[]> rows, String node) {
        return rows.stream().filter(r -> r[0].equals(node)).count();
    }

    @Test
    void smallTablesAreSampledWhole() {
        List<Object[]> merged = TableAnalyzer.merge(List.of(new TableAnalyzer.NodeSample(3, rows("a", 3)),
                new TableAnalyzer.NodeSample(2, rows("b", 2))), 10, new SplittableRandom(1));
        assertEquals(5, merged.size());
    }

    @Test
    void eachNodeContributesItsShareOfTheRows() {
        // node a holds 1,000 rows, b 3,000; each sent 100: the merged 100 are 25 of a's and 75 of b's
        List<Object[]> merged = TableAnalyzer.merge(List.of(new TableAnalyzer.NodeSample(1000, rows("a", 100)),
                new TableAnalyzer.NodeSample(3000, rows("b", 100))), 100, new SplittableRandom(7));
        assertEquals(100, merged.size());
        assertEquals(25, from(merged, "a"));
        assertEquals(75, from(merged, "b"));
        assertEquals(75, merged.stream().filter(r -> r[0].equals("b")).map(r -> r[1]).distinct().count());
    }

    @Test
    void rowCountsAddAndColumnsAreAnalyzedOverTheMergedSample() {
        TableDef def = new TableDef(7, "postgres", "public", "t", List.of(new ColumnDef("node", PgType.TEXT, -1,
                false), new ColumnDef("i", PgType.INT4, -1, false)),
                Distribution.create(Distribution.Kind.HASH, "i", List.of("dn1", "dn2")), List.of(), List.of(), 0, 1);
        TableStatistics s = TableAnalyzer.analyze(def, List.of(new TableAnalyzer.NodeSample(3, rows("a", 3)),
                new TableAnalyzer.NodeSample(2, rows("b", 2))), Set.of(), null, 0, 1);
        assertEquals(5.0, s.rowCount());
        assertEquals(7, s.tableId());
        assertEquals(-0.4, s.column("node").nDistinct(), 1e-12); // a and b, both repeated: 2 of 5 rows is over 10%
        assertEquals(List.of("a", "b"), s.column("node").mostCommonValues());
        assertEquals(List.of(0.6, 0.4), s.column("node").mostCommonFreqs());
        assertEquals(-0.6, s.column("i").nDistinct(), 1e-12); // 0 and 1 twice, 2 once: Duj1 gives 3 of 5 rows
        assertEquals(1, s.relPages());

        // ANALYZE t (i) keeps the other column's earlier statistics
        TableStatistics again = TableAnalyzer.analyze(def, List.of(new TableAnalyzer.NodeSample(1, rows("c", 1))),
                Set.of("i"), s, 0, 1);
        assertEquals(s.column("node"), again.column("node"));
        assertEquals(1.0, again.rowCount());
    }
}

package io.tessera.coordinator.sql.schema;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.TypeMapping;
import io.tessera.coordinator.sql.exec.TableScans;
import io.tessera.coordinator.stats.StatisticsSource;
import io.tessera.coordinator.stats.TableStatistics;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A distributed table as Calcite sees it. Its row type is the user columns followed by the system column
 * {@code xc_node_id} (hidden from {@code SELECT *} by the validator). Calcite's planner pushes filters and
 * projections into {@link #scan}; those that datanodes can evaluate travel in the scan fragment, the rest stay in
 * the coordinator's plan above the scan.
 */
public final class TesseraTable extends AbstractTable implements ProjectableFilterableTable {
    /** Postgres-XL's system column: the node id of the datanode a row is stored on. */
    public static final String XC_NODE_ID = "xc_node_id";

    /** The row count the planner assumes for a table never analyzed. */
    public static final double DEFAULT_ROW_COUNT = 100_000d;

    private final TableDef def;
    private final StatisticsSource statistics;

    public TesseraTable(TableDef def) {
        this(def, StatisticsSource.NONE);
    }

    /** A table whose planner estimates come from its ANALYZE statistics in {@code statistics}, when it has some. */
    public TesseraTable(TableDef def, StatisticsSource statistics) {
        this.def = def;
        this.statistics = statistics;
    }

    /** The table's ANALYZE statistics as they are now, or null when it was never analyzed. */
    public TableStatistics statistics() {
        return statistics.get(def.id());
    }

    public TableDef def() {
        return def;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
        RelDataTypeFactory.Builder b = f.builder();
        for (ColumnDef c : def.columns()) {
            b.add(c.name(), TypeMapping.toRelType(f, c));
        }
        b.add(XC_NODE_ID, f.createSqlType(SqlTypeName.INTEGER));
        return b.build();
    }

    /** The PgType of each column of the row type, xc_node_id last. */
    public List<PgType> rowTypes() {
        List<PgType> out = new ArrayList<>();
        for (ColumnDef c : def.columns()) {
            out.add(c.type());
        }
        out.add(PgType.INT4);
        return out;
    }

    /**
     * The row count ANALYZE last counted (at least 1, as PostgreSQL's estimates are), or {@value #DEFAULT_ROW_COUNT}
     * for a table never analyzed.
     */
    @Override
    public Statistic getStatistic() {
        TableStatistics s = statistics();
        return Statistics.of(s == null ? DEFAULT_ROW_COUNT : Math.max(1, s.rowCount()), List.of());
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        return TableScans.scan(this, root, filters, projects);
    }
}

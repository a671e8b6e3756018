package io.tessera.coordinator.sql.schema;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.TypeMapping;
import io.tessera.coordinator.sql.exec.TableScans;
import io.tessera.coordinator.stats.ColumnStatistics;
import io.tessera.coordinator.stats.StatisticsSource;
import io.tessera.coordinator.stats.TableStatistics;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.SqlKind;
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
public final class TesseraTable extends AbstractTable implements ProjectableFilterableTable,
        BuiltInMetadata.RowCount.Handler {
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

    /**
     * The rows a scan of this table returns (Calcite's row-count metadata asks the table first): for an analyzed table
     * with filters pushed into the scan, its row count times each conjunct's selectivity, as PostgreSQL's
     * {@code eqsel}/{@code nulltestsel} estimate them — {@code column = constant}: the constant's frequency when it is
     * a most common value, else the rows outside the MCV list spread over the other distinct values;
     * {@code column = parameter}: {@code (1 - null_frac) / n_distinct}; {@code IS [NOT] NULL}: from null_frac — and
     * Calcite's guesses for other conditions. Without statistics, the scan's own estimate.
     */
    @Override
    public Double getRowCount(RelNode r, RelMetadataQuery mq) {
        TableStatistics s = statistics();
        if (s == null || !(r instanceof Bindables.BindableTableScan scan) || scan.filters.isEmpty()) {
            return r.estimateRowCount(mq);
        }
        double rows = Math.max(1, s.rowCount());
        double selectivity = 1;
        for (RexNode filter : scan.filters) {
            for (RexNode conjunct : RelOptUtil.conjunctions(filter)) {
                selectivity *= selectivity(conjunct, s, rows);
            }
        }
        return Math.max(1, rows * selectivity);
    }

    private double selectivity(RexNode conjunct, TableStatistics s, double rows) {
        if (conjunct instanceof RexCall call) {
            if ((call.isA(SqlKind.IS_NULL) || call.isA(SqlKind.IS_NOT_NULL)) && call.getOperands().size() == 1) {
                ColumnStatistics c = column(call.getOperands().get(0), s);
                if (c != null) {
                    return call.isA(SqlKind.IS_NULL) ? c.nullFrac() : 1 - c.nullFrac();
                }
            }
            if (call.isA(SqlKind.EQUALS) && call.getOperands().size() == 2) {
                for (int side = 0; side < 2; side++) {
                    ColumnStatistics c = column(call.getOperands().get(side), s);
                    if (c == null) {
                        continue;
                    }
                    RexNode other = stripCast(call.getOperands().get(1 - side));
                    if (other instanceof RexLiteral literal) {
                        return literal.isNull() ? 0 : c.equalitySelectivity(v -> matches(v, literal), rows);
                    }
                    return c.equalitySelectivity(rows);
                }
            }
        }
        return RelMdUtil.guessSelectivity(conjunct);
    }

    /** The statistics of the table column {@code e} reads (through casts), or null. */
    private ColumnStatistics column(RexNode e, TableStatistics s) {
        RexNode n = stripCast(e);
        if (n instanceof RexInputRef ref && ref.getIndex() < def.columns().size()) {
            return s.column(def.columns().get(ref.getIndex()).name());
        }
        return null;
    }

    private static RexNode stripCast(RexNode e) {
        while (e instanceof RexCall c && c.isA(SqlKind.CAST)) {
            e = c.getOperands().get(0);
        }
        return e;
    }

    /** Whether a most common value's text output is the literal's value. */
    private static boolean matches(String text, RexLiteral literal) {
        Object v = literal.getValue2();
        if (v instanceof Boolean b) {
            return text.equals(b ? "t" : "f");
        }
        if (v instanceof Number n) {
            try {
                return new java.math.BigDecimal(text).compareTo(new java.math.BigDecimal(n.toString())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return text.equals(String.valueOf(v));
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        return TableScans.scan(this, root, filters, projects);
    }
}

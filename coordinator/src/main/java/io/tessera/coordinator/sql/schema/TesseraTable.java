package io.tessera.coordinator.sql.schema;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.TypeMapping;
import io.tessera.coordinator.sql.exec.TableScans;
import io.tessera.coordinator.sql.functions.PgRexRewriter;
import io.tessera.coordinator.sql.functions.PgRuntime;
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
     * {@code column = parameter}: {@code (1 - null_frac) / n_distinct}; {@code IS [NOT] NULL}: from null_frac;
     * {@code column < constant} (and {@code <=, >, >=}, BETWEEN, ranges): from the most common values and the
     * histogram ({@code scalarineqsel}) — and Calcite's guesses for other conditions. Without statistics, the scan's own estimate.
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
                        boolean bpchar = columnType(call.getOperands().get(side)) == PgType.BPCHAR;
                        return literal.isNull() ? 0 : c.equalitySelectivity(v -> matches(v, literal, bpchar), rows);
                    }
                    return c.equalitySelectivity(rows);
                }
            }
        }
        Double range = rangeSelectivity(conjunct, s);
        return range != null ? range : RelMdUtil.guessSelectivity(conjunct);
    }

    /**
     * The selectivity of {@code column <op> constant} ({@code <, <=, >, >=}) or of a SEARCH of ranges
     * ({@code BETWEEN}, {@code x >= a AND x < b} as Calcite folds them) from the column's most common values and
     * histogram ({@link ColumnStatistics#belowFraction}), as PostgreSQL's {@code scalarineqsel} and
     * {@code clauselist_selectivity}'s range pairs; null when the column has no such statistics or the constant no
     * scalar (then Calcite's guess stands).
     */
    private Double rangeSelectivity(RexNode conjunct, TableStatistics s) {
        if (!(conjunct instanceof RexCall call) || call.getOperands().size() != 2) {
            return null;
        }
        RexNode left = stripCast(call.getOperands().get(0));
        RexNode right = stripCast(call.getOperands().get(1));
        SqlKind kind = call.getKind();
        if (kind == SqlKind.SEARCH) {
            return searchSelectivity(call.getOperands().get(0), right, s);
        }
        if (!(left instanceof RexInputRef) && right instanceof RexInputRef) {
            RexNode t = left;
            left = right;
            right = t;
            kind = kind.reverse();
        }
        if (!(left instanceof RexInputRef ref) || !(right instanceof RexLiteral literal)
                || !List.of(SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN,
                        SqlKind.GREATER_THAN_OR_EQUAL).contains(kind)) {
            return null;
        }
        ColumnStatistics c = column(ref, s);
        PgType type = ref.getIndex() < def.columns().size() ? def.columns().get(ref.getIndex()).type() : null;
        if (c == null || type == null || literal.isNull()) {
            return null;
        }
        boolean below = kind == SqlKind.LESS_THAN || kind == SqlKind.LESS_THAN_OR_EQUAL;
        // x < v is below(v, exclusive); x >= v its complement among the non-NULL rows (and so on)
        boolean inclusive = kind == SqlKind.LESS_THAN_OR_EQUAL || kind == SqlKind.GREATER_THAN;
        Double f = TEXT_TYPES.contains(type) && literal.getValue2() instanceof String text
                ? c.belowFractionText(bpcharText(text, type), inclusive, type == PgType.BPCHAR)
                : belowScalar(c, type, ColumnScalars.ofLiteral(literal, type), inclusive);
        if (f == null) {
            return null;
        }
        return below ? f : Math.max(0, 1 - c.nullFrac() - f);
    }

    /** A SEARCH's selectivity: the sum over its ranges of the rows between their bounds. */
    private Double searchSelectivity(RexNode operand, RexNode sargLiteral, TableStatistics s) {
        if (!(stripCast(operand) instanceof RexInputRef ref) || !(sargLiteral instanceof RexLiteral literal)
                || !(literal.getValue() instanceof org.apache.calcite.util.Sarg<?> sarg) || sarg.isPoints()
                || sarg.nullAs != org.apache.calcite.rex.RexUnknownAs.UNKNOWN) {
            return null;
        }
        ColumnStatistics c = column(ref, s);
        PgType type = ref.getIndex() < def.columns().size() ? def.columns().get(ref.getIndex()).type() : null;
        if (c == null || type == null) {
            return null;
        }
        double total = 0;
        for (com.google.common.collect.Range<?> r : sarg.rangeSet.asRanges()) {
            Double upper = 1 - c.nullFrac();
            Double lower = 0d;
            if (r.hasUpperBound()) {
                upper = below(c, type, r.upperEndpoint(),
                        r.upperBoundType() == com.google.common.collect.BoundType.CLOSED);
            }
            if (r.hasLowerBound()) {
                lower = below(c, type, r.lowerEndpoint(),
                        r.lowerBoundType() == com.google.common.collect.BoundType.OPEN);
            }
            if (upper == null || lower == null) {
                return null;
            }
            total += Math.max(0, upper - lower);
        }
        return Math.max(0, Math.min(1, total));
    }

    /** Types whose ranges are estimated by string comparison ({@link ColumnStatistics#belowFractionText}). */
    private static final java.util.Set<PgType> TEXT_TYPES = java.util.Set.of(PgType.TEXT, PgType.VARCHAR,
            PgType.BPCHAR, PgType.NAME);

    /** The fraction of rows below a SEARCH range's endpoint (its {@code Comparable} value), or null. */
    private static Double below(ColumnStatistics c, PgType type, Object endpoint, boolean inclusive) {
        if (TEXT_TYPES.contains(type) && endpoint instanceof org.apache.calcite.util.NlsString nls) {
            return c.belowFractionText(bpcharText(nls.getValue(), type), inclusive, type == PgType.BPCHAR);
        }
        return belowScalar(c, type, ColumnScalars.ofComparable(endpoint, type), inclusive);
    }

    private static Double belowScalar(ColumnStatistics c, PgType type, Double value, boolean inclusive) {
        return value == null ? null : c.belowFraction(value, inclusive, text -> ColumnScalars.ofText(text, type));
    }

    private static String bpcharText(String value, PgType type) {
        return type == PgType.BPCHAR ? PgRuntime.rtrim(value) : value;
    }

    /** The statistics of the table column {@code e} reads (through casts), or null. */
    private ColumnStatistics column(RexNode e, TableStatistics s) {
        RexNode n = stripCast(e);
        if (n instanceof RexInputRef ref && ref.getIndex() < def.columns().size()) {
            return s.column(def.columns().get(ref.getIndex()).name());
        }
        return null;
    }

    /** The type of the table column {@code e} reads (through casts), or null. */
    private PgType columnType(RexNode e) {
        RexNode n = stripCast(e);
        return n instanceof RexInputRef ref && ref.getIndex() < def.columns().size()
                ? def.columns().get(ref.getIndex()).type() : null;
    }

    /** {@code e} without its casts and the rtrim of char(n) comparisons (neither changes which rows are equal). */
    private static RexNode stripCast(RexNode e) {
        while (e instanceof RexCall c && (c.isA(SqlKind.CAST) || PgRexRewriter.isBpcharTrim(c))) {
            e = c.getOperands().get(0);
        }
        return e;
    }

    /**
     * Whether a most common value's text output is the literal's value; for a {@code char(n)} column without the
     * trailing blanks, which are padding ({@code 'BUILDING  '} is {@code 'BUILDING'}).
     */
    private static boolean matches(String text, RexLiteral literal, boolean bpchar) {
        if (bpchar && literal.getValue2() instanceof String v) {
            return PgRuntime.rtrim(text).equals(PgRuntime.rtrim(v));
        }
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

package io.tessera.coordinator.sql.rel;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.schema.TesseraTable;
import io.tessera.coordinator.stats.ColumnStatistics;
import io.tessera.coordinator.stats.TableStatistics;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMdSelectivity;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.plan.hep.HepRelVertex;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * Join selectivity from the ANALYZE statistics, as PostgreSQL's {@code eqjoinsel}: when both keys have most common
 * values, from matching the two lists ({@link #mcvSelectivity}); otherwise an equi-join conjunct {@code a.x = b.y}
 * keeps {@code (1 - nullfrac(x)) * (1 - nullfrac(y)) / max(nd(x), nd(y))} of the cross product, where {@code nd} is
 * the column's distinct count capped by its side's estimated rows. Calcite's
 * own guess is 0.15 for every equality, which made a join on a low-cardinality column (TPC-H Q5's
 * {@code c_nationkey = s_nationkey}, 25 values) look as selective as one on a key, and the join order put that
 * near cross product first. Columns are traced to a table column through projections, filters and joins; a
 * conjunct whose columns have no statistics, and every other condition, keeps Calcite's guess.
 *
 * <p>{@link #PROVIDER} chains this before Calcite's default metadata; the planner's programs run with it.
 */
public final class TesseraMdSelectivity extends RelMdSelectivity {
    /** Calcite's metadata with these selectivities for joins. */
    public static final RelMetadataProvider PROVIDER = ChainedRelMetadataProvider.of(List.of(
            ReflectiveRelMetadataProvider.reflectiveSource(new TesseraMdSelectivity(),
                    BuiltInMetadata.Selectivity.Handler.class),
            DefaultRelMetadataProvider.INSTANCE));

    private TesseraMdSelectivity() {
    }

    @Override
    public Double getSelectivity(Join join, RelMetadataQuery mq, RexNode predicate) {
        if (predicate == null || predicate.isAlwaysTrue() || join.getJoinType() == JoinRelType.SEMI
                || join.getJoinType() == JoinRelType.ANTI) {
            return super.getSelectivity(join, mq, predicate);
        }
        int leftWidth = join.getLeft().getRowType().getFieldCount();
        double selectivity = 1;
        for (RexNode conjunct : RelOptUtil.conjunctions(predicate)) {
            Double s = equiJoinSelectivity(join, mq, conjunct, leftWidth);
            selectivity *= s != null ? s : RelMdUtil.guessSelectivity(conjunct);
        }
        return selectivity;
    }

    private static Double equiJoinSelectivity(Join join, RelMetadataQuery mq, RexNode conjunct, int leftWidth) {
        if (!(conjunct instanceof RexCall call) || call.getKind() != SqlKind.EQUALS
                || !(call.getOperands().get(0) instanceof RexInputRef a)
                || !(call.getOperands().get(1) instanceof RexInputRef b)) {
            return null;
        }
        RexInputRef left = a.getIndex() < leftWidth ? a : b;
        RexInputRef right = left == a ? b : a;
        if (left.getIndex() >= leftWidth || right.getIndex() < leftWidth) {
            return null; // both columns of one side
        }
        return equalitySelectivity(join.getLeft(), left.getIndex(), join.getRight(), right.getIndex() - leftWidth,
                mq);
    }

    /**
     * The fraction of the cross product of {@code left} and {@code right} that {@code left.leftColumn =
     * right.rightColumn} keeps, from the two columns' statistics (as a join's selectivity above), or null when
     * either column has none.
     */
    public static Double equalitySelectivity(RelNode left, int leftColumn, RelNode right, int rightColumn,
            RelMetadataQuery mq) {
        Side l = side(left, leftColumn, mq);
        Side r = side(right, rightColumn, mq);
        if (l == null || r == null) {
            return null;
        }
        Double withMcvs = mcvSelectivity(l, r);
        if (withMcvs != null) {
            return withMcvs;
        }
        return (1 - l.nullFrac()) * (1 - r.nullFrac()) / Math.max(1, Math.max(l.distinct(), r.distinct()));
    }

    /**
     * {@code eqjoinsel_inner}'s estimate when both keys have most common values (PostgreSQL's selfuncs.c): the
     * matching MCV pairs contribute the products of their frequencies exactly; an MCV of one side without a match is
     * assumed to meet the other side's non-MCV rows spread over its remaining distinct values; the non-MCV rows of
     * both sides meet as in the plain estimate, over the distinct values no match accounted for. The smaller of the
     * two one-sided estimates is taken. Null when either side has no MCVs or a value of one cannot be compared with
     * the other's.
     */
    static Double mcvSelectivity(Side a, Side b) {
        ColumnStatistics s1 = a.stats();
        ColumnStatistics s2 = b.stats();
        if (s1.mostCommonValues().isEmpty() || s2.mostCommonValues().isEmpty()) {
            return null;
        }
        boolean bpchar = a.type() == PgType.BPCHAR || b.type() == PgType.BPCHAR;
        java.util.Map<String, Integer> index2 = new java.util.HashMap<>();
        for (int j = 0; j < s2.mostCommonValues().size(); j++) {
            index2.putIfAbsent(mcvKey(s2.mostCommonValues().get(j), bpchar), j);
        }
        boolean[] matched2 = new boolean[s2.mostCommonValues().size()];
        double matchProdFreq = 0;
        double matchFreq1 = 0;
        double unmatchFreq1 = 0;
        int matches = 0;
        for (int i = 0; i < s1.mostCommonValues().size(); i++) {
            double f1 = s1.mostCommonFreqs().get(i);
            Integer j = index2.get(mcvKey(s1.mostCommonValues().get(i), bpchar));
            if (j != null && !matched2[j]) {
                matched2[j] = true;
                matches++;
                matchProdFreq += f1 * s2.mostCommonFreqs().get(j);
                matchFreq1 += f1;
            } else {
                unmatchFreq1 += f1;
            }
        }
        double matchFreq2 = 0;
        double unmatchFreq2 = 0;
        for (int j = 0; j < matched2.length; j++) {
            if (matched2[j]) {
                matchFreq2 += s2.mostCommonFreqs().get(j);
            } else {
                unmatchFreq2 += s2.mostCommonFreqs().get(j);
            }
        }
        double otherFreq1 = clamp(1 - a.nullFrac() - matchFreq1 - unmatchFreq1);
        double otherFreq2 = clamp(1 - b.nullFrac() - matchFreq2 - unmatchFreq2);
        double nd1 = a.distinct();
        double nd2 = b.distinct();
        int mcvs1 = s1.mostCommonValues().size();
        int mcvs2 = s2.mostCommonValues().size();
        double total1 = matchProdFreq;
        if (nd2 > mcvs2) {
            total1 += unmatchFreq1 * otherFreq2 / (nd2 - mcvs2);
        }
        if (nd2 > matches) {
            total1 += otherFreq1 * (otherFreq2 + unmatchFreq2) / (nd2 - matches);
        }
        double total2 = matchProdFreq;
        if (nd1 > mcvs1) {
            total2 += unmatchFreq2 * otherFreq1 / (nd1 - mcvs1);
        }
        if (nd1 > matches) {
            total2 += otherFreq2 * (otherFreq1 + unmatchFreq1) / (nd1 - matches);
        }
        return clamp(Math.min(total1, total2));
    }

    /**
     * A most common value's text output in a form equal for equal values of the two keys: numbers by their value
     * ({@code 1.50} and {@code 1.5}; int4 against int8), char(n) without its padding.
     */
    private static String mcvKey(String text, boolean bpchar) {
        if (!text.isEmpty() && (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-')) {
            try {
                java.math.BigDecimal d = new java.math.BigDecimal(text);
                return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
            } catch (NumberFormatException notANumber) {
                // a date, a timestamp: compared as text
            }
        }
        return bpchar ? io.tessera.coordinator.sql.functions.PgRuntime.rtrim(text) : text;
    }

    private static double clamp(double s) {
        return Math.max(0, Math.min(1, s));
    }

    /**
     * A join key on one side: its statistics and type, NULL fraction, and distinct count capped by the side's
     * estimated rows.
     */
    record Side(ColumnStatistics stats, PgType type, double nullFrac, double distinct) {
    }

    private static Side side(RelNode input, int column, RelMetadataQuery mq) {
        Origin origin = origin(input, column, 0);
        TableStatistics stats = origin == null ? null : origin.table().statistics();
        if (stats == null || origin.ordinal() >= origin.table().def().columns().size()) {
            return null;
        }
        ColumnStatistics c = stats.column(origin.table().def().columns().get(origin.ordinal()).name());
        Double rows = mq.getRowCount(input);
        if (c == null || rows == null) {
            return null;
        }
        double tableRows = Math.max(1, stats.rowCount());
        return new Side(c, origin.table().def().columns().get(origin.ordinal()).type(), c.nullFrac(),
                Math.min(c.distinctValues(tableRows), Math.max(1, rows)));
    }

    /** A table column an output column is a copy of: the table and the column's ordinal in its definition. */
    public record Origin(TesseraTable table, int ordinal) {
    }

    /**
     * The table column that column {@code column} of {@code rel} copies (through column projections, filters, sorts
     * and join sides), or null.
     */
    public static Origin origin(RelNode rel, int column) {
        return origin(rel, column, 0);
    }

    /** How deep {@link #origin} follows inputs (a chain of 64 joins is 64 deep). */
    private static final int MAX_DEPTH = 200;

    /**
     * The table column {@code column} of {@code rel} copies, or null: followed through one rel per Volcano set or
     * Hep vertex (its original), column projections, filters, sorts and the sides of joins — linear in the depth,
     * where Calcite's {@code getColumnOrigins} visits every rel of every set below (seconds per estimate on a join
     * of 64 tables).
     */
    private static Origin origin(RelNode rel, int column, int depth) {
        if (depth > MAX_DEPTH || rel == null) {
            return null;
        }
        if (rel instanceof RelSubset subset) {
            return origin(subset.getOriginal(), column, depth + 1);
        }
        if (rel instanceof HepRelVertex vertex) {
            return origin(vertex.getCurrentRel(), column, depth + 1);
        }
        if (rel instanceof TableScan scan) {
            TesseraTable table = scan.getTable().unwrap(TesseraTable.class);
            if (table == null) {
                return null;
            }
            if (scan instanceof Bindables.BindableTableScan b && !b.projects.isEmpty()) {
                column = b.projects.get(column);
            }
            return new Origin(table, column);
        }
        if (rel instanceof Project p) {
            return p.getProjects().get(column) instanceof RexInputRef ref
                    ? origin(p.getInput(), ref.getIndex(), depth + 1) : null;
        }
        if (rel instanceof Filter || rel instanceof Sort || rel instanceof EnumerableInterpreter) {
            return origin(rel.getInput(0), column, depth + 1);
        }
        if (rel instanceof Join join) {
            int leftWidth = join.getLeft().getRowType().getFieldCount();
            return column < leftWidth ? origin(join.getLeft(), column, depth + 1)
                    : origin(join.getRight(), column - leftWidth, depth + 1);
        }
        if (rel instanceof MultiJoin multi) {
            for (RelNode in : multi.getInputs()) {
                int width = in.getRowType().getFieldCount();
                if (column < width) {
                    return origin(in, column, depth + 1);
                }
                column -= width;
            }
        }
        return null;
    }
}

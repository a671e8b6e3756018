package io.tessera.coordinator.sql.rel;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.TypeMapping;
import io.tessera.coordinator.sql.exec.RemoteAggregates;
import io.tessera.coordinator.sql.fragment.Colocation;
import io.tessera.coordinator.sql.fragment.FragmentPlan;
import io.tessera.coordinator.sql.functions.ArrayAgg;
import io.tessera.coordinator.sql.schema.TesseraTable;
import io.tessera.executor.exec.HashAggregateNode;
import io.tessera.executor.exec.SortKey;
import io.tessera.protocol.datanode.AggregateFunction;
import io.tessera.protocol.datanode.PartialAggregate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * An aggregation that runs on the datanodes, over a scan of a distributed table with its pushed filters and
 * projection: each datanode returns one row per group it holds. Its row type is the aggregate's (group keys, then
 * one column per call); in the <em>partial</em> phase the values are partial states that a
 * {@link TesseraFinalAggregate} merges on the coordinator, in the <em>complete</em> phase (a GROUP BY that contains
 * the distribution column of a hash, modulo or shard table, or any aggregation of a replicated table, read from one
 * node) they are already the results, and the coordinator only concatenates the datanodes' rows.
 *
 * <pre>
 *   LogicalAggregate(group {0}, count(), sum($1))          TesseraFinalAggregate            (coordinator)
 *     BindableTableScan(t, filters, projects)      ==&gt;      TesseraPartialAggregate(t, ...)  (each datanode)
 * </pre>
 * Leaf of the coordinator's enumerable plan: the datanodes' part (scan, filter, projection, hash aggregate) travels
 * in the Scan requests.
 */
public final class TesseraPartialAggregate extends AbstractRelNode implements EnumerableRel {
    private final RelOptTable table;
    private final TesseraTable tesseraTable;
    private final List<RexNode> filters;
    private final int[] projects;
    private final ImmutableBitSet groupSet;
    private final List<AggregateCall> aggCalls;
    private final boolean complete;
    private final RelDataType aggregateRowType;
    /** The co-located fragment (a join) whose output rows are aggregated instead of a table's scan, or null. */
    private final FragmentPlan source;
    private final double sourceRows;

    /**
     * @param filters the scan's filters over the table's row (each one a datanode evaluates)
     * @param projects the scan's output columns as indexes into the table's row, or null for all of them
     * @param groupSet group keys as indexes into the scan's output
     * @param aggCalls the calls (COUNT, SUM, MIN, MAX without DISTINCT or FILTER) over the scan's output
     * @param complete whether each group lives on one datanode only, so the datanodes' rows are final
     * @param aggregateRowType the row type of the aggregate this replaces
     */
    public TesseraPartialAggregate(RelOptCluster cluster, RelOptTable table, TesseraTable tesseraTable,
            List<RexNode> filters, int[] projects, ImmutableBitSet groupSet, List<AggregateCall> aggCalls,
            boolean complete, RelDataType aggregateRowType) {
        this(cluster, table, tesseraTable, filters, projects, groupSet, aggCalls, complete, aggregateRowType, null, 0);
    }

    /**
     * A partial aggregation over the output rows of a co-located fragment ({@code TesseraColocatedJoin}) on each
     * datanode that runs it; group keys and call arguments are indexes into the fragment's output row.
     *
     * @param sourceRows the fragment's estimated output rows
     */
    public TesseraPartialAggregate(RelOptCluster cluster, FragmentPlan source, double sourceRows,
            ImmutableBitSet groupSet, List<AggregateCall> aggCalls, RelDataType aggregateRowType) {
        this(cluster, null, null, List.of(), null, groupSet, aggCalls, false, aggregateRowType, source, sourceRows);
    }

    private TesseraPartialAggregate(RelOptCluster cluster, RelOptTable table, TesseraTable tesseraTable,
            List<RexNode> filters, int[] projects, ImmutableBitSet groupSet, List<AggregateCall> aggCalls,
            boolean complete, RelDataType aggregateRowType, FragmentPlan source, double sourceRows) {
        super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE));
        this.source = source;
        this.sourceRows = sourceRows;
        this.table = table;
        this.tesseraTable = tesseraTable;
        this.filters = List.copyOf(filters);
        this.projects = projects;
        this.groupSet = groupSet;
        this.aggCalls = List.copyOf(aggCalls);
        this.complete = complete;
        this.aggregateRowType = aggregateRowType;
    }

    /**
     * The aggregate's row type, except that each avg is two columns in the partial phase: its sum (bigint, numeric
     * or float8) and its count.
     */
    @Override
    protected RelDataType deriveRowType() {
        if (complete) {
            return aggregateRowType;
        }
        RelDataTypeFactory f = getCluster().getTypeFactory();
        RelDataTypeFactory.Builder b = f.builder();
        int keys = groupSet.cardinality();
        for (int i = 0; i < keys; i++) {
            b.add(aggregateRowType.getFieldList().get(i));
        }
        List<io.tessera.executor.exec.AggregateCall> calls = executorCalls();
        for (int i = 0; i < calls.size(); i++) {
            var field = aggregateRowType.getFieldList().get(keys + i);
            if (calls.get(i).ordered()) { // values with their sort keys, encoded (HashAggregateNode.stateTypes)
                b.add(field.getName() + "$entries",
                        f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARBINARY), true));
                continue;
            }
            switch (calls.get(i).function()) {
                case AVG -> {
                    RelDataType sum = switch (calls.get(i).resultType()) {
                        case INT8 -> f.createSqlType(SqlTypeName.BIGINT);
                        case FLOAT8 -> f.createSqlType(SqlTypeName.DOUBLE);
                        default -> f.createSqlType(SqlTypeName.DECIMAL, 1000, 0);
                    };
                    b.add(field.getName() + "$sum", f.createTypeWithNullability(sum, true));
                    b.add(field.getName() + "$count", f.createSqlType(SqlTypeName.BIGINT));
                }
                case ARRAY_AGG -> b.add(field.getName() + "$elements",
                        f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARBINARY), true));
                case STRING_AGG -> {
                    b.add(field.getName() + "$text",
                            f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true));
                    b.add(field.getName() + "$cursor",
                            f.createTypeWithNullability(f.createSqlType(SqlTypeName.BIGINT), true));
                }
                default -> b.add(field);
            }
        }
        return b.build();
    }

    /** The aggregate's own row type (of the final result). */
    public RelDataType aggregateRowType() {
        return aggregateRowType;
    }

    /** The calls as the executor runs them: the input column, the state type (for avg, the type of its sum). */
    public List<io.tessera.executor.exec.AggregateCall> executorCalls() {
        List<PgType> rowTypes = source != null ? source.types() : tesseraTable.rowTypes();
        List<io.tessera.executor.exec.AggregateCall> out = new ArrayList<>();
        for (AggregateCall c : aggCalls) {
            int arg = c.getArgList().isEmpty() ? -1 : c.getArgList().get(0);
            SqlKind kind = kind(c);
            PgType type = switch (kind) {
                case COUNT -> PgType.INT8;
                case MIN, MAX, ARRAY_AGG -> rowTypes.get(projects == null ? arg : projects[arg]);
                case AVG -> avgSumType(rowTypes.get(projects == null ? arg : projects[arg]));
                case STRING_AGG -> PgType.TEXT;
                default -> TypeMapping.toPgType(c.getType());
            };
            List<SortKey> order = sortKeys(c);
            List<PgType> orderTypes = new ArrayList<>();
            for (SortKey k : order) {
                orderTypes.add(rowTypes.get(projects == null ? k.column() : projects[k.column()]));
            }
            out.add(new io.tessera.executor.exec.AggregateCall(
                    io.tessera.executor.exec.AggregateFunction.valueOf(function(kind).name()), arg, type,
                    kind == SqlKind.STRING_AGG ? c.getArgList().get(1) : -1, order, orderTypes, c.isDistinct()));
        }
        return out;
    }

    /**
     * An ordered call's ORDER BY ({@code array_agg(x ORDER BY k DESC)}) as the executor runs it, keys over the
     * aggregate's input row, with PostgreSQL's NULL placement when the query names none; empty without ORDER BY.
     */
    public static List<SortKey> sortKeys(AggregateCall c) {
        List<SortKey> keys = new ArrayList<>();
        for (RelFieldCollation fc : c.getCollation().getFieldCollations()) {
            boolean desc = fc.getDirection().isDescending();
            boolean nullsFirst = switch (fc.nullDirection) {
                case FIRST -> true;
                case LAST -> false;
                default -> desc;
            };
            keys.add(new SortKey(fc.getFieldIndex(), desc, nullsFirst));
        }
        return keys;
    }

    /**
     * The call's aggregate kind, {@code ARRAY_AGG} also for {@code ArrayAgg}'s PostgreSQL array_agg, which replaces
     * Calcite's in enumerable aggregates, and {@code STRING_AGG} for Calcite's LISTAGG, which string_agg becomes.
     */
    public static SqlKind kind(AggregateCall c) {
        SqlKind kind = c.getAggregation().getKind();
        if (c.getAggregation() == ArrayAgg.FUNCTION) {
            return SqlKind.ARRAY_AGG;
        }
        return kind == SqlKind.LISTAGG ? SqlKind.STRING_AGG : kind;
    }

    /** PostgreSQL's avg accumulates smallint/integer in bigint, bigint and numeric in numeric, floats in float8. */
    static PgType avgSumType(PgType argument) {
        return switch (argument) {
            case INT2, INT4 -> PgType.INT8;
            case FLOAT4, FLOAT8 -> PgType.FLOAT8;
            default -> PgType.NUMERIC;
        };
    }

    /** The aggregated table, or null over a fragment ({@link #source}). */
    public TesseraTable tesseraTable() {
        return tesseraTable;
    }

    /** The co-located fragment whose rows are aggregated, or null over a table scan. */
    public FragmentPlan source() {
        return source;
    }

    public List<RexNode> filters() {
        return filters;
    }

    public ImmutableBitSet groupSet() {
        return groupSet;
    }

    public List<AggregateCall> aggCalls() {
        return aggCalls;
    }

    /** Whether the datanodes' rows are final (no merge on the coordinator). */
    public boolean complete() {
        return complete;
    }

    /** The name of the scan's i-th output column. */
    public String columnName(int i) {
        if (source != null) {
            return source.names().get(i);
        }
        int c = projects == null ? i : projects[i];
        return table.getRowType().getFieldList().get(c).getName();
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw)
                .item("table", source != null ? source.digest() : table.getQualifiedName())
                .itemIf("filters", filters, !filters.isEmpty())
                .itemIf("projects", projects == null ? "" : Arrays.toString(projects), projects != null)
                .item("group", groupSet)
                .item("aggs", aggCalls)
                .item("phase", complete ? "complete" : "partial");
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        double nodes = source != null ? Colocation.nodes(source).size()
                : tesseraTable.def().distribution().nodes().size();
        double tableRows = source != null ? sourceRows : table.getRowCount();
        return groupSet.isEmpty() ? nodes : Math.max(1, Math.min(tableRows, tableRows * 0.1));
    }

    /**
     * Priced by the rows the coordinator receives (the groups): the datanodes' scan and filter work is the same in
     * every plan, so the pushed aggregation costs less than any plan that ships the rows to aggregate them on the
     * coordinator.
     */
    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double rows = estimateRowCount(mq);
        return planner.getCostFactory().makeCost(rows, rows, 0);
    }

    /** The aggregation as shipped in each Scan request, and the types of the partial rows. */
    public RemoteAggregates.PartialSpec spec() {
        List<PgType> rowTypes = source != null ? source.types() : tesseraTable.rowTypes();
        PartialAggregate.Builder agg = PartialAggregate.newBuilder();
        List<PgType> outTypes = new ArrayList<>();
        for (int k : groupSet) {
            agg.addGroupKeys(k);
            outTypes.add(rowTypes.get(projects == null ? k : projects[k]));
        }
        for (io.tessera.executor.exec.AggregateCall c : executorCalls()) {
            agg.addCalls(io.tessera.protocol.datanode.AggregateCall.newBuilder()
                    .setFunction(AggregateFunction.valueOf(c.function().name())).setArgument(c.argument())
                    .setResultTypeOid(c.resultType().oid()).setSecondArgument(Math.max(0, c.secondArgument()))
                    .addAllOrder(c.order().stream().map(k -> io.tessera.protocol.datanode.SortKey.newBuilder()
                            .setColumn(k.column()).setDescending(k.descending()).setNullsFirst(k.nullsFirst())
                            .build()).toList())
                    .setDistinct(c.distinct()));
            outTypes.addAll(HashAggregateNode.stateTypes(c));
        }
        return new RemoteAggregates.PartialSpec(tesseraTable, filters, projects, agg.build(), List.copyOf(outTypes),
                source);
    }

    /** The executor's function for a Calcite aggregate kind (the rule admits only these). */
    static AggregateFunction function(SqlKind kind) {
        return switch (kind) {
            case COUNT -> AggregateFunction.COUNT;
            case SUM -> AggregateFunction.SUM;
            case SUM0 -> AggregateFunction.SUM0;
            case AVG -> AggregateFunction.AVG;
            case MIN -> AggregateFunction.MIN;
            case MAX -> AggregateFunction.MAX;
            case ARRAY_AGG -> AggregateFunction.ARRAY_AGG;
            case STRING_AGG -> AggregateFunction.STRING_AGG;
            default -> throw new IllegalArgumentException("not a distributable aggregate: " + kind);
        };
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
        Expression spec = implementor.stash(spec(), RemoteAggregates.PartialSpec.class);
        Expression call = Expressions.call(RemoteAggregates.class, "partial", implementor.getRootExpression(), spec,
                Expressions.constant(physType.getFormat() == JavaRowFormat.SCALAR));
        return implementor.result(physType, Blocks.toBlock(call));
    }
}

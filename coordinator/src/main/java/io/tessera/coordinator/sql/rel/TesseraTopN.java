package io.tessera.coordinator.sql.rel;

import io.tessera.coordinator.sql.fragment.Colocation;
import io.tessera.coordinator.sql.fragment.FragmentPlan;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.exec.RemoteTopN;
import io.tessera.coordinator.sql.schema.TesseraTable;
import io.tessera.executor.exec.SortKey;
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
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * {@code ORDER BY ... LIMIT n [OFFSET m]}, or a bare {@code LIMIT}, over a scan of a distributed table, run on the
 * datanodes: each returns its first {@code n + m} rows (a top-N heap in the ORDER BY's order, or its scan cut short),
 * and the coordinator merges the sorted streams and applies OFFSET and LIMIT ({@link RemoteTopN}).
 *
 * <pre>
 *   Sort(keys, offset m, fetch n)                        TesseraTopN(t, filters, projects, keys, m, n)
 *     [Project of columns] [Filter] TableScan(t)   ==&gt;     coordinator: merge, skip m, take n
 *                                                          each datanode: scan, filter, project, top n + m
 * </pre>
 * Leaf of the coordinator's enumerable plan; its row type is the scan's output row and its collation the
 * ORDER BY's, so nothing above it sorts again.
 */
public final class TesseraTopN extends AbstractRelNode implements EnumerableRel {
    private final RelOptTable table;
    private final TesseraTable tesseraTable;
    private final List<RexNode> filters;
    private final int[] projects;
    private final RelCollation collation;
    private final RexNode offset;
    private final RexNode fetch;
    private final RelDataType scanRowType;
    /** The co-located fragment (a join) whose output rows are sorted instead of a table's scan, or null. */
    private final FragmentPlan source;
    private final double sourceRows;

    /**
     * @param filters the scan's filters over the table's row (each one a datanode evaluates)
     * @param projects the scan's output columns as indexes into the table's row, or null for all of them
     * @param collation the ORDER BY over the scan's output row (empty for a bare LIMIT)
     * @param offset OFFSET, a literal or a parameter, or null
     * @param fetch LIMIT, a literal or a parameter
     * @param scanRowType the scan's output row type (this node's)
     */
    public TesseraTopN(RelOptCluster cluster, RelOptTable table, TesseraTable tesseraTable, List<RexNode> filters,
            int[] projects, RelCollation collation, RexNode offset, RexNode fetch, RelDataType scanRowType) {
        this(cluster, table, tesseraTable, filters, projects, collation, offset, fetch, scanRowType, null, 0);
    }

    /**
     * A top-N over the output rows of a co-located fragment ({@code TesseraColocatedJoin}) on each datanode that
     * runs it; the collation is over the fragment's output row.
     *
     * @param sourceRows the fragment's estimated output rows
     */
    public TesseraTopN(RelOptCluster cluster, FragmentPlan source, double sourceRows, RelCollation collation,
            RexNode offset, RexNode fetch, RelDataType rowType) {
        this(cluster, null, null, List.of(), null, collation, offset, fetch, rowType, source, sourceRows);
    }

    private TesseraTopN(RelOptCluster cluster, RelOptTable table, TesseraTable tesseraTable, List<RexNode> filters,
            int[] projects, RelCollation collation, RexNode offset, RexNode fetch, RelDataType scanRowType,
            FragmentPlan source, double sourceRows) {
        super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE).replaceIf(RelCollationTraitDef.INSTANCE,
                () -> collation));
        this.table = table;
        this.tesseraTable = tesseraTable;
        this.filters = List.copyOf(filters);
        this.projects = projects;
        this.collation = collation;
        this.offset = offset;
        this.fetch = fetch;
        this.scanRowType = scanRowType;
        this.source = source;
        this.sourceRows = sourceRows;
    }

    /** The co-located fragment whose rows are sorted, or null over a table scan. */
    public FragmentPlan source() {
        return source;
    }

    @Override
    protected RelDataType deriveRowType() {
        return scanRowType;
    }

    public TesseraTable tesseraTable() {
        return tesseraTable;
    }

    public List<RexNode> filters() {
        return filters;
    }

    public RelCollation collation() {
        return collation;
    }

    public RexNode offset() {
        return offset;
    }

    public RexNode fetch() {
        return fetch;
    }

    /** The name of the scan's i-th output column. */
    public String columnName(int i) {
        return scanRowType.getFieldList().get(i).getName();
    }

    /** The ORDER BY as the executor runs it (PostgreSQL's NULL placement when the query names none). */
    public List<SortKey> sortKeys() {
        List<SortKey> keys = new ArrayList<>();
        for (RelFieldCollation c : collation.getFieldCollations()) {
            boolean desc = c.getDirection().isDescending();
            boolean nullsFirst = switch (c.nullDirection) {
                case FIRST -> true;
                case LAST -> false;
                default -> desc;
            };
            keys.add(new SortKey(c.getFieldIndex(), desc, nullsFirst));
        }
        return keys;
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw)
                .item("table", source != null ? source.digest() : table.getQualifiedName())
                .itemIf("filters", filters, !filters.isEmpty())
                .itemIf("projects", projects == null ? "" : Arrays.toString(projects), projects != null)
                .item("collation", collation)
                .itemIf("offset", offset, offset != null)
                .item("fetch", fetch);
    }

    /** The rows the coordinator receives: LIMIT + OFFSET from each datanode (a guess when they are parameters). */
    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        double limit = literal(fetch, 100) + literal(offset, 0);
        if (source != null) {
            return Math.min(sourceRows, limit * Colocation.nodes(source).size());
        }
        double nodes = tesseraTable.def().distribution().replicated() ? 1
                : tesseraTable.def().distribution().nodes().size();
        return Math.min(table.getRowCount(), limit * nodes);
    }

    private static double literal(RexNode n, double otherwise) {
        if (n instanceof RexLiteral lit && lit.getValueAs(Long.class) != null) {
            return lit.getValueAs(Long.class);
        }
        return n == null ? 0 : otherwise;
    }

    /**
     * Priced by the rows the coordinator receives: the datanodes' scan is the same in every plan, so shipping the
     * top-N costs less than any plan that gathers the rows to sort them on the coordinator.
     */
    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double rows = estimateRowCount(mq);
        return planner.getCostFactory().makeCost(rows, rows, 0);
    }

    /** The top-N as the run time executes it. */
    public RemoteTopN.Spec spec() {
        if (source != null) {
            return new RemoteTopN.Spec(null, List.of(), null, sortKeys(), source.types(), offset, fetch, source);
        }
        List<PgType> rowTypes = tesseraTable.rowTypes();
        List<PgType> outTypes = new ArrayList<>();
        for (int i = 0; i < scanRowType.getFieldCount(); i++) {
            outTypes.add(rowTypes.get(projects == null ? i : projects[i]));
        }
        return new RemoteTopN.Spec(tesseraTable, filters, projects, sortKeys(), List.copyOf(outTypes), offset, fetch,
                null);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
        Expression spec = implementor.stash(spec(), RemoteTopN.Spec.class);
        Expression call = Expressions.call(RemoteTopN.class, "run", implementor.getRootExpression(), spec,
                Expressions.constant(physType.getFormat() == JavaRowFormat.SCALAR));
        return implementor.result(physType, Blocks.toBlock(call));
    }
}

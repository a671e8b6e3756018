package io.tessera.coordinator.sql.rel;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.TypeMapping;
import io.tessera.coordinator.sql.exec.CoordinatorSort;
import io.tessera.executor.exec.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.adapter.enumerable.EnumerableSort;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * ORDER BY on the coordinator (no LIMIT, or one not pushed to the datanodes), sorting within the session's
 * {@code work_mem} and spilling sorted runs to the coordinator's temporary directory past it
 * ({@link io.tessera.executor.exec.ExternalSorter}), where Calcite's {@code EnumerableSort} would hold every row in
 * the heap.
 * <pre>
 *   EnumerableSort(sort0=[$1], dir0=[DESC])     ==&gt;     TesseraSort(sort0=[$1], dir0=[DESC])
 *     input                                                 input
 * </pre>
 * {@link #replaceSorts} swaps it in after planning, for a sort without OFFSET/FETCH whose keys all have a type
 * whose PostgreSQL order the executor's comparator reproduces (the top-N pushdown's rule); other sorts stay
 * Calcite's. The plan's shape and cost do not change, so it is no planner rule. A LIMIT (with or without OFFSET)
 * straight above such a sort joins it: the sort becomes a top-N that keeps LIMIT + OFFSET rows in a heap
 * ({@link io.tessera.executor.exec.TopNNode}) and spills only when those rows pass work_mem.
 * <pre>
 *   EnumerableLimit(offset=[20], fetch=[10])   ==&gt;   TesseraSort(sort0=[$1], offset=[20], fetch=[10])
 *     EnumerableSort(sort0=[$1])                         input
 *       input
 * </pre>
 */
public final class TesseraSort extends Sort implements EnumerableRel {
    /**
     * Types whose PostgreSQL order {@code Values.compare} reproduces (text by code point, C.UTF-8's collation; char(n)
     * with its padding compared as data, as the datanodes do, which differs from bpchar's order only for characters
     * below a blank).
     */
    private static final Set<PgType> ORDERABLE = Set.of(PgType.BOOL, PgType.INT2, PgType.INT4, PgType.INT8,
            PgType.OID, PgType.FLOAT4, PgType.FLOAT8, PgType.NUMERIC, PgType.TEXT, PgType.VARCHAR, PgType.BPCHAR,
            PgType.NAME,
            PgType.DATE, PgType.TIMESTAMP, PgType.TIMESTAMPTZ);

    /** Calcite types whose rows {@code RowCodec} round-trips to the same Java values. */
    private static final Set<SqlTypeName> SPILLABLE = Set.of(SqlTypeName.BOOLEAN, SqlTypeName.SMALLINT,
            SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.DECIMAL, SqlTypeName.REAL, SqlTypeName.DOUBLE,
            SqlTypeName.CHAR, SqlTypeName.VARCHAR, SqlTypeName.DATE, SqlTypeName.TIMESTAMP,
            SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

    private final CoordinatorSort.Spec spec;

    private TesseraSort(RelTraitSet traits, RelNode input, RelCollation collation, CoordinatorSort.Spec spec) {
        this(traits, input, collation, spec, null, null);
    }

    private TesseraSort(RelTraitSet traits, RelNode input, RelCollation collation, CoordinatorSort.Spec spec,
            RexNode offset, RexNode fetch) {
        super(input.getCluster(), traits, input, collation, offset, fetch);
        this.spec = spec;
    }

    /**
     * Replaces each {@code EnumerableSort} of {@code plan} that {@link TesseraSort} runs alike (see the class
     * comment); returns the plan, rebuilt where something changed.
     */
    public static RelNode replaceSorts(RelNode plan) {
        return plan.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof EnumerableLimit limit && countable(limit.fetch)
                        && (limit.offset == null || countable(limit.offset))
                        && limit.getInput() instanceof TesseraSort sort && sort.fetch == null && sort.offset == null) {
                    // ORDER BY ... LIMIT: a top-N of LIMIT + OFFSET rows, not a sort of every row
                    return new TesseraSort(sort.getTraitSet(), sort.getInput(), sort.getCollation(),
                            sort.spec.limited(limit.offset, limit.fetch), limit.offset, limit.fetch);
                }
                if (visited instanceof EnumerableSort sort && sort.offset == null && sort.fetch == null) {
                    CoordinatorSort.Spec spec = spec(sort.getInput(), sort.getCollation());
                    if (spec != null) {
                        return new TesseraSort(sort.getTraitSet(), sort.getInput(), sort.getCollation(), spec);
                    }
                }
                return visited;
            }
        });
    }

    /** Whether {@code n} is a LIMIT or OFFSET the top-N reads when it runs: a literal or a parameter. */
    private static boolean countable(RexNode n) {
        return n instanceof org.apache.calcite.rex.RexLiteral || n instanceof org.apache.calcite.rex.RexDynamicParam;
    }

    /** The executor's form of the sort, or null when a key's type or direction is one it does not sort exactly. */
    private static CoordinatorSort.Spec spec(RelNode input, RelCollation collation) {
        List<PgType> types = columnTypes(input.getRowType());
        List<SortKey> keys = new ArrayList<>();
        for (RelFieldCollation c : collation.getFieldCollations()) {
            PgType t = types.get(c.getFieldIndex());
            boolean orderable = t != null ? ORDERABLE.contains(t)
                    : orderableArray(input.getRowType().getFieldList().get(c.getFieldIndex()).getType());
            if (!orderable || (c.getDirection() != RelFieldCollation.Direction.ASCENDING
                    && c.getDirection() != RelFieldCollation.Direction.DESCENDING)) {
                return null;
            }
            boolean desc = c.getDirection().isDescending();
            boolean nullsFirst = switch (c.nullDirection) {
                case FIRST -> true;
                case LAST -> false;
                default -> desc;
            };
            keys.add(new SortKey(c.getFieldIndex(), desc, nullsFirst));
        }
        return new CoordinatorSort.Spec(keys, types.contains(null) ? null : types);
    }

    /**
     * Whether {@code type} is an array (of any dimensions) whose elements are of an orderable type: its rows are
     * sorted in memory, compared element by element as {@code array_cmp} ({@code Values.compare}); Calcite's own sort
     * of such a key beside another failed ("ArrayList cannot be cast to Comparable").
     */
    private static boolean orderableArray(RelDataType type) {
        RelDataType element = type.getComponentType();
        while (element != null && element.getComponentType() != null) {
            element = element.getComponentType();
        }
        if (element == null || !SPILLABLE.contains(element.getSqlTypeName())
                || element instanceof org.apache.calcite.rel.type.RelDataTypeFactoryImpl.JavaType) {
            return false;
        }
        return ORDERABLE.contains(TypeMapping.toPgType(element)) && io.tessera.coordinator.sql.EnumValues.of(element) == null;
    }

    /**
     * Each column's type for spilling {@code rowType}'s rows with {@code RowCodec}, null for a column whose Java value
     * in Calcite's rows is not the one {@code RowCodec} decodes (TINYINT's Byte, FLOAT's Double, BINARY's
     * ByteString, ...): an operator with such a column keeps its rows in memory.
     */
    static List<PgType> columnTypes(RelDataType rowType) {
        List<PgType> types = new ArrayList<>();
        for (RelDataTypeField f : rowType.getFieldList()) {
            boolean spillable = SPILLABLE.contains(f.getType().getSqlTypeName())
                    && !(f.getType() instanceof org.apache.calcite.rel.type.RelDataTypeFactoryImpl.JavaType);
            types.add(spillable ? TypeMapping.toPgType(f.getType()) : null);
        }
        return types;
    }

    /** {@link #columnTypes}, or null when a column has none. */
    static List<PgType> spillTypes(RelDataType rowType) {
        List<PgType> types = columnTypes(rowType);
        return types.contains(null) ? null : types;
    }

    @Override
    public Sort copy(RelTraitSet traitSet, RelNode newInput, RelCollation newCollation, RexNode offset,
            RexNode fetch) {
        return new TesseraSort(traitSet, newInput, newCollation, spec.limited(offset, fetch), offset, fetch);
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        Result child = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
        BlockBuilder b = new BlockBuilder();
        Expression input = b.append("unsorted", child.block);
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.preferArray());
        Expression stashed = implementor.stash(spec, CoordinatorSort.Spec.class);
        b.add(Expressions.return_(null, Expressions.call(CoordinatorSort.class, "sort",
                implementor.getRootExpression(), input, stashed,
                Expressions.constant(child.physType.getFormat() == JavaRowFormat.SCALAR),
                Expressions.constant(physType.getFormat() == JavaRowFormat.SCALAR))));
        return implementor.result(physType, b.toBlock());
    }
}

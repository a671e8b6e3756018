package io.tessera.coordinator.sql.functions;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.AggAddContext;
import org.apache.calcite.adapter.enumerable.AggContext;
import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.adapter.enumerable.AggResetContext;
import org.apache.calcite.adapter.enumerable.AggResultContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.util.BuiltInMethod;
import org.apache.calcite.util.Optionality;

/**
 * PostgreSQL's {@code array_agg(x)}: the input values, NULLs included, as an array; NULL (not an empty array) when no
 * row reaches it. Calcite implements its {@code ARRAY_AGG} as a strict aggregate (a NULL argument skips the row), so
 * {@code array_agg(x)} over 1, NULL, 3 would be {@code {1,3}}; {@link #keepNulls} swaps this non-strict implementation
 * into every enumerable aggregate of the physical plan:
 * <pre>
 *   EnumerableAggregate(ARRAY_AGG(x) [FILTER f] [WITHIN GROUP (ORDER BY y)])
 *     ==&gt; EnumerableAggregate(tessera_array_agg(x) [FILTER f] [WITHIN GROUP (ORDER BY y)])
 * </pre>
 * The call keeps its type, DISTINCT flag, filter and ordering: Calcite sorts the rows of an ordered call before it
 * adds them, and expands {@code array_agg(distinct x)} into a grouping on x first, whose NULL group reaches the array
 * once (as in PostgreSQL). {@code array_agg(DISTINCT x)} without ORDER BY is {@link #SORTED} already on the logical
 * plan: PostgreSQL's array is then in x's order. The accumulator is a {@link java.util.List} (Calcite's runtime
 * form of an array), null until the first row that passes the filter. This is the coordinator's array_agg; an
 * unordered, non-DISTINCT call without FILTER is partial on the datanodes instead ({@code PartialAggregateRule}, the
 * executor's {@code HashAggregateNode}), whose arrays the coordinator concatenates.
 * An {@code IGNORE NULLS} call (not PostgreSQL syntax) keeps Calcite's strict implementation.
 */
public final class ArrayAgg {
    /** The internal aggregate function; its name never reaches a client (the column keeps the validated name). */
    public static final SqlUserDefinedAggFunction FUNCTION = function("tessera_array_agg", false);

    /**
     * {@code array_agg(DISTINCT x)} without ORDER BY: as {@link #FUNCTION}, its array sorted ascending, NULL last. It
     * is swapped in on the logical plan, because Calcite's expansion of a DISTINCT call into a grouping (with other
     * calls, a grouping-sets aggregate and a filter) drops an ordering the call would carry.
     */
    public static final SqlUserDefinedAggFunction SORTED = function("tessera_array_agg_sorted", true);

    /**
     * {@code array_agg(x) OVER w}: as {@link #FUNCTION}, each row's array a copy of the accumulator, so a running
     * frame ({@code ORDER BY}'s default) gives each row the array up to it; Calcite's window returned the one list it
     * kept adding to, the whole partition's on every row ({@code WindowFunctionRewrites} swaps it in).
     */
    public static final SqlUserDefinedAggFunction WINDOW = function("tessera_array_agg_window", false, true);

    private static SqlUserDefinedAggFunction function(String name, boolean sorted) {
        return function(name, sorted, false);
    }

    private static SqlUserDefinedAggFunction function(String name, boolean sorted, boolean copied) {
        return new SqlUserDefinedAggFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                ReturnTypes.TO_ARRAY.andThen(SqlTypeTransforms.FORCE_NULLABLE), null,
                OperandTypes.operandMetadata(List.of(SqlTypeFamily.ANY),
                        f -> List.of(f.createSqlType(SqlTypeName.ANY)), i -> "arg" + i, i -> false),
                CallTypedAggregates.function(name, () -> new Implementor(sorted, copied)), false, false,
                Optionality.OPTIONAL);
    }

    private ArrayAgg() {
    }

    /**
     * An enumerable {@code agg} with each of its {@code ARRAY_AGG} calls replaced by {@link #FUNCTION}; a logical one
     * (still the planner's to transform) with its DISTINCT array aggregates ordered as PostgreSQL's; {@code agg}
     * itself when there is nothing to change.
     */
    public static Aggregate keepNulls(Aggregate agg) {
        if (agg.getConvention() != EnumerableConvention.INSTANCE) {
            // PostgreSQL sorts the input of a DISTINCT aggregate to remove the duplicates, so its array comes out in
            // that order (array_agg(distinct x) over 3, NULL, 1, 3 is {1,3,NULL})
            return swapAll(agg, SORTED,
                    call -> call.isDistinct() && call.getCollation().getFieldCollations().isEmpty());
        }
        return swapAll(agg, FUNCTION, call -> true);
    }

    /** {@code agg} with each one-argument {@code ARRAY_AGG} call {@code which} accepts run by {@code function}. */
    private static Aggregate swapAll(Aggregate agg, SqlUserDefinedAggFunction function,
            java.util.function.Predicate<AggregateCall> which) {
        List<AggregateCall> calls = new ArrayList<>();
        boolean changed = false;
        for (AggregateCall call : agg.getAggCallList()) {
            if (call.getAggregation().getKind() == SqlKind.ARRAY_AGG && call.getArgList().size() == 1
                    && !call.ignoreNulls() && which.test(call)) {
                calls.add(swap(call, function));
                changed = true;
            } else {
                calls.add(call);
            }
        }
        return changed ? agg.copy(agg.getTraitSet(), agg.getInput(), agg.getGroupSet(), agg.getGroupSets(), calls)
                : agg;
    }

    private static AggregateCall swap(AggregateCall call, SqlUserDefinedAggFunction function) {
        return AggregateCall.create(call.getParserPosition(), function, call.isDistinct(), call.isApproximate(),
                false, call.rexList, call.getArgList(), call.filterArg, call.distinctKeys, call.getCollation(),
                call.getType(), call.getName());
    }

    /**
     * The array of {@link #SORTED}: {@code values} in ascending order of their Java values (Calcite's order of
     * ORDER BY), NULL last; unchanged when they are not comparable.
     *
     * @param values the accumulated elements, or null when no row reached the aggregate
     * @return {@code values} sorted, or null
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static List<Object> sortedNullsLast(List<Object> values) {
        if (values == null) {
            return null;
        }
        for (Object v : values) {
            if (v != null && !(v instanceof Comparable)) {
                return values;
            }
        }
        List<Object> sorted = new ArrayList<>(values);
        sorted.sort(java.util.Comparator.nullsLast((a, b) -> ((Comparable) a).compareTo(b)));
        return sorted;
    }

    /**
     * A copy of an accumulator, so that later rows of a window do not change an array already returned.
     *
     * @param values the accumulated elements, or null when no row reached the aggregate
     * @return a new list of {@code values}, or null
     */
    public static List<Object> copyOf(List<Object> values) {
        return values == null ? null : new ArrayList<>(values);
    }

    /**
     * Generates {@code reset: acc = null; add: if (filter) { if (acc == null) acc = new ArrayList(); acc.add(x); }
     * result: acc}, adding x whether or not it is NULL ({@link #sortedNullsLast}{@code (acc)} for {@link #SORTED}).
     */
    private static final class Implementor implements AggImplementor {
        private final boolean sorted;
        private final boolean copied;

        Implementor(boolean sorted, boolean copied) {
            this.sorted = sorted;
            this.copied = copied;
        }

        @Override
        public List<Type> getStateType(AggContext info) {
            return List.of(List.class);
        }

        @Override
        public void implementReset(AggContext info, AggResetContext reset) {
            reset.currentBlock().add(Expressions.statement(
                    Expressions.assign(reset.accumulator().get(0), Expressions.constant(null, List.class))));
        }

        @Override
        public void implementAdd(AggContext info, AggAddContext add) {
            Expression acc = add.accumulator().get(0);
            BlockBuilder body = new BlockBuilder(true, add.currentBlock());
            body.add(Expressions.ifThen(Expressions.equal(acc, Expressions.constant(null)),
                    Expressions.statement(Expressions.assign(acc, Expressions.new_(ArrayList.class)))));
            body.add(Expressions.statement(Expressions.call(acc, BuiltInMethod.COLLECTION_ADD.method,
                    Expressions.box(add.arguments().get(0)))));
            CallTypedAggregates.addFiltered(add, body.toBlock());
        }

        @Override
        public Expression implementResult(AggContext info, AggResultContext result) {
            Expression acc = result.accumulator().get(0);
            return sorted ? Expressions.call(ArrayAgg.class, "sortedNullsLast", acc)
                    : copied ? Expressions.call(ArrayAgg.class, "copyOf", acc) : acc;
        }
    }
}

package io.tessera.coordinator.sql.rule;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgInterval;
import io.tessera.common.types.PgTime;
import java.util.ArrayList;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.util.Optionality;

/**
 * Raises a scalar sub-query's "more than one row" error (21000) only for the outer rows that reach it, as
 * PostgreSQL does (it runs the sub-query per outer row). Calcite decorrelates {@code SELECT (SELECT x FROM u WHERE
 * u.k = a.id) FROM a WHERE a.id = 1} into a left join of {@code a} with {@code SINGLE_VALUE(x)} grouped by
 * {@code k} over all of {@code u}: the aggregate failed for a key with two rows even when no row of {@code a}
 * that passes the WHERE has that key. The check moves from the aggregate into the join's output:
 * <pre>
 *   LogicalJoin(left, a.id = k)            LogicalProject(a's fields, one_row(c, k), one_row(c, v))
 *     a                              ==&gt;    LogicalJoin(left, a.id = k)
 *     LogicalAggregate(group {k},               a
 *       v := SINGLE_VALUE(x))                   LogicalAggregate(group {k}, v := MIN(x), c := COUNT())
 * </pre>
 * {@link #oneRow(Long, Boolean) one_row} returns the value for a count of at most one (MIN of one value is that
 * value) or NULL (no match: the value is NULL) and throws 21000 otherwise, so the error comes from a joined row,
 * i.e. an outer row the query evaluates; it is not deterministic, so Calcite neither folds it nor pushes it (or a
 * filter on it) below the join. A projection between the join and the aggregate (the decorrelator's) carries the
 * count through; a filter on the value the decorrelator put below an inner join ({@code WHERE (SELECT ...) > 5})
 * moves above it. Applied right after decorrelation, to the logical plan. The value is MIN's for numbers, strings,
 * booleans, dates and timestamps (whose MIN the executors take), and {@link First}'s, the group's first value, for
 * times, intervals, uuids and arrays (which have no MIN there); a sub-query with a field of another type (a record)
 * keeps {@code SINGLE_VALUE}, and with it the eager check.
 */
public final class ScalarSubQueryRows {
    /**
     * The check of each type whose MIN the executors take (MIN of one value being the value), by the Java class
     * of its values: numbers, strings (json and jsonb too), booleans, dates, times and timestamps.
     */
    private static final Map<SqlTypeName, SqlUserDefinedFunction> CHECKS = new EnumMap<>(SqlTypeName.class);
    /**
     * The check and the value's aggregate ({@link First}) of each type without a MIN in the executors, by the Java
     * class of its values: the engine's times and intervals ({@code JavaType}s), uuids and arrays.
     */
    private static final Map<Class<?>, SqlUserDefinedFunction> FIRST_CHECKS = new java.util.HashMap<>();
    private static final Map<Class<?>, SqlUserDefinedAggFunction> FIRSTS = new java.util.HashMap<>();

    static {
        check(Boolean.class, SqlTypeName.BOOLEAN);
        check(Byte.class, SqlTypeName.TINYINT);
        check(Short.class, SqlTypeName.SMALLINT);
        check(Integer.class, SqlTypeName.INTEGER, SqlTypeName.DATE, SqlTypeName.TIME); // days, time of day
        check(Long.class, SqlTypeName.BIGINT, SqlTypeName.TIMESTAMP, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
        check(BigDecimal.class, SqlTypeName.DECIMAL);
        check(Float.class, SqlTypeName.REAL);
        check(Double.class, SqlTypeName.FLOAT, SqlTypeName.DOUBLE);
        check(String.class, SqlTypeName.CHAR, SqlTypeName.VARCHAR);
        first(PgTime.class, FirstTime.class);
        first(PgInterval.class, FirstInterval.class);
        first(UUID.class, FirstUuid.class);
        first(List.class, FirstArray.class);
    }

    private ScalarSubQueryRows() {
    }

    private static void check(Class<?> type, SqlTypeName... names) {
        SqlUserDefinedFunction function = oneRowFunction(type);
        for (SqlTypeName name : names) {
            CHECKS.put(name, function);
        }
    }

    private static void first(Class<?> type, Class<?> aggregate) {
        FIRST_CHECKS.put(type, oneRowFunction(type));
        FIRSTS.put(type, new SqlUserDefinedAggFunction(new SqlIdentifier("tessera_one_row_value", SqlParserPos.ZERO),
                SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0, null, null, AggregateFunctionImpl.create(aggregate), false,
                false, Optionality.FORBIDDEN));
    }

    private static SqlUserDefinedFunction oneRowFunction(Class<?> type) {
        try {
            return new SqlUserDefinedFunction(new SqlIdentifier("tessera_one_row", SqlParserPos.ZERO),
                    SqlKind.OTHER_FUNCTION, ReturnTypes.ARG1, null, null,
                    ScalarFunctionImpl.create(ScalarSubQueryRows.class.getMethod("oneRow", Long.class, type))) {
                @Override
                public boolean isDeterministic() {
                    return false; // never folded, nor moved below the join as a plain function of the count
                }
            };
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The Java class of {@code type}'s values when they are checked with {@link First} ({@link #FIRST_CHECKS}), null
     * otherwise.
     */
    private static Class<?> firstClass(RelDataType type) {
        if (type instanceof RelDataTypeFactoryImpl.JavaType java) {
            return FIRST_CHECKS.containsKey(java.getJavaClass()) ? java.getJavaClass() : null;
        }
        return type.getSqlTypeName() == SqlTypeName.UUID ? UUID.class
                : type.getSqlTypeName() == SqlTypeName.ARRAY ? List.class : null;
    }

    /** The check of {@code type}'s values, null for a type the rewrite leaves alone. */
    private static SqlUserDefinedFunction check(RelDataType type) {
        Class<?> first = firstClass(type);
        return first != null ? FIRST_CHECKS.get(first) : CHECKS.get(type.getSqlTypeName());
    }

    /**
     * A scalar sub-query's {@code value} when its {@code count} rows are at most one (NULL: no row, and a NULL
     * value); one method per Java class of the values.
     *
     * @throws TesseraException 21000 "more than one row returned by a subquery used as an expression" for more
     */
    public static Boolean oneRow(Long count, Boolean value) {
        checkCount(count);
        return value;
    }

    /** {@link #oneRow(Long, Boolean)} of a Byte. */
    public static Byte oneRow(Long count, Byte value) {
        checkCount(count);
        return value;
    }

    /** {@link #oneRow(Long, Boolean)} of a Short. */
    public static Short oneRow(Long count, Short value) {
        checkCount(count);
        return value;
    }

    /** {@link #oneRow(Long, Boolean)} of a Integer. */
    public static Integer oneRow(Long count, Integer value) {
        checkCount(count);
        return value;
    }

    /** {@link #oneRow(Long, Boolean)} of a Long. */
    public static Long oneRow(Long count, Long value) {
        checkCount(count);
        return value;
    }

    /** {@link #oneRow(Long, Boolean)} of a BigDecimal. */
    public static BigDecimal oneRow(Long count, BigDecimal value) {
        checkCount(count);
        return value;
    }

    /** {@link #oneRow(Long, Boolean)} of a Float. */
    public static Float oneRow(Long count, Float value) {
        checkCount(count);
        return value;
    }

    /** {@link #oneRow(Long, Boolean)} of a Double. */
    public static Double oneRow(Long count, Double value) {
        checkCount(count);
        return value;
    }

    /** {@link #oneRow(Long, Boolean)} of a String. */
    public static String oneRow(Long count, String value) {
        checkCount(count);
        return value;
    }

    /** {@link #oneRow(Long, Boolean)} of a time. */
    public static PgTime oneRow(Long count, PgTime value) {
        checkCount(count);
        return value;
    }

    /** {@link #oneRow(Long, Boolean)} of an interval. */
    public static PgInterval oneRow(Long count, PgInterval value) {
        checkCount(count);
        return value;
    }

    /** {@link #oneRow(Long, Boolean)} of a uuid. */
    public static UUID oneRow(Long count, UUID value) {
        checkCount(count);
        return value;
    }

    /** {@link #oneRow(Long, Boolean)} of an array. */
    public static List<?> oneRow(Long count, List<?> value) {
        checkCount(count);
        return value;
    }

    /**
     * The first value of a group, NULL included: a sub-query's value where its type has no MIN in the executors
     * (for one row, the only value; for more, {@link #checkCount} fails). A Calcite user-defined aggregate in the
     * shape of {@code AggregateFunctionImpl}, one subclass per Java class of the values; it runs on the coordinator.
     */
    public static class First {
        Object value;
        boolean seen;

        public First init() {
            return new First();
        }

        public First add(First state, Object value) {
            if (!state.seen) {
                state.value = value;
                state.seen = true;
            }
            return state;
        }
    }

    /** {@link First} of a time. */
    public static final class FirstTime extends First {
        public PgTime result(First state) {
            return (PgTime) state.value;
        }
    }

    /** {@link First} of an interval. */
    public static final class FirstInterval extends First {
        public PgInterval result(First state) {
            return (PgInterval) state.value;
        }
    }

    /** {@link First} of a uuid. */
    public static final class FirstUuid extends First {
        public UUID result(First state) {
            return (UUID) state.value;
        }
    }

    /** {@link First} of an array. */
    public static final class FirstArray extends First {
        public List<?> result(First state) {
            return (List<?>) state.value;
        }
    }

    private static void checkCount(Long count) {
        if (count != null && count > 1) {
            throw new TesseraException(SqlState.CARDINALITY_VIOLATION,
                    "more than one row returned by a subquery used as an expression");
        }
    }

    /** {@code rel} with each join of a {@code SINGLE_VALUE} aggregate checked per joined row (the class comment). */
    public static RelNode rewrite(RelNode rel) {
        return rel.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                return visited instanceof LogicalJoin join ? rewrite(join) : visited;
            }
        });
    }

    private static RelNode rewrite(LogicalJoin join) {
        if (join.getJoinType() != JoinRelType.LEFT && join.getJoinType() != JoinRelType.INNER) {
            return join;
        }
        RelNode right = join.getRight();
        // a filter on the value (WHERE (SELECT ...) > 5) the decorrelator put below an inner join goes above it
        LogicalFilter filter = join.getJoinType() == JoinRelType.INNER && right instanceof LogicalFilter f ? f : null;
        if (filter != null) {
            right = filter.getInput();
        }
        LogicalProject project = filter == null && right instanceof LogicalProject p ? p : null;
        if (!((project == null ? right : project.getInput()) instanceof LogicalAggregate aggregate)
                || aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return join;
        }
        List<AggregateCall> calls = new ArrayList<>();
        boolean single = false;
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (call.getAggregation().getKind() != SqlKind.SINGLE_VALUE) {
                calls.add(call);
                continue;
            }
            RelDataType argType = aggregate.getInput().getRowType().getFieldList()
                    .get(call.getArgList().get(0)).getType();
            if (call.isDistinct() || call.filterArg >= 0 || check(argType) == null) {
                return join;
            }
            single = true;
            Class<?> first = firstClass(argType);
            calls.add(AggregateCall.create(call.getParserPosition(),
                    first == null ? SqlStdOperatorTable.MIN : FIRSTS.get(first), false, false, false,
                    List.of(), call.getArgList(), -1, null, call.getCollation(), call.getType(), call.name));
        }
        if (!single) {
            return join;
        }
        for (RelDataTypeField field : right.getRowType().getFieldList()) {
            if (check(field.getType()) == null) {
                return join; // each of the sub-query's fields is checked, whichever the query uses
            }
        }
        RexBuilder rex = join.getCluster().getRexBuilder();
        calls.add(AggregateCall.create(SqlParserPos.ZERO, SqlStdOperatorTable.COUNT, false, false, false, List.of(),
                List.of(), -1, null, RelCollations.EMPTY,
                join.getCluster().getTypeFactory().createSqlType(SqlTypeName.BIGINT), "tessera$rows"));
        RelNode newRight = aggregate.copy(aggregate.getTraitSet(), aggregate.getInput(), aggregate.getGroupSet(),
                List.of(aggregate.getGroupSet()), calls);
        if (project != null) {
            List<RexNode> exprs = new ArrayList<>(project.getProjects());
            exprs.add(rex.makeInputRef(newRight, newRight.getRowType().getFieldCount() - 1));
            List<String> names = new ArrayList<>(project.getRowType().getFieldNames());
            names.add("tessera$rows");
            newRight = LogicalProject.create(newRight, project.getHints(), exprs, names, project.getVariablesSet());
        }
        LogicalJoin newJoin = (LogicalJoin) join.copy(join.getTraitSet(), join.getCondition(), join.getLeft(),
                newRight, join.getJoinType(), join.isSemiJoinDone());
        int leftCount = join.getLeft().getRowType().getFieldCount();
        RexNode count = rex.makeInputRef(newJoin, newJoin.getRowType().getFieldCount() - 1);
        List<RexNode> exprs = new ArrayList<>();
        List<RelDataTypeField> fields = join.getRowType().getFieldList();
        for (int i = 0; i < fields.size(); i++) {
            RexNode ref = rex.makeInputRef(newJoin, i);
            RelDataType type = fields.get(i).getType();
            if (i < leftCount) {
                exprs.add(ref);
                continue;
            }
            RexNode checked = rex.makeCall(check(type), count, ref);
            exprs.add(checked.getType().equals(type) ? checked : rex.makeAbstractCast(type, checked, false));
        }
        RelNode checked = LogicalProject.create(newJoin, List.of(), exprs, join.getRowType(), Set.of());
        return filter == null ? checked : LogicalFilter.create(checked,
                RexUtil.shift(filter.getCondition(), leftCount), com.google.common.collect.ImmutableSet.copyOf(filter.getVariablesSet()));
    }
}

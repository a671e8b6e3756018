package io.tessera.coordinator.sql.rel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableAggregate;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableHashJoin;
import org.apache.calcite.adapter.enumerable.EnumerableIntersect;
import org.apache.calcite.adapter.enumerable.EnumerableMinus;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.adapter.enumerable.EnumerableUnion;
import org.apache.calcite.adapter.enumerable.EnumerableWindow;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.InvalidRelException;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalWindow;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.Optionality;

/**
 * PostgreSQL's equality for the GROUP BY, DISTINCT, set operations, hash joins and windows that the coordinator runs
 * with Calcite's enumerable operators. Calcite groups by the Java values' {@code equals}, under which {@code 1.0} and
 * {@code 1.00} (numerics of different scales) and {@code 0.0} and {@code -0.0} (floats) are different:
 * {@code SELECT x FROM a UNION SELECT y FROM b} returned {@code 1.0} and {@code 1.00} as two rows, a GROUP BY two
 * groups, where PostgreSQL's numeric and float equality makes them one ({@code numeric_eq}, {@code float8eq}). The
 * datanodes' aggregates already group so ({@code executor GroupKey}); this covers the coordinator's.
 * <pre>
 *   EnumerableAggregate(group {k, j}, calls)      EnumerableCalc(k := any_k, j, calls)
 *     input                              ==&gt;    EnumerableAggregate(group {j, key(k)}, calls, first(k))
 *                                                  EnumerableCalc(input's fields, key(k))
 *                                                    input
 * </pre>
 * Each numeric or float group key is grouped by its {@link #numericKey}/{@link #floatKey} (a numeric without its
 * trailing zeros, a float with -0 made 0; NaN equals NaN already, as in PostgreSQL). A group is output as one of
 * its values, the first ({@link FirstNumeric} and its siblings; Calcite's {@code ANY_VALUE} keeps the last):
 * PostgreSQL's hash aggregate prints the first, {@code 1.00} or {@code -0} when it comes first. Applied after
 * planning to the physical plan, so the datanodes' fragments and the plan's cost are untouched. Grouping sets (also
 * Calcite's expansion of several {@code count(DISTINCT ...)}) are grouped the same way. UNION (distinct), INTERSECT
 * and EXCEPT [ALL] become {@link TesseraUnion}, {@link TesseraIntersect} and {@link TesseraMinus}, the executor's
 * {@code SetOpNode}, which compares rows so and spills past work_mem; hash joins (also the
 * semi and anti joins of IN and EXISTS) match numeric and float keys by their grouping keys
 * ({@link #joinedByValue}), and windows partition by them ({@link #partitionedByValue}).
 */
public final class GroupingEquality {
    private static final SqlUserDefinedFunction NUMERIC_KEY = key("numericKey", BigDecimal.class);
    private static final SqlUserDefinedFunction FLOAT_KEY = key("floatKey", Double.class);
    private static final SqlUserDefinedFunction REAL_KEY = key("realKey", Float.class);

    /** The joins whose output is their inputs' fields, which {@link #joinedByValue} can rebuild. */
    private static final Set<JoinRelType> VALUE_JOINS = EnumSet.of(JoinRelType.INNER, JoinRelType.LEFT,
            JoinRelType.RIGHT, JoinRelType.FULL, JoinRelType.SEMI, JoinRelType.ANTI);

    private GroupingEquality() {
    }

    private static SqlUserDefinedFunction key(String method, Class<?> type) {
        try {
            return new SqlUserDefinedFunction(new SqlIdentifier("tessera_" + method, SqlParserPos.ZERO),
                    SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0, null, null,
                    ScalarFunctionImpl.create(GroupingEquality.class.getMethod(method, type)));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A numeric's grouping key: equal for numerically equal values of any scale; null for null. */
    public static BigDecimal numericKey(BigDecimal v) {
        return v == null ? null : v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
    }

    /** A float's grouping key: -0 as 0 (PostgreSQL's {@code -0 = 0}); NaN stays NaN, which equals itself. */
    public static Double floatKey(Double v) {
        return v == null ? null : v == 0.0 ? Double.valueOf(0.0) : v;
    }

    /** A float4's grouping key, as {@link #floatKey}. */
    public static Float realKey(Float v) {
        return v == null ? null : v == 0.0f ? Float.valueOf(0.0f) : v;
    }

    /** The first value added: a group's representative. */
    public static final class First {
        Object value;
        boolean seen;

        void add(Object v) {
            if (!seen) {
                value = v;
                seen = true;
            }
        }
    }

    /** The first numeric of a group. */
    public static final class FirstNumeric {
        public First init() {
            return new First();
        }

        public First add(First state, Object value) {
            state.add(value);
            return state;
        }

        public BigDecimal result(First state) {
            return (BigDecimal) state.value;
        }
    }

    /** The first float8 of a group. */
    public static final class FirstFloat8 {
        public First init() {
            return new First();
        }

        public First add(First state, Object value) {
            state.add(value);
            return state;
        }

        public Double result(First state) {
            return (Double) state.value;
        }
    }

    /** The first float4 of a group. */
    public static final class FirstFloat4 {
        public First init() {
            return new First();
        }

        public First add(First state, Object value) {
            state.add(value);
            return state;
        }

        public Float result(First state) {
            return (Float) state.value;
        }
    }

    private static final SqlUserDefinedAggFunction FIRST_NUMERIC = firstAggregate("numeric", FirstNumeric.class);
    private static final SqlUserDefinedAggFunction FIRST_FLOAT8 = firstAggregate("float8", FirstFloat8.class);
    private static final SqlUserDefinedAggFunction FIRST_FLOAT4 = firstAggregate("float4", FirstFloat4.class);

    private static SqlUserDefinedAggFunction firstAggregate(String type, Class<?> impl) {
        return new SqlUserDefinedAggFunction(new SqlIdentifier("tessera_first_" + type, SqlParserPos.ZERO),
                SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0, null, null, AggregateFunctionImpl.create(impl), false, false,
                Optionality.FORBIDDEN);
    }

    private static SqlUserDefinedAggFunction first(SqlUserDefinedFunction key) {
        return key == NUMERIC_KEY ? FIRST_NUMERIC : key == FLOAT_KEY ? FIRST_FLOAT8 : FIRST_FLOAT4;
    }

    /** {@code plan} with every coordinator aggregate and distinct UNION grouping numerics and floats by value. */
    public static RelNode apply(RelNode plan) {
        return plan.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                // set operations (of rows with a column: rows of none stay Calcite's) run the executor's SetOpNode
                if (visited instanceof EnumerableUnion union && !union.all && !(visited instanceof TesseraUnion)
                        && union.getRowType().getFieldCount() > 0) {
                    return new TesseraUnion(union.getCluster(), union.getTraitSet(), union.getInputs());
                }
                if (visited instanceof EnumerableIntersect intersect && !(visited instanceof TesseraIntersect)
                        && intersect.getRowType().getFieldCount() > 0) {
                    return new TesseraIntersect(intersect.getCluster(), intersect.getTraitSet(),
                            intersect.getInputs(), intersect.all);
                }
                if (visited instanceof EnumerableMinus minus && !(visited instanceof TesseraMinus)
                        && minus.getRowType().getFieldCount() > 0) {
                    return new TesseraMinus(minus.getCluster(), minus.getTraitSet(), minus.getInputs(), minus.all);
                }
                if (visited instanceof EnumerableWindow window) {
                    return partitionedByValue(window);
                }
                if (visited instanceof EnumerableHashJoin join) {
                    return joinedByValue(join);
                }
                if (visited instanceof EnumerableAggregate agg
                        && needsKeys(agg.getInput().getRowType(), agg.getGroupSet())) {
                    return regroup(agg.getInput(), agg.getGroupSet(),
                            agg.getGroupType() == Aggregate.Group.SIMPLE ? null : agg.getGroupSets(),
                            agg.getAggCallList(), agg.getRowType());
                }
                return visited;
            }
        });
    }

    /**
     * {@code join} matching its numeric and float keys by value: both inputs get each such key's grouping key as an
     * extra last column, the join compares those, and a Calc drops them again.
     * <pre>
     *   EnumerableHashJoin(l.k = r.k)        EnumerableCalc(l's fields, r's fields)
     *     l                          ==&gt;     EnumerableHashJoin(key(l.k) = key(r.k))
     *     r                                      EnumerableCalc(l's fields, key(l.k))  EnumerableCalc(r's, key(r.k))
     * </pre>
     */
    private static RelNode joinedByValue(EnumerableHashJoin join) {
        if (!VALUE_JOINS.contains(join.getJoinType())) {
            return join;
        }
        JoinInfo info = join.analyzeCondition();
        RelNode left = join.getLeft();
        RelNode right = join.getRight();
        int leftCount = left.getRowType().getFieldCount();
        int rightCount = right.getRowType().getFieldCount();
        List<Integer> keyed = new ArrayList<>(); // the key pairs compared by value
        for (int i = 0; i < info.leftKeys.size(); i++) {
            SqlUserDefinedFunction lk = keyFunction(left.getRowType().getFieldList().get(info.leftKeys.get(i))
                    .getType());
            SqlUserDefinedFunction rk = keyFunction(right.getRowType().getFieldList().get(info.rightKeys.get(i))
                    .getType());
            if (lk != null && lk == rk) {
                keyed.add(i);
            }
        }
        if (keyed.isEmpty()) {
            return join;
        }
        RexBuilder rex = join.getCluster().getRexBuilder();
        RelNode newLeft = withKeys(left, keyed.stream().map(info.leftKeys::get).toList());
        RelNode newRight = withKeys(right, keyed.stream().map(info.rightKeys::get).toList());
        int added = keyed.size();
        List<RexNode> conditions = new ArrayList<>();
        for (int i = 0; i < info.leftKeys.size(); i++) {
            int l = info.leftKeys.get(i);
            int r = info.rightKeys.get(i);
            int j = keyed.indexOf(i);
            if (j >= 0) {
                l = leftCount + j;
                r = rightCount + j;
            }
            RexNode lRef = rex.makeInputRef(newLeft.getRowType().getFieldList().get(l).getType(), l);
            RexNode rRef = rex.makeInputRef(newRight.getRowType().getFieldList().get(r).getType(),
                    leftCount + added + r);
            conditions.add(rex.makeCall(info.nullExclusionFlags.get(i) ? SqlStdOperatorTable.EQUALS
                    : SqlStdOperatorTable.IS_NOT_DISTINCT_FROM, lRef, rRef));
        }
        RexNode rest = info.getRemaining(rex);
        if (!rest.isAlwaysTrue()) { // its right fields move past the left's added keys
            conditions.add(rest.accept(new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    return ref.getIndex() < leftCount ? ref : rex.makeInputRef(ref.getType(), ref.getIndex() + added);
                }
            }));
        }
        EnumerableHashJoin newJoin = EnumerableHashJoin.create(newLeft, newRight,
                RexUtil.composeConjunction(rex, conditions), join.getVariablesSet(), join.getJoinType());
        List<RexNode> out = new ArrayList<>();
        List<RelDataTypeField> joined = newJoin.getRowType().getFieldList();
        for (int i = 0; i < leftCount; i++) {
            out.add(rex.makeInputRef(joined.get(i).getType(), i));
        }
        if (join.getJoinType().projectsRight()) {
            for (int i = 0; i < rightCount; i++) {
                int f = leftCount + added + i;
                out.add(rex.makeInputRef(joined.get(f).getType(), f));
            }
        }
        return EnumerableCalc.create(newJoin, RexProgram.create(newJoin.getRowType(), out, null, join.getRowType(),
                rex));
    }

    /**
     * {@code window} partitioning its rows by the value of its numeric and float PARTITION BY keys (Calcite's
     * window collects each partition's rows in a hash map of the keys, by {@code equals}): the input gets the keys'
     * grouping keys as extra last columns, the window partitions by those, and a Calc drops them again.
     */
    private static RelNode partitionedByValue(EnumerableWindow window) {
        RelNode input = window.getInput();
        int inputCount = input.getRowType().getFieldCount();
        List<Integer> keyed = new ArrayList<>(); // the input fields some group partitions by, by value
        for (Window.Group g : window.groups) {
            for (int k : g.keys) {
                if (keyFunction(input.getRowType().getFieldList().get(k).getType()) != null && !keyed.contains(k)) {
                    keyed.add(k);
                }
            }
        }
        if (keyed.isEmpty()) {
            return window;
        }
        RexBuilder rex = window.getCluster().getRexBuilder();
        int added = keyed.size();
        RelNode newInput = withKeys(input, keyed);
        Map<Integer, Integer> keyOf = new HashMap<>();
        for (int k = 0; k < inputCount; k++) {
            keyOf.put(k, keyed.contains(k) ? inputCount + keyed.indexOf(k) : k);
        }
        RexShuttle constants = new RexShuttle() { // the window's constants are numbered after its input's fields
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return ref.getIndex() < inputCount ? ref : rex.makeInputRef(ref.getType(), ref.getIndex() + added);
            }
        };
        List<Window.Group> groups = new ArrayList<>();
        for (Window.Group g : window.groups) {
            List<Window.RexWinAggCall> calls = new ArrayList<>();
            for (Window.RexWinAggCall c : g.aggCalls) {
                calls.add(new Window.RexWinAggCall(c.getParserPosition(), (SqlAggFunction) c.getOperator(),
                        c.getType(), constants.apply(c.getOperands()), c.ordinal, c.distinct, c.ignoreNulls));
            }
            groups.add(new Window.Group(g.keys.permute(keyOf), g.isRows, g.lowerBound.accept(constants),
                    g.upperBound.accept(constants), g.exclude, g.orderKeys, calls));
        }
        List<RelDataTypeField> outFields = window.getRowType().getFieldList();
        List<RelDataTypeField> newFields = new ArrayList<>(newInput.getRowType().getFieldList());
        newFields.addAll(outFields.subList(inputCount, outFields.size()));
        RelDataType rowType = window.getCluster().getTypeFactory().createStructType(newFields);
        RelNode newWindow = ((ConverterRule) EnumerableRules.ENUMERABLE_WINDOW_RULE).convert(LogicalWindow.create(
                window.getTraitSet().replace(Convention.NONE), newInput, window.constants, rowType, groups));
        List<RexNode> out = new ArrayList<>();
        for (int i = 0; i < outFields.size(); i++) {
            int f = i < inputCount ? i : i + added;
            out.add(rex.makeInputRef(newFields.get(f).getType(), f));
        }
        return EnumerableCalc.create(newWindow, RexProgram.create(rowType, out, null, window.getRowType(), rex));
    }

    /** {@code input} with the grouping key of each of {@code fields} appended, in their order. */
    private static RelNode withKeys(RelNode input, List<Integer> fields) {
        RexBuilder rex = input.getCluster().getRexBuilder();
        List<RelDataTypeField> in = input.getRowType().getFieldList();
        List<RexNode> projects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RelDataTypeField f : in) {
            projects.add(rex.makeInputRef(f.getType(), f.getIndex()));
            names.add(f.getName());
        }
        for (int k : fields) {
            RelDataType type = in.get(k).getType();
            projects.add(rex.makeCall(type, keyFunction(type), List.of(rex.makeInputRef(type, k))));
            names.add("key$" + in.get(k).getName());
        }
        return EnumerableCalc.create(input, RexProgram.create(input.getRowType(), projects, null, names, rex));
    }

    private static boolean needsKeys(RelDataType rowType, ImmutableBitSet keys) {
        for (int k : keys) {
            if (keyFunction(rowType.getFieldList().get(k).getType()) != null) {
                return true;
            }
        }
        return false;
    }

    private static SqlUserDefinedFunction keyFunction(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        if (name == SqlTypeName.DECIMAL) {
            return NUMERIC_KEY;
        }
        if (name == SqlTypeName.REAL) {
            return REAL_KEY;
        }
        return name == SqlTypeName.DOUBLE || name == SqlTypeName.FLOAT ? FLOAT_KEY : null;
    }

    /**
     * An aggregate of {@code input} grouped by {@code keys} (in {@code groupSets}' grouping sets; null: one set, the
     * keys) with {@code calls}, grouping numeric and float keys by value, whose output is {@code rowType}: the keys
     * in their order, then the calls' results.
     */
    private static RelNode regroup(RelNode input, ImmutableBitSet keys, List<ImmutableBitSet> groupSets,
                                   List<AggregateCall> calls, RelDataType rowType) {
        RexBuilder rex = input.getCluster().getRexBuilder();
        List<RelDataTypeField> fields = input.getRowType().getFieldList();
        List<RexNode> projects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RelDataTypeField f : fields) {
            projects.add(rex.makeInputRef(f.getType(), f.getIndex()));
            names.add(f.getName());
        }
        Map<Integer, Integer> keyOf = new HashMap<>(); // input field -> the input field it is grouped by
        for (int k : keys) {
            SqlUserDefinedFunction key = keyFunction(fields.get(k).getType());
            if (key == null) {
                keyOf.put(k, k);
            } else {
                keyOf.put(k, projects.size());
                projects.add(rex.makeCall(fields.get(k).getType(), key, List.of(projects.get(k))));
                names.add(fields.get(k).getName()); // EXPLAIN's Group Key names the column
            }
        }
        RelNode calc = EnumerableCalc.create(input, RexProgram.create(input.getRowType(), projects, null, names, rex));
        ImmutableBitSet newKeys = keys.permute(keyOf);
        List<ImmutableBitSet> newSets = groupSets == null ? null
                : ImmutableBitSet.ORDERING.immutableSortedCopy(groupSets.stream().map(set -> set.permute(keyOf))
                        .toList());
        List<AggregateCall> newCalls = new ArrayList<>();
        for (AggregateCall call : calls) { // GROUPING(k) names grouping columns, which moved
            SqlKind kind = call.getAggregation().getKind();
            newCalls.add(kind == SqlKind.GROUPING || kind == SqlKind.GROUP_ID || kind == SqlKind.GROUPING_ID
                    ? call.withArgList(call.getArgList().stream().map(keyOf::get).toList()) : call);
        }
        List<Integer> anyValues = new ArrayList<>(); // the keys output as one of their group's values
        for (int k : keys) {
            if (keyFunction(fields.get(k).getType()) != null) {
                anyValues.add(k);
                newCalls.add(AggregateCall.create(first(keyFunction(fields.get(k).getType())), false, false, false,
                        List.of(),
                        List.of(k), -1, null, RelCollations.EMPTY, newKeys.cardinality(), calc, null,
                        fields.get(k).getName()));
            }
        }
        EnumerableAggregate agg;
        try {
            agg = new EnumerableAggregate(input.getCluster(),
                    input.getCluster().traitSetOf(EnumerableConvention.INSTANCE), calc, newKeys, newSets, newCalls);
        } catch (InvalidRelException e) {
            throw new IllegalStateException(e);
        }
        // back to the original output: each key at its place, then the calls; a float or numeric key is its
        // first value, NULL
        // where its grouping column is NULL (its NULL group, or a grouping set without it)
        List<Integer> newKeyList = newKeys.asList();
        int groups = newKeys.cardinality();
        List<RexNode> out = new ArrayList<>();
        int i = 0;
        for (int k : keys) {
            RelDataType type = rowType.getFieldList().get(i++).getType();
            RexNode key = rex.makeInputRef(agg, newKeyList.indexOf(keyOf.get(k)));
            if (anyValues.contains(k)) {
                RexNode value = cast(rex, agg, groups + calls.size() + anyValues.indexOf(k), type);
                out.add(rex.makeCall(SqlStdOperatorTable.CASE, rex.makeCall(SqlStdOperatorTable.IS_NULL, key),
                        rex.makeNullLiteral(type), value));
            } else {
                out.add(cast(rex, agg, newKeyList.indexOf(keyOf.get(k)), type));
            }
        }
        for (int c = 0; c < calls.size(); c++) {
            out.add(cast(rex, agg, groups + c, rowType.getFieldList().get(i++).getType()));
        }
        return EnumerableCalc.create(agg, RexProgram.create(agg.getRowType(), out, null, rowType, rex));
    }

    private static RexNode cast(RexBuilder rex, RelNode input, int field, RelDataType type) {
        RexNode ref = rex.makeInputRef(input, field);
        return ref.getType().equals(type) ? ref : rex.makeCast(type, ref, true, false);
    }
}

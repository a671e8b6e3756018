package io.tessera.coordinator.sql.functions;

import io.tessera.executor.expr.Values;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCollation;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.util.Sarg;

/**
 * Text order on the coordinator as PostgreSQL's C.UTF-8 collation has it: by code point
 * ({@link Values#compareStrings}, the datanodes' order too), where Calcite's runtime, its constant folding and its
 * {@code MIN}/{@code MAX} use {@link String#compareTo}, the UTF-16 order, in which a character past U+FFFF (a
 * surrogate pair, 0xD800–0xDFFF) sorts before U+E000–U+FFFF: {@code 'ｱ' < '😀'} was false.
 *
 * <p>{@link PgRexRewriter} turns text {@code <}, {@code <=}, {@code >}, {@code >=} into {@code PgRuntime.textLt}
 * etc. (pushed to the datanodes as the plain operators): in the physical plan every one, with the range SEARCHes
 * expanded ({@link #rangeOfText}); in the logical plan those between two constants (constant folding) or with a
 * literal past U+FFFF (whose ranges Calcite would merge in its order: {@code s BETWEEN 'ｱ' AND '😀'} was empty).
 * Ranges whose literals are all below U+10000 stay SEARCHes for the planner (index ranges), as their bounds order
 * alike in both. {@link #extremes} swaps the coordinator's text {@code MIN}/{@code MAX} for aggregates in code point
 * order (PostgreSQL's {@code text_smaller}/{@code text_larger}).
 */
public final class TextOrder {
    private TextOrder() {
    }

    /** Whether PgRexRewriter rewrites comparison {@code c} (in the physical plan when {@code planned}). */
    static boolean rewrites(RexCall c, boolean planned) {
        SqlKind k = c.getKind();
        if (k != SqlKind.LESS_THAN && k != SqlKind.LESS_THAN_OR_EQUAL && k != SqlKind.GREATER_THAN
                && k != SqlKind.GREATER_THAN_OR_EQUAL || c.getOperands().size() != 2) {
            return false;
        }
        RexNode a = c.getOperands().get(0);
        RexNode b = c.getOperands().get(1);
        if (!plainText(a.getType()) || !plainText(b.getType())) {
            return false;
        }
        return planned || org.apache.calcite.rex.RexUtil.isConstant(a) && org.apache.calcite.rex.RexUtil.isConstant(b)
                || astral(a) || astral(b);
    }

    /**
     * Whether {@code t} is a string type ordered as text: not an enum, regtype or bit string, which Tessera types as
     * VARCHAR with a collation of its own and orders otherwise.
     */
    public static boolean plainText(RelDataType t) {
        return SqlTypeUtil.inCharFamily(t)
                && (t.getCollation() == null || t.getCollation().getClass() == SqlCollation.class);
    }

    /** Whether {@code e} is or holds a string literal with a character past U+FFFF ({@code '😀'::varchar}). */
    private static boolean astral(RexNode e) {
        if (e instanceof RexCall call) {
            return call.getOperands().stream().anyMatch(TextOrder::astral);
        }
        if (!(e instanceof RexLiteral l) || !SqlTypeUtil.inCharFamily(l.getType())) {
            return false;
        }
        String s = l.getValueAs(String.class);
        return s != null && s.codePoints().anyMatch(Character::isSupplementaryCodePoint);
    }

    /**
     * {@code converted} (a comparison or {@code greatest}/{@code least} just converted from SQL) through
     * {@link PgRexRewriter} at once when it compares text constants or a literal past U+FFFF: SqlToRel's
     * simplification would fold it in UTF-16 order before the rewrite of the logical plan.
     */
    static RexNode early(org.apache.calcite.rex.RexBuilder rex, RexNode converted) {
        if (converted instanceof RexCall call && rewrites(call, false)) {
            return PgRexRewriter.rewrite(rex, converted);
        }
        return converted;
    }

    /**
     * {@code greatest(...)}/{@code least(...)} of text, {@code c}, as {@code StringRuntime.textGreatest} or
     * {@code textLeast} calls folded left (NULLs skipped, as PostgreSQL's): Calcite's conversion makes a CASE of UTF-16 comparisons
     * and folds it. Null when an argument is no text value (the standard conversion's casts are needed).
     */
    static RexNode extreme(org.apache.calcite.sql2rel.SqlRexContext cx, org.apache.calcite.sql.SqlCall c) {
        RelDataType type = cx.getValidator().getValidatedNodeType(c);
        if (!plainText(type) || c.operandCount() < 2) {
            return null;
        }
        List<RexNode> operands = new ArrayList<>();
        for (org.apache.calcite.sql.SqlNode o : c.getOperandList()) {
            RexNode e = cx.convertExpression(o);
            if (e.getType().getSqlTypeName() == SqlTypeName.NULL) {
                e = cx.getRexBuilder().makeNullLiteral(type);
            }
            if (!plainText(e.getType()) || PgRexRewriter.isBpchar(e)) {
                return null;
            }
            operands.add(e);
        }
        String method = c.getOperator().getName().equalsIgnoreCase("greatest") ? "textGreatest" : "textLeast";
        RexNode folded = operands.get(0);
        for (RexNode o : operands.subList(1, operands.size())) {
            folded = PgRexRewriter.runtimeCall(cx.getRexBuilder(), type, method, List.of(folded, o));
        }
        return folded;
    }

    /** Whether {@code search} tests a text value against a range (not only points, which equality decides). */
    static boolean rangeOfText(RexCall search) {
        if (!plainText(search.getOperands().get(0).getType())
                || !(search.getOperands().get(1) instanceof RexLiteral l)) {
            return false;
        }
        Sarg<?> sarg = l.getValueAs(Sarg.class);
        return sarg != null && !sarg.isPoints() && !sarg.isComplementedPoints();
    }

    /** The running state: the extreme so far, null before the first non-null value. */
    public static final class State {
        String value;

        void add(Object v, int sign) {
            if (v != null && (value == null || Values.compareStrings((String) v, value) * sign > 0)) {
                value = (String) v;
            }
        }
    }

    /** {@code min(text)}. */
    public static final class Min {
        public State init() {
            return new State();
        }

        public State add(State state, Object value) {
            state.add(value, -1);
            return state;
        }

        public String result(State state) {
            return state.value;
        }
    }

    /** {@code max(text)}. */
    public static final class Max {
        public State init() {
            return new State();
        }

        public State add(State state, Object value) {
            state.add(value, 1);
            return state;
        }

        public String result(State state) {
            return state.value;
        }
    }

    private static final SqlUserDefinedAggFunction MIN = aggregate("tessera_text_min", Min.class);
    private static final SqlUserDefinedAggFunction MAX = aggregate("tessera_text_max", Max.class);

    private static SqlUserDefinedAggFunction aggregate(String name, Class<?> impl) {
        return new SqlUserDefinedAggFunction(new org.apache.calcite.sql.SqlIdentifier(name,
                org.apache.calcite.sql.parser.SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0, null,
                OperandTypes.operandMetadata(List.of(SqlTypeFamily.CHARACTER),
                        f -> List.of(f.createSqlType(SqlTypeName.VARCHAR)), i -> "arg" + i, i -> false),
                org.apache.calcite.schema.impl.AggregateFunctionImpl.create(impl), false, false,
                org.apache.calcite.util.Optionality.FORBIDDEN);
    }

    /**
     * {@code min(s) OVER w} / {@code max(s) OVER w} of text with this class's aggregates in code point order, or null
     * for any other window call: Calcite's window compares text in UTF-16 order.
     */
    public static RexNode windowExtreme(org.apache.calcite.rex.RexBuilder rex, org.apache.calcite.rex.RexOver over) {
        SqlKind kind = over.getAggOperator().getKind();
        org.apache.calcite.rex.RexWindow w = over.getWindow();
        if ((kind != SqlKind.MIN && kind != SqlKind.MAX) || over.getOperands().size() != 1
                || !plainText(over.getType())
                || w.getExclude() != org.apache.calcite.rex.RexWindowExclusion.EXCLUDE_NO_OTHER) {
            return null; // a frame exclusion takes only the built-in aggregates (WindowExclusion's rule)
        }
        return rex.makeOver(over.getType(), kind == SqlKind.MIN ? MIN : MAX, over.getOperands(), w.partitionKeys,
                w.orderKeys, w.getLowerBound(), w.getUpperBound(), w.getExclude(), w.isRows(), true, false,
                over.isDistinct(), over.ignoreNulls());
    }

    /**
     * {@code agg} with the text keys of its calls' ORDER BY ({@code string_agg(s, ',' ORDER BY s)}, {@code WITHIN
     * GROUP (ORDER BY s)}) read from {@link PgRexRewriter#textSortKey} columns added to its input: Calcite sorts an
     * ordered call's rows with {@link String#compareTo}. {@code agg} itself when it has none.
     */
    static RelNode orderedKeys(Aggregate agg) {
        RelNode input = agg.getInput();
        if (input.getConvention() != org.apache.calcite.adapter.enumerable.EnumerableConvention.INSTANCE) {
            return agg;
        }
        List<org.apache.calcite.rel.type.RelDataTypeField> fields = input.getRowType().getFieldList();
        java.util.Map<Integer, Integer> keyOf = new java.util.LinkedHashMap<>();
        for (AggregateCall call : agg.getAggCallList()) {
            for (org.apache.calcite.rel.RelFieldCollation fc : call.getCollation().getFieldCollations()) {
                if (plainText(fields.get(fc.getFieldIndex()).getType())) {
                    keyOf.putIfAbsent(fc.getFieldIndex(), fields.size() + keyOf.size());
                }
            }
        }
        if (keyOf.isEmpty()) {
            return agg;
        }
        org.apache.calcite.rex.RexBuilder rb = agg.getCluster().getRexBuilder();
        List<RexNode> projects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            projects.add(rb.makeInputRef(input, i));
            names.add(fields.get(i).getName());
        }
        for (int field : keyOf.keySet()) {
            projects.add(PgRexRewriter.textSortKey(rb, rb.makeInputRef(input, field)));
            names.add("$text_key" + field);
        }
        RelNode keyed = org.apache.calcite.adapter.enumerable.EnumerableCalc.create(input,
                org.apache.calcite.rex.RexProgram.create(input.getRowType(), projects, null, names, rb));
        List<AggregateCall> calls = new ArrayList<>();
        for (AggregateCall call : agg.getAggCallList()) {
            List<org.apache.calcite.rel.RelFieldCollation> order = new ArrayList<>();
            for (org.apache.calcite.rel.RelFieldCollation fc : call.getCollation().getFieldCollations()) {
                Integer key = keyOf.get(fc.getFieldIndex());
                order.add(key == null ? fc : fc.withFieldIndex(key));
            }
            calls.add(AggregateCall.create(call.getParserPosition(), call.getAggregation(), call.isDistinct(),
                    call.isApproximate(), call.ignoreNulls(), call.rexList, call.getArgList(), call.filterArg,
                    call.distinctKeys, org.apache.calcite.rel.RelCollations.of(order), call.getType(), call.getName()));
        }
        return agg.copy(agg.getTraitSet(), keyed, agg.getGroupSet(), agg.getGroupSets(), calls);
    }

    /**
     * {@code agg} with its text {@code MIN} and {@code MAX} calls computed in code point order; {@code agg} itself
     * when it has none.
     */
    static RelNode extremes(Aggregate agg) {
        List<AggregateCall> calls = new ArrayList<>();
        boolean changed = false;
        for (AggregateCall call : agg.getAggCallList()) {
            SqlKind kind = call.getAggregation().getKind();
            if ((kind == SqlKind.MIN || kind == SqlKind.MAX) && call.getArgList().size() == 1
                    && plainText(call.getType())) {
                calls.add(AggregateCall.create(call.getParserPosition(), kind == SqlKind.MIN ? MIN : MAX, false,
                        call.isApproximate(), false, call.rexList, call.getArgList(), call.filterArg,
                        call.distinctKeys, call.getCollation(), call.getType(), call.getName()));
                changed = true;
            } else {
                calls.add(call);
            }
        }
        return changed ? agg.copy(agg.getTraitSet(), agg.getInput(), agg.getGroupSet(), agg.getGroupSets(), calls)
                : agg;
    }
}

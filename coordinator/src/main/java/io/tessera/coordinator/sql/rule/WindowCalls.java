package io.tessera.coordinator.sql.rule;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Window function calls rewritten or refused before validation, where Calcite's validator differs from PostgreSQL:
 * <ul>
 *   <li>{@code agg(DISTINCT x) OVER w} is 0A000, as PostgreSQL (Calcite answered it);</li>
 *   <li>the functions that ignore the frame ({@code row_number}, {@code rank}, {@code dense_rank},
 *       {@code percent_rank}, {@code cume_dist}, {@code ntile}, {@code lag}, {@code lead}) lose an explicit frame of
 *       their OVER clause (PostgreSQL ignores it; Calcite refused it: "ROW/RANGE not allowed with RANK ...");</li>
 *   <li>{@code rank()}, {@code dense_rank()}, {@code percent_rank()} and {@code cume_dist()} without ORDER BY (every
 *       row a peer: 1, 1, 0, 1 as PostgreSQL; Calcite required an ORDER BY) are {@code min} of that constant over the
 *       same window;</li>
 *   <li>FILTER, below.</li>
 * </ul>
 * An aggregate with FILTER used as a window function ({@code count(*) FILTER (WHERE x > 10) OVER w}), which
 * Calcite's validator refuses ("OVER must be applied to aggregate function"). For an aggregate that skips NULL
 * inputs, FILTER is the same as feeding it NULL for the rows the condition does not accept (PostgreSQL's
 * nodeWindowAgg.c skips those rows; the aggregate skips the NULLs), so the call is rewritten before validation:
 * <pre>
 *   count(*) FILTER (WHERE c) OVER w        ==&gt;  count(CASE WHEN c THEN 1 END) OVER w
 *   sum(x) FILTER (WHERE c) OVER w          ==&gt;  sum(CASE WHEN c THEN x END) OVER w
 *   string_agg(s, ',') FILTER (WHERE c) ... ==&gt;  string_agg(CASE WHEN c THEN s END, ',') ...
 * </pre>
 * A condition that is NULL rejects the row, as FILTER does. {@code array_agg} (and json_agg, made of one) keeps
 * NULLs: its FILTER is {@link #filteredArrayAgg}.
 */
public final class WindowCalls {
    /** The window functions whose result does not depend on the frame (PostgreSQL 15, windowfuncs.c). */
    private static final Set<String> FRAMELESS = Set.of("row_number", "rank", "dense_rank", "percent_rank",
            "cume_dist", "ntile", "lag", "lead");

    /** The aggregates whose result ignores NULL inputs (their first argument). */
    private static final Set<String> NULL_SKIPPING = Set.of("count", "sum", "avg", "min", "max", "bool_and",
            "bool_or", "every", "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop",
            "string_agg", "bit_and", "bit_or");

    /** Aggregates that keep NULL inputs: with {@link #NULL_SKIPPING}, the names {@link #refuseNested} knows. */
    private static final Set<String> NULL_KEEPING = Set.of("array_agg", "json_agg", "jsonb_agg", "json_object_agg",
            "jsonb_object_agg", "bit_xor");

    private WindowCalls() {
    }

    /**
     * Fails as PostgreSQL's parse_agg.c for a window function call inside the arguments of another one ({@code
     * sum(row_number() OVER ()) OVER ()}) or of an aggregate ({@code sum(sum(x) OVER ())}); Calcite's validator
     * said "Aggregate expressions cannot be nested" (42000) for both. Sub-queries in the arguments are their own
     * query level and are not looked into. Called on each call before its operands (pre-order), so an aggregate
     * reached here with a window call inside is not the function of an OVER.
     *
     * @throws TesseraException 42P20 {@code window function calls cannot be nested}, or 42803 {@code aggregate
     *     function calls cannot contain window function calls}
     */
    private static void refuseNested(SqlCall call) {
        if (call.getKind() == SqlKind.OVER && call.operand(0) instanceof SqlCall function) {
            if (containsOver(function)) {
                throw new TesseraException(SqlState.WINDOWING_ERROR, "window function calls cannot be nested");
            }
            return;
        }
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        if ((NULL_SKIPPING.contains(name) || NULL_KEEPING.contains(name)) && containsOver(call)) {
            throw new TesseraException(SqlState.GROUPING_ERROR,
                    "aggregate function calls cannot contain window function calls");
        }
    }

    /** Whether one of {@code call}'s operands, at its query level, is or contains an OVER call. */
    private static boolean containsOver(SqlCall call) {
        for (SqlNode op : call.getOperandList()) {
            if (isOrContainsOver(op)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOrContainsOver(SqlNode node) {
        if (node instanceof SqlNodeList list) {
            for (SqlNode n : list) {
                if (isOrContainsOver(n)) {
                    return true;
                }
            }
            return false;
        }
        if (!(node instanceof SqlCall c) || c instanceof org.apache.calcite.sql.SqlSelect
                || c.getKind() == SqlKind.UNION || c.getKind() == SqlKind.INTERSECT || c.getKind() == SqlKind.EXCEPT
                || c.getKind() == SqlKind.WITH || c.getKind() == SqlKind.ORDER_BY) {
            return false; // a sub-query is a query level of its own
        }
        return c.getKind() == SqlKind.OVER || containsOver(c);
    }

    /**
     * Rewrites {@code call} in place when it is {@code agg(...) FILTER (WHERE c) OVER w} of an aggregate that skips
     * NULLs, as above; leaves every other call alone.
     *
     * @throws TesseraException 0A000 for {@code agg(DISTINCT ...) OVER w} and {@code agg(x ORDER BY y) OVER w}, as
     *     PostgreSQL; see {@link #refuseNested}
     */
    public static void rewrite(SqlCall call) {
        refuseNested(call);
        if (call.getKind() == SqlKind.OVER && call.operand(0) instanceof SqlCall function
                && (function.getKind() == SqlKind.FILTER ? function.operand(0) : function) instanceof SqlCall agg
                && agg.getFunctionQuantifier() != null
                && "DISTINCT".equalsIgnoreCase(agg.getFunctionQuantifier().toValue())) {
            // PostgreSQL's parse_func.c; Calcite answered count(DISTINCT x) OVER ()
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "DISTINCT is not implemented for window functions");
        }
        if (call.getKind() == SqlKind.OVER && call.operand(0) instanceof SqlCall function
                && (function.getKind() == SqlKind.FILTER ? function.operand(0) : function) instanceof SqlCall agg
                && agg.operandCount() > 0 && agg.operand(agg.operandCount() - 1) instanceof SqlNodeList) {
            // array_agg(x ORDER BY y) OVER w: PostgreSQL's parse_func.c (Calcite's "while converting ...")
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "aggregate ORDER BY is not implemented for window functions");
        }
        if (call.getKind() == SqlKind.OVER && call.operand(0) instanceof SqlCall function
                && call.operand(1) instanceof org.apache.calcite.sql.SqlWindow window && window.getLowerBound() != null
                && FRAMELESS.contains(function.getOperator().getName().toLowerCase(Locale.ROOT))) {
            window.setLowerBound(null);
            window.setUpperBound(null);
            window.setRows(SqlLiteral.createBoolean(false, window.getParserPosition()));
        }
        if (call.getKind() == SqlKind.OVER && call instanceof SqlBasicCall over
                && call.operand(0) instanceof SqlCall function && function.operandCount() == 0
                && call.operand(1) instanceof org.apache.calcite.sql.SqlWindow window && window.getRefName() == null
                && window.getOrderList().isEmpty()) {
            // without ORDER BY every row of a partition is a peer of every other: rank 1, percent_rank 0, ...
            SqlParserPos pos = function.getParserPosition();
            String constant = switch (function.getOperator().getName().toLowerCase(Locale.ROOT)) {
                case "rank", "dense_rank" -> "BIGINT 1";
                case "percent_rank" -> "DOUBLE 0";
                case "cume_dist" -> "DOUBLE 1";
                default -> null;
            };
            if (constant != null) {
                String[] typeAndValue = constant.split(" ");
                over.setOperand(0, org.apache.calcite.sql.fun.SqlStdOperatorTable.MIN.createCall(pos,
                        org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos,
                                SqlLiteral.createExactNumeric(typeAndValue[1], pos),
                                new org.apache.calcite.sql.SqlDataTypeSpec(new org.apache.calcite.sql
                                        .SqlBasicTypeNameSpec(org.apache.calcite.sql.type.SqlTypeName
                                        .valueOf(typeAndValue[0]), pos), pos))));
                return;
            }
        }
        if (call.getKind() == SqlKind.OVER && call instanceof SqlBasicCall over
                && call.operand(0) instanceof SqlCall filter && filter.getKind() == SqlKind.FILTER
                && filter.operand(0) instanceof SqlBasicCall agg && agg.getFunctionQuantifier() == null
                && agg.operandCount() == 1 && agg.getOperator().getName().equalsIgnoreCase("array_agg")) {
            SqlCall filtered = filteredArrayAgg(over);
            over.setOperator(filtered.getOperator()); // in place: the select item keeps its name
            over.setOperand(0, filtered.operand(0));
            over.setOperand(1, filtered.operand(1));
            return;
        }
        if (call.getKind() != SqlKind.OVER || !(call instanceof SqlBasicCall over)
                || !(call.operand(0) instanceof SqlCall filter) || filter.getKind() != SqlKind.FILTER
                || !(filter.operand(0) instanceof SqlBasicCall agg) || agg.getFunctionQuantifier() != null
                || agg.operandCount() == 0
                || !NULL_SKIPPING.contains(agg.getOperator().getName().toLowerCase(Locale.ROOT))) {
            return;
        }
        SqlParserPos pos = filter.getParserPosition();
        SqlNode first = agg.operand(0);
        if (first instanceof SqlIdentifier id && id.isStar()) { // count(*)
            first = SqlLiteral.createExactNumeric("1", pos);
        }
        SqlNode kept = new SqlCase(pos, null, SqlNodeList.of(filter.operand(1)), SqlNodeList.of(first),
                SqlLiteral.createNull(pos));
        List<SqlNode> operands = new ArrayList<>(agg.getOperandList());
        operands.set(0, kept);
        over.setOperand(0, agg.getOperator().createCall(agg.getFunctionQuantifier(), agg.getParserPosition(),
                operands));
    }

    /**
     * {@code agg(x) FILTER (WHERE c) OVER w} of an aggregate that keeps NULLs ({@code array_agg}, and the
     * {@code array_agg} of json values json_agg is made of) as the frame's values whose condition holds, each
     * window over the same frame, so their arrays line up row for row:
     * <pre>
     *   array_agg(x) FILTER (WHERE c) OVER w  ==&gt;  tessera_array_filter(array_agg(x) OVER w, array_agg(c) OVER w)
     * </pre>
     *
     * @param over the OVER call, its first operand the FILTER call
     */
    public static SqlCall filteredArrayAgg(SqlCall over) {
        SqlCall filter = over.operand(0);
        SqlCall agg = filter.operand(0);
        SqlNode condition = filter.operand(1);
        SqlNode window = over.operand(1);
        SqlParserPos pos = over.getParserPosition();
        SqlNode values = org.apache.calcite.sql.fun.SqlStdOperatorTable.OVER.createCall(pos, agg, window);
        SqlNode conditions = org.apache.calcite.sql.fun.SqlStdOperatorTable.OVER.createCall(pos,
                agg.getOperator().createCall(null, pos, condition), copy(window, pos));
        return io.tessera.coordinator.sql.functions.ArrayFunctions.FILTER.createCall(pos, values, conditions);
    }

    /** A window specification of its own for a second OVER (a window's name as it is). */
    private static SqlNode copy(SqlNode window, SqlParserPos pos) {
        if (!(window instanceof org.apache.calcite.sql.SqlWindow w)) {
            return window.clone(pos);
        }
        return org.apache.calcite.sql.SqlWindow.create(null, w.getRefName(), w.getPartitionList().clone(pos),
                w.getOrderList().clone(pos), SqlLiteral.createBoolean(w.isRows(), pos),
                w.getLowerBound() == null ? null : w.getLowerBound().clone(pos),
                w.getUpperBound() == null ? null : w.getUpperBound().clone(pos),
                SqlLiteral.createBoolean(w.isAllowPartial(), pos), w.getExclude(), pos);
    }
}

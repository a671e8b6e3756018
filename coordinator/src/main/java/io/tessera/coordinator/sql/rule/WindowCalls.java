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
 * A condition that is NULL rejects the row, as FILTER does. Aggregates that keep NULLs ({@code array_agg},
 * {@code json_agg}, ...) are left as they are (still refused).
 */
public final class WindowCalls {
    /** The window functions whose result does not depend on the frame (PostgreSQL 15, windowfuncs.c). */
    private static final Set<String> FRAMELESS = Set.of("row_number", "rank", "dense_rank", "percent_rank",
            "cume_dist", "ntile", "lag", "lead");

    /** The aggregates whose result ignores NULL inputs (their first argument). */
    private static final Set<String> NULL_SKIPPING = Set.of("count", "sum", "avg", "min", "max", "bool_and",
            "bool_or", "every", "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop",
            "string_agg", "bit_and", "bit_or");

    private WindowCalls() {
    }

    /**
     * Rewrites {@code call} in place when it is {@code agg(...) FILTER (WHERE c) OVER w} of an aggregate that skips
     * NULLs, as above; leaves every other call alone.
     *
     * @throws TesseraException 0A000 for {@code agg(DISTINCT ...) OVER w}, as PostgreSQL
     */
    public static void rewrite(SqlCall call) {
        if (call.getKind() == SqlKind.OVER && call.operand(0) instanceof SqlCall function
                && (function.getKind() == SqlKind.FILTER ? function.operand(0) : function) instanceof SqlCall agg
                && agg.getFunctionQuantifier() != null
                && "DISTINCT".equalsIgnoreCase(agg.getFunctionQuantifier().toValue())) {
            // PostgreSQL's parse_func.c; Calcite answered count(DISTINCT x) OVER ()
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "DISTINCT is not implemented for window functions");
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
}

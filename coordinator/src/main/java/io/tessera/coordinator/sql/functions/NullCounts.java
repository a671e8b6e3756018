package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql2rel.SqlRexContext;

/**
 * PostgreSQL's {@code num_nulls(VARIADIC "any")} and {@code num_nonnulls(VARIADIC "any")}: how many of the
 * arguments, of any types, are NULL (are not NULL); an integer, never NULL. A call converts to a sum of
 * {@code CASE WHEN arg IS NULL THEN 1 ELSE 0 END} ({@link #convert}), plain expressions that run wherever their
 * arguments do (on the datanodes too). A row argument counts as one value, NULL only when it is the NULL row.
 * https://www.postgresql.org/docs/15/functions-comparison.html#FUNCTIONS-COMPARISON-FUNC-TABLE
 */
public final class NullCounts {
    /** {@code num_nulls(any, ...)}: the number of NULL arguments. */
    public static final SqlFunction NUM_NULLS = counter("NUM_NULLS");
    /** {@code num_nonnulls(any, ...)}: the number of non-NULL arguments. */
    public static final SqlFunction NUM_NONNULLS = counter("NUM_NONNULLS");

    private NullCounts() {
    }

    private static SqlFunction counter(String name) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, ReturnTypes.INTEGER, InferTypes.VARCHAR_1024,
                OperandTypes.VARIADIC, SqlFunctionCategory.SYSTEM) {
            @Override
            public RelDataType deriveType(org.apache.calcite.sql.validate.SqlValidator validator,
                    org.apache.calcite.sql.validate.SqlValidatorScope scope, SqlCall call) {
                if (call.operandCount() == 0) {
                    // VARIADIC "any" needs one argument at least
                    throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "function "
                            + name.toLowerCase(java.util.Locale.ROOT) + "() does not exist", null, "No function"
                            + " matches the given name and argument types. You might need to add explicit type"
                            + " casts.", 0, null);
                }
                return super.deriveType(validator, scope, call);
            }
        };
    }

    /** {@code num_nulls(a, b)} as {@code CASE WHEN a IS NULL THEN 1 ELSE 0 END + CASE WHEN b IS NULL ...}. */
    static RexNode convert(SqlRexContext cx, SqlCall call) {
        RexBuilder rex = cx.getRexBuilder();
        RelDataType integer = cx.getValidator().getValidatedNodeType(call);
        RexNode one = rex.makeExactLiteral(java.math.BigDecimal.ONE, integer);
        RexNode zero = rex.makeExactLiteral(java.math.BigDecimal.ZERO, integer);
        boolean nulls = call.getOperator() == NUM_NULLS;
        List<RexNode> terms = new ArrayList<>();
        for (int i = 0; i < call.operandCount(); i++) {
            RexNode arg = cx.convertExpression(call.operand(i));
            RexNode isNull = rex.makeCall(SqlStdOperatorTable.IS_NULL, arg);
            terms.add(rex.makeCall(SqlStdOperatorTable.CASE, isNull, nulls ? one : zero, nulls ? zero : one));
        }
        RexNode sum = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            sum = rex.makeCall(integer, SqlStdOperatorTable.PLUS, List.of(sum, terms.get(i)));
        }
        return sum;
    }
}

package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * The argument types PostgreSQL has the built-in aggregates for, checked before Calcite types the call: Calcite's
 * MIN and MAX take any comparable type and its SUM and AVG coerce a string to a number, where PostgreSQL has no
 * {@code max(boolean)}, {@code min(json)}, {@code sum(text)} or {@code avg(date)} and says 42883
 * {@code function max(boolean) does not exist}. A string or NULL literal (PostgreSQL's unknown) given to sum, avg,
 * the standard deviations or variances matches several of their numeric forms: 42725
 * {@code function sum(unknown) is not unique}; min and max read it as text.
 *
 * <p>PostgreSQL 15's forms (pg_aggregate): min/max of the numbers, money, strings, dates, times, timestamps,
 * intervals, arrays, enums, inet, oid, tid, pg_lsn and xid8 — not of boolean, bytea, bit strings, json, jsonb, uuid or
 * records; sum of the numbers, money and interval; avg of the numbers and interval; stddev and variance of the
 * numbers. A time argument of sum and avg is an interval (time casts to interval implicitly).
 */
final class AggregateArguments {
    private static final Set<String> EXTREMES = Set.of("max", "min");
    private static final Set<String> SUMS = Set.of("sum", "avg");
    private static final Set<String> SPREADS = Set.of("stddev", "stddev_pop", "stddev_samp", "variance", "var_pop",
            "var_samp");

    private AggregateArguments() {
    }

    /**
     * Checks the argument of {@code call} when it is one of the aggregates above.
     *
     * @throws TesseraException 42883 for an argument type the aggregate has no form for, 42725 for an unknown
     *     literal of sum, avg, stddev or variance
     */
    static void check(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        if (call.operandCount() != 1 || !(call.getOperator() instanceof org.apache.calcite.sql.SqlAggFunction)) {
            return;
        }
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        boolean extreme = EXTREMES.contains(name);
        boolean sum = SUMS.contains(name);
        if (!extreme && !sum && !SPREADS.contains(name)) {
            return;
        }
        SqlNode operand = call.operand(0);
        if (operand instanceof org.apache.calcite.sql.SqlDynamicParam) {
            return;
        }
        if (operand instanceof SqlCharStringLiteral || SqlUtil.isNullLiteral(operand, false)) {
            if (!extreme) {
                throw new TesseraException(SqlState.AMBIGUOUS_FUNCTION, "function " + name + "(unknown) is not unique",
                        null, "Could not choose a best candidate function. You might need to add explicit type casts.",
                        0, null);
            }
            // max('a'), min(NULL): the text forms (Calcite could not implement MAX of a CHAR literal)
            org.apache.calcite.sql.parser.SqlParserPos pos = operand.getParserPosition();
            call.setOperand(0, org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, operand,
                    new org.apache.calcite.sql.SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(
                            SqlTypeName.VARCHAR, pos), pos)));
            return;
        }
        RelDataType type = validator.deriveType(scope, operand);
        PgType json = io.tessera.coordinator.sql.functions.JsonFunctions.kind(operand, scope);
        boolean allowed;
        if (json == PgType.JSON || json == PgType.JSONB) {
            allowed = false;
        } else if (extreme) {
            SqlTypeName t = type.getSqlTypeName();
            allowed = t != SqlTypeName.BOOLEAN && t != SqlTypeName.UUID && t != SqlTypeName.ROW
                    && !SqlTypeUtil.isBinary(type) && !io.tessera.sql.parser.ddl.BitStringType.is(type);
        } else {
            allowed = SqlTypeUtil.isNumeric(type) || type.getSqlTypeName() == SqlTypeName.NULL
                    || sum && (io.tessera.coordinator.sql.functions.IntervalFunctions.isInterval(type)
                            || io.tessera.coordinator.sql.functions.IntervalFunctions.isTime(type)
                            || SqlTypeUtil.isInterval(type));
        }
        if (!allowed) {
            String typeName = json != null ? json.sqlName() : EnumExpressions.typeName(type);
            throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "function " + name + "(" + typeName
                    + ") does not exist", null, "No function matches the given name and argument types. You might"
                    + " need to add explicit type casts.", 0, null);
        }
    }
}

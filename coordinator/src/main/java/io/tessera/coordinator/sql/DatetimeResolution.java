package io.tessera.coordinator.sql;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * PostgreSQL's resolution of a date beside a timestamp or a timestamptz where Calcite finds no operator: the date
 * converts implicitly to either timestamp, and a timestamp to timestamptz ({@code select_common_type}, the datetime
 * category's preferred type being timestamptz). Each method looks at one call while {@link TesseraValidator}
 * derives its type and casts the operands that are not of the common type to it, in place:
 * <ul>
 *   <li>{@code greatest(...)}, {@code least(...)}: every argument, string literals (PostgreSQL's unknown) too —
 *       Calcite wants one type ("Parameters must be of the same type");</li>
 *   <li>{@code x BETWEEN a AND b}: every operand (the session's zone is UTC, so comparing a timestamp with a
 *       timestamptz as timestamptz is PostgreSQL's {@code timestamp_cmp_timestamptz});</li>
 *   <li>{@code nullif(date, '...')} (or a timestamp): the string literal (Calcite compared a date with a char);
 *       of two types, the convertlet compares in the common one and keeps the first's;</li>
 *   <li>{@code date - timestamp}, {@code timestamp - date} (and timestamptz): the date, so that the difference is
 *       the interval of two timestamps.</li>
 * </ul>
 * {@code coalesce}, {@code CASE}, {@code UNION} and {@code VALUES} take the common type from
 * {@link PgJavaTypeFactory}'s {@code leastRestrictive}; comparisons and {@code IN} from Calcite's coercion.
 */
final class DatetimeResolution {
    private static final EnumSet<SqlTypeName> DATETIMES = EnumSet.of(SqlTypeName.DATE, SqlTypeName.TIMESTAMP,
            SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

    private DatetimeResolution() {
    }

    /** Applies the rules above to {@code call}. */
    static void resolve(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        boolean greatest = call.getKind() == SqlKind.GREATEST || call.getKind() == SqlKind.LEAST
                || name.equals("greatest") || name.equals("least");
        boolean between = call.getKind() == SqlKind.BETWEEN && call.operandCount() == 3;
        boolean minus = call.getKind() == SqlKind.MINUS && call.operandCount() == 2;
        boolean nullif = call.getKind() == SqlKind.NULLIF && call.operandCount() == 2;
        if (!greatest && !between && !minus && !nullif) {
            return;
        }
        List<RelDataType> types = new ArrayList<>();
        EnumSet<SqlTypeName> kinds = EnumSet.noneOf(SqlTypeName.class);
        for (SqlNode operand : call.getOperandList()) {
            if (operand == null || operand instanceof SqlDynamicParam) {
                return;
            }
            RelDataType t = validator.deriveType(scope, operand);
            types.add(t);
            if (operand instanceof SqlCharStringLiteral || t.getSqlTypeName() == SqlTypeName.NULL) {
                continue;
            }
            if (!DATETIMES.contains(t.getSqlTypeName())) {
                if (greatest && !kinds.isEmpty() && SqlTypeUtil.isNumeric(t)) {
                    // PostgreSQL's select_common_type: greatest(d, 1) has no common type
                    throw new io.tessera.common.error.TesseraException(
                            io.tessera.common.error.SqlState.DATATYPE_MISMATCH,
                            call.getOperator().getName().toUpperCase(Locale.ROOT) + " types "
                                    + EnumExpressions.typeName(types.get(0)) + " and " + EnumExpressions.typeName(t)
                                    + " cannot be matched", null, null, 0, null);
                }
                return;
            }
            kinds.add(t.getSqlTypeName());
        }
        if (kinds.isEmpty() || (kinds.size() < 2 && !((greatest || nullif) && types.size() > 1))
                || (nullif && kinds.size() > 1)) {
            return;
        }
        if (minus && !kinds.contains(SqlTypeName.DATE)) {
            return;
        }
        RelDataTypeFactory factory = validator.getTypeFactory();
        List<RelDataType> typed = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            if (!(call.operand(i) instanceof SqlCharStringLiteral)) {
                typed.add(types.get(i));
            }
        }
        RelDataType common = factory.leastRestrictive(typed);
        if (common == null) {
            return;
        }
        for (int i = 0; i < call.operandCount(); i++) {
            SqlNode operand = call.operand(i);
            RelDataType t = types.get(i);
            boolean literal = operand instanceof SqlCharStringLiteral;
            if (t.getSqlTypeName() == common.getSqlTypeName() && !literal
                    || t.getSqlTypeName() == SqlTypeName.NULL) {
                continue;
            }
            RelDataType to = factory.createTypeWithNullability(common, t.isNullable());
            SqlNode cast = SqlStdOperatorTable.CAST.createCall(operand.getParserPosition(), operand,
                    SqlTypeUtil.convertTypeToSpec(to).withNullable(to.isNullable()));
            call.setOperand(i, cast);
            validator.deriveType(scope, cast);
        }
    }
}

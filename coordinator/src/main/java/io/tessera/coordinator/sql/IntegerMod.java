package io.tessera.coordinator.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code a % b} and {@code mod(a, b)} typed as PostgreSQL types them: of integers, the wider operand's type
 * ({@code int4 % int8} is PostgreSQL's int48mod and returns bigint, {@code int8 % int2} int82mod, bigint too).
 * Calcite's {@code %} and MOD take the second operand's type; the validator swaps them for these operators, which
 * keep Calcite's typing for everything but two integers of different widths.
 */
final class IntegerMod {
    private static final SqlReturnTypeInference WIDER = binding -> {
        RelDataType a = binding.getOperandType(0);
        RelDataType b = binding.getOperandType(1);
        SqlTypeName x = a.getSqlTypeName();
        SqlTypeName y = b.getSqlTypeName();
        if (!SqlTypeName.INT_TYPES.contains(x) || !SqlTypeName.INT_TYPES.contains(y) || x == y) {
            return ReturnTypes.NULLABLE_MOD.inferReturnType(binding);
        }
        RelDataType wider = SqlTypeName.INT_TYPES.indexOf(x) > SqlTypeName.INT_TYPES.indexOf(y) ? a : b;
        return binding.getTypeFactory().createTypeWithNullability(wider, a.isNullable() || b.isNullable());
    };

    /**
     * {@code %}, as Calcite's PERCENT_REMAINDER but typed {@link #WIDER}. A class of its own: operators are equal by
     * class, name and kind, and an equal one would get the convertlet that aliases PERCENT_REMAINDER to MOD, which
     * refuses any other operator instance.
     */
    static final SqlBinaryOperator PERCENT = new SqlBinaryOperator("%", SqlKind.MOD, 60, true, WIDER, null,
            SqlStdOperatorTable.PERCENT_REMAINDER.getOperandTypeChecker()) {
    };

    /** {@code mod(a, b)}, as Calcite's MOD but typed {@link #WIDER}. */
    static final SqlFunction MOD = new SqlFunction("MOD", SqlKind.MOD, WIDER, null,
            SqlStdOperatorTable.MOD.getOperandTypeChecker(), SqlFunctionCategory.NUMERIC);

    private IntegerMod() {
    }

    /** Swaps Calcite's {@code %} or MOD in {@code call} for the one typed as PostgreSQL; other calls stay. */
    static void retype(SqlBasicCall call) {
        SqlOperator op = call.getOperator();
        if (op == SqlStdOperatorTable.PERCENT_REMAINDER) {
            call.setOperator(PERCENT);
        } else if (op == SqlStdOperatorTable.MOD) {
            call.setOperator(MOD);
        }
    }
}

package io.tessera.coordinator.sql.functions;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlLeadLagAggFunction;
import org.apache.calcite.sql.fun.SqlNtileAggFunction;
import org.apache.calcite.sql.type.SqlOperandTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's typing of the window functions whose Calcite definitions differ (PostgreSQL 15, {@code pg_proc} and
 * {@code windowfuncs.c}); they keep Calcite's kinds, so its window machinery and {@code WindowFunctionRewrites}
 * treat them as before:
 * <ul>
 *   <li>{@code ntile(integer)} is {@code integer} (Calcite: bigint) and takes any integer expression, a NULL or a
 *       negative one too (Calcite wanted a positive literal): NULL gives NULL, a value below 1 is 22014 at run time
 *       ({@code PgRuntime.ntile}).</li>
 *   <li>{@code lag(x, n, d)} and {@code lead(x, n, d)} are nullable when {@code x} or {@code d} is (Calcite typed
 *       them by the default alone, so a NULL {@code x} failed with "Cannot convert null to int").</li>
 * </ul>
 */
public final class WindowFunctions {
    /** PostgreSQL's {@code ntile}. */
    public static final SqlAggFunction NTILE = new SqlNtileAggFunction() {
        @Override
        public RelDataType inferReturnType(SqlOperatorBinding binding) {
            RelDataTypeFactory types = binding.getTypeFactory();
            return types.createTypeWithNullability(types.createSqlType(SqlTypeName.INTEGER),
                    binding.getOperandType(0).isNullable());
        }

        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            SqlTypeName type = binding.getOperandType(0).getSqlTypeName();
            if (SqlTypeName.INT_TYPES.contains(type) || type == SqlTypeName.NULL) {
                return true;
            }
            if (throwOnFailure) {
                throw binding.newValidationSignatureError();
            }
            return false;
        }

        @Override
        public SqlOperandTypeInference getOperandTypeInference() {
            // ntile(NULL): the NULL is an integer
            return (binding, returnType, operandTypes) -> operandTypes[0] =
                    binding.getTypeFactory().createTypeWithNullability(
                            binding.getTypeFactory().createSqlType(SqlTypeName.INTEGER), true);
        }
    };

    /** PostgreSQL's {@code lag}. */
    public static final SqlAggFunction LAG = leadLag(SqlKind.LAG);
    /** PostgreSQL's {@code lead}. */
    public static final SqlAggFunction LEAD = leadLag(SqlKind.LEAD);

    private WindowFunctions() {
    }

    private static SqlAggFunction leadLag(SqlKind kind) {
        return new SqlLeadLagAggFunction(kind) {
            @Override
            public RelDataType inferReturnType(SqlOperatorBinding binding) {
                RelDataType type = super.inferReturnType(binding);
                boolean nullable = type.isNullable() || binding.getOperandType(0).isNullable()
                        || binding.getOperandCount() > 1 && binding.getOperandType(1).isNullable();
                return binding.getTypeFactory().createTypeWithNullability(type, nullable);
            }
        };
    }
}

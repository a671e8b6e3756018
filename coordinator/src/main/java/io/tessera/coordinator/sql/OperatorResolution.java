package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.pgcatalog.CatalogSyntax;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * PostgreSQL's operator and aggregate resolution where Calcite's picks another operator or type: each method looks at
 * one call while {@link TesseraValidator} derives its type, and either rewrites its operands in place, throws
 * PostgreSQL's error, or leaves it alone. Operand types are derived through the validator, so that Tessera's own
 * resolution applies to them too.
 */
final class OperatorResolution {
    private OperatorResolution() {
    }

    /** Applies each rule below to {@code call}. */
    static void resolve(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        minMaxOfRegtypeAsOid(validator, scope, call);
        oidArithmetic(validator, scope, call);
        realArithmetic(validator, scope, call);
        AdvisoryLockArguments.check(validator, scope, call);
        integerModWidening(validator, scope, call);
        arrayConcatenation(validator, scope, call);
    }

    /**
     * {@code a || b} with an array-typed operand (an array column, {@code '{1}'::int[]}) is PostgreSQL's
     * {@code array_cat}, {@code array_append} or {@code array_prepend}, typed as the array
     * ({@code ArrayFunctions.concatenation}); {@code CatalogSyntax} makes {@code ||} beside an array constructor
     * {@code array_cat} before validation.
     */
    static void arrayConcatenation(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        if (call.getOperator() != SqlStdOperatorTable.CONCAT || call.operandCount() != 2
                || call.operand(0) instanceof org.apache.calcite.sql.SqlDynamicParam
                || call.operand(1) instanceof org.apache.calcite.sql.SqlDynamicParam) {
            return;
        }
        org.apache.calcite.sql.SqlOperator f = io.tessera.coordinator.sql.functions.ArrayFunctions.concatenation(
                validator.deriveType(scope, call.operand(0)), validator.deriveType(scope, call.operand(1)));
        if (f != null) {
            call.setOperator(f);
        }
    }

    /**
     * {@code a % b} and {@code mod(a, b)} of integers of two widths are PostgreSQL's {@code int8mod} or
     * {@code int4mod} of the wider one ({@code int8 % int4} is bigint, {@code int2 % int4} integer), where Calcite
     * types the call as {@code b}: the narrower operand is cast to the wider type.
     */
    static void integerModWidening(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        if (call.getKind() != SqlKind.MOD || call.operandCount() != 2
                || call.operand(0) instanceof org.apache.calcite.sql.SqlDynamicParam
                || call.operand(1) instanceof org.apache.calcite.sql.SqlDynamicParam) {
            return;
        }
        RelDataType[] types = {validator.deriveType(scope, call.operand(0)),
                validator.deriveType(scope, call.operand(1))};
        int[] rank = new int[2];
        for (int i = 0; i < 2; i++) {
            rank[i] = SqlTypeName.INT_TYPES.indexOf(types[i].getSqlTypeName());
            if (rank[i] < 0) {
                return;
            }
        }
        if (rank[0] == rank[1]) {
            return;
        }
        int narrow = rank[0] < rank[1] ? 0 : 1;
        RelDataTypeFactory typeFactory = validator.getTypeFactory();
        RelDataType to = typeFactory.createTypeWithNullability(
                typeFactory.createSqlType(types[1 - narrow].getSqlTypeName()), types[narrow].isNullable());
        SqlNode cast = SqlStdOperatorTable.CAST.createCall(call.operand(narrow).getParserPosition(),
                call.operand(narrow), SqlTypeUtil.convertTypeToSpec(to).withNullable(to.isNullable()));
        call.setOperand(narrow, cast);
        validator.deriveType(scope, cast);
    }

    private static boolean isArithmetic(SqlKind kind) {
        return kind == SqlKind.PLUS || kind == SqlKind.MINUS || kind == SqlKind.TIMES || kind == SqlKind.DIVIDE;
    }

    /**
     * Arithmetic on a cast to {@code oid} is 42883, as in PostgreSQL, which has no arithmetic operators for oid
     * ({@code 23::oid + 1}: {@code operator does not exist: oid + integer}); the engine computes oids as int4 and
     * would add.
     *
     * @throws TesseraException 42883 for such a call
     */
    static void oidArithmetic(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        if (call.operandCount() != 2 || !(isArithmetic(call.getKind()) || call.getKind() == SqlKind.MOD)) {
            return;
        }
        Class<CatalogSyntax.OidSpec> oid = CatalogSyntax.OidSpec.class;
        if (!ClientTypes.isCast(call.operand(0), oid) && !ClientTypes.isCast(call.operand(1), oid)) {
            return;
        }
        String[] names = new String[2];
        for (int i = 0; i < 2; i++) {
            names[i] = ClientTypes.isCast(call.operand(i), oid) ? "oid"
                    : EnumExpressions.typeName(validator.deriveType(scope, call.operand(i)));
        }
        throw new TesseraException(SqlState.UNDEFINED_FUNCTION,
                "operator does not exist: " + names[0] + " " + call.getOperator().getName() + " " + names[1], null,
                "No operator matches the given name and argument types. You might need to add explicit type casts.",
                0, null);
    }

    /**
     * PostgreSQL's operator resolution for {@code real} beside an integer or a numeric: there is no such
     * {@code float4} operator, and {@code float8} is the numeric category's preferred type, so {@code
     * 1.1::float4 + 1} is {@code float48pl} — double precision, 2.100000023841858 — where Calcite's least
     * restrictive type computed it in {@code real}; {@code 1.1::float4 = 1.1} is {@code float48eq}, false. Both
     * operands of {@code + - * /} and of a comparison are cast to double precision.
     */
    static void realArithmetic(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        SqlKind kind = call.getKind();
        if (kind == SqlKind.BETWEEN) {
            realBetween(validator, scope, call);
            return;
        }
        if (call.operandCount() != 2 || !(isArithmetic(kind) || kind.belongsTo(SqlKind.BINARY_COMPARISON))) {
            return;
        }
        RelDataType[] types = {validator.deriveType(scope, call.operand(0)),
                validator.deriveType(scope, call.operand(1))};
        if (!PgTypeCoercion.realBesideExact(types[0], types[1])) {
            return;
        }
        for (int i = 0; i < 2; i++) {
            castToDouble(validator, scope, call, i, types[i]);
        }
    }

    /**
     * {@code x BETWEEN a AND b} is {@code x >= a AND x <= b} in PostgreSQL, each resolved as above: when a {@code
     * real} is among the operands with an integer or a numeric, every numeric operand is compared in double
     * precision ({@code 0.3::float4 between 0.1 and 0.3} is false, 0.30000001192092896 being above 0.3).
     */
    private static void realBetween(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        RelDataType[] types = new RelDataType[call.operandCount()];
        boolean real = false;
        boolean exact = false;
        for (int i = 0; i < types.length; i++) {
            types[i] = validator.deriveType(scope, call.operand(i));
            real |= types[i].getSqlTypeName() == SqlTypeName.REAL || types[i].getSqlTypeName() == SqlTypeName.FLOAT;
            exact |= SqlTypeUtil.isExactNumeric(types[i]);
        }
        if (!real || !exact) {
            return;
        }
        for (int i = 0; i < types.length; i++) {
            if (SqlTypeUtil.isNumeric(types[i]) && types[i].getSqlTypeName() != SqlTypeName.DOUBLE) {
                castToDouble(validator, scope, call, i, types[i]);
            }
        }
    }

    private static void castToDouble(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call, int i,
            RelDataType type) {
        RelDataTypeFactory typeFactory = validator.getTypeFactory();
        RelDataType to = typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.DOUBLE),
                type.isNullable());
        SqlNode cast = SqlStdOperatorTable.CAST.createCall(call.operand(i).getParserPosition(), call.operand(i),
                SqlTypeUtil.convertTypeToSpec(to).withNullable(to.isNullable()));
        call.setOperand(i, cast);
        validator.deriveType(scope, cast);
    }

    /**
     * {@code min} and {@code max} of a regtype are those of its OID, as in PostgreSQL, which has no such aggregates
     * for regtype and takes {@code min(oid)}/{@code max(oid)} through regtype's implicit cast to oid:
     * {@code max(pg_typeof(1))} is {@code 23}, not {@code integer}. The argument is cast to oid (its number).
     */
    static void minMaxOfRegtypeAsOid(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        SqlKind kind = call.getKind();
        if ((kind == SqlKind.MIN || kind == SqlKind.MAX) && call.operandCount() == 1
                && RegtypeValues.is(validator.deriveType(scope, call.operand(0)))) {
            SqlParserPos pos = call.operand(0).getParserPosition();
            call.setOperand(0, SqlStdOperatorTable.CAST.createCall(pos, call.operand(0),
                    new CatalogSyntax.OidSpec(pos)));
        }
    }
}

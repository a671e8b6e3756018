package io.tessera.coordinator.sql.functions;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/**
 * Functions of the uuid, time and interval types that Calcite lacks:
 * {@code gen_random_uuid()} (https://www.postgresql.org/docs/15/functions-uuid.html), a random version 4 uuid.
 *
 * <p>{@code gen_random_uuid()} is volatile: never folded while planning, evaluated once per row, and two calls in
 * one statement are two values ({@code gen_random_uuid() = gen_random_uuid()} is false), so every lookup makes its
 * own instance, equal only to itself. It is evaluated on the coordinator (never pushed to datanodes).
 */
public final class TypeFunctions implements SqlOperatorTable {
    /** The operator table. */
    public static final TypeFunctions TABLE = new TypeFunctions();

    private TypeFunctions() {
    }

    private static SqlOperator genRandomUuid() {
        java.lang.reflect.Method m;
        try {
            m = PgRuntime.class.getMethod("genRandomUuid");
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        return new PerCallFunction(new SqlIdentifier("gen_random_uuid", SqlParserPos.ZERO),
                SqlKind.OTHER_FUNCTION, ReturnTypes.explicit(SqlTypeName.UUID), null,
                OperandTypes.operandMetadata(List.of(), tf -> List.of(), i -> "arg" + i, i -> false),
                ScalarFunctionImpl.create(m), org.apache.calcite.sql.SqlSyntax.FUNCTION, false);
    }

    /**
     * {@code enum_first(anyenum)} and {@code enum_last(anyenum)} (PostgreSQL's enum.c): the first and last label of
     * the argument's enum type, whatever its value (usually {@code null::mood}). Typed here, replaced by the label's
     * key while converting ({@code EnumValues.convertlet}), so they have no run-time implementation.
     */
    public static final org.apache.calcite.sql.SqlFunction ENUM_FIRST = enumEnd("ENUM_FIRST");
    /** See {@link #ENUM_FIRST}. */
    public static final org.apache.calcite.sql.SqlFunction ENUM_LAST = enumEnd("ENUM_LAST");

    /**
     * {@code enum_range(anyenum)} and {@code enum_range(lower, upper)} (PostgreSQL's enum.c): the labels of the
     * argument's enum type in order, all of them or those from {@code lower} to {@code upper} (a NULL bound leaves
     * that end open; {@code lower} after {@code upper} gives an empty array). Typed here as {@code text[]} (Tessera
     * has no array types of enums: PostgreSQL's is {@code mood[]}, the same text); converted to
     * {@code EnumValues.enumRange} with the type's labels and keys as a constant ({@code EnumValues.convertlet}).
     */
    public static final org.apache.calcite.sql.SqlFunction ENUM_RANGE = new org.apache.calcite.sql.SqlFunction(
            "ENUM_RANGE", SqlKind.OTHER_FUNCTION, TypeFunctions::enumRangeType, null,
            OperandTypes.or(OperandTypes.ANY, OperandTypes.ANY_ANY), SqlFunctionCategory.USER_DEFINED_FUNCTION);

    /** An array of the enum type of enum_range's first operand of one (text[] while none is: an error follows). */
    private static org.apache.calcite.rel.type.RelDataType enumRangeType(
            org.apache.calcite.sql.SqlOperatorBinding binding) {
        org.apache.calcite.rel.type.RelDataTypeFactory f = binding.getTypeFactory();
        org.apache.calcite.rel.type.RelDataType element = f.createSqlType(SqlTypeName.VARCHAR);
        for (int i = binding.getOperandCount() - 1; i >= 0; i--) {
            if (io.tessera.coordinator.sql.EnumValues.of(binding.getOperandType(i)) != null) {
                element = binding.getOperandType(i);
            }
        }
        return f.createArrayType(f.createTypeWithNullability(element, true), -1);
    }

    private static org.apache.calcite.sql.SqlFunction enumEnd(String name) {
        return new org.apache.calcite.sql.SqlFunction(name, SqlKind.OTHER_FUNCTION,
                ReturnTypes.ARG0.andThen(org.apache.calcite.sql.type.SqlTypeTransforms.TO_NOT_NULLABLE), null,
                OperandTypes.ANY, SqlFunctionCategory.USER_DEFINED_FUNCTION);
    }

    @Override
    public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
            List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
        if (!opName.isSimple() || (syntax != SqlSyntax.FUNCTION && syntax != SqlSyntax.FUNCTION_ID)) {
            return;
        }
        if (opName.getSimple().toLowerCase(Locale.ROOT).equals("gen_random_uuid")) {
            operatorList.add(genRandomUuid());
        }
        switch (opName.getSimple().toLowerCase(Locale.ROOT)) {
            case "enum_first" -> operatorList.add(ENUM_FIRST);
            case "enum_last" -> operatorList.add(ENUM_LAST);
            case "enum_range" -> operatorList.add(ENUM_RANGE);
            default -> { }
        }
    }

    @Override
    public List<SqlOperator> getOperatorList() {
        return List.of(genRandomUuid(), ENUM_FIRST, ENUM_LAST, ENUM_RANGE);
    }
}

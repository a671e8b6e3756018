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
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

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
        return new SqlUserDefinedFunction(new SqlIdentifier("gen_random_uuid", SqlParserPos.ZERO),
                SqlKind.OTHER_FUNCTION, ReturnTypes.explicit(SqlTypeName.UUID), null,
                OperandTypes.operandMetadata(List.of(), tf -> List.of(), i -> "arg" + i, i -> false),
                ScalarFunctionImpl.create(m)) {
            @Override
            public boolean isDeterministic() {
                return false;
            }

            @Override
            public boolean equals(Object other) {
                return this == other;
            }

            @Override
            public int hashCode() {
                return System.identityHashCode(this);
            }
        };
    }

    /**
     * {@code enum_first(anyenum)} and {@code enum_last(anyenum)} (PostgreSQL's enum.c): the first and last label of
     * the argument's enum type, whatever its value (usually {@code null::mood}). Typed here, replaced by the label's
     * key while converting ({@code EnumValues.convertlet}), so they have no run-time implementation.
     */
    public static final org.apache.calcite.sql.SqlFunction ENUM_FIRST = enumEnd("ENUM_FIRST");
    /** See {@link #ENUM_FIRST}. */
    public static final org.apache.calcite.sql.SqlFunction ENUM_LAST = enumEnd("ENUM_LAST");

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
            default -> { }
        }
    }

    @Override
    public List<SqlOperator> getOperatorList() {
        return List.of(genRandomUuid(), ENUM_FIRST, ENUM_LAST);
    }
}

package io.tessera.coordinator.sql.functions;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Functions whose PostgreSQL behaviour Calcite's library lacks, implemented by {@link PgRuntime}; looked up before
 * Calcite's (a name here hides Calcite's function of that name):
 * <ul>
 *   <li>{@code left(text, n)}, {@code right(text, n)}: a negative {@code n} drops characters from the other end;</li>
 *   <li>{@code octet_length(text | bytea)}: bytes, UTF-8 for text;</li>
 *   <li>{@code pg_json_in(text)}, {@code pg_jsonb_in(text)}: json/jsonb input (validation, jsonb's normal form),
 *       which {@code PgRewriter} puts inside a cast to json or jsonb;</li>
 *   <li>{@code to_number(text, format)}: {@link io.tessera.executor.expr.NumberInput}.</li>
 * </ul>
 */
public final class PgFunctionTable implements SqlOperatorTable {
    private static final SqlReturnTypeInference TEXT =
            ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE);
    /** PostgreSQL's numeric without a typmod: each value keeps its own scale ({@code PgRexRewriter}). */
    private static final SqlReturnTypeInference NUMERIC = ReturnTypes.explicit(
            f -> f.createSqlType(SqlTypeName.DECIMAL, PgRexRewriter.UNCONSTRAINED, 0))
            .andThen(SqlTypeTransforms.TO_NULLABLE);
    private static final SqlReturnTypeInference INTEGER =
            ReturnTypes.explicit(SqlTypeName.INTEGER).andThen(SqlTypeTransforms.TO_NULLABLE);

    /** pg_json_in(text): validates json input. */
    public static final SqlUserDefinedFunction JSON_IN = function("pg_json_in", "jsonIn", TEXT,
            List.of(SqlTypeFamily.CHARACTER));
    /** pg_jsonb_in(text): validates jsonb input and returns its normal form. */
    public static final SqlUserDefinedFunction JSONB_IN = function("pg_jsonb_in", "jsonbIn", TEXT,
            List.of(SqlTypeFamily.CHARACTER));

    /**
     * pg_typeof(any): its argument's type, a regtype ({@code io.tessera.coordinator.sql.RegtypeValues}), which
     * prints as the type's name ({@code integer}, {@code character varying}, {@code unknown} for a bare string
     * literal). Replaced by that type's OID, a constant, while converting ({@link PgConvertletTable}).
     */
    public static final SqlFunction PG_TYPEOF = new SqlFunction("PG_TYPEOF", SqlKind.OTHER_FUNCTION,
            b -> io.tessera.coordinator.sql.RegtypeValues.relType(b.getTypeFactory(), false), null, OperandTypes.ANY,
            SqlFunctionCategory.SYSTEM);

    /**
     * nullif(a, b) with PostgreSQL's result type. PostgreSQL returns the left operand of the {@code =} it
     * chose, so the type is a's unless that operator needed a promoted to b's type: {@code nullif(1, 2.2)} is numeric,
     * {@code nullif(1::int4, 2::int8)} stays integer (int4 = int8 exists), {@code nullif(1, 2.5::float8)} is double
     * precision. Calcite's NULLIF keeps a's type always and so truncated {@code nullif(-97, avg(..)) / 16} to an
     * integer division. Converted to {@code CASE WHEN a = b THEN NULL ELSE CAST(a AS type) END}
     * ({@link PgConvertletTable}).
     */
    public static final SqlFunction PG_NULLIF = new SqlFunction("NULLIF", SqlKind.NULLIF,
            PgFunctionTable::nullifType, null, OperandTypes.COMPARABLE_UNORDERED_COMPARABLE_UNORDERED,
            SqlFunctionCategory.SYSTEM);

    /** Declared after the functions it holds (static initialisation order). */
    public static final PgFunctionTable INSTANCE = new PgFunctionTable();

    private final Map<String, SqlOperator> functions = withMath(Map.of(
            "left", function("left", "left", TEXT, List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER)),
            "right", function("right", "right", TEXT, List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER)),
            "octet_length", function("octet_length", "octetLength", INTEGER, List.of(SqlTypeFamily.ANY)),
            "pg_json_in", JSON_IN,
            "pg_jsonb_in", JSONB_IN,
            "pg_typeof", PG_TYPEOF,
            "nullif", PG_NULLIF,
            "to_number", function("to_number", "toNumber", NUMERIC,
                    List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER))));

    private PgFunctionTable() {
    }

    private static Map<String, SqlOperator> withMath(Map<String, SqlOperator> functions) {
        Map<String, SqlOperator> all = new java.util.HashMap<>(functions);
        all.putAll(MathFunctions.BY_NAME);
        return Map.copyOf(all);
    }

    private static RelDataType nullifType(org.apache.calcite.sql.SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType a = binding.getOperandType(0);
        RelDataType b = binding.getOperandType(1);
        RelDataType type = a;
        if (a.getSqlTypeName() == SqlTypeName.NULL) {
            type = b; // nullif(NULL, 1): the unknown resolves to b's type
        } else if (!sameOperatorFamily(a, b)) {
            RelDataType common = factory.leastRestrictive(List.of(a, b));
            if (common != null && common.getSqlTypeName() == SqlTypeName.DECIMAL) {
                // a's value promoted to numeric keeps its own scale (nullif(1, 2.2) is 1, not 1.0)
                type = factory.createSqlType(SqlTypeName.DECIMAL, factory.getTypeSystem().getMaxNumericPrecision(),
                        a.getSqlTypeName() == SqlTypeName.DECIMAL ? a.getScale() : 0);
            } else if (common != null) {
                type = common;
            }
        }
        return factory.createTypeWithNullability(type, true);
    }

    /** Whether PostgreSQL has an {@code =} taking a's and b's types as they are (no promotion of a). */
    private static boolean sameOperatorFamily(RelDataType a, RelDataType b) {
        SqlTypeName x = a.getSqlTypeName();
        SqlTypeName y = b.getSqlTypeName();
        return x == y || y == SqlTypeName.NULL
                || (SqlTypeName.INT_TYPES.contains(x) && SqlTypeName.INT_TYPES.contains(y))
                || (SqlTypeName.APPROX_TYPES.contains(x) && SqlTypeName.APPROX_TYPES.contains(y))
                || (SqlTypeName.DATETIME_TYPES.contains(x) && SqlTypeName.DATETIME_TYPES.contains(y));
    }

    private static SqlUserDefinedFunction function(String name, String method, SqlReturnTypeInference returnType,
            List<SqlTypeFamily> operands) {
        Method m = null;
        for (Method candidate : PgRuntime.class.getMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == operands.size()) {
                m = candidate;
            }
        }
        if (m == null) {
            throw new IllegalStateException("PgRuntime has no method " + method);
        }
        return new SqlUserDefinedFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                returnType, null, OperandTypes.operandMetadata(operands, f -> {
                    List<RelDataType> types = new ArrayList<>();
                    for (SqlTypeFamily family : operands) {
                        types.add(f.createSqlType(family == SqlTypeFamily.INTEGER ? SqlTypeName.INTEGER
                                : family == SqlTypeFamily.CHARACTER ? SqlTypeName.VARCHAR : SqlTypeName.ANY));
                    }
                    return types;
                }, i -> "arg" + i, i -> false), ScalarFunctionImpl.create(m));
    }

    @Override
    public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
            List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
        if (!opName.isSimple() || (syntax != SqlSyntax.FUNCTION && syntax != SqlSyntax.FUNCTION_ID)) {
            return;
        }
        SqlOperator op = functions.get(opName.getSimple().toLowerCase(Locale.ROOT));
        if (op != null) {
            operatorList.add(op);
        }
    }

    /** Whether this table defines a function of that name (which then hides Calcite's). */
    public boolean defines(SqlIdentifier opName) {
        return opName.isSimple() && functions.containsKey(opName.getSimple().toLowerCase(Locale.ROOT));
    }

    @Override
    public List<SqlOperator> getOperatorList() {
        return List.copyOf(functions.values());
    }
}

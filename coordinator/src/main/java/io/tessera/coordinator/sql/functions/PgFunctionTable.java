package io.tessera.coordinator.sql.functions;

import io.tessera.coordinator.sql.rule.GroupsFrames;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
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
 *   <li>{@code octet_length(text | bytea)}: bytes, UTF-8 for text; {@code bit_length(text | bytea)}: 8 times as
 *       many;</li>
 *   <li>{@code pg_json_in(text)}, {@code pg_jsonb_in(text)}: json/jsonb input (validation, jsonb's normal form),
 *       which {@code PgRewriter} puts inside a cast to json or jsonb;</li>
 *   <li>{@code to_number(text, format)}: {@link io.tessera.executor.expr.NumberInput};</li>
 *   <li>{@code format(text, any...)}: {@link FormatFunction};</li>
 *   <li>{@code num_nulls(any...)}, {@code num_nonnulls(any...)}: {@link NullCounts};</li>
 *   <li>{@code array_append}, {@code array_prepend}, {@code array_replace}, {@code array_positions},
 *       {@code array_dims}: {@link ArrayFunctions};</li>
 *   <li>string functions ({@link StringRuntime}): translate, split_part, chr, repeat, lpad/rpad, ltrim/rtrim/btrim
 *       with a character set, reverse, to_hex, quote_nullable, sha224-sha512 of bytea (a bytea), encode/decode,
 *       convert_to/convert_from, regexp_match, regexp_split_to_array;</li>
 *   <li>the internal aggregates behind {@code percentile_cont}, {@code percentile_disc} and {@code mode()}
 *       ({@link OrderedSetAggregates}).</li>
 *   <li>json and jsonb functions: {@link JsonFunctions}.</li>
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
    private static final SqlReturnTypeInference BYTEA =
            ReturnTypes.explicit(SqlTypeName.VARBINARY).andThen(SqlTypeTransforms.TO_NULLABLE);
    /** text[]; null for no match ({@code regexp_match}), so always nullable. */
    private static final SqlReturnTypeInference TEXT_ARRAY = b -> b.getTypeFactory().createTypeWithNullability(
            b.getTypeFactory().createArrayType(b.getTypeFactory().createTypeWithNullability(
                    b.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), true), -1), true);

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
            PgFunctionTable::nullifType, null, OperandTypes.or(OperandTypes.COMPARABLE_UNORDERED_COMPARABLE_UNORDERED,
                    // a date beside a timestamp(tz): compared in the common type (PgConvertletTable.nullif)
                    OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME)),
            SqlFunctionCategory.SYSTEM);

    /** pg_array_contains(a, b): {@code a @> b} ({@link PgRuntime#arrayContains}); not callable by name. */
    public static final SqlUserDefinedFunction ARRAY_CONTAINS = function("pg_array_contains", "arrayContains",
            ReturnTypes.BOOLEAN_NULLABLE, List.of(SqlTypeFamily.ARRAY, SqlTypeFamily.ARRAY));
    /** pg_array_overlaps(a, b): {@code a && b} ({@link PgRuntime#arrayOverlaps}); not callable by name. */
    public static final SqlUserDefinedFunction ARRAY_OVERLAPS = function("pg_array_overlaps", "arrayOverlaps",
            ReturnTypes.BOOLEAN_NULLABLE, List.of(SqlTypeFamily.ARRAY, SqlTypeFamily.ARRAY));

    /** substring(s from pattern): POSIX regular expression form ({@link StringRuntime#substringRegex}). */
    private static final SqlUserDefinedFunction SUBSTRING_REGEX = function("tessera_substring_regex", StringRuntime.class,
            "substringRegex", TEXT, List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER));
    /** substring(s from pattern for escape): SQL regular expression form ({@link StringRuntime#substringSimilar}). */
    private static final SqlUserDefinedFunction SUBSTRING_SIMILAR = function("tessera_substring_similar",
            StringRuntime.class, "substringSimilar", TEXT,
            List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER));

    /**
     * Before typing {@code call}: a record field's text ({@code io.tessera.coordinator.sql.RecordOutput}) is its
     * operand's output form — a boolean {@code t} or {@code f}, another non-text value its cast to text — and
     * {@code substring(s from pattern)} and {@code substring(s, pattern)} with a text
     * pattern become PostgreSQL's {@code textregexsubstr}, and {@code substring(s from pattern for escape)} with text
     * pattern and escape its SQL-regex form (PostgreSQL resolves a string constant there to text, not to the integer
     * of the positional forms). Changes the call in place; leaves the positional forms and every other call alone.
     */
    public static void resolve(org.apache.calcite.sql.validate.SqlValidator validator,
            org.apache.calcite.sql.validate.SqlValidatorScope scope, org.apache.calcite.sql.SqlBasicCall call) {
        resolveRecordField(validator, scope, call);
        int n = call.operandCount();
        if (!call.getOperator().getName().equalsIgnoreCase("substring") || n < 2 || n > 3) {
            return;
        }
        for (int i = 0; i < n; i++) {
            org.apache.calcite.sql.SqlNode operand = call.operand(i);
            if (operand instanceof org.apache.calcite.sql.SqlDynamicParam) {
                return;
            }
            RelDataType t = validator.deriveType(scope, operand);
            if (!org.apache.calcite.sql.type.SqlTypeUtil.inCharFamily(t)
                    && !(i == 0 && t.getSqlTypeName() == SqlTypeName.NULL)) {
                return;
            }
        }
        call.setOperator(n == 2 ? SUBSTRING_REGEX : SUBSTRING_SIMILAR);
    }

    private static void resolveRecordField(org.apache.calcite.sql.validate.SqlValidator validator,
            org.apache.calcite.sql.validate.SqlValidatorScope scope, org.apache.calcite.sql.SqlBasicCall call) {
        if (call.operandCount() != 1
                || !call.getOperator().getName().equalsIgnoreCase(io.tessera.coordinator.sql.RecordOutput.FIELD)) {
            return;
        }
        org.apache.calcite.sql.SqlNode field = call.operand(0);
        RelDataType t = validator.deriveType(scope, field);
        if (org.apache.calcite.sql.type.SqlTypeUtil.inCharFamily(t)
                && io.tessera.coordinator.sql.RegtypeValues.kind(t) == null
                && io.tessera.coordinator.sql.EnumValues.of(t) == null) {
            return;
        }
        org.apache.calcite.sql.parser.SqlParserPos pos = field.getParserPosition();
        org.apache.calcite.sql.SqlNode text;
        if (t.getSqlTypeName() == SqlTypeName.BOOLEAN) {
            // boolout: t and f (a boolean cast to text is true and false)
            text = org.apache.calcite.sql.fun.SqlCase.createSwitched(pos, field,
                    org.apache.calcite.sql.SqlNodeList.of(org.apache.calcite.sql.SqlLiteral.createBoolean(true, pos),
                            org.apache.calcite.sql.SqlLiteral.createBoolean(false, pos)),
                    org.apache.calcite.sql.SqlNodeList.of(org.apache.calcite.sql.SqlLiteral.createCharString("t", pos),
                            org.apache.calcite.sql.SqlLiteral.createCharString("f", pos)),
                    org.apache.calcite.sql.SqlLiteral.createNull(pos));
        } else {
            text = org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, field,
                    new org.apache.calcite.sql.SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(
                            SqlTypeName.VARCHAR, pos), pos));
        }
        call.setOperand(0, text);
    }

    /** Declared after the functions it holds (static initialisation order). */
    public static final PgFunctionTable INSTANCE = new PgFunctionTable();

    private final Map<String, List<SqlOperator>> functions = new HashMap<>();

    private PgFunctionTable() {
        add("left", function("left", "left", TEXT, List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER)));
        add("right", function("right", "right", TEXT, List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER)));
        add("octet_length", function("octet_length", "octetLength", INTEGER, List.of(SqlTypeFamily.ANY)));
        add("bit_length", function("bit_length", "bitLength", INTEGER, List.of(SqlTypeFamily.ANY)));
        // get_bit(bit, int) and set_bit(bit, int, int) of bit strings (varbit.c; bits counted from the left)
        add("get_bit", function("get_bit", "bitGetBit", INTEGER, List.of(SqlTypeFamily.CHARACTER,
                SqlTypeFamily.INTEGER)));
        add("set_bit", function("set_bit", "bitSetBit", org.apache.calcite.sql.type.ReturnTypes.ARG0_NULLABLE,
                List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER)));
        add("pg_json_in", JSON_IN);
        add("pg_jsonb_in", JSONB_IN);
        add("pg_typeof", PG_TYPEOF);
        add("nullif", PG_NULLIF);
        add("ntile", WindowFunctions.NTILE); // integer, NULL or any integer argument (WindowFunctions)
        add("lag", WindowFunctions.LAG); // nullable as its value
        add("lead", WindowFunctions.LEAD);
        add("to_number", function("to_number", "toNumber", NUMERIC,
                List.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER)));
        add("format", FormatFunction.FORMAT);
        add("num_nulls", NullCounts.NUM_NULLS);
        add("cbrt", function("cbrt", LibmCbrt.class, "cbrt", ReturnTypes.DOUBLE_NULLABLE,
                List.of(SqlTypeFamily.NUMERIC), List.of(SqlTypeName.DOUBLE)));
        add("num_nonnulls", NullCounts.NUM_NONNULLS);
        add(SUBSTRING_REGEX.getName(), SUBSTRING_REGEX);
        add(SUBSTRING_SIMILAR.getName(), SUBSTRING_SIMILAR);
        for (SqlUserDefinedFunction f : ArrayFunctions.ALL) {
            add(f.getName(), f);
        }
        addStringFunctions();
        JsonFunctions.named().forEach(e -> add(e.getKey(), e.getValue()));
        Regressions.functions().forEach(f -> add(f.getName(), f));
        ExtractFields.functions().forEach(f -> add(f.getName(), f));
        MathFunctions.BY_NAME.forEach(this::add);
        for (SqlOperator f : OrderedSetAggregates.ALL) {
            add(f.getName(), f);
        }
        add(GroupsFrames.KEY.getName(), GroupsFrames.KEY);
    }

    /** PostgreSQL's string functions that {@link StringRuntime} implements (each name, each arity). */
    private void addStringFunctions() {
        SqlTypeFamily text = SqlTypeFamily.CHARACTER;
        SqlTypeFamily integer = SqlTypeFamily.INTEGER;
        SqlTypeFamily bytea = SqlTypeFamily.BINARY;
        string("translate", "translate", TEXT, text, text, text);
        string("split_part", "splitPart", TEXT, text, text, integer);
        string("chr", "chr", TEXT, integer);
        string("repeat", "repeat", TEXT, text, integer);
        for (String pad : List.of("lpad", "rpad")) {
            string(pad, pad, TEXT, text, integer);
            string(pad, pad, TEXT, text, integer, text);
        }
        for (String trim : List.of("ltrim", "rtrim", "btrim")) {
            string(trim, trim, TEXT, text);
            string(trim, trim, TEXT, text, text);
        }
        string("reverse", "reverse", TEXT, text);
        // to_hex(int4) and to_hex(int8): the validator takes the narrowest that an argument fits without a cast
        add("to_hex", function("to_hex", StringRuntime.class, "toHex", TEXT, List.of(integer),
                List.of(SqlTypeName.INTEGER)));
        add("to_hex", function("to_hex", StringRuntime.class, "toHex", TEXT, List.of(integer),
                List.of(SqlTypeName.BIGINT)));
        string("upper", "upper", TEXT, text);
        string("lower", "lower", TEXT, text);
        string("initcap", "initcap", TEXT, text);
        string("quote_nullable", "quoteNullable", TEXT, text);
        for (String sha : List.of("sha224", "sha256", "sha384", "sha512")) {
            string(sha, sha, BYTEA, bytea);
        }
        string("encode", "encode", TEXT, bytea, text);
        string("decode", "decode", BYTEA, text, text);
        string("convert_to", "convertTo", BYTEA, text, text);
        string("convert_from", "convertFrom", TEXT, bytea, text);
        string("get_byte", "getByte", INTEGER, bytea, integer);
        string("set_byte", "setByte", BYTEA, bytea, integer, integer);
        string("get_bit", "getBit", INTEGER, bytea, integer);
        string("set_bit", "setBit", BYTEA, bytea, integer, integer);
        string("regexp_match", "regexpMatch", TEXT_ARRAY, text, text);
        string("regexp_match", "regexpMatch", TEXT_ARRAY, text, text, text);
        string("regexp_split_to_array", "regexpSplitToArray", TEXT_ARRAY, text, text);
        string("regexp_split_to_array", "regexpSplitToArray", TEXT_ARRAY, text, text, text);
        string("string_to_array", "stringToArray", TEXT_ARRAY, text, text);
        string("string_to_array", "stringToArray", TEXT_ARRAY, text, text, text);
        string(io.tessera.coordinator.sql.RecordOutput.FIELD, "recordField", TEXT, text);
        string(io.tessera.coordinator.sql.RecordOutput.OUT, "recordOut", TEXT, text);
    }

    private void string(String name, String method, SqlReturnTypeInference returnType, SqlTypeFamily... operands) {
        add(name, function(name, StringRuntime.class, method, returnType, List.of(operands)));
    }

    private void add(String name, SqlOperator op) {
        functions.computeIfAbsent(name, k -> new ArrayList<>()).add(op);
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
        return function(name, PgRuntime.class, method, returnType, operands);
    }

    private static SqlUserDefinedFunction function(String name, Class<?> runtime, String method,
            SqlReturnTypeInference returnType, List<SqlTypeFamily> operands) {
        List<SqlTypeName> types = new ArrayList<>();
        for (SqlTypeFamily family : operands) {
            types.add(family == SqlTypeFamily.INTEGER ? SqlTypeName.INTEGER
                    : family == SqlTypeFamily.CHARACTER ? SqlTypeName.VARCHAR
                    : family == SqlTypeFamily.BINARY ? SqlTypeName.VARBINARY : SqlTypeName.ANY);
        }
        return function(name, runtime, method, returnType, operands, types);
    }

    /** A function of {@code runtime}'s static {@code method}, whose arguments are cast to {@code types}. */
    private static SqlUserDefinedFunction function(String name, Class<?> runtime, String method,
            SqlReturnTypeInference returnType, List<SqlTypeFamily> operands, List<SqlTypeName> types) {
        Method m = null;
        for (Method candidate : runtime.getMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == operands.size()
                    && candidate.getDeclaringClass() == runtime) {
                m = candidate;
            }
        }
        if (m == null) {
            throw new IllegalStateException(runtime.getSimpleName() + " has no method " + method);
        }
        return new SqlUserDefinedFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                returnType, null, OperandTypes.operandMetadata(operands,
                        f -> types.stream().map(f::createSqlType).toList(), i -> "arg" + i, i -> false),
                ScalarFunctionImpl.create(m));
    }

    @Override
    public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
            List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
        if (!opName.isSimple() || (syntax != SqlSyntax.FUNCTION && syntax != SqlSyntax.FUNCTION_ID)) {
            return;
        }
        operatorList.addAll(functions.getOrDefault(opName.getSimple().toLowerCase(Locale.ROOT), List.of()));
    }

    /** Whether this table defines a function of that name (which then hides Calcite's). */
    public boolean defines(SqlIdentifier opName) {
        return opName.isSimple() && functions.containsKey(opName.getSimple().toLowerCase(Locale.ROOT));
    }

    @Override
    public List<SqlOperator> getOperatorList() {
        return functions.values().stream().flatMap(List::stream).toList();
    }
}

package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.Json;
import io.tessera.executor.expr.JsonbOps;
import io.tessera.sql.parser.ArrayOperators;
import io.tessera.sql.parser.JsonOperators;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql2rel.SqlRexContext;

/**
 * PostgreSQL 15's json and jsonb operators and functions (https://www.postgresql.org/docs/15/functions-json.html).
 *
 * <p>json and jsonb are text to Calcite (json keeps its input text, jsonb its normal form, {@link Json}), so which
 * of the two an expression is comes from the query itself ({@link #kind}): a json or jsonb column, a cast to one,
 * or a function or operator returning one. That kind gives RowDescription's type ({@code ClientTypes}), chooses
 * jsonb's {@code ||}, {@code -}, {@code @>} over text's and arrays' ({@code TesseraValidator}, {@code PgConvertletTable}),
 * and says how a value turns into JSON in {@code to_json} and the {@code json_build_*} functions (a json value is
 * taken as it is, a text one quoted).
 *
 * <p>Extraction ({@code -> ->> #> #>>}, {@code *_extract_path}) returns the text of the value found as it stands in
 * the input ({@link Json#rawPath}), which is json's rule and, jsonb's text being normalised, jsonb's too. The
 * functions run on the coordinator ({@code RexToExpr} does not send them to datanodes), the same code wherever
 * they are called.
 */
public final class JsonFunctions {
    private static final SqlReturnTypeInference TEXT =
            ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.FORCE_NULLABLE);
    private static final SqlReturnTypeInference BOOL = ReturnTypes.BOOLEAN_NULLABLE;
    private static final SqlReturnTypeInference INT =
            ReturnTypes.explicit(SqlTypeName.INTEGER).andThen(SqlTypeTransforms.FORCE_NULLABLE);

    /** Functions returning json, by name (their results report type json). */
    private static final Set<String> JSON_RESULTS = Set.of("to_json", "json_build_object", "json_build_array",
            "json_extract_path", "pg_json_in", "pg_json_agg", "pg_json_object_agg", "row_to_json", "array_to_json",
            io.tessera.coordinator.sql.RecordOutput.JSON);

    /** Functions returning jsonb, by name. */
    private static final Set<String> JSONB_RESULTS = Set.of("to_jsonb", "jsonb_build_object", "jsonb_build_array",
            "jsonb_extract_path", "jsonb_set", "jsonb_insert", "jsonb_strip_nulls", "pg_jsonb_in",
            "pg_jsonb_concat", "pg_jsonb_delete", "pg_jsonb_agg", "pg_jsonb_object_agg", "pg_jsonb_greatest",
            "pg_jsonb_least");

    // runtime functions the operators and variadic functions convert to; not callable by name
    private static final SqlUserDefinedFunction FIELD = runtime("pg_json_field", "field", TEXT, 2);
    private static final SqlUserDefinedFunction ELEMENT = runtime("pg_json_element", "element", TEXT, 2);
    private static final SqlUserDefinedFunction JSONB_ELEMENT = runtime("pg_jsonb_element", "elementJsonb", TEXT,
            2);
    private static final SqlUserDefinedFunction PATH = runtime("pg_json_path", "path", TEXT, 2);
    private static final SqlUserDefinedFunction AS_TEXT = runtime("pg_json_as_text", "asText", TEXT, 1);
    private static final SqlUserDefinedFunction CONTAINS = runtime("pg_jsonb_contains", "contains", BOOL, 2);
    private static final SqlUserDefinedFunction CONCAT = runtime("pg_jsonb_concat", "concat", TEXT, 2);
    private static final SqlUserDefinedFunction DELETE_KEY = runtime("pg_jsonb_delete_key", "deleteKey", TEXT, 2);
    private static final SqlUserDefinedFunction DELETE_INDEX = runtime("pg_jsonb_delete_index", "deleteIndex", TEXT,
            2);
    private static final SqlUserDefinedFunction DELETE_PATH = runtime("pg_jsonb_delete_path", "deletePath", TEXT, 2);
    private static final SqlUserDefinedFunction NORMALIZE = runtime("pg_jsonb_normalize", "normalize", TEXT, 1);
    private static final SqlUserDefinedFunction BUILD_OBJECT = runtime("pg_json_build_object", "buildObject", TEXT,
            3);
    private static final SqlUserDefinedFunction RECORD_OBJECT = runtime("pg_json_record", "recordObject", TEXT, 2);
    private static final SqlUserDefinedFunction BUILD_ARRAY = runtime("pg_json_build_array", "buildArray", TEXT, 2);
    private static final SqlUserDefinedFunction OF_NUMERIC = runtime("pg_json_of_numeric", "ofNumeric", TEXT, 1);
    private static final SqlUserDefinedFunction OF_BOOL = runtime("pg_json_of_bool", "ofBool", TEXT, 1);
    private static final SqlUserDefinedFunction OF_TEXT = runtime("pg_json_of_text", "ofText", TEXT, 1);
    private static final SqlUserDefinedFunction OF_FLOAT = runtime("pg_json_of_float", "ofFloat", TEXT, 1);
    private static final SqlUserDefinedFunction OF_TIMESTAMP = runtime("pg_json_of_timestamp", "ofTimestamp", TEXT,
            1);
    private static final SqlUserDefinedFunction OF_LIST = runtime("pg_json_of_list", "ofList", TEXT, 1);
    private static final SqlUserDefinedFunction PRETTY = runtime("pg_json_pretty", "pretty", TEXT, 2);
    /** The json of the array an aggregate's {@code array_agg} collected ({@link #rewriteAggregate}), by name. */
    private static final Map<String, SqlUserDefinedFunction> AGGREGATE_RESULTS = Map.of(
            "json_agg", runtime("pg_json_agg", "aggregated", TEXT, 2),
            "jsonb_agg", runtime("pg_jsonb_agg", "aggregatedJsonb", TEXT, 2),
            "json_object_agg", runtime("pg_json_object_agg", "objectAggregated", TEXT, 2),
            "jsonb_object_agg", runtime("pg_jsonb_object_agg", "objectAggregatedJsonb", TEXT, 2));
    /** {@code jsonb || jsonb}, which {@code TesseraValidator} puts in place of {@code ||} when an operand is jsonb. */
    public static final SqlFunction JSONB_CONCAT = new SqlFunction("pg_jsonb_concat", SqlKind.OTHER_FUNCTION, TEXT,
            InferTypes.FIRST_KNOWN, OperandTypes.ANY_ANY, SqlFunctionCategory.SYSTEM);
    /** {@code greatest(...)} and {@code least(...)} of jsonb values, put in place of Calcite's: jsonb's order. */
    public static final SqlFunction JSONB_GREATEST = new SqlFunction("pg_jsonb_greatest", SqlKind.OTHER_FUNCTION,
            TEXT, InferTypes.FIRST_KNOWN, OperandTypes.VARIADIC, SqlFunctionCategory.SYSTEM);
    public static final SqlFunction JSONB_LEAST = new SqlFunction("pg_jsonb_least", SqlKind.OTHER_FUNCTION, TEXT,
            InferTypes.FIRST_KNOWN, OperandTypes.VARIADIC, SqlFunctionCategory.SYSTEM);
    private static final SqlUserDefinedFunction EXTREME = runtime("pg_jsonb_extreme", "extreme", TEXT, 2);
    /** {@code jsonb - text | int}, put in place of {@code -} when the left operand is jsonb. */
    public static final SqlFunction JSONB_DELETE = new SqlFunction("pg_jsonb_delete", SqlKind.OTHER_FUNCTION, TEXT,
            InferTypes.FIRST_KNOWN, OperandTypes.ANY_ANY, SqlFunctionCategory.SYSTEM);

    /**
     * jsonb's comparison operators ({@code jsonb = jsonb}, ...), put in place of text's when an operand is jsonb and
     * the other jsonb or a string literal; they compare as jsonb's btree does ({@code JsonbOps.compare}:
     * {@code '1.0'::jsonb = '1'::jsonb}).
     */
    private static final Map<SqlKind, SqlFunction> COMPARISONS = Map.of(
            SqlKind.EQUALS, comparison("pg_jsonb_eq"), SqlKind.NOT_EQUALS, comparison("pg_jsonb_ne"),
            SqlKind.LESS_THAN, comparison("pg_jsonb_lt"), SqlKind.LESS_THAN_OR_EQUAL, comparison("pg_jsonb_le"),
            SqlKind.GREATER_THAN, comparison("pg_jsonb_gt"), SqlKind.GREATER_THAN_OR_EQUAL, comparison("pg_jsonb_ge"));
    private static final SqlUserDefinedFunction COMPARE = runtime("pg_jsonb_compare", "compare", BOOL, 3);
    /** The comparisons by {@link #compare}'s code. */
    private static final List<SqlKind> COMPARISON_KINDS = List.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS,
            SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL);
    /** A cast of jsonb to text ({@link #textOfJsonb}). */
    private static final SqlUserDefinedFunction TEXT_OF_JSONB = runtime("pg_jsonb_text", "jsonbText", TEXT, 1);
    /** jsonb's sort key ({@code JsonbOps.sortKey}), which {@code JsonbOrder} sorts and groups jsonb values by. */
    private static final SqlUserDefinedFunction SORT_KEY = runtime("pg_jsonb_sort_key", "sortKey", TEXT, 1);

    /**
     * The runtime functions the datanodes evaluate too (the executor's ExprCompiler, on the same {@code Json} and
     * {@code JsonbOps}): the operators an UPDATE's or DELETE's WHERE and SET use, and a pushed-down filter.
     */
    private static final Map<SqlOperator, io.tessera.protocol.expr.Op> PUSHABLE = Map.of(
            FIELD, io.tessera.protocol.expr.Op.JSON_FIELD, ELEMENT, io.tessera.protocol.expr.Op.JSON_ELEMENT,
            JSONB_ELEMENT, io.tessera.protocol.expr.Op.JSONB_ELEMENT, AS_TEXT, io.tessera.protocol.expr.Op.JSON_AS_TEXT,
            CONTAINS, io.tessera.protocol.expr.Op.JSONB_CONTAINS, CONCAT, io.tessera.protocol.expr.Op.JSONB_CONCAT,
            DELETE_KEY, io.tessera.protocol.expr.Op.JSONB_DELETE_KEY,
            DELETE_INDEX, io.tessera.protocol.expr.Op.JSONB_DELETE_INDEX);

    /** The functions behind jsonb's {@code ? ?| ?&}, by operator. */
    private static final Map<SqlOperator, SqlUserDefinedFunction> EXISTENCE = Map.of(
            JsonOperators.EXISTS, runtime("jsonb_exists", "exists", BOOL, 2),
            JsonOperators.EXISTS_ANY, runtime("jsonb_exists_any", "existsAny", BOOL, 2),
            JsonOperators.EXISTS_ALL, runtime("jsonb_exists_all", "existsAll", BOOL, 2));

    /** The runtime functions whose result is jsonb whatever their operands are (for {@link #isJsonb}). */
    private static final Set<String> JSONB_RUNTIME_RESULTS = Set.of("pg_jsonb_in", "pg_jsonb_normalize",
            "pg_jsonb_concat", "pg_jsonb_delete_key", "pg_jsonb_delete_index", "pg_jsonb_delete_path", "jsonb_set",
            "jsonb_insert",
            "jsonb_strip_nulls", "pg_jsonb_agg", "pg_jsonb_object_agg", "pg_jsonb_extreme");

    private static SqlFunction comparison(String name) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, BOOL, InferTypes.FIRST_KNOWN, OperandTypes.ANY_ANY,
                SqlFunctionCategory.SYSTEM);
    }

    /** The variadic or value-encoding functions, converted by {@link #convert}. */
    private static final Map<String, SqlFunction> CONVERTED = Map.ofEntries(
            Map.entry("to_json", variadic("to_json", 1, 1)), Map.entry("to_jsonb", variadic("to_jsonb", 1, 1)),
            Map.entry("json_build_object", variadic("json_build_object", 0, -1)),
            Map.entry("jsonb_build_object", variadic("jsonb_build_object", 0, -1)),
            Map.entry("json_build_array", variadic("json_build_array", 0, -1)),
            Map.entry("jsonb_build_array", variadic("jsonb_build_array", 0, -1)),
            Map.entry("json_extract_path", variadic("json_extract_path", 1, -1)),
            Map.entry("jsonb_extract_path", variadic("jsonb_extract_path", 1, -1)),
            Map.entry("json_extract_path_text", variadic("json_extract_path_text", 1, -1)),
            Map.entry("jsonb_extract_path_text", variadic("jsonb_extract_path_text", 1, -1)),
            Map.entry("row_to_json", variadic("row_to_json", 1, 2)),
            Map.entry("array_to_json", variadic("array_to_json", 1, 2)),
            // a record as a json object ({@code RecordOutput.rewriteJson}): its names and values, alternating
            Map.entry(io.tessera.coordinator.sql.RecordOutput.JSON,
                    variadic(io.tessera.coordinator.sql.RecordOutput.JSON, 0, -1)));

    private JsonFunctions() {
    }

    /** The functions callable by name, for {@link PgFunctionTable}: name and operator. */
    static List<Map.Entry<String, SqlOperator>> named() {
        List<Map.Entry<String, SqlOperator>> out = new ArrayList<>();
        CONVERTED.forEach((name, f) -> out.add(Map.entry(name, f)));
        for (String prefix : List.of("json", "jsonb")) {
            out.add(Map.entry(prefix + "_typeof", runtime(prefix + "_typeof", "typeOf", TEXT, 1)));
            out.add(Map.entry(prefix + "_array_length", runtime(prefix + "_array_length", "arrayLength", INT, 1)));
        }
        out.add(Map.entry("jsonb_pretty", runtime("jsonb_pretty", "pretty", TEXT, 1)));
        out.add(Map.entry("jsonb_strip_nulls", runtime("jsonb_strip_nulls", "stripNulls", TEXT, 1)));
        out.add(Map.entry("jsonb_set", runtime("jsonb_set", "set", TEXT, 3)));
        out.add(Map.entry("jsonb_set", runtime("jsonb_set", "set", TEXT, 4)));
        out.add(Map.entry("jsonb_insert", runtime("jsonb_insert", "insert", TEXT, 3)));
        out.add(Map.entry("jsonb_insert", runtime("jsonb_insert", "insert", TEXT, 4)));
        // the functions behind jsonb's ? ?| ?&
        for (SqlUserDefinedFunction f : EXISTENCE.values()) {
            out.add(Map.entry(f.getName(), f));
        }
        // the rewrites' own functions, which the validator looks up by name
        AGGREGATE_RESULTS.values().forEach(f -> out.add(Map.entry(f.getName(), f)));
        COMPARISONS.values().forEach(f -> out.add(Map.entry(f.getName(), f)));
        for (SqlOperator op : List.of(JSONB_CONCAT, JSONB_DELETE, JSONB_GREATEST, JSONB_LEAST)) {
            out.add(Map.entry(op.getName(), op));
        }
        return out;
    }

    private static SqlFunction variadic(String name, int min, int max) {
        return new SqlFunction(name.toUpperCase(Locale.ROOT), SqlKind.OTHER_FUNCTION, TEXT, InferTypes.VARCHAR_1024,
                max < 0 ? OperandTypes.variadic(org.apache.calcite.sql.type.SqlOperandCountRanges.from(min))
                        : OperandTypes.variadic(org.apache.calcite.sql.type.SqlOperandCountRanges.between(min, max)),
                SqlFunctionCategory.SYSTEM);
    }

    private static SqlUserDefinedFunction runtime(String name, String method, SqlReturnTypeInference type,
            int arity) {
        Method m = null;
        for (Method candidate : JsonFunctions.class.getMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == arity) {
                m = candidate;
            }
        }
        if (m == null) {
            throw new IllegalStateException("JsonFunctions has no method " + method + "/" + arity);
        }
        List<SqlTypeName> types = new ArrayList<>();
        List<org.apache.calcite.sql.type.SqlTypeFamily> families = new ArrayList<>();
        for (Class<?> p : m.getParameterTypes()) {
            SqlTypeName t = p == String.class ? SqlTypeName.VARCHAR : p == Integer.class ? SqlTypeName.INTEGER
                    : p == Boolean.class ? SqlTypeName.BOOLEAN : p == BigDecimal.class ? SqlTypeName.DECIMAL
                    : SqlTypeName.ANY;
            types.add(t);
            families.add(t == SqlTypeName.VARCHAR ? org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER
                    : t == SqlTypeName.INTEGER ? org.apache.calcite.sql.type.SqlTypeFamily.INTEGER
                    : t == SqlTypeName.BOOLEAN ? org.apache.calcite.sql.type.SqlTypeFamily.BOOLEAN
                    : t == SqlTypeName.DECIMAL ? org.apache.calcite.sql.type.SqlTypeFamily.NUMERIC
                    : org.apache.calcite.sql.type.SqlTypeFamily.ANY);
        }
        return new SqlUserDefinedFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION, type,
                null, OperandTypes.operandMetadata(families, f -> types.stream().map(f::createSqlType).toList(),
                        i -> "arg" + i, i -> false), ScalarFunctionImpl.create(m));
    }

    // ---- kinds ---------------------------------------------------------------------------------------------------

    /**
     * Whether {@code node} is json ({@link PgType#JSON}), jsonb ({@link PgType#JSONB}) or neither (null): a column
     * of a table of that type (found through {@code scope}; null scope: columns are neither), a cast to it, or a
     * function or operator that returns it.
     */
    public static PgType kind(SqlNode node, SqlValidatorScope scope) {
        if (node instanceof SqlIdentifier id && scope != null && !id.isStar()) {
            return columnKind(id, scope);
        }
        if (!(node instanceof SqlBasicCall call)) {
            return null;
        }
        SqlOperator op = call.getOperator();
        if (call.getKind() == SqlKind.AS || op == JsonOperators.FIELD || op == JsonOperators.PATH
                || op == JsonOperators.DELETE_PATH) {
            return call.operandCount() == 0 ? null : kind(call.operand(0), scope);
        }
        if (call.getKind() == SqlKind.CAST && call.operandCount() == 2
                && call.operand(1) instanceof org.apache.calcite.sql.SqlDataTypeSpec spec
                && spec.getTypeNameSpec() instanceof io.tessera.sql.parser.ddl.PgTypeName.Named named) {
            return named.pgName().equals("json") ? PgType.JSON : named.pgName().equals("jsonb") ? PgType.JSONB : null;
        }
        String name = op.getName().toLowerCase(Locale.ROOT);
        return JSON_RESULTS.contains(name) ? PgType.JSON : JSONB_RESULTS.contains(name) ? PgType.JSONB : null;
    }

    private static PgType columnKind(SqlIdentifier id, SqlValidatorScope scope) {
        try {
            org.apache.calcite.sql.validate.SqlQualified q = scope.fullyQualify(id);
            if (q.namespace == null || q.suffix().size() != 1) {
                return null;
            }
            return columnKind(q.namespace, q.suffix().get(0), scope.getValidator(), 0);
        } catch (RuntimeException notAColumn) {
            return null;
        }
    }

    /**
     * The kind of column {@code name} of the FROM item {@code ns}: a table's json or jsonb column, or the json or
     * jsonb expression a sub-query, VALUES, set operation or CTE gives it (PostgreSQL's column has that type:
     * {@code select pg_typeof(x) from (values ('{}'::jsonb)) v(x)} is jsonb).
     */
    private static PgType columnKind(org.apache.calcite.sql.validate.SqlValidatorNamespace ns, String name,
            org.apache.calcite.sql.validate.SqlValidator validator, int depth) {
        org.apache.calcite.sql.validate.SqlValidatorTable table = ns.getTable();
        io.tessera.coordinator.sql.schema.TesseraTable t = table == null ? null
                : table.unwrap(io.tessera.coordinator.sql.schema.TesseraTable.class);
        if (t != null) {
            for (io.tessera.coordinator.catalog.ColumnDef c : t.def().columns()) {
                if (c.name().equals(name)) {
                    return c.type() == PgType.JSON || c.type() == PgType.JSONB ? c.type() : null;
                }
            }
            return null;
        }
        org.apache.calcite.sql.validate.SqlValidatorNamespace resolved = ns.resolve();
        int index = resolved.getRowType().getFieldNames().indexOf(name);
        if (index < 0) {
            index = ns.getRowType().getFieldNames().indexOf(name); // renamed by a column alias list: v(x)
        }
        return index < 0 || depth > MAX_DEPTH ? null : queryKind(resolved.getNode(), index, validator, depth + 1);
    }

    /** How deep {@link #queryKind} follows sub-queries (a guard: the validator has rejected cycles). */
    private static final int MAX_DEPTH = 64;

    /** The kind of column {@code index} of the query {@code node} (a SELECT, VALUES, set operation, ...). */
    private static PgType queryKind(SqlNode node, int index, org.apache.calcite.sql.validate.SqlValidator validator,
            int depth) {
        if (node == null || depth > MAX_DEPTH) {
            return null;
        }
        switch (node.getKind()) {
            case AS:
            case WITH_ITEM:
            case ORDER_BY:
            case WITH: {
                SqlNode query = node instanceof org.apache.calcite.sql.SqlWithItem w ? w.query
                        : node instanceof org.apache.calcite.sql.SqlOrderBy o ? o.query
                        : node instanceof org.apache.calcite.sql.SqlWith w ? w.body : ((SqlCall) node).operand(0);
                return queryKind(query, index, validator, depth + 1);
            }
            case SELECT: {
                org.apache.calcite.sql.SqlSelect select = (org.apache.calcite.sql.SqlSelect) node;
                org.apache.calcite.sql.validate.SelectScope scope = validator.getRawSelectScope(select);
                List<SqlNode> items = scope == null || scope.getExpandedSelectList() == null
                        ? select.getSelectList().getList() : scope.getExpandedSelectList();
                if (index >= items.size() || items.stream().anyMatch(
                        i -> i instanceof SqlIdentifier id && id.isStar())) {
                    return null;
                }
                SqlNode item = items.get(index);
                if (item.getKind() == SqlKind.AS) {
                    item = ((SqlCall) item).operand(0);
                }
                return kind(item, validator.getSelectScope(select));
            }
            case VALUES: {
                for (SqlNode row : ((SqlCall) node).getOperandList()) {
                    if (row instanceof SqlCall r && index < r.operandCount()) {
                        PgType k = kind(r.operand(index), null);
                        if (k != null) {
                            return k; // the other rows' literals are read as it
                        }
                    }
                }
                return null;
            }
            case UNION:
            case INTERSECT:
            case EXCEPT: {
                for (SqlNode branch : ((SqlCall) node).getOperandList()) {
                    PgType k = queryKind(branch, index, validator, depth + 1);
                    if (k != null) {
                        return k;
                    }
                }
                return null;
            }
            case COLLECTION_TABLE:
                return tableFunctionKind(((SqlCall) node).operand(0), index);
            default:
                return null;
        }
    }

    /**
     * The kind of column {@code index} of a json table function's call in FROM: {@code value} of
     * {@code json[b]_each} and {@code json[b]_array_elements}, a json or jsonb column of a
     * {@code json[b]_to_record[set]} column definition list (the constant {@code PgSyntax} makes of it).
     */
    private static PgType tableFunctionKind(SqlNode node, int index) {
        if (!(node instanceof SqlCall call)) {
            return null;
        }
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        PgType prefix = name.startsWith("jsonb_") ? PgType.JSONB : name.startsWith("json_") ? PgType.JSON : null;
        if (prefix == null) {
            return null;
        }
        if (name.endsWith("_each") && index == 1 || name.endsWith("_array_elements") && index == 0) {
            return prefix;
        }
        if (name.endsWith("_to_record") || name.endsWith("_to_recordset")) {
            if (call.operandCount() == 2 && call.operand(1) instanceof org.apache.calcite.sql.SqlCharStringLiteral l
                    && Json.parse(l.getValueAs(String.class)) instanceof List<?> columns && index < columns.size()
                    && columns.get(index) instanceof List<?> column && column.size() == 2) {
                String type = column.get(1).toString().strip().toLowerCase(Locale.ROOT);
                return type.equals("json") ? PgType.JSON : type.equals("jsonb") ? PgType.JSONB : null;
            }
        }
        return null;
    }

    /**
     * Puts jsonb's operator in place of {@code ||} (an operand is jsonb) and of {@code -} (the left one is), and
     * notes the kinds of the operands {@link #convert} encodes; called by the validator before it types
     * {@code call}.
     */
    public static void resolve(SqlBasicCall call, SqlValidatorScope scope, Map<SqlNode, PgType> kinds) {
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        if ((name.equals("to_json") || name.equals("to_jsonb")) && call.operandCount() == 1) {
            requireKnownType(call.operand(0));
        }
        if (call.getKind() == SqlKind.CAST && call.operandCount() == 2 && kind(call, scope) == null
                && kind(call.operand(0), scope) == PgType.JSONB) {
            kinds.put(call, PgType.TEXT); // jsonb's text: textOfJsonb keeps the cast
        }
        if ((call.getOperator() == JsonOperators.FIELD || call.getOperator() == JsonOperators.FIELD_TEXT)
                && call.operandCount() == 2 && kind(call.operand(0), scope) == PgType.JSONB) {
            kinds.put(call.operand(0), PgType.JSONB); // a jsonb scalar's element 0 is the scalar
        }
        if (EXISTENCE.containsKey(call.getOperator()) && call.operandCount() == 2
                && kind(call.operand(0), scope) == PgType.JSON) {
            SqlNode key = call.operand(1);
            String keyType = key instanceof org.apache.calcite.sql.SqlCharStringLiteral ? "unknown"
                    : call.getOperator() == JsonOperators.EXISTS ? "text" : "text[]";
            throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: json "
                    + call.getOperator().getName() + " " + keyType, null, "No operator matches the given name and"
                    + " argument types. You might need to add explicit type casts.", 0, null);
        }
        if (CONVERTED.containsKey(name) || call.getOperator() == SqlStdOperatorTable.CONCAT) {
            for (SqlNode operand : call.getOperandList()) {
                PgType k = kind(operand, scope);
                if (k != null) {
                    kinds.put(operand, k);
                }
            }
        }
        if (call.getOperator() == SqlStdOperatorTable.CONCAT) {
            if (call.operandCount() == 2 && (kind(call.operand(0), scope) == PgType.JSONB
                    || kind(call.operand(1), scope) == PgType.JSONB)) {
                call.setOperator(JSONB_CONCAT);
            }
        } else if ((name.equals("greatest") || name.equals("least"))
                && call.getOperandList().stream().anyMatch(o -> kind(o, scope) == PgType.JSONB)) {
            call.setOperator(name.equals("greatest") ? JSONB_GREATEST : JSONB_LEAST);
        } else if (call.getKind() == SqlKind.MINUS && call.operandCount() == 2
                && kind(call.operand(0), scope) == PgType.JSONB) {
            call.setOperator(JSONB_DELETE);
        } else if (COMPARISONS.containsKey(call.getKind()) && call.operandCount() == 2
                && jsonbOrLiteral(call.operand(0), scope) && jsonbOrLiteral(call.operand(1), scope)
                && (kind(call.operand(0), scope) == PgType.JSONB || kind(call.operand(1), scope) == PgType.JSONB)) {
            call.setOperator(COMPARISONS.get(call.getKind()));
        }
    }

    // ---- aggregates ----------------------------------------------------------------------------------------------

    /**
     * PostgreSQL's error for an untyped literal ({@code 'x'}, {@code NULL}) as the argument of a polymorphic json
     * function ({@code to_json}, {@code json_agg}, their jsonb kin), whose type it cannot determine.
     *
     * @throws TesseraException 42804 when {@code arg} is such a literal
     */
    private static void requireKnownType(SqlNode arg) {
        if (arg instanceof org.apache.calcite.sql.SqlCharStringLiteral
                || arg instanceof org.apache.calcite.sql.SqlLiteral l && l.getTypeName() == SqlTypeName.NULL) {
            throw new TesseraException(SqlState.DATATYPE_MISMATCH,
                    "could not determine polymorphic type because input has type unknown");
        }
    }

    /** {@code arg}, a string literal or NULL cast to text (json_object_agg's value is of type "any"). */
    private static SqlNode untypedAsText(SqlNode arg, SqlParserPos pos) {
        if (arg instanceof org.apache.calcite.sql.SqlCharStringLiteral
                || arg instanceof org.apache.calcite.sql.SqlLiteral l && l.getTypeName() == SqlTypeName.NULL) {
            return SqlStdOperatorTable.CAST.createCall(pos, arg, new org.apache.calcite.sql.SqlDataTypeSpec(
                    new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), pos));
        }
        return arg;
    }

    /** How {@link #aggregated} and the like treat the values: as collected, without duplicates, or also sorted. */
    private static final int ALL = 0;
    private static final int DISTINCT_ORDERED = 1;
    private static final int DISTINCT_SORTED = 2;
    /** Added to a mode: the values are records, which PostgreSQL's json_agg puts on lines of their own. */
    private static final int RECORDS = 4;

    /**
     * {@code json_agg(x)}, {@code jsonb_agg(x)}, {@code json_object_agg(k, v)} and {@code jsonb_object_agg(k, v)}
     * as the parser leaves them ({@code JsonOperators.AGGREGATE_MARK}: an {@code array_agg} call whose first argument
     * names the function) become an array of the values' json made into one json value:
     * <pre>
     *   array_agg('mark:json_agg', x ORDER BY y) FILTER (WHERE f)
     *     ==&gt; pg_json_agg(array_agg(to_json(x) ORDER BY y) FILTER (WHERE f), mode)
     *   array_agg('mark:json_object_agg', k, v ...)  ==&gt; pg_json_object_agg(array_agg(ARRAY[k::text, to_json(v)] ...), mode)
     * </pre>
     * {@code array_agg} keeps NULLs and gives NULL over no rows, as these aggregates do. DISTINCT is the mode's
     * (the json texts compared as jsonb): without ORDER BY the values come out in jsonb's order (PostgreSQL sorts
     * them by the argument's type, the same order for one type of values but strings and numbers), with one in
     * its order, each first occurrence kept.
     *
     * @return the rewritten call, or null when {@code node} is no such call (with its FILTER and WITHIN GROUP)
     * As a window function ({@code json_agg(x) OVER w}) the array is the frame's ({@code ArrayAgg.WINDOW}), FILTER
     * {@code WindowCalls.filteredArrayAgg}'s.
     *
     * @throws TesseraException 0A000 for json_object_agg and jsonb_object_agg or ORDER BY in the arguments used as a
     *     window function; 42883 for a wrong number of arguments
     */
    public static SqlNode rewriteAggregate(SqlNode node) {
        SqlNode inner = node;
        SqlCall wrapper = null;
        while (inner instanceof SqlCall c && (c.getKind() == SqlKind.FILTER || c.getKind() == SqlKind.WITHIN_GROUP
                || c.getKind() == SqlKind.OVER)) {
            wrapper = c;
            inner = c.operand(0);
        }
        if (!(inner instanceof SqlBasicCall agg)) {
            return null;
        }
        String name = JsonOperators.aggregate(agg);
        if (name == null) {
            return null;
        }
        boolean window = node instanceof SqlCall top && top.getKind() == SqlKind.OVER;
        if (window && agg.operand(agg.operandCount() - 1) instanceof org.apache.calcite.sql.SqlNodeList) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "aggregate ORDER BY is not implemented for window functions"); // PostgreSQL's parse_func.c
        }
        if (window && name.endsWith("object_agg")) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, name + " as a window function is not supported");
        }
        SqlParserPos pos = agg.getParserPosition();
        List<SqlNode> args = new ArrayList<>(agg.getOperandList().subList(1, agg.operandCount()));
        SqlNode orderBy = !args.isEmpty() && args.get(args.size() - 1) instanceof org.apache.calcite.sql.SqlNodeList l
                ? args.remove(args.size() - 1) : null;
        boolean object = name.endsWith("object_agg");
        if (args.size() != (object ? 2 : 1)) {
            throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "function " + name + "("
                    + String.join(", ", java.util.Collections.nCopies(args.size(), "unknown")) + ") does not exist",
                    null, "No function matches the given name and argument types. You might need to add explicit"
                    + " type casts.", 0, null);
        }
        if (!object) {
            requireKnownType(args.get(0));
        }
        SqlFunction toJson = CONVERTED.get("to_json");
        SqlNode value = object ? SqlStdOperatorTable.ARRAY_VALUE_CONSTRUCTOR.createCall(pos,
                SqlStdOperatorTable.CAST.createCall(pos, args.get(0), new org.apache.calcite.sql.SqlDataTypeSpec(
                        new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), pos)),
                toJson.createCall(pos, untypedAsText(args.get(1), pos))) : toJson.createCall(pos, args.get(0));
        List<SqlNode> operands = new ArrayList<>(List.of(value));
        if (orderBy != null) {
            operands.add(orderBy);
        }
        boolean distinct = agg.getFunctionQuantifier() != null
                && agg.getFunctionQuantifier().getValue() == org.apache.calcite.sql.SqlSelectKeyword.DISTINCT;
        SqlNode collected = agg.getOperator().createCall(null, pos, operands);
        if (wrapper != null) {
            wrapper.setOperand(0, collected);
            collected = window && wrapper.getKind() == SqlKind.FILTER
                    ? io.tessera.coordinator.sql.rule.WindowCalls.filteredArrayAgg((SqlCall) node) : node;
        }
        int mode = !distinct ? ALL : orderBy != null ? DISTINCT_ORDERED : DISTINCT_SORTED;
        if (!object && args.get(0) instanceof SqlCall record
                && record.getOperator().getName().equalsIgnoreCase(io.tessera.coordinator.sql.RecordOutput.JSON)) {
            mode |= RECORDS;
        }
        return AGGREGATE_RESULTS.get(name).createCall(pos, collected,
                org.apache.calcite.sql.SqlLiteral.createExactNumeric(Integer.toString(mode), pos));
    }

    /**
     * {@code json_agg}'s text of the collected json values: {@code [a, b]}, a NULL value {@code null}; NULL when no
     * row was collected. Records (the mode's {@link #RECORDS}) after the first start a line ({@code ", \n "}), as
     * PostgreSQL's {@code json_agg_transfn} prints composite values.
     */
    public static String aggregated(Object values, Integer mode) {
        if (values == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("[");
        boolean records = mode != null && (mode & RECORDS) != 0;
        List<String> items = distinct(texts(values), mode == null ? null : mode & ~RECORDS);
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : records && items.get(i) != null ? ", \n " : ", ")
                    .append(items.get(i) == null ? "null" : items.get(i));
        }
        return sb.append(']').toString();
    }

    /** {@code jsonb_agg}: {@link #aggregated} in jsonb's normal form. */
    public static String aggregatedJsonb(Object values, Integer mode) {
        String json = aggregated(values, mode);
        return json == null ? null : Json.normalize(json);
    }

    /**
     * {@code json_object_agg}'s text of the collected {@code [key, json value]} pairs: {@code { "k" : v, ... }}
     * with every pair, duplicate keys included; NULL when no row was collected.
     *
     * @throws TesseraException 22023 for a NULL key
     */
    public static String objectAggregated(Object pairs, Integer mode) {
        if (pairs == null) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Object pair : (List<?>) pairs) {
            List<?> kv = (List<?>) pair;
            if (kv.get(0) == null) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "field name must not be null");
            }
            keys.add(Json.quote(kv.get(0).toString()));
            values.add(kv.get(1) == null ? "null" : kv.get(1).toString());
        }
        if (mode != ALL) {
            List<String> pairTexts = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                pairTexts.add("[" + keys.get(i) + ", " + values.get(i) + "]");
            }
            List<String> kept = distinct(pairTexts, mode);
            keys.clear();
            values.clear();
            for (String p : kept) {
                List<String> kv = Json.rawElements(p);
                keys.add(kv.get(0));
                values.add(kv.get(1));
            }
        }
        StringBuilder sb = new StringBuilder("{ ");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(keys.get(i)).append(" : ").append(values.get(i));
        }
        return sb.append(" }").toString();
    }

    /** {@code jsonb_object_agg}: {@link #objectAggregated} in jsonb's normal form (the last of duplicate keys). */
    public static String objectAggregatedJsonb(Object pairs, Integer mode) {
        String json = objectAggregated(pairs, mode);
        return json == null ? null : Json.normalize(json);
    }

    private static List<String> texts(Object values) {
        List<String> out = new ArrayList<>();
        for (Object v : (List<?>) values) {
            out.add(v == null ? null : v.toString());
        }
        return out;
    }

    /** {@code items} for the mode: as they are, or each first of equal jsonb values kept (sorted by jsonb's order). */
    private static List<String> distinct(List<String> items, Integer mode) {
        if (mode == null || mode == ALL) {
            return items;
        }
        java.util.Comparator<String> order = java.util.Comparator.nullsLast(JsonbOps::compare);
        List<String> sorted = new ArrayList<>(items);
        if (mode == DISTINCT_SORTED) {
            sorted.sort(order);
        }
        List<String> kept = new ArrayList<>();
        for (String item : sorted) {
            boolean seen = false;
            for (String k : kept) {
                seen |= order.compare(k, item) == 0;
            }
            if (!seen) {
                kept.add(item);
            }
        }
        return kept;
    }

    /**
     * {@code j -> 'k'} among a function's arguments, which Calcite's grammar reads as a lambda ({@code j} its
     * parameter, {@code 'k'} its body), as the {@code ->} operator: {@code j} becomes the left operand of the body's
     * leftmost operand ({@code f(j -> 'a' ->> 'b')} is {@code f((j -> 'a') ->> 'b')}, {@code ->} binding tighter
     * than the comparisons and as tight as {@code ||}). Null when {@code node} is no such lambda.
     */
    public static SqlNode fieldOfLambda(SqlNode node) {
        if (!(node instanceof org.apache.calcite.sql.SqlLambda lambda) || lambda.getParameters().size() != 1) {
            return null;
        }
        SqlNode target = lambda.getParameters().get(0);
        SqlNode body = lambda.getExpression();
        if (body instanceof SqlBasicCall call && call.getOperator() instanceof org.apache.calcite.sql.SqlBinaryOperator
                && call.operandCount() == 2) {
            SqlBasicCall leftmost = call;
            while (leftmost.operand(0) instanceof SqlBasicCall left
                    && left.getOperator() instanceof org.apache.calcite.sql.SqlBinaryOperator
                    && left.operandCount() == 2) {
                leftmost = left;
            }
            leftmost.setOperand(0, JsonOperators.FIELD.createCall(lambda.getParserPosition(), target,
                    leftmost.operand(0)));
            return call;
        }
        return JsonOperators.FIELD.createCall(lambda.getParserPosition(), target, body);
    }

    private static boolean jsonbOrLiteral(SqlNode operand, SqlValidatorScope scope) {
        return operand instanceof org.apache.calcite.sql.SqlCharStringLiteral || kind(operand, scope) == PgType.JSONB;
    }

    /**
     * {@code a op b} of two jsonb values in jsonb's order.
     *
     * @param op the comparison: 0 =, 1 &lt;&gt;, 2 &lt;, 3 &lt;=, 4 &gt;, 5 &gt;=
     * @throws TesseraException 22P02 when a string beside the jsonb is not JSON
     */
    public static Boolean compare(String a, String b, Integer op) {
        if (a == null || b == null) {
            return null;
        }
        int c = JsonbOps.compare(a, b);
        return switch (op) {
            case 0 -> c == 0;
            case 1 -> c != 0;
            case 2 -> c < 0;
            case 3 -> c <= 0;
            case 4 -> c > 0;
            default -> c >= 0;
        };
    }

    /**
     * Whether the converted expression {@code rex} is jsonb: a call of a function returning jsonb, an extraction
     * ({@code -> #>}) from a jsonb value, or an input field that {@code inputIsJsonb} says is one, a CASE or
     * coalesce of one, or the planner's cast of one to unbounded text (a VALUES column's type); {@code jb::text} is
     * not ({@link #textOfJsonb}), a cast to jsonb is {@code pg_jsonb_in}.
     */
    public static boolean isJsonb(RexNode rex, java.util.function.IntPredicate inputIsJsonb) {
        if (rex instanceof org.apache.calcite.rex.RexInputRef ref) {
            return inputIsJsonb.test(ref.getIndex());
        }
        if (!(rex instanceof org.apache.calcite.rex.RexCall call)) {
            return false;
        }
        SqlOperator op = call.getOperator();
        String name = op.getName().toLowerCase(Locale.ROOT);
        if (op == FIELD || op == ELEMENT || op == JSONB_ELEMENT || op == PATH) {
            return isJsonb(call.getOperands().get(0), inputIsJsonb);
        }
        if (call.getKind() == SqlKind.CAST && call.getType().getSqlTypeName() == SqlTypeName.VARCHAR
                && call.getType().getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED) {
            // Calcite's own cast to a VALUES column's or set operation's (nullable) type; jb::text is
            // pg_jsonb_text (textOfJsonb)
            return isJsonb(call.getOperands().get(0), inputIsJsonb);
        }
        if (call.getKind() == SqlKind.CASE || call.getKind() == SqlKind.COALESCE) {
            List<RexNode> operands = call.getOperands();
            for (int i = 0; i < operands.size(); i++) {
                boolean value = call.getKind() == SqlKind.COALESCE || i % 2 == 1 || i == operands.size() - 1;
                if (value && isJsonb(operands.get(i), inputIsJsonb)) {
                    return true; // a CASE's or coalesce's values are all of the one type
                }
            }
            return false;
        }
        if (op == BUILD_OBJECT || op == BUILD_ARRAY) {
            return Boolean.TRUE.equals(((org.apache.calcite.rex.RexLiteral) call.getOperands()
                    .get(call.getOperands().size() - 1)).getValueAs(Boolean.class));
        }
        return JSONB_RUNTIME_RESULTS.contains(name);
    }

    /**
     * The convertlet of {@code call}: {@code next}'s, but a cast of a jsonb value to text becomes
     * {@code pg_jsonb_text(value)}, where Calcite would drop it (both are strings to it) and leave the plan a jsonb
     * value that {@code JsonbOrder} would sort and group as jsonb. The datanodes evaluate it as a cast to text.
     */
    public static org.apache.calcite.sql2rel.SqlRexConvertlet textOfJsonb(SqlCall call,
            org.apache.calcite.sql2rel.SqlRexConvertlet next) {
        if (call.getKind() != SqlKind.CAST || next == null) {
            return next;
        }
        return (cx, c) -> {
            RelDataType type = cx.getValidator().getValidatedNodeTypeIfKnown(c);
            if (cx.getValidator() instanceof Kinds k && k.jsonKind(c) == PgType.TEXT && type != null
                    && type.getSqlTypeName() == SqlTypeName.VARCHAR
                    && type.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED) {
                return cx.getRexBuilder().makeCall(type, TEXT_OF_JSONB, List.of(cx.convertExpression(c.operand(0))));
            }
            return next.convertCall(cx, c);
        };
    }

    /** {@code jb::text}: the jsonb value's text ({@link #textOfJsonb}). */
    public static String jsonbText(String j) {
        return j;
    }

    /** {@code pg_jsonb_sort_key(value)} of a jsonb expression, of type text with {@code value}'s nullability. */
    public static RexNode sortKey(RexBuilder rex, RexNode value) {
        RelDataType text = rex.getTypeFactory().createTypeWithNullability(
                rex.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), value.getType().isNullable());
        return rex.makeCall(text, SORT_KEY, List.of(value));
    }

    /**
     * The fragment operator a datanode computes {@code call} with, when it is a jsonb comparison (its first two
     * operands) or jsonb's sort key; null otherwise.
     */
    public static io.tessera.protocol.expr.Op pushableOp(org.apache.calcite.rex.RexCall call) {
        if (call.getOperator() == SORT_KEY) {
            return io.tessera.protocol.expr.Op.JSONB_SORT_KEY;
        }
        io.tessera.protocol.expr.Op operator = PUSHABLE.get(call.getOperator());
        if (operator != null) {
            return operator;
        }
        if (call.getOperator() == EXISTENCE.get(JsonOperators.EXISTS)) {
            return io.tessera.protocol.expr.Op.JSONB_EXISTS;
        }
        if (call.getOperator() == TEXT_OF_JSONB) {
            return io.tessera.protocol.expr.Op.CAST;
        }
        int code = -1;
        for (Map.Entry<SqlKind, SqlFunction> comparison : COMPARISONS.entrySet()) {
            if (comparison.getValue() == call.getOperator()) { // unconverted: a DML's WHERE (PgConvertletTable.CASTS)
                code = COMPARISON_KINDS.indexOf(comparison.getKey());
            }
        }
        if (call.getOperator() == COMPARE && call.getOperands().get(2) instanceof org.apache.calcite.rex.RexLiteral l) {
            code = l.getValueAs(Integer.class);
        }
        return switch (code) {
            case -1 -> null;
            case 0 -> io.tessera.protocol.expr.Op.JSONB_EQ;
            case 1 -> io.tessera.protocol.expr.Op.JSONB_NE;
            case 2 -> io.tessera.protocol.expr.Op.JSONB_LT;
            case 3 -> io.tessera.protocol.expr.Op.JSONB_LE;
            case 4 -> io.tessera.protocol.expr.Op.JSONB_GT;
            default -> io.tessera.protocol.expr.Op.JSONB_GE;
        };
    }

    /** jsonb's sort key of {@code j} ({@code JsonbOps.sortKey}); NULL for NULL. */
    public static String sortKey(String j) {
        return j == null ? null : JsonbOps.sortKey(j);
    }

    /** The kinds {@link #resolve} noted of the operands of the calls {@link #convert} encodes (the validator). */
    public interface Kinds {
        /** json, jsonb, or null for neither. */
        PgType jsonKind(SqlNode operand);
    }

    // ---- conversion ----------------------------------------------------------------------------------------------

    /** Whether {@link #convert} converts {@code call}. */
    static boolean converts(SqlCall call) {
        SqlOperator op = call.getOperator();
        return JsonOperators.is(op) || op == JSONB_CONCAT || op == JSONB_DELETE || op == JSONB_GREATEST
                || op == JSONB_LEAST || CONVERTED.containsValue(op)
                || COMPARISONS.containsValue(op);
    }

    /** Whether {@code call} is {@code @>} or {@code <@} of two jsonb values (strings to Calcite). */
    static boolean isJsonbContainment(SqlRexContext cx, SqlCall call) {
        return (call.getOperator() == ArrayOperators.CONTAINS || call.getOperator() == ArrayOperators.CONTAINED_BY)
                && org.apache.calcite.sql.type.SqlTypeUtil.inCharFamily(
                        cx.getValidator().getValidatedNodeType(call.operand(0)))
                && cx.getValidator().getValidatedNodeType(call.operand(1)).getComponentType() == null;
    }

    /** The call of a runtime function that computes {@code call} ({@link #converts}, {@link #isJsonbContainment}). */
    static RexNode convert(SqlRexContext cx, SqlCall call) {
        RexBuilder rex = cx.getRexBuilder();
        Kinds kinds = cx.getValidator() instanceof Kinds k ? k : node -> null;
        RelDataType type = cx.getValidator().getValidatedNodeType(call);
        SqlOperator op = call.getOperator();
        List<RexNode> args = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
            args.add(cx.convertExpression(operand));
        }
        if (ArrayOperators.is(op)) {
            boolean containedBy = op == ArrayOperators.CONTAINED_BY;
            return rex.makeCall(type, CONTAINS, containedBy ? List.of(args.get(1), args.get(0)) : args);
        }
        if (op == JsonOperators.FIELD || op == JsonOperators.FIELD_TEXT) {
            boolean index = SqlTypeName.INT_TYPES.contains(args.get(1).getType().getSqlTypeName());
            RexNode found = rex.makeCall(type, !index ? FIELD
                    : kinds.jsonKind(call.operand(0)) == PgType.JSONB ? JSONB_ELEMENT : ELEMENT, args);
            return op == JsonOperators.FIELD ? found : rex.makeCall(type, AS_TEXT, List.of(found));
        }
        if (op == JsonOperators.PATH || op == JsonOperators.PATH_TEXT) {
            RexNode found = rex.makeCall(type, PATH, args);
            return op == JsonOperators.PATH ? found : rex.makeCall(type, AS_TEXT, List.of(found));
        }
        if (op == JsonOperators.DELETE_PATH) {
            return rex.makeCall(type, DELETE_PATH, args);
        }
        if (EXISTENCE.containsKey(op)) {
            return rex.makeCall(type, EXISTENCE.get(op), args);
        }
        for (Map.Entry<SqlKind, SqlFunction> comparison : COMPARISONS.entrySet()) {
            if (comparison.getValue() == op) {
                int code = COMPARISON_KINDS.indexOf(comparison.getKey());
                return rex.makeCall(type, COMPARE, List.of(args.get(0), args.get(1), rex.makeExactLiteral(
                        BigDecimal.valueOf(code))));
            }
        }
        if (op == JSONB_CONCAT) {
            return rex.makeCall(type, CONCAT, args); // a string beside jsonb is read as jsonb
        }
        if (op == JSONB_GREATEST || op == JSONB_LEAST) {
            RelDataType text = cx.getTypeFactory().createTypeWithNullability(
                    cx.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), true);
            List<RexNode> values = args.stream().map(a -> a.getType().equals(text) ? a
                    : rex.makeCast(text, a, true, false)).toList();
            return rex.makeCall(type, EXTREME, List.of(array(cx, values, text),
                    rex.makeLiteral(op == JSONB_GREATEST)));
        }
        if (op == JSONB_DELETE) {
            boolean index = SqlTypeName.INT_TYPES.contains(args.get(1).getType().getSqlTypeName());
            return rex.makeCall(type, index ? DELETE_INDEX : DELETE_KEY, args);
        }
        String name = op.getName().toLowerCase(Locale.ROOT);
        RelDataType text = cx.getTypeFactory().createTypeWithNullability(
                cx.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), true);
        boolean jsonb = name.startsWith("jsonb") || name.equals("to_jsonb");
        switch (name) {
            case "row_to_json": {
                SqlNode record = call.operand(0);
                if (!(record instanceof SqlCall c)
                        || !c.getOperator().getName().equalsIgnoreCase(io.tessera.coordinator.sql.RecordOutput.JSON)) {
                    throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "function row_to_json("
                            + io.tessera.coordinator.sql.TypeMapping.toPgType(args.get(0).getType()).sqlName()
                            + ") does not exist", null, "No function matches the given name and argument types. You"
                            + " might need to add explicit type casts.", 0, null);
                }
                return pretty(cx, args);
            }
            case "array_to_json": {
                if (args.get(0).getType().getSqlTypeName() != SqlTypeName.ARRAY
                        || args.size() == 2 && args.get(1).getType().getSqlTypeName() != SqlTypeName.BOOLEAN) {
                    throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "function array_to_json(" + String.join(
                            ", ", args.stream().map(a -> io.tessera.coordinator.sql.TypeMapping.toPgType(a.getType())
                                    .sqlName()).toList()) + ") does not exist", null, "No function matches the given"
                            + " name and argument types. You might need to add explicit type casts.", 0, null);
                }
                List<RexNode> json = new ArrayList<>(args);
                json.set(0, encode(cx, kinds.jsonKind(call.operand(0)), args.get(0)));
                return pretty(cx, json);
            }
            case io.tessera.coordinator.sql.RecordOutput.JSON: {
                List<RexNode> keys = new ArrayList<>();
                List<RexNode> values = new ArrayList<>();
                for (int i = 0; i < args.size(); i += 2) {
                    keys.add(keyText(cx, args.get(i), text));
                    values.add(encode(cx, kinds.jsonKind(call.operand(i + 1)), args.get(i + 1)));
                }
                return rex.makeCall(type, RECORD_OBJECT, List.of(array(cx, keys, text), array(cx, values, text)));
            }
            case "to_json", "to_jsonb": {
                RexNode json = encode(cx, kinds.jsonKind(call.operand(0)), args.get(0));
                return jsonb ? rex.makeCall(type, NORMALIZE, List.of(json)) : json;
            }
            case "json_build_object", "jsonb_build_object": {
                if (args.size() % 2 != 0) {
                    throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                            "argument list must have even number of elements", null, "The arguments of " + name
                            + "() must consist of alternating keys and values.", 0, null);
                }
                List<RexNode> keys = new ArrayList<>();
                List<RexNode> values = new ArrayList<>();
                for (int i = 0; i < args.size(); i += 2) {
                    keys.add(keyText(cx, args.get(i), text));
                    values.add(encode(cx, kinds.jsonKind(call.operand(i + 1)), args.get(i + 1)));
                }
                return rex.makeCall(type, BUILD_OBJECT, List.of(array(cx, keys, text), array(cx, values, text),
                        rex.makeLiteral(jsonb)));
            }
            case "json_build_array", "jsonb_build_array": {
                List<RexNode> values = new ArrayList<>();
                for (int i = 0; i < args.size(); i++) {
                    values.add(encode(cx, kinds.jsonKind(call.operand(i)), args.get(i)));
                }
                return rex.makeCall(type, BUILD_ARRAY, List.of(array(cx, values, text), rex.makeLiteral(jsonb)));
            }
            default: {
                // json[b]_extract_path[_text](from, VARIADIC path)
                List<RexNode> steps = new ArrayList<>();
                for (int i = 1; i < args.size(); i++) {
                    steps.add(rex.makeCast(text, args.get(i), true, false));
                }
                RexNode found = rex.makeCall(type, PATH, List.of(args.get(0), array(cx, steps, text)));
                return name.endsWith("_text") ? rex.makeCall(type, AS_TEXT, List.of(found)) : found;
            }
        }
    }

    /** {@code args}' json (the first), with line feeds when the second ({@code pretty}) says so. */
    private static RexNode pretty(SqlRexContext cx, List<RexNode> args) {
        if (args.size() == 1) {
            return args.get(0);
        }
        return cx.getRexBuilder().makeCall(args.get(0).getType(), PRETTY, List.of(args.get(0), args.get(1)));
    }

    /**
     * The {@code pretty} form of array_to_json's and row_to_json's text: {@code ",\n "} between the outermost
     * elements or fields, inner ones unchanged (PostgreSQL's array_dim_to_json and composite_to_json). NULL when
     * {@code pretty} is NULL (the functions are strict).
     */
    public static String pretty(String json, Boolean pretty) {
        if (json == null || pretty == null) {
            return null;
        }
        if (!pretty) {
            return json;
        }
        StringBuilder sb = new StringBuilder(json.length() + 8);
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            sb.append(c);
            if (quoted) {
                if (c == '\\') {
                    sb.append(json.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 1) {
                sb.append("\n ");
            }
        }
        return sb.toString();
    }

    private static RexNode array(SqlRexContext cx, List<RexNode> items, RelDataType text) {
        RelDataType arrayType = cx.getTypeFactory().createArrayType(text, -1);
        if (items.isEmpty()) {
            return cx.getRexBuilder().makeCast(arrayType, cx.getRexBuilder().makeLiteral("{}"), true, false);
        }
        return cx.getRexBuilder().makeCall(arrayType, SqlStdOperatorTable.ARRAY_VALUE_CONSTRUCTOR, items);
    }

    private static RexNode keyText(SqlRexContext cx, RexNode key, RelDataType text) {
        if (key.getType().getSqlTypeName() == SqlTypeName.DECIMAL) {
            return cx.getRexBuilder().makeCall(text, OF_NUMERIC, List.of(key));
        }
        return key.getType().getSqlTypeName() == SqlTypeName.NULL ? cx.getRexBuilder().makeNullLiteral(text)
                : cx.getRexBuilder().makeCast(text, key, true, false);
    }

    /**
     * The JSON text of {@code value} (null for NULL), as {@code to_json} makes it from the value's type: json and
     * jsonb as they are, numbers and booleans bare, text and anything else quoted, timestamps in ISO 8601 with
     * {@code T}, arrays as arrays.
     */
    private static RexNode encode(SqlRexContext cx, PgType kind, RexNode value) {
        RexBuilder rex = cx.getRexBuilder();
        RelDataType text = cx.getTypeFactory().createTypeWithNullability(
                cx.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), true);
        SqlTypeName t = value.getType().getSqlTypeName();
        if (t == SqlTypeName.NULL) {
            return rex.makeNullLiteral(text);
        }
        if (kind == PgType.JSON || kind == PgType.JSONB) {
            return rex.makeCast(text, value, true, false);
        }
        if (SqlTypeName.INT_TYPES.contains(t)) {
            return rex.makeCast(text, value, true, false);
        }
        if (t == SqlTypeName.BOOLEAN) {
            return rex.makeCall(text, OF_BOOL, List.of(value));
        }
        if (t == SqlTypeName.DECIMAL) {
            return rex.makeCall(text, OF_NUMERIC, List.of(value));
        }
        if (t == SqlTypeName.DOUBLE || t == SqlTypeName.REAL || t == SqlTypeName.FLOAT) {
            return rex.makeCall(text, OF_FLOAT, List.of(rex.makeCast(text, value, true, false)));
        }
        if (t == SqlTypeName.TIMESTAMP || t == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE || t == SqlTypeName.DATE) {
            return rex.makeCall(text, OF_TIMESTAMP, List.of(rex.makeCast(text, value, true, false)));
        }
        if (t == SqlTypeName.ARRAY) {
            return rex.makeCall(text, OF_LIST, List.of(value));
        }
        return rex.makeCall(text, OF_TEXT, List.of(rex.makeCast(text, value, true, false)));
    }

    // ---- runtime -------------------------------------------------------------------------------------------------

    /** {@code j -> key}. */
    public static String field(String j, String key) {
        return j == null || key == null ? null : Json.rawPath(j, List.of(key));
    }

    /** {@code j -> index}. */
    public static String element(String j, Integer index) {
        return j == null || index == null ? null : Json.rawPath(j, List.of(index));
    }

    /**
     * {@code jb -> index} of jsonb: as {@link #element}, but a scalar is an array of itself at index 0 and -1
     * (PostgreSQL 15's {@code jsonb_array_element} reads a raw scalar as the one-element array it is stored as).
     */
    public static String elementJsonb(String j, Integer index) {
        return j == null || index == null ? null : JsonbOps.element(j, index);
    }

    /** {@code j #> path}: each step a key, or an array index when it reads as an integer. */
    public static String path(String j, Object path) {
        if (j == null || path == null) {
            return null;
        }
        List<?> steps = list(path);
        String current = j;
        for (int i = 0; i < steps.size() && current != null; i++) {
            Object step = steps.get(i);
            if (step == null) {
                return null;
            }
            String s = step.toString();
            if (Json.typeOf(current).equals("array")) {
                Integer index;
                try {
                    index = Integer.valueOf(s.strip());
                } catch (NumberFormatException notAnIndex) {
                    return null;
                }
                current = Json.rawPath(current, List.of(index));
            } else {
                current = Json.rawPath(current, List.of(s));
            }
        }
        return current;
    }

    /** {@code ->>}'s text of a found value. */
    public static String asText(String raw) {
        return Json.asText(raw);
    }

    public static Boolean contains(String a, String b) {
        return a == null || b == null ? null : JsonbOps.contains(a, b);
    }

    public static Boolean exists(String a, String key) {
        return a == null || key == null ? null : JsonbOps.exists(a, key);
    }

    public static Boolean existsAny(String a, Object keys) {
        return a == null || keys == null ? null : JsonbOps.existsAny(a, list(keys), true);
    }

    public static Boolean existsAll(String a, Object keys) {
        return a == null || keys == null ? null : JsonbOps.existsAny(a, list(keys), false);
    }

    private static List<?> list(Object array) {
        return array instanceof String s ? PgRuntime.arrayFromText(s, "VARCHAR") : (List<?>) array;
    }

    /**
     * {@code greatest} ({@code greatest} true) or {@code least} of jsonb values in jsonb's order, in jsonb's normal
     * form; NULLs skipped, the first of equal values kept (PostgreSQL's {@code ExecEvalMinMax}); NULL when all are.
     */
    public static String extreme(List<?> values, Boolean greatest) {
        String best = null;
        for (Object v : values) {
            if (v != null && (best == null || (greatest ? 1 : -1) * JsonbOps.compare(v.toString(), best) > 0)) {
                best = v.toString();
            }
        }
        return best == null ? null : Json.normalize(best);
    }

    public static String concat(String a, String b) {
        return a == null || b == null ? null : JsonbOps.concat(a, b);
    }

    public static String deleteKey(String a, String key) {
        return a == null || key == null ? null : JsonbOps.deleteKey(a, key);
    }

    public static String deleteIndex(String a, Integer index) {
        return a == null || index == null ? null : JsonbOps.deleteIndex(a, index);
    }

    public static String deletePath(String a, Object path) {
        return a == null || path == null ? null : JsonbOps.deletePath(a, list(path));
    }

    public static String normalize(String json) {
        return json == null ? null : Json.normalize(json);
    }

    public static String typeOf(String j) {
        return j == null ? null : Json.typeOf(j);
    }

    public static Integer arrayLength(String j) {
        return j == null ? null : JsonbOps.arrayLength(j);
    }

    public static String pretty(String j) {
        return j == null ? null : JsonbOps.pretty(j);
    }

    public static String stripNulls(String j) {
        return j == null ? null : JsonbOps.stripNulls(j);
    }

    public static String set(String target, Object path, String value) {
        return set(target, path, value, Boolean.TRUE);
    }

    public static String set(String target, Object path, String value, Boolean createMissing) {
        if (target == null || path == null || value == null || createMissing == null) {
            return null;
        }
        return JsonbOps.set(target, list(path), value, createMissing);
    }

    /** {@code jsonb_insert(target, path, value)}: before the element at path ({@code JsonbOps.insert}). */
    public static String insert(String target, Object path, String value) {
        return insert(target, path, value, Boolean.FALSE);
    }

    /** {@code jsonb_insert(target, path, value, insert_after)}; NULL when an argument is. */
    public static String insert(String target, Object path, String value, Boolean after) {
        if (target == null || path == null || value == null || after == null) {
            return null;
        }
        return JsonbOps.insert(target, list(path), value, after);
    }

    /**
     * {@code json[b]_build_object}: json's {@code {"k" : v, ...}}, or jsonb's normal form.
     *
     * @throws TesseraException 22023 for a NULL key
     */
    public static String buildObject(List<?> keys, List<?> values, Boolean jsonb) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i) == null) {
                throw jsonb ? new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "argument " + (2 * i + 1)
                        + ": key must not be null") : new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                        "argument " + (2 * i + 1) + " cannot be null", null, "Object keys should be text.", 0, null);
            }
            sb.append(i > 0 ? ", " : "").append(Json.quote(keys.get(i).toString())).append(" : ")
                    .append(values.get(i) == null ? "null" : values.get(i));
        }
        String json = sb.append('}').toString();
        return jsonb ? Json.normalize(json) : json;
    }

    /**
     * A record as {@code row_to_json} prints it: {@code {"f1":1,"f2":null}}, no blanks (a NULL field is
     * {@code null}); {@code keys} are the record's field names, {@code values} the fields' json.
     */
    public static String recordObject(List<?> keys, List<?> values) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i > 0 ? "," : "").append(Json.quote(keys.get(i).toString())).append(':')
                    .append(values.get(i) == null ? "null" : values.get(i));
        }
        return sb.append('}').toString();
    }

    /** {@code json[b]_build_array}. */
    public static String buildArray(List<?> values, Boolean jsonb) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(values.get(i) == null ? "null" : values.get(i));
        }
        String json = sb.append(']').toString();
        return jsonb ? Json.normalize(json) : json;
    }

    public static String ofNumeric(BigDecimal n) {
        return n == null ? null : n.toPlainString();
    }

    public static String ofBool(Boolean b) {
        return b == null ? null : b.toString();
    }

    public static String ofText(String s) {
        return s == null ? null : Json.quote(s);
    }

    /** float8's text as JSON: a number, or a string for NaN and the infinities. */
    public static String ofFloat(String s) {
        if (s == null) {
            return null;
        }
        return s.equals("NaN") || s.endsWith("Infinity") ? Json.quote(s) : s;
    }

    /** A date's or timestamp's text as JSON: ISO 8601, {@code T} between date and time, zone {@code +HH:MM}. */
    public static String ofTimestamp(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replaceFirst(" ", "T");
        if (t.matches(".*T.*[+-]\\d\\d$")) {
            t = t + ":00";
        }
        return Json.quote(t);
    }

    /** An array's elements as a JSON array (numbers, booleans bare, strings quoted). */
    public static String ofList(Object array) {
        if (array == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("[");
        List<?> items = (List<?>) array;
        for (int i = 0; i < items.size(); i++) {
            Object e = items.get(i);
            sb.append(i > 0 ? "," : "");
            if (e instanceof List<?>) {
                sb.append(ofList(e)); // a dimension of a multi-dimensional array
            } else if (e instanceof Double || e instanceof Float) {
                double d = ((Number) e).doubleValue();
                sb.append(ofFloat(e instanceof Float f ? PgRuntime.float4Text(f) : PgRuntime.float8Text(d)));
            } else {
                sb.append(e == null ? "null" : e instanceof BigDecimal d ? PgRuntime.numericText(d)
                        : e instanceof Number || e instanceof Boolean ? e.toString() : Json.quote(e.toString()));
            }
        }
        return sb.append(']').toString();
    }
}

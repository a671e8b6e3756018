package io.tessera.coordinator.sql;

import io.tessera.coordinator.sql.schema.TesseraTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.SqlValidatorTable;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/**
 * Calcite's validator with PostgreSQL's visibility rule for system columns: {@code SELECT *} does not expand to
 * {@code xc_node_id}, which stays selectable by name (Postgres-XL's behaviour), nor to a catalog's {@code tableoid}.
 */
final class TesseraValidator extends SqlValidatorImpl implements ClientTypes.TypeofOids,
        io.tessera.coordinator.sql.functions.JsonFunctions.Kinds {
    /** The select items a star expanded to that Calcite renamed, with PostgreSQL's name for each. */
    private final Map<SqlNode, String> starNames = new java.util.IdentityHashMap<>();
    /** The FROM items {@link #getValidatedNodeType} types without system columns, per select list being expanded. */
    private final java.util.Deque<Set<SqlNode>> permutedFromItems = new java.util.ArrayDeque<>();

    TesseraValidator(SqlOperatorTable opTab, SqlValidatorCatalogReader catalogReader, RelDataTypeFactory typeFactory,
            Config config) {
        super(opTab, catalogReader, typeFactory, config);
    }

    /**
     * PostgreSQL's interval casts and make_interval ({@code IntervalFunctions.rewrite}); date/time typed literals
     * read by Tessera's input functions ({@link DateTimeLiterals}); {@code current_timestamp} as {@code now()}, its
     * equal in PostgreSQL (a timestamptz, where Calcite's is a timestamp); {@code current_time}, a timetz in
     * PostgreSQL, refused (0A000) rather than typed time.
     */
    @Override
    protected SqlNode performUnconditionalRewrites(SqlNode node, boolean underFrom) {
        if (node instanceof SqlCall as && as.getKind() == SqlKind.AS && as.operandCount() == 2
                && as.operand(1) instanceof SqlIdentifier alias && alias.isSimple() && !alias.isComponentQuoted(0)) {
            // an alias is a name, not an expression: quoted, so that current_timestamp's name stays one (below)
            as.setOperand(1, new SqlIdentifier(List.of(alias.getSimple()), null, alias.getParserPosition(),
                    List.of(SqlParserPos.QUOTED_ZERO)));
        }
        if (node instanceof SqlIdentifier id && id.isSimple() && !id.isComponentQuoted(0)) {
            if (id.getSimple().equalsIgnoreCase("current_timestamp")) {
                // the select item keeps its name: PgRewriter named it current_timestamp before validation
                SqlIdentifier now = new SqlIdentifier("now", id.getParserPosition());
                return new org.apache.calcite.sql.SqlUnresolvedFunction(now, null, null, null, null,
                        org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION)
                        .createCall(id.getParserPosition());
            }
            if (id.getSimple().equalsIgnoreCase("current_time")) {
                throw new io.tessera.common.error.TesseraException(
                        io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                        "current_time (type time with time zone) is not supported; use localtime or now()");
            }
        }
        if (node instanceof org.apache.calcite.sql.SqlUnknownLiteral typed) {
            SqlNode resolved = DateTimeLiterals.resolve(typed);
            if (resolved != null) {
                return resolved instanceof org.apache.calcite.sql.SqlLiteral ? resolved
                        : super.performUnconditionalRewrites(resolved, underFrom);
            }
        }
        SqlNode json = jsonRewrites(node);
        if (json != null) {
            return performUnconditionalRewrites(json, underFrom);
        }
        sortDistinctAggregates(node);
        SqlNode interval = io.tessera.coordinator.sql.functions.IntervalFunctions.rewrite(node);
        return super.performUnconditionalRewrites(interval != null ? interval : node, underFrom);
    }

    /** json_agg and its kin, and {@code f(j -> 'k')} ({@code JsonFunctions}); null when {@code node} is neither. */
    private static SqlNode jsonRewrites(SqlNode node) {
        SqlNode aggregate = io.tessera.coordinator.sql.functions.JsonFunctions.rewriteAggregate(node);
        return aggregate != null ? aggregate : io.tessera.coordinator.sql.functions.JsonFunctions.fieldOfLambda(node);
    }

    /**
     * Calcite's "No match found for function signature f(...)" names the arguments by type family (every number
     * NUMERIC, an interval by its Java class); the signature here names them as PostgreSQL's 42883 does, each
     * quoted for {@link CalciteErrors}, which passes quoted names through: a string or NULL literal is
     * {@code unknown}, an integer literal {@code integer} or {@code bigint} by its size, anything else its type's
     * name ({@code numeric}, {@code interval}, {@code bytea}, {@code text[]}, an enum's name ...).
     */
    @Override
    public org.apache.calcite.runtime.CalciteException handleUnresolvedFunction(SqlCall call,
            org.apache.calcite.sql.SqlOperator unresolvedFunction, List<RelDataType> argTypes,
            @org.checkerframework.checker.nullness.qual.Nullable List<String> argNames) {
        try {
            return super.handleUnresolvedFunction(call, unresolvedFunction, argTypes, argNames);
        } catch (org.apache.calcite.runtime.CalciteContextException e) {
            if (argTypes.size() != call.operandCount() || e.getMessage() == null
                    || !e.getMessage().contains("No match found for function signature")) {
                throw e;
            }
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < argTypes.size(); i++) {
                names.add("<\"" + argumentTypeName(call.operand(i), argTypes.get(i)) + "\">");
            }
            throw newValidationError(call, org.apache.calcite.util.Static.RESOURCE.validatorUnknownFunction(
                    unresolvedFunction.getName() + "(" + String.join(", ", names) + ")"));
        }
    }

    /** PostgreSQL's name of a function argument's type in a 42883 message ({@link #handleUnresolvedFunction}). */
    private static String argumentTypeName(SqlNode operand, RelDataType type) {
        if (operand instanceof SqlCharStringLiteral || org.apache.calcite.sql.SqlUtil.isNullLiteral(operand, false)) {
            return "unknown";
        }
        if (operand instanceof org.apache.calcite.sql.SqlNumericLiteral n && n.isExact() && n.getScale() == 0) {
            java.math.BigDecimal v = n.getValueAs(java.math.BigDecimal.class);
            int bits = v.toBigInteger().bitLength();
            return bits < 32 ? "integer" : bits < 64 ? "bigint" : "numeric";
        }
        RelDataType element = type.getComponentType();
        if (element != null) {
            // an ARRAY of string literals is text[] in PostgreSQL
            return (SqlTypeName.CHAR_TYPES.contains(element.getSqlTypeName()) ? "text"
                    : EnumExpressions.typeName(element)) + "[]";
        }
        return EnumExpressions.typeName(type);
    }

    /**
     * {@code string_agg(DISTINCT x, sep)} and {@code array_agg(DISTINCT x)} without ORDER BY are ordered by
     * {@code x}: PostgreSQL sorts the values to remove the duplicates, so its output is in {@code x}'s order
     * ({@code a,b,c}), where Calcite's hashing kept the first-seen order. The operands of {@code node} that are such
     * calls become {@code agg(DISTINCT x ... ORDER BY x)}.
     */
    private static void sortDistinctAggregates(SqlNode node) {
        // not under FILTER, which Calcite does not take with an ORDER BY in the arguments
        if (node instanceof SqlCall call && call.getKind() != SqlKind.WITHIN_GROUP
                && call.getKind() != SqlKind.FILTER) {
            for (int i = 0; i < call.operandCount(); i++) {
                SqlNode sorted = sortedDistinct(call.operand(i));
                if (sorted != null) {
                    call.setOperand(i, sorted);
                }
            }
        } else if (node instanceof org.apache.calcite.sql.SqlNodeList list) {
            for (int i = 0; i < list.size(); i++) {
                SqlNode sorted = sortedDistinct(list.get(i));
                if (sorted != null) {
                    list.set(i, sorted);
                }
            }
        }
    }

    private static SqlNode sortedDistinct(SqlNode node) {
        if (node instanceof org.apache.calcite.sql.SqlBasicCall agg && agg.getFunctionQuantifier() != null
                && agg.getFunctionQuantifier().getValue() == org.apache.calcite.sql.SqlSelectKeyword.DISTINCT
                && agg.operandCount() >= 1 && (agg.getOperator().getName().equalsIgnoreCase("string_agg")
                        || agg.getOperator().getName().equalsIgnoreCase("array_agg"))
                && io.tessera.sql.parser.JsonOperators.aggregate(agg) == null
                && !(agg.operand(agg.operandCount() - 1) instanceof org.apache.calcite.sql.SqlNodeList)) {
            // the ORDER BY list as the last argument, as Calcite's parser puts agg(x ORDER BY y)
            List<SqlNode> operands = new java.util.ArrayList<>(agg.getOperandList());
            operands.add(new org.apache.calcite.sql.SqlNodeList(List.of(agg.operand(0)), SqlParserPos.ZERO));
            return agg.getOperator().createCall(agg.getFunctionQuantifier(), agg.getParserPosition(), operands);
        }
        return null;
    }

    /**
     * Operators and functions of PostgreSQL's interval ({@code IntervalFunctions.resolve}) and jsonb's
     * ({@code JsonFunctions.resolve}); casts to and from enum
     * types have their target type.
     */
    @Override
    public RelDataType deriveType(SqlValidatorScope scope, SqlNode expr) {
        if (expr instanceof org.apache.calcite.sql.SqlBasicCall call) {
            io.tessera.coordinator.sql.functions.IntervalFunctions.resolve(this, scope, call);
            io.tessera.coordinator.sql.functions.JsonFunctions.resolve(call, scope, jsonKinds);
            minMaxOfRegtypeAsOid(scope, call);
            oidArithmetic(scope, call);
            realArithmetic(scope, call);
            typeofCatalogColumn(scope, call);
        }
        RelDataType enumCast = null;
        if (expr instanceof org.apache.calcite.sql.SqlBasicCall call && call.getKind() == org.apache.calcite.sql.SqlKind.CAST
                && call.operandCount() == 2 && call.operand(1) instanceof org.apache.calcite.sql.SqlDataTypeSpec spec) {
            // Calcite gives a cast between strings the operand's collation: a cast to an enum type would stay text,
            // one from an enum type stay the enum (EnumValues); such a cast has its target type, and is CAST even
            // when written :: (whose binary-operator typing mixes the operand's and the target's collations)
            RelDataType target = spec.deriveType(this);
            RelDataType operand = super.deriveType(scope, call.operand(0));
            if (EnumValues.of(target) != null || EnumValues.of(operand) != null || RegtypeValues.is(target)
                    || RegtypeValues.is(operand)) {
                if (EnumValues.of(target) == null && !RegtypeValues.is(target)
                        && org.apache.calcite.sql.type.SqlTypeUtil.inCharFamily(target)) {
                    target = getTypeFactory().createTypeWithCharsetAndCollation(target,
                            getTypeFactory().getDefaultCharset(), org.apache.calcite.sql.SqlCollation.IMPLICIT);
                }
                call.setOperator(org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST);
                enumCast = getTypeFactory().createTypeWithNullability(target, operand.isNullable());
            }
        }
        RelDataType derived = super.deriveType(scope, expr);
        if (enumCast != null) {
            setValidatedNodeType(expr, enumCast);
            return enumCast;
        }
        return derived;
    }

    /** json and jsonb operands of the calls JsonFunctions converts ({@code JsonFunctions.resolve}). */
    private final java.util.Map<SqlNode, io.tessera.common.types.PgType> jsonKinds = new java.util.IdentityHashMap<>();

    @Override
    public io.tessera.common.types.PgType jsonKind(SqlNode operand) {
        return jsonKinds.get(operand);
    }

    /** The type OIDs of {@code pg_typeof} calls of catalog columns ({@link #typeofCatalogColumn}). */
    private final java.util.Map<SqlNode, Integer> typeofOids = new java.util.IdentityHashMap<>();

    @Override
    public int typeofOid(SqlNode call) {
        return typeofOids.getOrDefault(call, 0);
    }

    /**
     * Notes the type of {@code pg_typeof} of a catalog column whose PostgreSQL type Calcite's does not tell
     * ({@code pg_typeof(relname)} is name, not text; {@link ClientTypes#catalogColumnTypeOid}).
     */
    private void typeofCatalogColumn(SqlValidatorScope scope, org.apache.calcite.sql.SqlBasicCall call) {
        if (call.operandCount() != 1 || !call.getOperator().getName().equalsIgnoreCase("pg_typeof")
                || !(call.operand(0) instanceof org.apache.calcite.sql.SqlIdentifier id) || id.isStar()
                || typeofOids.containsKey(call)) {
            return;
        }
        try {
            org.apache.calcite.sql.validate.SqlQualified q = scope.fullyQualify(id);
            org.apache.calcite.sql.validate.SqlValidatorTable table = q.namespace == null ? null
                    : q.namespace.getTable();
            io.tessera.coordinator.catalog.pgcatalog.CatalogTable catalog = table == null ? null
                    : table.unwrap(io.tessera.coordinator.catalog.pgcatalog.CatalogTable.class);
            if (catalog != null && q.suffix().size() == 1) {
                for (io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Col c : catalog.columns()) {
                    if (c.name().equals(q.suffix().get(0))) {
                        typeofOids.put(call, ClientTypes.catalogColumnTypeOid(c));
                    }
                }
            }
        } catch (RuntimeException unresolved) {
            // validation reports it
        }
    }

    /**
     * Arithmetic on a cast to {@code oid} is 42883, as in PostgreSQL, which has no arithmetic operators for oid
     * ({@code 23::oid + 1}: {@code operator does not exist: oid + integer}); the engine computes oids as int4 and
     * would add.
     */
    private void oidArithmetic(SqlValidatorScope scope, org.apache.calcite.sql.SqlBasicCall call) {
        org.apache.calcite.sql.SqlKind kind = call.getKind();
        if (call.operandCount() != 2 || !(kind == org.apache.calcite.sql.SqlKind.PLUS
                || kind == org.apache.calcite.sql.SqlKind.MINUS || kind == org.apache.calcite.sql.SqlKind.TIMES
                || kind == org.apache.calcite.sql.SqlKind.DIVIDE || kind == org.apache.calcite.sql.SqlKind.MOD)) {
            return;
        }
        Class<io.tessera.coordinator.catalog.pgcatalog.CatalogSyntax.OidSpec> oid =
                io.tessera.coordinator.catalog.pgcatalog.CatalogSyntax.OidSpec.class;
        if (!ClientTypes.isCast(call.operand(0), oid) && !ClientTypes.isCast(call.operand(1), oid)) {
            return;
        }
        String[] names = new String[2];
        for (int i = 0; i < 2; i++) {
            names[i] = ClientTypes.isCast(call.operand(i), oid) ? "oid"
                    : EnumExpressions.typeName(deriveType(scope, call.operand(i)));
        }
        throw new io.tessera.common.error.TesseraException(io.tessera.common.error.SqlState.UNDEFINED_FUNCTION,
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
    private void realArithmetic(SqlValidatorScope scope, org.apache.calcite.sql.SqlBasicCall call) {
        org.apache.calcite.sql.SqlKind kind = call.getKind();
        if (call.operandCount() != 2 || !(kind == org.apache.calcite.sql.SqlKind.PLUS
                || kind == org.apache.calcite.sql.SqlKind.MINUS || kind == org.apache.calcite.sql.SqlKind.TIMES
                || kind == org.apache.calcite.sql.SqlKind.DIVIDE || kind.belongsTo(SqlKind.BINARY_COMPARISON))) {
            return;
        }
        RelDataType[] types = {deriveType(scope, call.operand(0)), deriveType(scope, call.operand(1))};
        if (!PgTypeCoercion.realBesideExact(types[0], types[1])) {
            return;
        }
        for (int i = 0; i < 2; i++) {
            RelDataType to = getTypeFactory().createTypeWithNullability(
                    getTypeFactory().createSqlType(org.apache.calcite.sql.type.SqlTypeName.DOUBLE),
                    types[i].isNullable());
            SqlNode cast = org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(
                    call.operand(i).getParserPosition(), call.operand(i),
                    org.apache.calcite.sql.type.SqlTypeUtil.convertTypeToSpec(to).withNullable(to.isNullable()));
            call.setOperand(i, cast);
            deriveType(scope, cast);
        }
    }

    /**
     * {@code min} and {@code max} of a regtype are those of its OID, as in PostgreSQL, which has no such aggregates
     * for regtype and takes {@code min(oid)}/{@code max(oid)} through regtype's implicit cast to oid:
     * {@code max(pg_typeof(1))} is {@code 23}, not {@code integer}. The argument is cast to oid (its number). The
     * operand's type is derived through this validator ({@link #deriveType}), so that interval functions in it
     * resolve as anywhere else.
     */
    private void minMaxOfRegtypeAsOid(SqlValidatorScope scope, org.apache.calcite.sql.SqlBasicCall call) {
        org.apache.calcite.sql.SqlKind kind = call.getKind();
        if ((kind == org.apache.calcite.sql.SqlKind.MIN || kind == org.apache.calcite.sql.SqlKind.MAX)
                && call.operandCount() == 1 && RegtypeValues.is(deriveType(scope, call.operand(0)))) {
            org.apache.calcite.sql.parser.SqlParserPos pos = call.operand(0).getParserPosition();
            call.setOperand(0, org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, call.operand(0),
                    new io.tessera.coordinator.catalog.pgcatalog.CatalogSyntax.OidSpec(pos)));
        }
    }

    /**
     * A VALUES column mixing intervals and string literals reads the strings as intervals, as PostgreSQL does, and
     * so does one mixing date/time expressions and string literals ({@link #readStringsAsDateTimes}); one mixing
     * number literals of different scales keeps each literal's scale ({@link #keepLiteralScales}).
     */
    @Override
    protected void validateValues(org.apache.calcite.sql.SqlCall node, RelDataType targetRowType,
            SqlValidatorScope scope) {
        io.tessera.coordinator.sql.functions.IntervalFunctions.coerceValues(this, scope, node);
        readStringsAsDateTimes(node, scope);
        if (!targetRowType.isStruct()) { // a query's VALUES; an INSERT's takes the target columns' types
            keepLiteralScales(node);
        }
        super.validateValues(node, targetRowType, scope);
    }

    /**
     * In a VALUES column whose values are string literals, NULLs, parameters and expressions of one date/time type
     * ({@code VALUES (1, '2024-01-01 12:00'), (2, timestamp '2024-01-01 12:00:00.5')}), each string literal becomes
     * {@code CAST(literal AS that type)}: PostgreSQL reads an unknown-typed literal with the column's resolved type's
     * input function, where Calcite finds no common type of a string and a timestamp (a timestamp literal, or under
     * {@code engine.microseconds} the cast of its text that {@code DateTimeLiterals} makes of it).
     */
    private void readStringsAsDateTimes(SqlCall values, SqlValidatorScope scope) {
        List<SqlNode> rows = values.getOperandList();
        if (rows.size() < 2 || !(rows.get(0) instanceof SqlCall first) || first.getKind() != SqlKind.ROW) {
            return;
        }
        for (int column = 0; column < first.operandCount(); column++) {
            SqlTypeName type = null;
            boolean strings = false;
            for (SqlNode row : rows) {
                if (!(row instanceof SqlCall r) || r.getKind() != SqlKind.ROW || r.operandCount() <= column) {
                    return;
                }
                SqlNode v = r.operand(column);
                if (v instanceof SqlCharStringLiteral) {
                    strings = true;
                } else if (!org.apache.calcite.sql.SqlUtil.isNullLiteral(v, false) && !(v instanceof SqlDynamicParam)) {
                    SqlTypeName t = deriveType(scope, v).getSqlTypeName();
                    if (!DATE_TIMES.contains(t) || (type != null && type != t)) {
                        type = null;
                        break;
                    }
                    type = t;
                }
            }
            if (type == null || !strings) {
                continue;
            }
            for (SqlNode row : rows) {
                SqlCall r = (SqlCall) row;
                if (r.operand(column) instanceof SqlCharStringLiteral literal) {
                    SqlParserPos pos = literal.getParserPosition();
                    r.setOperand(column, SqlStdOperatorTable.CAST.createCall(pos, literal,
                            new SqlDataTypeSpec(new SqlBasicTypeNameSpec(type, pos), pos)));
                }
            }
        }
    }

    private static final Set<SqlTypeName> DATE_TIMES = Set.of(SqlTypeName.DATE, SqlTypeName.TIME,
            SqlTypeName.TIMESTAMP, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

    /**
     * In a VALUES column whose number literals have different scales ({@code VALUES (1), (2.5)}), each literal
     * becomes {@code CAST(literal AS numeric)}. PostgreSQL's column is numeric without a typmod and each value keeps
     * its scale (1 and 2.5); Calcite converts a VALUES of literals into literals of the column's DECIMAL(p, s),
     * rescaled to s (1.0), while a cast to the unconstrained numeric keeps the value's scale ({@code PgRexBuilder}).
     */
    private static void keepLiteralScales(org.apache.calcite.sql.SqlCall values) {
        List<SqlNode> rows = values.getOperandList();
        if (rows.size() < 2) {
            return;
        }
        int width = -1;
        for (SqlNode row : rows) {
            if (!(row instanceof org.apache.calcite.sql.SqlCall r) || r.getKind() != org.apache.calcite.sql.SqlKind.ROW
                    || (width >= 0 && r.operandCount() != width)) {
                return;
            }
            width = r.operandCount();
        }
        for (int column = 0; column < width; column++) {
            java.util.Set<Integer> scales = new java.util.HashSet<>();
            for (SqlNode row : rows) {
                if (((org.apache.calcite.sql.SqlCall) row).operand(column)
                        instanceof org.apache.calcite.sql.SqlNumericLiteral n && n.isExact()) {
                    scales.add(n.getScale() == null ? 0 : n.getScale());
                }
            }
            if (scales.size() < 2) {
                continue;
            }
            for (SqlNode row : rows) {
                org.apache.calcite.sql.SqlCall r = (org.apache.calcite.sql.SqlCall) row;
                if (r.operand(column) instanceof org.apache.calcite.sql.SqlNumericLiteral n && n.isExact()) {
                    org.apache.calcite.sql.parser.SqlParserPos pos = n.getParserPosition();
                    r.setOperand(column, org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, n,
                            new org.apache.calcite.sql.SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(
                                    org.apache.calcite.sql.type.SqlTypeName.DECIMAL,
                                    io.tessera.coordinator.sql.functions.PgRexRewriter.UNCONSTRAINED, 0, pos), pos)));
                }
            }
        }
    }

    /**
     * Called only while expanding a star: skips system columns of Tessera tables, and keeps the column's own name
     * for the client where Calcite makes it unique ({@code SELECT * FROM t AS a JOIN t AS b ON ...} names its
     * columns {@code id, v, id, v} in PostgreSQL; {@link #starName}).
     */
    @Override
    protected void addToSelectList(List<SqlNode> list, Set<String> aliases, List<Map.Entry<String, RelDataType>> fieldList,
            SqlNode exp, SelectScope scope, boolean includeSystemVars) {
        if (!includeSystemVars && exp instanceof SqlIdentifier id && id.names.size() >= 2 // t.*, s.t.*
                && TesseraTable.XC_NODE_ID.equals(id.names.get(id.names.size() - 1))
                && isTable(scope, id.names.subList(0, id.names.size() - 1), TesseraTable.class)) {
            return;
        }
        if (!includeSystemVars && exp instanceof SqlIdentifier id && id.names.size() == 2
                && io.tessera.coordinator.catalog.pgcatalog.CatalogTable.TABLEOID.equals(id.names.get(1))
                && isTable(scope, List.of(id.names.get(0)),
                        io.tessera.coordinator.catalog.pgcatalog.CatalogTable.class)) {
            return;
        }
        int before = list.size();
        super.addToSelectList(list, aliases, fieldList, exp, scope, includeSystemVars);
        if (exp instanceof SqlIdentifier id && list.size() == before + 1 && list.get(before) != exp) {
            starNames.put(list.get(before), id.names.get(id.names.size() - 1)); // wrapped: AS a unique alias
        }
    }

    /**
     * The name PostgreSQL gives a column a star expanded to, where Calcite gave it another to keep the names of a
     * select list unique ({@code id0}); null for any other select item.
     */
    String starName(SqlNode selectItem) {
        return starNames.get(selectItem);
    }

    /**
     * Expands a select list with the FROM items of its USING and NATURAL joins typed without their system columns
     * while it runs: Calcite moves the join columns of {@code SELECT *} to the front by field positions in the
     * FROM items' row types ({@code SqlValidatorImpl.Permute}), which must count the columns the star expanded to.
     */
    @Override
    protected RelDataType validateSelectList(org.apache.calcite.sql.SqlNodeList selectItems,
            org.apache.calcite.sql.SqlSelect select, RelDataType targetRowType) {
        Set<SqlNode> joined = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        if (hasUsingJoin(select.getFrom())) {
            fromItems(select.getFrom(), joined);
        }
        permutedFromItems.push(joined);
        try {
            return super.validateSelectList(selectItems, select, targetRowType);
        } finally {
            permutedFromItems.pop();
        }
    }

    @Override
    public RelDataType getValidatedNodeType(SqlNode node) {
        RelDataType type = super.getValidatedNodeType(node);
        Set<SqlNode> joined = permutedFromItems.peek();
        if (joined == null || !joined.contains(node)) {
            return type;
        }
        if (node instanceof org.apache.calcite.sql.SqlJoin join) {
            RelDataTypeFactory.Builder b = getTypeFactory().builder();
            b.addAll(getValidatedNodeType(join.getLeft()).getFieldList());
            b.addAll(getValidatedNodeType(join.getRight()).getFieldList());
            return b.build();
        }
        String hidden = systemColumn(node);
        if (hidden == null) {
            return type;
        }
        RelDataTypeFactory.Builder b = getTypeFactory().builder();
        type.getFieldList().stream().filter(f -> !f.getName().equals(hidden)).forEach(b::add);
        return b.build();
    }

    /**
     * A WHERE, GROUP BY, HAVING or ON condition naming a USING or NATURAL join's column unqualified ({@code ... JOIN b
     * USING (id) WHERE id > 1}) reads the join's merged column, as PostgreSQL does: the left side's for an inner
     * or left join, the right side's for a right join, {@code COALESCE(left, right)} for a full one (Calcite
     * resolves these only in the select list). Sub-queries keep their own names.
     */
    @Override
    public SqlNode expand(SqlNode expr, SqlValidatorScope scope) {
        SqlNode node = scope.getNode();
        SqlNode from = node instanceof org.apache.calcite.sql.SqlSelect select ? select.getFrom()
                : node instanceof org.apache.calcite.sql.SqlJoin ? node : null; // an ON condition's scope
        if (hasUsingJoin(from)) {
            expr = expr.accept(new org.apache.calcite.sql.util.SqlShuttle() {
                @Override
                public SqlNode visit(SqlIdentifier id) {
                    SqlNode merged = id.isSimple() ? mergedColumn(from, id) : null;
                    return merged == null ? id : merged;
                }

                @Override
                public SqlNode visit(SqlCall call) {
                    return call instanceof org.apache.calcite.sql.SqlSelect ? call : super.visit(call);
                }
            });
        }
        return super.expand(expr, scope);
    }

    /** The merged column {@code id} names in {@code from}'s USING or NATURAL joins of two named items, or null. */
    private SqlNode mergedColumn(SqlNode from, SqlIdentifier id) {
        if (!(from instanceof org.apache.calcite.sql.SqlJoin join)) {
            return null;
        }
        List<String> names = usingNames(join);
        if (names == null || !names.contains(id.getSimple())) {
            SqlNode left = mergedColumn(join.getLeft(), id);
            return left != null ? left : mergedColumn(join.getRight(), id);
        }
        if (join.getLeft() instanceof org.apache.calcite.sql.SqlJoin
                || join.getRight() instanceof org.apache.calcite.sql.SqlJoin) {
            return null;
        }
        SqlParserPos pos = id.getParserPosition();
        SqlIdentifier left = new SqlIdentifier(List.of(deriveAlias(join.getLeft(), 0), id.getSimple()), pos);
        SqlIdentifier right = new SqlIdentifier(List.of(deriveAlias(join.getRight(), 0), id.getSimple()), pos);
        return switch (join.getJoinType()) {
            case RIGHT -> right;
            case FULL -> SqlStdOperatorTable.COALESCE.createCall(pos, left, right);
            default -> left;
        };
    }

    /**
     * A NATURAL join is validated, and converted, as the USING join of the columns both sides show
     * ({@link #usingNames}): Calcite's conversion derives a NATURAL join's columns again from the row types, which
     * would join on {@code xc_node_id} too. Without common columns it is a cross join, as in PostgreSQL.
     */
    @Override
    protected void validateJoin(org.apache.calcite.sql.SqlJoin join, SqlValidatorScope scope) {
        if (join.isNatural()) {
            List<String> names = usingNames(join);
            SqlParserPos pos = join.getParserPosition();
            join.setOperand(1, org.apache.calcite.sql.SqlLiteral.createBoolean(false, pos));
            if (names.isEmpty()) {
                join.setOperand(4, org.apache.calcite.sql.JoinConditionType.ON.symbol(pos));
                join.setOperand(5, org.apache.calcite.sql.SqlLiteral.createBoolean(true, pos));
            } else {
                join.setOperand(4, org.apache.calcite.sql.JoinConditionType.USING.symbol(pos));
                join.setOperand(5, new org.apache.calcite.sql.SqlNodeList(
                        names.stream().map(n -> (SqlNode) new SqlIdentifier(n, pos)).toList(), pos));
            }
        }
        super.validateJoin(join, scope);
    }

    /** NATURAL joins match the columns both sides show, not the system columns ({@code xc_node_id}). */
    @Override
    public List<String> usingNames(org.apache.calcite.sql.SqlJoin join) {
        List<String> names = super.usingNames(join);
        if (names == null || !join.isNatural()) {
            return names;
        }
        String left = systemColumn(join.getLeft());
        String right = systemColumn(join.getRight());
        return names.stream().filter(n -> !n.equals(left) && !n.equals(right)).toList();
    }

    /** The system column of a FROM item that is a Tessera table or a catalog table, or null. */
    private String systemColumn(SqlNode fromItem) {
        org.apache.calcite.sql.validate.SqlValidatorNamespace ns = getNamespace(fromItem);
        SqlValidatorTable table = ns == null ? null : ns.getTable();
        if (table == null) {
            return null;
        }
        if (table.unwrap(TesseraTable.class) != null) {
            return TesseraTable.XC_NODE_ID;
        }
        return table.unwrap(io.tessera.coordinator.catalog.pgcatalog.CatalogTable.class) != null
                ? io.tessera.coordinator.catalog.pgcatalog.CatalogTable.TABLEOID : null;
    }

    private static boolean hasUsingJoin(SqlNode from) {
        return from instanceof org.apache.calcite.sql.SqlJoin join
                && (join.isNatural() || join.getConditionType() == org.apache.calcite.sql.JoinConditionType.USING
                        || hasUsingJoin(join.getLeft()) || hasUsingJoin(join.getRight()));
    }

    /** The joins of a FROM clause and the items they join. */
    private static void fromItems(SqlNode from, Set<SqlNode> out) {
        out.add(from);
        if (from instanceof org.apache.calcite.sql.SqlJoin join) {
            fromItems(join.getLeft(), out);
            fromItems(join.getRight(), out);
        }
    }

    private boolean isTable(SelectScope scope, List<String> names, Class<?> kind) {
        SqlValidatorScope.ResolvedImpl resolved = new SqlValidatorScope.ResolvedImpl();
        scope.resolve(names, getCatalogReader().nameMatcher(), false, resolved);
        if (resolved.count() != 1) {
            return false;
        }
        SqlValidatorTable table = resolved.only().namespace.getTable();
        return table != null && table.unwrap(kind) != null;
    }
}

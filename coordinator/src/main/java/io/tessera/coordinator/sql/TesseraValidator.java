package io.tessera.coordinator.sql;

import static org.apache.calcite.util.Static.RESOURCE;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.pgcatalog.CatalogTable;
import io.tessera.coordinator.sql.functions.IntervalFunctions;
import io.tessera.coordinator.sql.functions.JsonFunctions;
import io.tessera.coordinator.sql.functions.PgFunctionTable;
import io.tessera.coordinator.sql.schema.TesseraTable;
import io.tessera.sql.parser.ddl.BitStringType;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlCollation;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.sql.validate.SqlQualified;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.SqlValidatorTable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite's validator where PostgreSQL validates differently. Kept here: the visibility rule for system columns
 * ({@code SELECT *} does not expand to {@code xc_node_id}, which stays selectable by name as in Postgres-XL, nor to a
 * catalog's {@code tableoid}) and PostgreSQL's names for a star's columns; the rewrites before validation
 * (date/time literals, {@code current_timestamp}, interval casts); PostgreSQL's 42883 signatures; casts to and from
 * enum types. The other differences live in their own classes, called from the overrides here:
 * {@link SortedDistinctAggregates}, {@link OperatorResolution}, {@link ValuesTyping}, {@link UsingJoins}, and the
 * function packages' {@code IntervalFunctions} and {@code JsonFunctions}.
 */
final class TesseraValidator extends SqlValidatorImpl implements ClientTypes.TypeofOids,
        JsonFunctions.Kinds {
    /** The select items a star expanded to that Calcite renamed, with PostgreSQL's name for each. */
    private final Map<SqlNode, String> starNames = new IdentityHashMap<>();
    /** The FROM items {@link #getValidatedNodeType} types without system columns, per select list being expanded. */
    private final Deque<Set<SqlNode>> permutedFromItems = new ArrayDeque<>();

    /** The CASE expressions that were COALESCE calls before Calcite's rewrite, by identity. */
    private final java.util.Set<SqlNode> coalesces = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());

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
                return new SqlUnresolvedFunction(now, null, null, null, null,
                        SqlFunctionCategory.USER_DEFINED_FUNCTION)
                        .createCall(id.getParserPosition());
            }
            if (id.getSimple().equalsIgnoreCase("current_time")) {
                throw new TesseraException(
                        SqlState.FEATURE_NOT_SUPPORTED,
                        "current_time (type time with time zone) is not supported; use localtime or now()");
            }
        }
        SqlNode clock = SqlValueFunctions.rewrite(node); // localtime(p), current_timestamp(p): microseconds
        if (clock != null) {
            return performUnconditionalRewrites(clock, underFrom);
        }
        if (node instanceof SqlUnknownLiteral typed) {
            SqlNode resolved = DateTimeLiterals.resolve(typed);
            if (resolved != null) {
                return resolved instanceof SqlLiteral ? resolved
                        : super.performUnconditionalRewrites(resolved, underFrom);
            }
        }
        SqlNode math = mathOperator(node);
        if (math != null) {
            return performUnconditionalRewrites(math, underFrom);
        }
        SqlNode json = jsonRewrites(node);
        if (json != null) {
            return performUnconditionalRewrites(json, underFrom);
        }
        SortedDistinctAggregates.rewrite(node);
        SqlNode interval = IntervalFunctions.rewrite(node);
        SqlNode target = interval != null ? interval : node;
        SqlNode rewritten = super.performUnconditionalRewrites(target, underFrom);
        if (target != null && target.getKind() == SqlKind.COALESCE
                && rewritten instanceof org.apache.calcite.sql.fun.SqlCase) {
            coalesces.add(rewritten); // Calcite's CASE for a COALESCE: its errors name COALESCE (SelectCommonType)
        }
        return rewritten;
    }

    /**
     * PostgreSQL's prefix {@code |/ x}, {@code ||/ x} and {@code @ x} ({@code MathOperators}) as the functions they
     * are, {@code sqrt(x::float8)}, {@code cbrt(x::float8)} and {@code abs(x)} (the select item is named
     * {@code ?column?} already); null for another node.
     */
    private static SqlNode mathOperator(SqlNode node) {
        if (!(node instanceof SqlBasicCall call) || !io.tessera.sql.parser.MathOperators.ALL.contains(call.getOperator())) {
            return null;
        }
        SqlParserPos pos = call.getParserPosition();
        SqlNode x = call.operand(0);
        String name = call.getOperator() == io.tessera.sql.parser.MathOperators.ABS ? "abs"
                : call.getOperator() == io.tessera.sql.parser.MathOperators.SQRT ? "sqrt" : "cbrt";
        if (!name.equals("abs")) {
            x = SqlStdOperatorTable.CAST.createCall(pos, x, new org.apache.calcite.sql.SqlDataTypeSpec(
                    new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, pos), pos));
        }
        return new SqlUnresolvedFunction(new SqlIdentifier(name, pos), null, null, null, null,
                SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(pos, x);
    }

    /** json_agg and its kin, and {@code f(j -> 'k')} ({@code JsonFunctions}); null when {@code node} is neither. */
    private static SqlNode jsonRewrites(SqlNode node) {
        SqlNode aggregate = JsonFunctions.rewriteAggregate(node);
        if (aggregate == null) {
            aggregate = io.tessera.coordinator.sql.functions.Regressions.rewriteAggregate(node); // corr(y, x) & co.
        }
        return aggregate != null ? aggregate : JsonFunctions.fieldOfLambda(node);
    }

    /**
     * Calcite's "No match found for function signature f(...)" names the arguments by type family (every number
     * NUMERIC, an interval by its Java class); the signature here names them as PostgreSQL's 42883 does, each
     * quoted for {@link CalciteErrors}, which passes quoted names through: a string or NULL literal is
     * {@code unknown}, an integer literal {@code integer} or {@code bigint} by its size, anything else its type's
     * name ({@code numeric}, {@code interval}, {@code bytea}, {@code text[]}, an enum's name ...).
     */
    @Override
    public CalciteException handleUnresolvedFunction(SqlCall call,
            SqlOperator unresolvedFunction, List<RelDataType> argTypes,
            @Nullable List<String> argNames) {
        try {
            return super.handleUnresolvedFunction(call, unresolvedFunction, argTypes, argNames);
        } catch (CalciteContextException e) {
            if (argTypes.size() != call.operandCount() || e.getMessage() == null
                    || !e.getMessage().contains("No match found for function signature")) {
                throw e;
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < argTypes.size(); i++) {
                names.add("<\"" + argumentTypeName(call.operand(i), argTypes.get(i)) + "\">");
            }
            throw newValidationError(call, RESOURCE.validatorUnknownFunction(
                    unresolvedFunction.getName() + "(" + String.join(", ", names) + ")"));
        }
    }

    /** PostgreSQL's name of a function argument's type in a 42883 message ({@link #handleUnresolvedFunction}). */
    private static String argumentTypeName(SqlNode operand, RelDataType type) {
        if (operand instanceof SqlCharStringLiteral || SqlUtil.isNullLiteral(operand, false)) {
            return "unknown";
        }
        if (operand instanceof SqlNumericLiteral n && n.isExact() && n.getScale() == 0) {
            BigDecimal v = n.getValueAs(BigDecimal.class);
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
     * Operators and functions of PostgreSQL's interval ({@code IntervalFunctions.resolve}) and jsonb's
     * ({@code JsonFunctions.resolve}); casts to and from enum
     * types have their target type.
     */
    @Override
    public RelDataType deriveType(SqlValidatorScope scope, SqlNode expr) {
        SelectCommonType.check(this, scope, expr, coalesces.contains(expr)); // CASE / COALESCE of types with no common one: PostgreSQL's error
        if (expr instanceof SqlBasicCall call) {
            DatetimeResolution.resolve(this, scope, call); // date beside timestamp: before the interval operators
            io.tessera.coordinator.sql.functions.ExtractFields.resolve(this, scope, call); // julian, timezone
            IntervalFunctions.resolve(this, scope, call);
            JsonFunctions.resolve(call, scope, jsonKinds);
            PgFunctionTable.resolve(this, scope, call);
            OperatorResolution.resolve(this, scope, call);
            io.tessera.coordinator.sql.functions.QuantifiedArrays.resolve(this, scope, call);
            io.tessera.coordinator.sql.functions.ArrayFunctions.resolveTextCast(this, scope, call);
            typeofCatalogColumn(scope, call);
            AggregateArguments.check(this, scope, call);
        }
        RelDataType enumCast = null;
        if (expr instanceof SqlBasicCall call && call.getKind() == SqlKind.CAST
                && call.operandCount() == 2 && call.operand(1) instanceof SqlDataTypeSpec spec) {
            // Calcite gives a cast between strings the operand's collation: a cast to an enum type would stay text,
            // one from an enum type stay the enum (EnumValues); such a cast has its target type, and is CAST even
            // when written :: (whose binary-operator typing mixes the operand's and the target's collations)
            RelDataType target = spec.deriveType(this);
            RelDataType operand = deriveType(scope, call.operand(0)); // resolved, as extract(f from time)
            if (EnumValues.of(target) != null || EnumValues.of(operand) != null || RegtypeValues.is(target)
                    || RegtypeValues.is(operand) || BitStringType.is(target) || BitStringType.is(operand)) {
                if (EnumValues.of(target) == null && !RegtypeValues.is(target) && !BitStringType.is(target)
                        && SqlTypeUtil.inCharFamily(target)) {
                    target = getTypeFactory().createTypeWithCharsetAndCollation(target,
                            getTypeFactory().getDefaultCharset(), SqlCollation.IMPLICIT);
                }
                call.setOperator(SqlStdOperatorTable.CAST);
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

    /**
     * A table function's call ({@code FROM generate_series(...)}), which Calcite's namespace of the function visits here
     * first and then types without {@link #deriveType}: the timestamp forms of generate_series
     * ({@code IntervalFunctions.resolveTableFunction}).
     */
    @Override
    protected void inferUnknownTypes(RelDataType inferredType, SqlValidatorScope scope, SqlNode node) {
        if (node instanceof SqlBasicCall call) {
            IntervalFunctions.resolveTableFunction(this, scope, call);
        }
        super.inferUnknownTypes(inferredType, scope, node);
    }

    /** json and jsonb operands of the calls JsonFunctions converts ({@code JsonFunctions.resolve}). */
    private final Map<SqlNode, PgType> jsonKinds = new IdentityHashMap<>();

    @Override
    public PgType jsonKind(SqlNode operand) {
        return jsonKinds.get(operand);
    }

    /** The type OIDs of {@code pg_typeof} calls of catalog columns ({@link #typeofCatalogColumn}). */
    private final Map<SqlNode, Integer> typeofOids = new IdentityHashMap<>();

    /** The scopes of {@code pg_typeof} calls, for the string types of their arguments ({@link StringTyping}). */
    private final Map<SqlNode, SqlValidatorScope> typeofScopes = new IdentityHashMap<>();

    @Override
    public int typeofOid(SqlNode call) {
        int oid = typeofOids.getOrDefault(call, 0);
        if (oid == 0 && typeofScopes.containsKey(call)) {
            oid = StringTyping.typeofOid(this, typeofScopes.get(call), ((SqlCall) call).operand(0));
        }
        return oid;
    }

    /**
     * Notes the type of {@code pg_typeof} of a catalog column whose PostgreSQL type Calcite's does not tell
     * ({@code pg_typeof(relname)} is name, not text; {@link ClientTypes#catalogColumnTypeOid}), and of a json or
     * jsonb value ({@code JsonFunctions.kind}).
     */
    private void typeofCatalogColumn(SqlValidatorScope scope, SqlBasicCall call) {
        if (call.operandCount() != 1 || !call.getOperator().getName().equalsIgnoreCase("pg_typeof")
                || typeofOids.containsKey(call)) {
            return;
        }
        typeofScopes.put(call, scope);
        PgType json = JsonFunctions.kind(call.operand(0), scope); // json and jsonb are text to Calcite
        if (json != null) {
            typeofOids.put(call, json.oid());
            return;
        }
        if (!(call.operand(0) instanceof SqlIdentifier id) || id.isStar()) {
            return;
        }
        try {
            SqlQualified q = scope.fullyQualify(id);
            SqlValidatorTable table = q.namespace == null ? null
                    : q.namespace.getTable();
            CatalogTable catalog = table == null ? null
                    : table.unwrap(CatalogTable.class);
            if (catalog != null && q.suffix().size() == 1) {
                for (CatalogTable.Col c : catalog.columns()) {
                    if (c.name().equals(q.suffix().get(0))) {
                        typeofOids.put(call, ClientTypes.catalogColumnTypeOid(c));
                    }
                }
            }
        } catch (RuntimeException unresolved) {
            // validation reports it
        }
    }

    /** A FROM item's alias with a column list is PostgreSQL's ({@link ColumnAliasNamespace}). */
    @Override
    protected void registerNamespace(@Nullable SqlValidatorScope usingScope, @Nullable String alias,
            SqlValidatorNamespace ns, boolean forceNullable) {
        SqlValidatorNamespace namespace = ns;
        if (ns.getClass() == org.apache.calcite.sql.validate.AliasNamespace.class
                && ns.getNode() instanceof SqlCall call && call.operandCount() > 2) {
            namespace = new ColumnAliasNamespace(this, call, ns.getEnclosingNode());
        }
        super.registerNamespace(usingScope, alias, namespace, forceNullable);
    }

    /**
     * A VALUES column mixing intervals and string literals reads the strings as intervals, as PostgreSQL does, and
     * so does one mixing date/time expressions and string literals ({@link ValuesTyping#readStringsAsDateTimes}); dates
     * beside timestamps become timestamps ({@link ValuesTyping#castDatesBesideTimestamps}); one mixing
     * number literals of different scales keeps each literal's scale ({@link ValuesTyping#keepLiteralScales}).
     */
    @Override
    protected void validateValues(SqlCall node, RelDataType targetRowType,
            SqlValidatorScope scope) {
        IntervalFunctions.coerceValues(this, scope, node);
        ValuesTyping.readStringsAsDateTimes(node, v -> deriveType(scope, v));
        ValuesTyping.castDatesBesideTimestamps(node, v -> deriveType(scope, v));
        if (!targetRowType.isStruct()) { // a query's VALUES; an INSERT's takes the target columns' types
            ValuesTyping.keepLiteralScales(node);
        }
        super.validateValues(node, targetRowType, scope);
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
                && CatalogTable.TABLEOID.equals(id.names.get(1))
                && isTable(scope, List.of(id.names.get(0)),
                        CatalogTable.class)) {
            return;
        }
        int before = list.size();
        super.addToSelectList(list, aliases, fieldList, exp, scope, includeSystemVars);
        if (exp instanceof SqlIdentifier id && list.size() == before + 1) {
            String own = id.names.get(id.names.size() - 1);
            String name = id.names.size() >= 2 ? subQueryStarName(scope, id) : null;
            if (name == null && own.startsWith(io.tessera.coordinator.catalog.pgcatalog.CatalogSyntax.UNNEST_COLUMN)) {
                name = "unnest"; // unnest(a, b)'s later columns
            }
            if (name != null || list.get(before) != exp) { // wrapped: AS a unique alias
                starNames.put(list.get(before), name != null ? name : own);
            }
        }
    }

    /**
     * PostgreSQL's name of the sub-query column {@code id} ({@code x.k0}) names, where the sub-query's own star
     * renamed it ({@code SELECT x.* FROM (SELECT * FROM a JOIN b USING (id)) x} names its columns as the inner
     * star does: {@code k}, not {@code k0}); null for any other column.
     */
    private String subQueryStarName(SelectScope scope, SqlIdentifier id) {
        SqlValidatorScope.ResolvedImpl resolved = new SqlValidatorScope.ResolvedImpl();
        scope.resolve(id.names.subList(0, id.names.size() - 1), getCatalogReader().nameMatcher(), false, resolved);
        SqlNode node = resolved.count() != 1 ? null : resolved.only().namespace.resolve().getNode();
        node = node instanceof org.apache.calcite.sql.SqlWithItem item ? item.query : node; // a CTE's
        if (!(node instanceof SqlSelect inner) || inner.getSelectList() == null) {
            return null;
        }
        List<String> fields = resolved.only().namespace.getRowType().getFieldNames();
        int index = fields.indexOf(id.names.get(id.names.size() - 1));
        return index < 0 || index >= inner.getSelectList().size() ? null
                : starNames.getOrDefault(inner.getSelectList().get(index),
                        DerivedTableNames.clientName(inner.getSelectList().get(index))); // id$dup1 is id
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
    protected RelDataType validateSelectList(SqlNodeList selectItems,
            SqlSelect select, RelDataType targetRowType) {
        Set<SqlNode> joined = Collections.newSetFromMap(new IdentityHashMap<>());
        if (UsingJoins.hasUsingJoin(select.getFrom())) {
            UsingJoins.fromItems(select.getFrom(), joined);
        }
        permutedFromItems.push(joined);
        if (!joined.isEmpty()) {
            UsingJoins.mergeSelectItems(this, select.getFrom(), selectItems);
        }
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
        if (node instanceof SqlJoin join) {
            RelDataTypeFactory.Builder b = getTypeFactory().builder();
            b.addAll(getValidatedNodeType(join.getLeft()).getFieldList());
            b.addAll(getValidatedNodeType(join.getRight()).getFieldList());
            return b.build();
        }
        String hidden = UsingJoins.systemColumn(this, node);
        if (hidden == null) {
            return type;
        }
        RelDataTypeFactory.Builder b = getTypeFactory().builder();
        type.getFieldList().stream().filter(f -> !f.getName().equals(hidden)).forEach(b::add);
        return b.build();
    }

    /**
     * A WHERE, GROUP BY, HAVING or ON condition reads a USING or NATURAL join's column by its merged column
     * ({@link UsingJoins#mergedColumns}).
     */
    @Override
    public SqlNode expand(SqlNode expr, SqlValidatorScope scope) {
        SqlNode node = scope.getNode();
        SqlNode from = node instanceof SqlSelect select ? select.getFrom()
                : node instanceof SqlJoin ? node : null; // an ON condition's scope
        return super.expand(UsingJoins.mergedColumns(this, from, expr), scope);
    }

    /**
     * A NATURAL join is validated, and converted, as the USING join of the columns both sides show; a USING list
     * that repeats a name or names a column a side lacks is PostgreSQL's error ({@link UsingJoins#usingError}).
     */
    @Override
    protected void validateJoin(SqlJoin join, SqlValidatorScope scope) {
        if (join.isNatural()) {
            UsingJoins.naturalAsUsing(join, usingNames(join));
        }
        try {
            super.validateJoin(join, scope);
        } catch (CalciteContextException e) {
            TesseraException using = UsingJoins.usingError(this, join);
            throw using != null ? using : e;
        }
        TesseraException using = UsingJoins.usingError(this, join);
        if (using != null) {
            throw using;
        }
    }

    /**
     * GROUP BY, like WHERE, reads a USING or NATURAL join's column by PostgreSQL's merged column, where Calcite's
     * would be {@code COALESCE(left, right)} for every join type: {@code GROUP BY a.id} then still covers {@code
     * SELECT id} of an inner join, as in PostgreSQL, and HAVING matches the same expression.
     */
    @Override
    protected void validateGroupClause(SqlSelect select) {
        if (select.getGroup() != null) {
            select.setGroupBy((SqlNodeList) UsingJoins.mergedColumns(this, select.getFrom(), select.getGroup()));
        }
        super.validateGroupClause(select);
    }

    /** HAVING, like WHERE, reads a USING or NATURAL join's column by its merged column. */
    @Override
    protected void validateHavingClause(SqlSelect select) {
        if (select.getHaving() != null) {
            select.setHaving(UsingJoins.mergedColumns(this, select.getFrom(), select.getHaving()));
        }
        super.validateHavingClause(select);
    }

    /**
     * ORDER BY, like WHERE, reads a USING or NATURAL join's column by its merged column, except a bare name that is
     * an output column's: PostgreSQL orders by the output column then ({@code select k as id ... order by id}).
     */
    @Override
    protected void validateOrderList(SqlSelect select) {
        if (select.getOrderList() != null && UsingJoins.hasUsingJoin(select.getFrom())) {
            select.setOrderBy(UsingJoins.mergedOrderItems(this, select.getFrom(), select.getOrderList(),
                    getValidatedNodeType(select).getFieldNames()));
        }
        super.validateOrderList(select);
    }

    /** NATURAL joins match the columns both sides show, not the system columns ({@code xc_node_id}). */
    @Override
    public List<String> usingNames(SqlJoin join) {
        List<String> names = super.usingNames(join);
        return names == null || !join.isNatural() ? names : UsingJoins.withoutSystemColumns(this, join, names);
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

package io.tessera.coordinator.catalog.pgcatalog;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Rewrites casts that name catalog types, before validation:
 * <ul>
 *   <li>{@code x::regtype} and {@code x::regclass} (schema-qualified or not) are casts to Tessera's regtype and
 *       regclass types ({@code io.tessera.coordinator.sql.RegtypeValues}), except that a regclass given to a
 *       function or in an IN list is the lookup below (functions take the OID, as PostgreSQL's take regclass
 *       through its implicit cast to oid);</li>
 *   <li>{@code x::regnamespace} (also regrole, regproc, schema-qualified or not) becomes
 *       {@code regclassin(x)} — the OID — when x is a string constant or parameter, else {@code regclassout(x)} —
 *       the name ({@link RegCasts}); a function's name cast to regproc stays that name, checked
 *       ({@code regprocname}), because Tessera's {@code pg_type.typinput} and its like hold names;</li>
 *   <li>{@code x::pg_catalog.text} and the catalog's own types ({@code oid}, {@code name}, {@code "char"},
 *       {@code int2}, ... qualified or not) become casts to the Calcite type Tessera uses for them.</li>
 * </ul>
 */
public final class CatalogSyntax {
    private static final List<String> REG_TYPES = List.of("regclass", "regtype", "regnamespace", "regrole",
            "regproc", "regprocedure", "regoper");

    /** Catalog columns that are regproc in PostgreSQL and hold the function's name (text) in Tessera. */
    private static final java.util.Set<String> NAMED_FUNCTION_COLUMNS = java.util.Set.of("amhandler", "typinput",
            "typoutput", "typreceive", "typsend");

    /** Catalog columns of type int2vector or oidvector, arrays in Tessera. */
    private static final java.util.Set<String> VECTOR_COLUMNS = java.util.Set.of("indkey", "indclass", "indoption",
            "indcollation", "proargtypes", "stxkeys", "partattrs", "partclass", "partcollation");

    private CatalogSyntax() {
    }

    /** Rewrites {@code node}; the result may be a new tree. */
    public static SqlNode rewrite(SqlNode node) {
        vectorsAsText(node instanceof org.apache.calcite.sql.SqlOrderBy orderBy ? orderBy.query : node);
        return SelectListSrf.rewrite(node.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlNode visited = super.visit(call);
                if (visited instanceof org.apache.calcite.sql.SqlSelect select && select.getFrom() != null) {
                    select.setFrom(optionsToTable(aliasUnnestColumn(select.getFrom())));
                }
                if (visited instanceof SqlCall c && c.getKind() == SqlKind.OTHER
                        && c.getOperator() == org.apache.calcite.sql.fun.SqlStdOperatorTable.CONCAT
                        && (isArrayConstructor(c.operand(0)) || isArrayConstructor(c.operand(1)))) {
                    // PostgreSQL's || on arrays concatenates them; NULL arrays count as empty
                    return new SqlUnresolvedFunction(new SqlIdentifier("array_cat", c.getParserPosition()), null,
                            null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION)
                            .createCall(c.getParserPosition(), c.operand(0), c.operand(1));
                }
                if (visited instanceof SqlCall c && TEXT_OF_ANY.contains(c.getOperator().getName().toLowerCase(
                        Locale.ROOT))) {
                    regtypesAsText(c);
                } else if (visited instanceof SqlCall c) {
                    regclassArgumentsAsLookups(c);
                }
                if (visited instanceof SqlCall c && (c.getKind() == SqlKind.UNION || c.getKind() == SqlKind.INTERSECT
                        || c.getKind() == SqlKind.EXCEPT)) {
                    // branches with oid columns (pg_dump: SELECT classid ... UNION ALL SELECT
                    // 'pg_opfamily'::regclass) take the number; Calcite's common type of int4 and regclass is text
                    for (SqlNode branch : c.getOperandList()) {
                        if (branch instanceof SqlSelect select) {
                            org.apache.calcite.sql.SqlNodeList items = select.getSelectList();
                            for (int i = 0; i < items.size(); i++) {
                                SqlNode item = items.get(i);
                                if (isRegclassCast(item)) {
                                    items.set(i, regclassLookup((SqlCall) item));
                                } else if (item.getKind() == SqlKind.AS
                                        && isRegclassCast(((SqlCall) item).operand(0))) {
                                    ((SqlCall) item).setOperand(0, regclassLookup(((SqlCall) item).operand(0)));
                                }
                            }
                        }
                    }
                }
                if (visited instanceof SqlCall c && c.getKind() == SqlKind.CAST && c.operandCount() == 2
                        && c.operand(1) instanceof SqlDataTypeSpec spec) {
                    return rewriteCast(c, spec);
                }
                return visited;
            }
        }));
    }

    /** Operators and functions that print any argument as text. */
    private static final java.util.Set<String> TEXT_OF_ANY = java.util.Set.of("||", "concat", "concat_ws", "format");

    /**
     * The functions that take a relation's OID where PostgreSQL's take regclass or oid: pg_catalog's
     * ({@link PgCatalogFunctions#functions}: obj_description, pg_relation_size, ...), the sequence functions and
     * {@code pg_partition_ancestors} (psql's {@code \d} of a table with foreign keys).
     */
    private static final java.util.Set<String> OID_FUNCTIONS = oidFunctions();

    private static java.util.Set<String> oidFunctions() {
        java.util.Set<String> out = new java.util.HashSet<>(PgCatalogFunctions.functions().keySet());
        out.addAll(List.of("nextval", "currval", "setval", PartitionAncestors.NAME,
                PartitionAncestors.NAME + "_ordinality"));
        return java.util.Set.copyOf(out);
    }

    /**
     * Replaces, in place, each operand of a call of a function of {@link #OID_FUNCTIONS}
     * ({@code obj_description('t'::regclass, 'pg_class')}, {@code pg_relation_size(c.oid::regclass)}), of an ARRAY
     * constructor or of an IN list that is a cast to regclass with the lookup Tessera's functions take
     * ({@link #regLookup}): they declare oid parameters (integers) where PostgreSQL's take regclass. Other functions
     * of a regclass are 42883, as in PostgreSQL ({@code upper('t'::regclass)}).
     */
    private static void regclassArgumentsAsLookups(SqlCall call) {
        boolean function = call.getOperator() instanceof SqlUnresolvedFunction f
                && OID_FUNCTIONS.contains(f.getName().toLowerCase(Locale.ROOT))
                || call.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR;
        boolean in = call.getKind() == SqlKind.IN || call.getKind() == SqlKind.NOT_IN;
        if (!function && !in) {
            return;
        }
        for (int i = 0; i < call.operandCount(); i++) {
            SqlNode operand = call.operand(i);
            if (isRegclassCast(operand)) {
                call.setOperand(i, regclassLookup((SqlCall) operand));
            } else if (in && operand instanceof org.apache.calcite.sql.SqlNodeList list) {
                for (int j = 0; j < list.size(); j++) {
                    if (isRegclassCast(list.get(j))) {
                        list.set(j, regclassLookup((SqlCall) list.get(j)));
                    }
                }
            }
        }
    }

    /** The lookup for a cast to regclass: its operand's, or the parameter's {@code regclassin} it already has. */
    private static SqlNode regclassLookup(SqlCall cast) {
        SqlNode operand = cast.operand(0);
        return operand instanceof SqlCall in && in.getOperator() instanceof SqlUnresolvedFunction f
                && f.getName().equals("regclassin") ? in : regLookup("regclass", operand);
    }

    /** Whether {@code n} is a cast to Tessera's regtype or regclass type, as {@link #rewriteCast} makes it. */
    private static boolean isRegCast(SqlNode n) {
        return n instanceof SqlCall c && c.getKind() == SqlKind.CAST && c.operandCount() == 2
                && c.operand(1) instanceof SqlDataTypeSpec spec
                && spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlUserDefinedTypeNameSpec
                && spec.getTypeName().names.size() == 1 && (spec.getTypeName().getSimple().equals("regclass")
                        || spec.getTypeName().getSimple().equals("regtype"));
    }

    /** Whether {@code n} is a cast to Tessera's regclass type, as {@link #rewriteCast} makes it. */
    private static boolean isRegclassCast(SqlNode n) {
        return n instanceof SqlCall c && c.getKind() == SqlKind.CAST && c.operandCount() == 2
                && c.operand(1) instanceof SqlDataTypeSpec spec
                && spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlUserDefinedTypeNameSpec
                && spec.getTypeName().names.size() == 1 && spec.getTypeName().getSimple().equals("regclass");
    }

    /**
     * Casts, in place, each operand of {@code call} that is a regtype as written ({@code pg_typeof(x)}, a cast to
     * regtype) to text, its name: Calcite cannot concatenate regtype's VARCHAR (its own collation) with a string,
     * and PostgreSQL prints the name ({@code 'type: ' || pg_typeof(1)} is {@code type: integer}). A regtype reached
     * otherwise (a sub-query's column) stays a validation error there.
     */
    private static void regtypesAsText(SqlCall call) {
        for (int i = 0; i < call.operandCount(); i++) {
            SqlNode operand = call.operand(i);
            boolean regtype = operand instanceof SqlCall c && (c.getOperator().getName().equalsIgnoreCase("pg_typeof")
                    || c.getKind() == SqlKind.CAST && c.operandCount() == 2 && c.operand(1) instanceof SqlDataTypeSpec
                    spec && spec.getTypeName().names.size() == 1
                    && (spec.getTypeName().getSimple().equalsIgnoreCase("regtype")
                    || spec.getTypeName().getSimple().equalsIgnoreCase("regclass")));
            if (regtype) {
                SqlParserPos pos = operand.getParserPosition();
                call.setOperand(i, org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, operand,
                        new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), pos)));
            }
        }
    }

    /**
     * PostgreSQL allows a set operation's output columns to share a name ({@code SELECT x, NULL, NULL UNION ...
     * ORDER BY 1}, as psql sends); Calcite's validator wraps an ordered set operation in {@code SELECT *} and then
     * finds the duplicates ambiguous. This renames the duplicates of the first branch ({@code ?column?} becomes
     * {@code ?column?#2}, ...) in place and returns the names as they were, so the planner can report those;
     * null when nothing was renamed.
     */
    public static List<String> uniquifySetOperationNames(SqlNode query) {
        if (!(query instanceof org.apache.calcite.sql.SqlOrderBy orderBy)) {
            return null;
        }
        SqlNode body = orderBy.query;
        while (body instanceof SqlCall c && (c.getKind() == SqlKind.UNION || c.getKind() == SqlKind.INTERSECT
                || c.getKind() == SqlKind.EXCEPT)) {
            body = c.operand(0);
        }
        if (!(body instanceof org.apache.calcite.sql.SqlSelect first) || first.getSelectList() == null) {
            return null;
        }
        List<String> original = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        boolean renamed = false;
        org.apache.calcite.sql.SqlNodeList items = first.getSelectList();
        for (int i = 0; i < items.size(); i++) {
            SqlNode item = items.get(i);
            if (!(item instanceof SqlCall as && as.getKind() == SqlKind.AS && as.operandCount() == 2)) {
                return renamed ? original : null; // a star or an unnamed item: leave the query alone
            }
            String name = ((SqlIdentifier) as.operand(1)).getSimple();
            original.add(name);
            if (!seen.add(name)) {
                as.setOperand(1, new SqlIdentifier(name + "#" + (i + 1), SqlParserPos.ZERO));
                renamed = true;
            }
        }
        return renamed ? original : null;
    }

    private static boolean isArrayConstructor(SqlNode n) {
        return n.getKind() == SqlKind.ARRAY_QUERY_CONSTRUCTOR || n.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR;
    }

    /**
     * Names the columns of {@code unnest(a)} in FROM as PostgreSQL does: by the table alias for a function returning a
     * scalar ({@code unnest(a) x} has the column {@code x}), else by the function's name ({@code unnest(a)} has the
     * column {@code unnest}, in a table also named {@code unnest}); each column of {@code unnest(a, b)} is named
     * {@code unnest} (inside the query the second is {@code unnest$2} and so on, which a star expands to under the
     * name unnest: {@link #UNNEST_COLUMN}); {@code WITH ORDINALITY} adds {@code ordinality}. Calcite would name them {@code EXPR$0} and {@code ORDINALITY}. A column alias list is left as written.
     */
    /**
     * The prefix of the internal names of {@code unnest(a, b, ...)}'s second and later columns, which a client sees
     * as {@code unnest} (Calcite's star expansion needs distinct names).
     */
    public static final String UNNEST_COLUMN = "unnest$";

    private static SqlNode aliasUnnestColumn(SqlNode from) {
        if (from instanceof org.apache.calcite.sql.SqlJoin join) {
            join.setLeft(aliasUnnestColumn(join.getLeft()));
            join.setRight(aliasUnnestColumn(join.getRight()));
            return join;
        }
        SqlCall unnest;
        SqlIdentifier alias;
        if (from.getKind() == SqlKind.AS && from instanceof SqlCall as && as.operandCount() == 2
                && as.operand(0).getKind() == SqlKind.UNNEST) {
            unnest = as.operand(0);
            alias = as.operand(1);
        } else if (from.getKind() == SqlKind.UNNEST && from instanceof SqlCall call) {
            unnest = call;
            alias = new SqlIdentifier("unnest", call.getParserPosition());
        } else {
            return from;
        }
        List<SqlNode> operands = new java.util.ArrayList<>(List.of(unnest, alias));
        for (int i = 0; i < unnest.operandCount(); i++) { // several arrays: unnest, unnest$2, ... (all unnest to a client)
            operands.add(new SqlIdentifier(unnest.operandCount() == 1 ? alias.getSimple()
                    : i == 0 ? "unnest" : UNNEST_COLUMN + (i + 1), alias.getParserPosition()));
        }
        if (unnest.getOperator() instanceof org.apache.calcite.sql.SqlUnnestOperator u && u.withOrdinality) {
            operands.add(new SqlIdentifier("ordinality", alias.getParserPosition()));
        }
        return org.apache.calcite.sql.fun.SqlStdOperatorTable.AS.createCall(from.getParserPosition(), operands);
    }

    /**
     * A query's output columns that are catalog columns of type int2vector or oidvector ({@code i.indkey},
     * {@code p.proargtypes}) are sent in those types' text form, the numbers separated by spaces ({@code 1 2}),
     * which pg_dump parses; inside expressions they stay arrays ({@code indkey[0]}, {@code unnest(indkey)}).
     */
    private static void vectorsAsText(SqlNode query) {
        if (query instanceof org.apache.calcite.sql.SqlBasicCall setOp && setOp.getKind() == SqlKind.UNION) {
            setOp.getOperandList().forEach(CatalogSyntax::vectorsAsText);
            return;
        }
        if (!(query instanceof SqlSelect select)) {
            return;
        }
        org.apache.calcite.sql.SqlNodeList items = select.getSelectList();
        for (int i = 0; i < items.size(); i++) {
            SqlNode item = items.get(i);
            boolean aliased = item.getKind() == SqlKind.AS;
            SqlNode value = aliased ? ((SqlCall) item).operand(0) : item;
            if (value instanceof SqlIdentifier column && !column.isStar() && VECTOR_COLUMNS.contains(
                    column.names.get(column.names.size() - 1).toLowerCase(Locale.ROOT))) {
                SqlParserPos pos = value.getParserPosition();
                SqlNode text = new SqlUnresolvedFunction(new SqlIdentifier("array_to_string", pos), null, null, null,
                        null, SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(pos, value,
                        SqlLiteral.createCharString(" ", pos));
                SqlNode alias = aliased ? ((SqlCall) item).operand(1)
                        : new SqlIdentifier(column.names.get(column.names.size() - 1), pos);
                items.set(i, org.apache.calcite.sql.fun.SqlStdOperatorTable.AS.createCall(pos, text, alias));
            }
        }
    }

    /**
     * {@code FROM pg_options_to_table(options)} (pg_dump's reading of fdwoptions, attfdwoptions, ...) becomes the
     * same rows from {@code unnest}: each {@code name=value} of the text array split at its first {@code =}
     * (PostgreSQL's {@code pg_options_to_table}; a value is NULL when there is no {@code =}).
     */
    private static SqlNode optionsToTable(SqlNode from) {
        SqlNode item = from.getKind() == SqlKind.AS ? ((SqlCall) from).operand(0) : from;
        if (!(item.getKind() == SqlKind.COLLECTION_TABLE && item instanceof SqlCall table
                && table.operand(0) instanceof SqlCall fn && fn.operandCount() == 1
                && fn.getOperator().getName().toLowerCase(Locale.ROOT).endsWith("pg_options_to_table"))) {
            return from;
        }
        SqlSelect rows = (SqlSelect) io.tessera.sql.parser.TesseraSqlParser.parse("SELECT split_part(\"option\", '=', 1)"
                + " AS option_name, CASE WHEN strpos(\"option\", '=') > 0 THEN substring(\"option\" from"
                + " strpos(\"option\", '=') + 1) END AS option_value FROM unnest(\"options\") AS \"options\"(\"option\")");
        SqlCall unnestAs = (SqlCall) rows.getFrom();
        ((SqlCall) unnestAs.operand(0)).setOperand(0, fn.operand(0));
        SqlNode alias = from.getKind() == SqlKind.AS ? ((SqlCall) from).operand(1)
                : new SqlIdentifier("pg_options_to_table", from.getParserPosition());
        return org.apache.calcite.sql.fun.SqlStdOperatorTable.AS.createCall(from.getParserPosition(), rows, alias);
    }

    private static SqlNode rewriteCast(SqlCall cast, SqlDataTypeSpec spec) {
        SqlIdentifier typeName = spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlCollectionTypeNameSpec coll
                ? coll.getElementTypeName().getTypeName() : spec.getTypeName();
        boolean collection = spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlCollectionTypeNameSpec;
        List<String> names = typeName.names;
        if (names.size() > 2 || (names.size() == 2 && !names.get(0).equalsIgnoreCase("pg_catalog"))) {
            return cast;
        }
        String name = names.get(names.size() - 1).toLowerCase(Locale.ROOT);
        SqlParserPos pos = cast.getParserPosition();
        SqlNode operand = cast.operand(0);
        if (name.equals("regproc") && !collection && operand instanceof SqlIdentifier column
                && NAMED_FUNCTION_COLUMNS.contains(column.names.get(column.names.size() - 1).toLowerCase(Locale.ROOT))) {
            return operand; // already the function's name (pg_dump's amhandler::pg_catalog.regproc)
        }
        if ((name.equals("regtype") || name.equals("regclass")) && !collection) {
            // a type of its own (RegtypeValues), which the planner's root schema names; a parameter is a type's
            // (relation's) name or OID as text, looked up when the statement runs
            if (operand instanceof SqlDynamicParam) {
                operand = new SqlUnresolvedFunction(new SqlIdentifier(name + "in", pos), null, null, null, null,
                        SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(pos, operand);
            }
            // CAST, not ::, whose binary-operator typing meets the collations of a cast's operand and result
            // ('int4'::regtype::oid > 16 failed with Calcite's "resultCol")
            return org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, operand, new SqlDataTypeSpec(
                    new org.apache.calcite.sql.SqlUserDefinedTypeNameSpec(new SqlIdentifier(name, pos), pos),
                    pos).withNullable(true));
        }
        if (REG_TYPES.contains(name) && !collection) {
            return regLookup(name, operand);
        }
        if (!collection && (name.equals("text") || name.equals("varchar") || name.equals("name"))
                && operand instanceof SqlCall in && in.getOperator() instanceof SqlUnresolvedFunction f
                && f.getName().startsWith("reg") && f.getName().endsWith("in")) {
            // 'x'::regclass::text is the name, as PostgreSQL prints it: look the OID up, then print it
            String base = f.getName().substring(0, f.getName().length() - 2);
            operand = new SqlUnresolvedFunction(new SqlIdentifier(base + "out", pos), null, null, null, null,
                    SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(pos, in);
        }
        if (!collection && (name.equals("oid") || name.equals("int4") || name.equals("integer"))
                && operand instanceof SqlCall in && in.getOperator() instanceof SqlUnresolvedFunction f
                && f.getName().equals("regprocname")) {
            // 'abs'::regproc::oid is the function's OID: look the name up in pg_proc
            operand = new SqlUnresolvedFunction(new SqlIdentifier("regprocin", pos), null, null, null, null,
                    SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(pos, (SqlNode) in.operand(0));
        }
        if (names.size() == 1 && !collection
                && !(spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlUserDefinedTypeNameSpec)) {
            return isRegCast(operand) ? org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, operand,
                    spec) : operand == cast.operand(0) ? cast : cast.getOperator().createCall(pos, operand, spec);
        }
        SqlTypeName target = switch (name) {
            case "text", "name", "varchar" -> SqlTypeName.VARCHAR;
            case "oid", "int4", "integer", "xid", "cid" -> SqlTypeName.INTEGER;
            case "int2", "smallint" -> SqlTypeName.SMALLINT;
            case "int8", "bigint" -> SqlTypeName.BIGINT;
            case "bool", "boolean" -> SqlTypeName.BOOLEAN;
            case "float8" -> SqlTypeName.DOUBLE;
            case "float4" -> SqlTypeName.REAL;
            case "numeric" -> SqlTypeName.DECIMAL;
            case "char", "bpchar" -> SqlTypeName.CHAR;
            case "int2vector" -> SqlTypeName.SMALLINT;
            case "oidvector" -> SqlTypeName.INTEGER;
            default -> null;
        };
        if (target == null) {
            return cast;
        }
        SqlBasicTypeNameSpec basic = target == SqlTypeName.CHAR ? new SqlBasicTypeNameSpec(target, 1, pos)
                : new SqlBasicTypeNameSpec(target, pos);
        SqlDataTypeSpec replaced = name.equals("oid") && !collection ? new OidSpec(pos)
                : name.equals("char") && !collection ? new CharSpec(pos)
                : name.equals("name") && !collection ? new NameSpec(pos)
                : new SqlDataTypeSpec(basic, spec.getTimeZone(), true, pos);
        if (collection || name.endsWith("vector")) {
            replaced = new SqlDataTypeSpec(new org.apache.calcite.sql.SqlCollectionTypeNameSpec(basic,
                    SqlTypeName.ARRAY, pos), spec.getTimeZone(), true, pos);
        }
        return (isRegCast(operand) ? org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST : cast.getOperator())
                .createCall(pos, operand, replaced);
    }

    /**
     * {@code x::name} for the reg* types Tessera has no type for (and regclass given to a function): the OID
     * ({@code regclassin(x)}) when x is a string constant or parameter, else the name ({@code regclassout(x)});
     * a function's name cast to regproc is that name, checked ({@code regprocname}).
     */
    private static SqlNode regLookup(String name, SqlNode operand) {
        SqlParserPos pos = operand.getParserPosition();
        String base = name.equals("regprocedure") || name.equals("regoper") ? "regproc" : name;
        boolean input = operand instanceof SqlDynamicParam
                || (operand instanceof SqlLiteral lit && lit.getTypeName() == SqlTypeName.CHAR);
        String fn = base + (input ? "in" : "out");
        if (base.equals("regproc") && operand instanceof SqlLiteral lit && lit.getTypeName() == SqlTypeName.CHAR
                && !lit.getValueAs(String.class).trim().matches("\\d+")) {
            fn = "regprocname"; // a function's name: pg_type's typinput and friends hold names (RegCasts)
        }
        return new SqlUnresolvedFunction(new SqlIdentifier(fn, pos), null, null, null, null,
                SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(pos, operand);
    }

    /**
     * The type of a cast to {@code oid}: Calcite's INTEGER (the engine has no oid type of its own), marked so that a
     * result column that is such a cast is described to the client as {@code oid} (26), as PostgreSQL's
     * ({@code ClientTypes}).
     */
    public static final class OidSpec extends SqlDataTypeSpec {
        public OidSpec(SqlParserPos pos) {
            super(new SqlBasicTypeNameSpec(SqlTypeName.INTEGER, pos), null, true, pos);
        }

        @Override
        public SqlNode clone(SqlParserPos pos) {
            return new OidSpec(pos);
        }
    }

    /**
     * The type of a cast to {@code name}: Calcite's VARCHAR, marked so that {@code pg_typeof} names it
     * ({@code ClientTypes}).
     */
    public static final class NameSpec extends SqlDataTypeSpec {
        public NameSpec(SqlParserPos pos) {
            super(new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), null, true, pos);
        }

        @Override
        public SqlNode clone(SqlParserPos pos) {
            return new NameSpec(pos);
        }
    }

    /**
     * The type of a cast to {@code "char"} (PostgreSQL's one-byte type, oid 18): Calcite's CHAR(1), which keeps the
     * first character as {@code "char"}'s input does ({@code 'abc'::"char"} is {@code a}), marked so that a result
     * column that is such a cast is described as {@code "char"} and {@code pg_typeof} names it
     * ({@code ClientTypes}, {@code PgConvertletTable}).
     */
    public static final class CharSpec extends SqlDataTypeSpec {
        public CharSpec(SqlParserPos pos) {
            super(new SqlBasicTypeNameSpec(SqlTypeName.CHAR, 1, pos), null, true, pos);
        }

        @Override
        public SqlNode clone(SqlParserPos pos) {
            return new CharSpec(pos);
        }
    }
}

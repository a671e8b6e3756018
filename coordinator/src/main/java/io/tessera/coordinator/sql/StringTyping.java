package io.tessera.coordinator.sql;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * The PostgreSQL string type a client sees for a string expression — text, character(n) or character varying(n) —
 * where Calcite's type says another: Calcite types a literal {@code 'abc'} as CHAR(3), and what is made of literals
 * ({@code 'a' || 'b'}, {@code coalesce('a', 'b')}, {@code case ... then 'a' else 'bc' end}, a UNION of literals) as
 * CHAR(n) or VARCHAR(n), where PostgreSQL resolves the {@code unknown} literals as text. One function serves both
 * RowDescription ({@link ClientTypes}) and {@code pg_typeof} (TesseraValidator notes it), so the two agree.
 *
 * <p>The rules are PostgreSQL's (parse_coerce.c {@code select_common_type} and {@code select_common_typmod}):
 * <ul>
 *   <li>a string literal or NULL is {@code unknown}, text when nothing else types it;</li>
 *   <li>a table's column and a cast have their own type and typmod;</li>
 *   <li>CASE, COALESCE, GREATEST, LEAST, VALUES and set operations take the common type of their inputs, ignoring
 *       {@code unknown} ones: the first typed input's type (CASE's ELSE counts first), as every string type
 *       converts implicitly to every other; with the inputs'
 *       typmod when all of them have the common type and one typmod, else none;</li>
 *   <li>NULLIF has its first argument's type; min, max, lag, lead, first_value, last_value and nth_value their
 *       argument's, without typmod (varchar's min and max are text's);</li>
 *   <li>any other function or operator returning a string is text (PostgreSQL's string functions return text).</li>
 * </ul>
 * An input the rules cannot follow (a catalog's {@code name} column, an enum, a sub-query Calcite expanded
 * differently) gives no answer, and the type stays the one Calcite's maps to ({@link TypeMapping#toPgType}).
 */
public final class StringTyping {
    /** A string type: {@code type} TEXT, BPCHAR, VARCHAR, NAME, or null for {@code unknown}; typmod n + 4 or -1. */
    public record StringType(PgType type, int typmod) {
        static final StringType UNKNOWN = new StringType(null, -1);
        static final StringType TEXT = new StringType(PgType.TEXT, -1);

        /** The type once resolved for output: {@code unknown} is text. */
        public StringType resolved() {
            return type == null ? TEXT : this;
        }

    }

    /** How deep sub-queries are followed (a guard: the validator has rejected cycles). */
    private static final int MAX_DEPTH = 64;

    private StringTyping() {
    }

    /**
     * The string type of expression {@code node} validated in {@code scope} (null: the top-level items of a
     * VALUES row), or null when its Calcite type is not a string or the rules cannot tell it.
     *
     * @return unresolved: {@link StringType#UNKNOWN} for a bare literal or NULL
     */
    public static StringType of(SqlValidator validator, SqlValidatorScope scope, SqlNode node) {
        RelDataType type = validatedType(validator, scope, node);
        if (type == null || !SqlTypeName.CHAR_TYPES.contains(type.getSqlTypeName())
                || EnumValues.of(type) != null || RegtypeValues.is(type)
                || io.tessera.sql.parser.ddl.BitStringType.is(type)) {
            return null;
        }
        return expression(validator, scope, node, 0);
    }

    /**
     * The element type of an array of strings {@code node} validated in {@code scope} ({@code ARRAY['a', 'b']} is
     * text[], {@code ARRAY['a'::varchar(3)]} varchar(3)[]), resolved; null when it is not such an array constructor.
     */
    public static StringType arrayElement(SqlValidator validator, SqlValidatorScope scope, SqlNode node) {
        RelDataType type = validatedType(validator, scope, node);
        if (type == null || type.getComponentType() == null
                || !SqlTypeName.CHAR_TYPES.contains(type.getComponentType().getSqlTypeName())
                || EnumValues.of(type.getComponentType()) != null
                || io.tessera.sql.parser.ddl.BitStringType.is(type.getComponentType())) {
            return null;
        }
        StringType t = arrayConstructor(validator, scope, node, 0);
        return t == null ? null : t.resolved();
    }

    /** pg_type's OID of the array of string type {@code element}: text[], varchar[], bpchar[] or name[]. */
    public static int arrayOid(StringType element) {
        PgType t = element.resolved().type();
        return t == PgType.VARCHAR ? 1015 : t == PgType.BPCHAR ? 1014 : t == PgType.NAME ? 1003 : 1009;
    }

    /** The common type of an {@code ARRAY[...]} constructor's elements, unresolved; null for another node. */
    private static StringType arrayConstructor(SqlValidator validator, SqlValidatorScope scope, SqlNode node,
            int depth) {
        if (node instanceof SqlBasicCall call && call.getKind() == SqlKind.AS) {
            return arrayConstructor(validator, scope, call.operand(0), depth + 1);
        }
        if (!(node instanceof SqlBasicCall call) || call.getKind() != SqlKind.ARRAY_VALUE_CONSTRUCTOR
                || call.operandCount() == 0) {
            return null;
        }
        return common(validator, scope, call.getOperandList(), depth);
    }

    /**
     * The string type of column {@code index} of query {@code query} (a SELECT, VALUES, set operation, WITH or
     * ORDER BY over one), resolved ({@code unknown} is text); null when it is not a string or cannot be told.
     */
    public static StringType ofColumn(SqlValidator validator, SqlNode query, int index) {
        StringType t = query(validator, query, index, 0);
        return t == null ? null : t.resolved();
    }

    /**
     * The pg_type OID {@code pg_typeof} gives {@code arg} when it is a string expression: {@code unknown} (705) for a
     * bare literal or NULL, else text, bpchar or varchar ({@link #of}); 0 when {@link #of} cannot tell.
     */
    static int typeofOid(SqlValidator validator, SqlValidatorScope scope, SqlNode arg) {
        StringType t = of(validator, scope, arg);
        return t == null ? 0 : t.type() == null ? UNKNOWN_OID : t.type().oid();
    }

    /** pg_type's oid of {@code unknown}. */
    private static final int UNKNOWN_OID = 705;

    private static RelDataType validatedType(SqlValidator validator, SqlValidatorScope scope, SqlNode node) {
        try {
            return scope != null ? validator.deriveType(scope, node) : validator.getValidatedNodeType(node);
        } catch (RuntimeException notValidated) {
            return null;
        }
    }

    private static StringType expression(SqlValidator validator, SqlValidatorScope scope, SqlNode node, int depth) {
        if (node == null || depth > MAX_DEPTH) {
            return null;
        }
        if (node instanceof SqlLiteral literal) {
            return literal.getValue() == null || SqlTypeName.CHAR_TYPES.contains(literal.getTypeName())
                    ? StringType.UNKNOWN : null;
        }
        if (node instanceof SqlIdentifier id) {
            return scope == null || id.isStar() ? null : column(validator, scope, id, depth);
        }
        if (node instanceof SqlSelect || node.getKind() == SqlKind.UNION || node.getKind() == SqlKind.INTERSECT
                || node.getKind() == SqlKind.EXCEPT || node.getKind() == SqlKind.ORDER_BY) {
            StringType t = query(validator, node, 0, depth + 1); // a scalar sub-query: its column's type
            return t == null ? null : t.resolved();
        }
        if (node instanceof SqlCase c) {
            List<SqlNode> results = new ArrayList<>(); // transformCaseExpr: the ELSE first, then the THENs
            results.add(c.getElseOperand());
            results.addAll(c.getThenOperands().getList());
            if (c.getThenOperands().getList().stream().allMatch(t -> t.getKind() == SqlKind.CAST_NOT_NULL)) {
                results.add(results.remove(0)); // COALESCE's rewrite: its arguments in their order
            }
            return common(validator, scope, results, depth);
        }
        if (!(node instanceof SqlBasicCall call)) {
            return null;
        }
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        switch (call.getKind()) {
            case AS:
            case CAST_NOT_NULL: // COALESCE's rewrite into CASE: the operand as it is
            case SCALAR_QUERY:
                return expression(validator, scope, call.operand(0), depth + 1);
            case CAST:
                return cast(validator, scope, call, depth);
            case COALESCE:
                return common(validator, scope, call.getOperandList(), depth);
            case OVER:
                return call.operand(0) instanceof SqlBasicCall f ? argumentType(validator, scope, f, depth) : null;
            default:
                break;
        }
        if (name.equals("coalesce") || name.equals("greatest") || name.equals("least")) {
            return common(validator, scope, call.getOperandList(), depth);
        }
        if (name.equals("nullif") && call.operandCount() == 2) {
            return nullif(expression(validator, scope, call.operand(0), depth + 1),
                    expression(validator, scope, call.operand(1), depth + 1));
        }
        if (ClientTypes.isCast(call, io.tessera.coordinator.catalog.pgcatalog.CatalogSyntax.NameSpec.class)
                || ClientTypes.isCast(call, io.tessera.coordinator.catalog.pgcatalog.CatalogSyntax.CharSpec.class)) {
            return null; // name and "char" (ClientTypes)
        }
        StringType argument = argumentType(validator, scope, call, depth);
        return argument != null ? argument : ARGUMENT_TYPED.contains(name) ? null : StringType.TEXT;
    }

    /**
     * NULLIF's type: its first argument's as the {@code =} operator chosen for the two coerced it — varchar's is
     * text's (there is no varchar {@code =}), bpchar keeps its typmod unless compared with text; null when the
     * first argument's type is not known.
     */
    private static StringType nullif(StringType first, StringType second) {
        if (first == null) {
            return null;
        }
        first = first.resolved();
        if (first.type() == PgType.VARCHAR
                || first.type() == PgType.BPCHAR && second != null && second.type() == PgType.TEXT) {
            return StringType.TEXT;
        }
        return first;
    }

    /** Functions whose result has their first argument's type (PostgreSQL's anyelement or bpchar versions). */
    private static final java.util.Set<String> ARGUMENT_TYPED = java.util.Set.of("min", "max", "lag", "lead",
            "first_value", "last_value", "nth_value");

    /** min, max and the window functions of {@link #ARGUMENT_TYPED}: the argument's type without typmod. */
    private static StringType argumentType(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call,
            int depth) {
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        if (!ARGUMENT_TYPED.contains(name) || call.operandCount() == 0) {
            return name.equals("string_agg") ? StringType.TEXT : null;
        }
        StringType arg = expression(validator, scope, call.operand(0), depth + 1);
        if (arg == null) {
            return null;
        }
        arg = arg.resolved();
        if ((name.equals("min") || name.equals("max")) && arg.type() != PgType.BPCHAR) {
            return StringType.TEXT; // min(text); PostgreSQL has no min(varchar)
        }
        return new StringType(arg.type(), -1);
    }

    /** A cast's type: bpchar(n), varchar(n), unbounded varchar as written, text; null for other targets. */
    private static StringType cast(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call,
            int depth) {
        RelDataType type = validatedType(validator, scope, call);
        if (type == null || call.operandCount() != 2) {
            return null;
        }
        if (!(call.operand(1) instanceof org.apache.calcite.sql.SqlDataTypeSpec spec)
                || spec.getClass() != org.apache.calcite.sql.SqlDataTypeSpec.class) {
            return null; // CatalogSyntax's markers (name, "char", oid): ClientTypes
        }
        if (!(spec.getTypeNameSpec() instanceof io.tessera.sql.parser.ddl.PgTypeName.Named named)) {
            // not written: the validator's coercion of a set operation's or VALUES' literal to the common type
            return expression(validator, scope, call.operand(0), depth + 1);
        }
        String pg = named.pgName();
        if (pg.equals("json") || pg.equals("jsonb")) {
            return null;
        }
        if ((pg.equals("varchar") || pg.equals("bpchar")) && named.getPrecision() < 0) {
            return new StringType(pg.equals("varchar") ? PgType.VARCHAR : PgType.BPCHAR, -1);
        }
        return switch (type.getSqlTypeName()) {
            case CHAR -> new StringType(PgType.BPCHAR, TypeMapping.typmod(type));
            case VARCHAR -> type.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? StringType.TEXT
                    : new StringType(PgType.VARCHAR, TypeMapping.typmod(type));
            default -> null;
        };
    }

    /** The common type of {@code inputs} (select_common_type and select_common_typmod of parse_coerce.c). */
    private static StringType common(SqlValidator validator, SqlValidatorScope scope, List<SqlNode> inputs,
            int depth) {
        List<StringType> types = new ArrayList<>();
        for (SqlNode input : inputs) {
            StringType t = expression(validator, scope, input, depth + 1);
            if (t == null) {
                return null;
            }
            types.add(t);
        }
        return common(types);
    }

    private static StringType common(List<StringType> types) {
        // the first typed input's: each string type converts implicitly to each other one, so select_common_type
        // keeps the first it meets (varchar beside text is varchar, text beside varchar text)
        StringType best = StringType.UNKNOWN;
        for (StringType t : types) {
            if (best.type() == null && t.type() != null) {
                best = t;
            }
        }
        if (best.type() == null) {
            return StringType.UNKNOWN;
        }
        int typmod = best.typmod();
        for (StringType t : types) {
            if (t.type() != best.type() || t.typmod() != typmod) {
                typmod = -1;
            }
        }
        return new StringType(best.type(), typmod);
    }

    /** A column reference: a table's column's own type, or the type a sub-query, VALUES or CTE gives it. */
    private static StringType column(SqlValidator validator, SqlValidatorScope scope, SqlIdentifier id, int depth) {
        try {
            org.apache.calcite.sql.validate.SqlQualified q = scope.fullyQualify(id);
            if (q.namespace == null || q.suffix().size() != 1) {
                return null;
            }
            return namespaceColumn(validator, q.namespace, q.suffix().get(0), depth);
        } catch (RuntimeException notAColumn) {
            return null;
        }
    }

    private static StringType namespaceColumn(SqlValidator validator, SqlValidatorNamespace ns, String name,
            int depth) {
        org.apache.calcite.sql.validate.SqlValidatorTable table = ns.getTable();
        if (table != null) {
            io.tessera.coordinator.sql.schema.TesseraTable t =
                    table.unwrap(io.tessera.coordinator.sql.schema.TesseraTable.class);
            if (t == null) {
                return catalogColumn(table.unwrap(io.tessera.coordinator.catalog.pgcatalog.CatalogTable.class), name);
            }
            for (ColumnDef c : t.def().columns()) {
                if (c.name().equals(name)) {
                    return EnumValues.typeOid(c) != 0 ? null : switch (c.type()) {
                        case TEXT -> StringType.TEXT;
                        case BPCHAR, VARCHAR -> new StringType(c.type(), c.typmod());
                        default -> null;
                    };
                }
            }
            return null;
        }
        SqlValidatorNamespace resolved = ns.resolve();
        int index = resolved.getRowType().getFieldNames().indexOf(name);
        if (index < 0) {
            index = ns.getRowType().getFieldNames().indexOf(name); // renamed by a column alias list: v(x)
        }
        if (index < 0 || depth > MAX_DEPTH) {
            return null;
        }
        StringType t = query(validator, resolved.getNode(), index, depth + 1);
        return t == null ? null : t.resolved();
    }

    /**
     * A catalog table's column: name, text or varchar (information_schema's domains); null for a "char" column (its
     * type has no {@link StringType}: ClientTypes tells it), a regproc one, or another table.
     */
    private static StringType catalogColumn(io.tessera.coordinator.catalog.pgcatalog.CatalogTable catalog,
            String name) {
        if (catalog == null) {
            return null;
        }
        for (io.tessera.coordinator.catalog.pgcatalog.CatalogTable.Col c : catalog.columns()) {
            if (c.name().equals(name)) {
                int oid = ClientTypes.catalogColumnTypeOid(c);
                return switch (c.type()) {
                    case NAME -> new StringType(PgType.NAME, -1);
                    case VARCHAR -> new StringType(PgType.VARCHAR, -1);
                    case TEXT -> oid == 0 ? StringType.TEXT : null;
                    default -> null;
                };
            }
        }
        return null;
    }

    /** The string type of column {@code index} of the query {@code node}, unresolved. */
    private static StringType query(SqlValidator validator, SqlNode node, int index, int depth) {
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
                return query(validator, query, index, depth + 1);
            }
            case SELECT: {
                SqlSelect select = (SqlSelect) node;
                org.apache.calcite.sql.validate.SelectScope scope;
                try {
                    scope = validator.getRawSelectScope(select);
                } catch (RuntimeException notValidated) {
                    return null;
                }
                List<SqlNode> items = scope == null || scope.getExpandedSelectList() == null
                        ? select.getSelectList().getList() : scope.getExpandedSelectList();
                if (index >= items.size() || items.stream().anyMatch(i -> i instanceof SqlIdentifier id
                        && id.isStar())) {
                    return null;
                }
                SqlNode item = items.get(index);
                if (item.getKind() == SqlKind.AS) {
                    item = ((SqlCall) item).operand(0);
                }
                StringType t = of(validator, validator.getSelectScope(select), item);
                return t == null ? null : t.resolved(); // a sub-query's output column is typed
            }
            case VALUES: {
                List<StringType> types = new ArrayList<>();
                for (SqlNode row : ((SqlCall) node).getOperandList()) {
                    if (!(row instanceof SqlCall r) || index >= r.operandCount()) {
                        return null;
                    }
                    StringType t = expression(validator, null, r.operand(index), depth + 1);
                    if (t == null) {
                        return null;
                    }
                    types.add(t);
                }
                return common(types).resolved();
            }
            case UNNEST: {
                // unnest(ARRAY['a', 'b']) in FROM (or a select list's, moved there): the array's element type
                SqlCall unnest = (SqlCall) node;
                if (index >= unnest.operandCount()) {
                    return null; // WITH ORDINALITY's column
                }
                StringType t = arrayConstructor(validator, null, unnest.operand(index), depth + 1);
                return t == null ? null : t.resolved();
            }
            case UNION:
            case INTERSECT:
            case EXCEPT: {
                List<StringType> types = new ArrayList<>();
                for (SqlNode branch : ((SqlCall) node).getOperandList()) {
                    StringType t = query(validator, branch, index, depth + 1);
                    if (t == null) {
                        return null;
                    }
                    types.add(t);
                }
                return common(types).resolved();
            }
            default:
                return null;
        }
    }
}



package io.tessera.coordinator.sql;

import io.tessera.coordinator.sql.functions.MathFunctions;
import io.tessera.coordinator.sql.functions.OrderedSetAggregates;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Rewrites a parsed query so that Calcite's validator gives PostgreSQL's answers:
 * <ul>
 *   <li>every select item without an alias gets the name PostgreSQL's {@code FigureColname}
 *       (src/backend/parser/parse_target.c) would give it: a column's name, a function's name, a cast's operand
 *       name or else its type name, {@code case}, else {@code ?column?} — so {@code count(1)} is {@code count},
 *       not {@code EXPR$1};</li>
 *   <li>a function in FROM with a table alias and no column aliases ({@code generate_series(1,3) AS id}) also
 *       names its single column after the alias, as PostgreSQL does for functions returning a scalar.</li>
 * </ul>
 * The tree is changed in place.
 */
public final class PgRewriter {
    private PgRewriter() {
    }

    /**
     * {@code node} as the literal PostgreSQL reads ({@link #defaultCharset}, {@link #exactNumeric}), or a row
     * comparison as PostgreSQL evaluates it ({@link RowComparisons}), a LIKE ANY over a sub-query as one over its
     * array ({@code QuantifiedArrays.likeOverQuery}); else null.
     */
    private static SqlNode pgLiteral(SqlNode node) {
        SqlNode rows = RowComparisons.expand(node);
        if (rows != null) {
            return rows;
        }
        SqlNode likeQuery = io.tessera.coordinator.sql.functions.QuantifiedArrays.likeOverQuery(node);
        if (likeQuery != null) {
            return likeQuery;
        }
        SqlNode plain = defaultCharset(node);
        plain = plain != null ? plain : exactNumeric(node);
        return plain != null ? plain : functionCast(node);
    }

    /**
     * A type's name called as a function, PostgreSQL's function-style cast ({@code float8(x)}, {@code int4(x)},
     * {@code int8(x)}, {@code int2(x)}, {@code float4(x)}, {@code text(x)}), as the cast; else null.
     */
    private static SqlNode functionCast(SqlNode node) {
        if (!(node instanceof SqlBasicCall call) || call.operandCount() != 1
                || !(call.getOperator() instanceof org.apache.calcite.sql.SqlUnresolvedFunction f)) {
            return null;
        }
        SqlTypeName type = switch (f.getName().toLowerCase(Locale.ROOT)) {
            case "float8" -> SqlTypeName.DOUBLE;
            case "float4" -> SqlTypeName.REAL;
            case "int2" -> SqlTypeName.SMALLINT;
            case "int4" -> SqlTypeName.INTEGER;
            case "int8" -> SqlTypeName.BIGINT;
            case "text" -> SqlTypeName.VARCHAR;
            default -> null;
        };
        return type == null ? null : SqlStdOperatorTable.CAST.createCall(call.getParserPosition(), call.operand(0),
                new SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(type, SqlParserPos.ZERO),
                        SqlParserPos.ZERO));
    }

    /**
     * A number with an exponent ({@code 1.0e-6}, {@code 1e50}) as the numeric PostgreSQL reads it, keeping its
     * digits' scale ({@code 0.0000010}); Calcite reads it as a double. Else null.
     */
    private static SqlNode exactNumeric(SqlNode node) {
        if (!(node instanceof org.apache.calcite.sql.SqlNumericLiteral lit) || lit.isExact()
                || lit.getValue() == null) {
            return null;
        }
        java.math.BigDecimal v = lit.getValueAs(java.math.BigDecimal.class);
        SqlNode exact = SqlLiteral.createExactNumeric((v.scale() < 0 ? v.setScale(0) : v).toPlainString(),
                lit.getParserPosition());
        // without decimals Calcite would read an integer: 1e5 is numeric
        return v.scale() > 0 ? exact : SqlStdOperatorTable.CAST.createCall(lit.getParserPosition(), exact,
                new SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.DECIMAL,
                        SqlParserPos.ZERO), SqlParserPos.ZERO));
    }

    /**
     * A UTF-16 character literal (an {@code E''} or {@code U&''} string) in the default charset, UTF-8
     * ({@code saffron.properties}), which holds every character; else null.
     */
    private static SqlNode defaultCharset(SqlNode node) {
        if (!(node instanceof org.apache.calcite.sql.SqlCharStringLiteral lit) || lit.getNlsString().getCharsetName()
                == null || !lit.getNlsString().getCharsetName().startsWith("UTF")) {
            return null;
        }
        return SqlLiteral.createCharString(lit.getNlsString().getValue(), lit.getParserPosition());
    }

    /** Applies the rewrites to every SELECT in {@code node}; returns the node to plan (a top-level VALUES is wrapped). */
    public static SqlNode rewrite(SqlNode node) {
        node = nameValuesColumns(node);
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select) {
                    nameSelectItems(select);
                    if (select.getFrom() != null) {
                        select.setFrom(aliasFunctionColumns(select.getFrom()));
                    }
                }
                return super.visit(call);
            }
        });
        // E'...' strings: Calcite's parser gives them charset UTF-16, which || and comparisons refuse to mix with
        // the columns' charset ("VARCHAR is not comparable to CHAR(4) CHARACTER SET UTF-16LE", psql's \dp);
        // PostgreSQL has one charset, so one that the default charset can hold takes it; a comparison of row
        // constructors is spelled element by element as PostgreSQL compares them (RowComparisons)
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                List<SqlNode> operands = call.getOperandList();
                for (int i = 0; i < operands.size(); i++) {
                    SqlNode plain = pgLiteral(operands.get(i));
                    if (plain != null) {
                        try {
                            call.setOperand(i, plain);
                        } catch (UnsupportedOperationException | AssertionError keep) {
                            // a call that cannot take it keeps the literal
                        }
                    }
                }
                return super.visit(call);
            }

            @Override
            public Void visit(org.apache.calcite.sql.SqlNodeList list) {
                for (int i = 0; i < list.size(); i++) {
                    SqlNode plain = pgLiteral(list.get(i));
                    if (plain != null) {
                        list.set(i, plain);
                    }
                }
                return super.visit(list);
            }
        });
        // after naming, so that 2 ^ 10 is still named ?column?
        node.accept(new SqlBasicVisitor<Void>() {
            /** The SELECTs around the call visited, innermost first: their WINDOW clauses. */
            private final java.util.ArrayDeque<SqlSelect> selects = new java.util.ArrayDeque<>();

            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select) {
                    selects.push(select);
                    try {
                        return visitCall(call);
                    } finally {
                        selects.pop();
                    }
                }
                return visitCall(call);
            }

            private Void visitCall(SqlCall call) {
                // percentile_cont(f) WITHIN GROUP (ORDER BY x) → tessera_percentile_cont(f, x) WITHIN GROUP (...)
                OrderedSetAggregates.rewrite(call);
                OrderedSetAggregates.requireWithinGroup(call);
                if (call instanceof org.apache.calcite.sql.SqlWindow window) {
                    if (!selects.isEmpty()) { // OVER (w ROWS ...): w written out (Calcite dropped the frame)
                        io.tessera.coordinator.sql.rule.WindowReferences.inline(selects.peek(), window);
                    }
                    // ... OVER (ORDER BY d RANGE interval '1 day' PRECEDING): over the key's seconds
                    io.tessera.coordinator.sql.rule.IntervalRangeFrames.rewrite(window);
                    // ... OVER (ORDER BY y GROUPS ...): a RANGE frame over the peer group's number
                    io.tessera.coordinator.sql.rule.GroupsFrames.rewrite(window);
                }
                // sum(x) FILTER (WHERE c) OVER w → sum(CASE WHEN c THEN x END) OVER w
                io.tessera.coordinator.sql.rule.WindowCalls.rewrite(call);
                if (call instanceof SqlBasicCall basic && call.getOperator() == SqlStdOperatorTable.BITXOR_OPERATOR) {
                    // PostgreSQL's ^ is exponentiation, numeric for numeric operands
                    basic.setOperator(MathFunctions.POWER);
                }
                if (call instanceof SqlBasicCall basic
                        && call.getOperator() instanceof org.apache.calcite.sql.fun.SqlQuantifyOperator
                        && call.operand(0) instanceof org.apache.calcite.sql.SqlCharStringLiteral) {
                    // 'x' = ANY (text_array), pg_dump's test of reloptions: Calcite types the literal CHAR(n), which
                    // it does not compare with a VARCHAR array's elements; PostgreSQL's literal is of unknown type
                    basic.setOperand(0, SqlStdOperatorTable.CAST.createCall(call.getParserPosition(), call.operand(0),
                            new SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.VARCHAR,
                                    SqlParserPos.ZERO), SqlParserPos.ZERO)));
                }
                Void v = super.visit(call);
                if (call instanceof SqlBasicCall basic && call.getKind() == SqlKind.CAST
                        && call.operand(1) instanceof SqlDataTypeSpec spec
                        && spec.getTypeNameSpec() instanceof io.tessera.sql.parser.ddl.PgTypeName.Named named
                        && (named.pgName().equals("json") || named.pgName().equals("jsonb"))) {
                    // json and jsonb are text to Calcite: their input function checks (and normalises) the value
                    SqlNode value = call.operand(0);
                    basic.setOperand(0, (named.pgName().equals("json")
                            ? io.tessera.coordinator.sql.functions.PgFunctionTable.JSON_IN
                            : io.tessera.coordinator.sql.functions.PgFunctionTable.JSONB_IN)
                            .createCall(call.getParserPosition(), value));
                }
                // extract(...) is numeric and date_part(...) float8 in PostgreSQL, Calcite's are bigint: the parent
                // gets a cast around them (the calls themselves stay as the parser made them)
                for (int i = 0; i < call.operandCount(); i++) {
                    SqlNode operand = call.operand(i);
                    if (operand instanceof SqlCall child && isExtract(child)) {
                        try {
                            call.setOperand(i, castForExtract(child));
                        } catch (UnsupportedOperationException | AssertionError e) {
                            // a call that cannot take a new operand keeps Calcite's type
                        }
                    }
                }
                return v;
            }
        });
        return node;
    }

    private static boolean isExtract(SqlCall call) {
        return call.getKind() == SqlKind.EXTRACT || call.getOperator().getName().equalsIgnoreCase("date_part");
    }

    private static SqlNode castForExtract(SqlCall call) {
        boolean extract = call.getKind() == SqlKind.EXTRACT;
        if (!extract && call.operandCount() == 2 && call.operand(0) instanceof org.apache.calcite.sql.SqlLiteral field
                && field.getValue() instanceof org.apache.calcite.util.NlsString text) {
            // date_part('dow', x) is extract(dow from x)
            org.apache.calcite.avatica.util.TimeUnit unit = timeUnit(text.getValue());
            if (unit != null) {
                SqlNode source = call.operand(1);
                call = SqlStdOperatorTable.EXTRACT.createCall(call.getParserPosition(),
                        new org.apache.calcite.sql.SqlIntervalQualifier(unit, null, field.getParserPosition()), source);
            }
        }
        if (extract && call.operand(0) instanceof org.apache.calcite.sql.SqlIntervalQualifier q
                && q.timeFrameName != null) {
            // extract(milliseconds FROM x): PostgreSQL's plural field names are no time frame of Calcite's
            org.apache.calcite.avatica.util.TimeUnit unit = timeUnit(q.timeFrameName);
            if (unit != null) {
                call = SqlStdOperatorTable.EXTRACT.createCall(call.getParserPosition(),
                        new org.apache.calcite.sql.SqlIntervalQualifier(unit, null, q.getParserPosition()),
                        call.operand(1));
            }
        }
        SqlDataTypeSpec spec = new SqlDataTypeSpec(extract
                ? new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.DECIMAL, 1000, 0, SqlParserPos.ZERO)
                : new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, SqlParserPos.ZERO), SqlParserPos.ZERO);
        return SqlStdOperatorTable.CAST.createCall(call.getParserPosition(), call, spec);
    }

    /** A date_part field name as Calcite's time unit, or null. */
    private static org.apache.calcite.avatica.util.TimeUnit timeUnit(String field) {
        String f = field.strip().toUpperCase(Locale.ROOT);
        switch (f) {
            case "MILLISECONDS":
                return org.apache.calcite.avatica.util.TimeUnit.MILLISECOND;
            case "MICROSECONDS":
                return org.apache.calcite.avatica.util.TimeUnit.MICROSECOND;
            default:
                try {
                    return org.apache.calcite.avatica.util.TimeUnit.valueOf(f.endsWith("S") && !f.equals("DOW")
                            && !f.equals("ISODOW") ? f.substring(0, f.length() - 1) : f);
                } catch (IllegalArgumentException e) {
                    return null;
                }
        }
    }

    /**
     * A VALUES list's columns are named {@code column1, column2, ...} (PostgreSQL's {@code transformValuesClause}):
     * a top-level VALUES becomes {@code SELECT * FROM (VALUES ...) AS "*VALUES*"(column1, ...)}, and a VALUES in FROM
     * with an alias but no column names gets them.
     */
    private static SqlNode nameValuesColumns(SqlNode node) {
        if (node.getKind() == SqlKind.VALUES) {
            return selectStarFrom(aliasValues(node, new SqlIdentifier("*VALUES*", SqlParserPos.ZERO)));
        }
        if (node instanceof org.apache.calcite.sql.SqlOrderBy orderBy && orderBy.query.getKind() == SqlKind.VALUES) {
            return new org.apache.calcite.sql.SqlOrderBy(orderBy.getParserPosition(),
                    selectStarFrom(aliasValues(orderBy.query, new SqlIdentifier("*VALUES*", SqlParserPos.ZERO))),
                    orderBy.orderList, orderBy.offset, orderBy.fetch);
        }
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() != null) {
                    select.setFrom(aliasValuesInFrom(select.getFrom()));
                }
                return super.visit(call);
            }
        });
        return node;
    }

    private static SqlNode aliasValuesInFrom(SqlNode from) {
        if (from instanceof SqlJoin join) {
            join.setLeft(aliasValuesInFrom(join.getLeft()));
            join.setRight(aliasValuesInFrom(join.getRight()));
            return join;
        }
        if (from.getKind() == SqlKind.AS && from instanceof SqlBasicCall as && as.operandCount() == 2
                && as.operand(0).getKind() == SqlKind.VALUES) {
            return aliasValues(as.operand(0), as.operand(1));
        }
        return from;
    }

    private static SqlNode aliasValues(SqlNode values, SqlIdentifier alias) {
        int columns = 0;
        SqlCall call = (SqlCall) values;
        if (!call.getOperandList().isEmpty() && call.operand(0) instanceof SqlCall row) {
            columns = row.operandCount();
        }
        List<SqlNode> operands = new ArrayList<>();
        operands.add(values);
        operands.add(alias);
        for (int i = 1; i <= columns; i++) {
            operands.add(new SqlIdentifier("column" + i, SqlParserPos.ZERO));
        }
        return SqlStdOperatorTable.AS.createCall(values.getParserPosition(), operands);
    }

    private static SqlNode selectStarFrom(SqlNode from) {
        return new SqlSelect(SqlParserPos.ZERO, null,
                new SqlNodeList(List.of(SqlIdentifier.star(SqlParserPos.ZERO)), SqlParserPos.ZERO), from,
                null, null, null, null, null, null, null, null);
    }

    private static void nameSelectItems(SqlSelect select) {
        SqlNodeList items = select.getSelectList();
        if (items == null) {
            return;
        }
        if (items.isEmpty()) {
            select.setSelectList(EmptyTargetList.placeholder(select.getParserPosition()));
            return;
        }
        List<SqlNode> out = new ArrayList<>(items.size());
        for (SqlNode item : items) {
            if (item.getKind() == SqlKind.AS || isStar(item)) {
                out.add(item);
                continue;
            }
            String name = figureColname(item);
            out.add(SqlStdOperatorTable.AS.createCall(item.getParserPosition(), item,
                    new SqlIdentifier(name, SqlParserPos.ZERO)));
        }
        select.setSelectList(new SqlNodeList(out, items.getParserPosition()));
    }

    private static boolean isStar(SqlNode item) {
        return item instanceof SqlIdentifier id && id.isStar();
    }

    /** PostgreSQL's column name for an unnamed select item. */
    static String figureColname(SqlNode node) {
        String name = figure(node);
        return name == null ? "?column?" : name;
    }

    /**
     * Whether a name figured for {@code node} is a weak one (FigureColnameInternal's strength 1: a type name or
     * {@code case}), which an enclosing cast's type name overrides.
     */
    private static boolean weak(SqlNode node) {
        if (!(node instanceof SqlCall call)) {
            return node instanceof org.apache.calcite.sql.SqlLiteral;
        }
        return switch (call.getKind()) {
            case CAST -> figure(call.operand(0)) == null || weak(call.operand(0));
            case CASE -> true;
            default -> false;
        };
    }

    private static String figure(SqlNode node) {
        if (node instanceof org.apache.calcite.sql.SqlUnknownLiteral typed) {
            // date '2023-01-01' is named date, timestamp with time zone '…' timestamptz (pg_type's names)
            String tag = typed.tag.toLowerCase(Locale.ROOT);
            return tag.startsWith("timestamp with") ? "timestamptz" : tag.startsWith("time with") ? "timetz" : tag;
        }
        if (node instanceof org.apache.calcite.sql.SqlLiteral literal) {
            // a typed literal (date '2023-01-01') is named after its type
            return switch (literal.getTypeName()) {
                case DATE -> "date";
                case TIMESTAMP -> "timestamp";
                case TIME -> "time";
                default -> null;
            };
        }
        if (node instanceof SqlIdentifier id) {
            return id.isStar() ? null : id.names.get(id.names.size() - 1);
        }
        if (!(node instanceof SqlCall call)) {
            return null;
        }
        switch (call.getKind()) {
            case CAST: {
                String inner = figure(call.operand(0));
                if (inner != null && !weak(call.operand(0))) {
                    return inner;
                }
                SqlNode type = call.operand(1);
                return type instanceof SqlDataTypeSpec spec ? pgTypeName(spec) : null;
            }
            case ARRAY_VALUE_CONSTRUCTOR:
            case ARRAY_QUERY_CONSTRUCTOR:
                return "array"; // a strong name: array[]::int[] is named array, '{}'::int[] int4
            case CASE: {
                // FigureColnameInternal: the ELSE expression's name unless it is a weak one (or there is no ELSE)
                SqlNode otherwise = ((org.apache.calcite.sql.fun.SqlCase) call).getElseOperand();
                String name = otherwise == null ? null : figure(otherwise);
                return name != null && !weak(otherwise) ? name : "case";
            }
            case ROW:
                return "row"; // a row constructor, ROW(a, b) or (a, b)
            case UNNEST:
                return "unnest"; // unnest(a) in a select list (a function call in PostgreSQL)
            case COALESCE:
                return "coalesce";
            case NULLIF:
                return "nullif";
            case EXISTS:
                return "exists";
            case OVER:
            case FILTER:
            case WITHIN_GROUP:
            case ITEM:
                // a window function or an aggregate with FILTER / WITHIN GROUP is named after its function; an
                // array subscript (regexp_match(...)[1], a[1]) after the array's expression
                return figure(call.operand(0));
            case SELECT:
            case ORDER_BY:
            case UNION:
            case INTERSECT:
            case EXCEPT:
            case WITH:
                return subqueryColumn(call);
            case TRIM: {
                // PostgreSQL's grammar turns trim(...) into btrim, ltrim or rtrim, which name the column
                Object flag = ((org.apache.calcite.sql.SqlLiteral) call.operand(0)).getValue();
                return flag == org.apache.calcite.sql.fun.SqlTrimFunction.Flag.LEADING ? "ltrim"
                        : flag == org.apache.calcite.sql.fun.SqlTrimFunction.Flag.TRAILING ? "rtrim" : "btrim";
            }
            default:
                break;
        }
        if (call.getOperator() == io.tessera.sql.parser.ArraySlice.OPERATOR) {
            return figure(call.operand(0)); // a slice is named after its array, as a subscript is
        }
        String jsonAggregate = io.tessera.sql.parser.JsonOperators.aggregate(call);
        if (jsonAggregate != null) {
            return jsonAggregate; // json_agg(...), parsed as an array_agg call
        }
        if (call.getOperator() instanceof SqlFunction f) {
            String name = f.getName().toLowerCase(Locale.ROOT);
            return name.equals("translate3") ? "translate" : name; // Calcite's internal name of translate(a, b, c)
        }
        return null;
    }

    /**
     * A scalar subquery's name: its single output column's (PostgreSQL's FigureColnameInternal for an EXPR_SUBLINK),
     * through ORDER BY / LIMIT and WITH, of a set operation its first branch's; null when not known here.
     */
    private static String subqueryColumn(SqlCall query) {
        if (query instanceof org.apache.calcite.sql.SqlOrderBy orderBy) {
            return subqueryColumn((SqlCall) orderBy.query);
        }
        if (query instanceof org.apache.calcite.sql.SqlWith with) {
            return with.body instanceof SqlCall body ? subqueryColumn(body) : null;
        }
        if (query.getKind().belongsTo(SqlKind.SET_QUERY)) {
            return query.operand(0) instanceof SqlCall first ? subqueryColumn(first) : null;
        }
        if (!(query instanceof SqlSelect select)) {
            return null;
        }
        SqlNodeList items = select.getSelectList();
        if (items == null || items.size() != 1) {
            return null;
        }
        SqlNode item = items.get(0);
        if (item.getKind() == SqlKind.AS) {
            return ((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple();
        }
        return figure(item);
    }

    private static String pgTypeName(SqlDataTypeSpec spec) {
        if (spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlCollectionTypeNameSpec) {
            return pgTypeName(spec.getComponentTypeSpec()); // '{}'::int[] is named int4, as in PostgreSQL
        }
        if (spec instanceof io.tessera.sql.parser.ddl.PgTypeName pg) {
            return pg.typeName(); // pg_type.typname, as PostgreSQL names a cast's column
        }
        if (spec.getTypeNameSpec() instanceof io.tessera.sql.parser.ddl.PgTypeName.Named named) {
            return named.pgName();
        }
        java.util.List<String> names = spec.getTypeName().names; // a schema-qualified type is named by its last part
        String n = names.get(names.size() - 1).toUpperCase(Locale.ROOT);
        if (n.equals("CHAR") && (spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlUserDefinedTypeNameSpec
                || spec instanceof io.tessera.coordinator.catalog.pgcatalog.CatalogSyntax.CharSpec)) {
            return "char"; // "char", not the CHAR keyword (bpchar)
        }
        return switch (n) {
            case "INTEGER", "INT" -> "int4";
            case "BIGINT" -> "int8";
            case "SMALLINT" -> "int2";
            case "VARCHAR" -> "varchar";
            case "CHAR" -> "bpchar";
            case "DECIMAL", "NUMERIC" -> "numeric";
            case "DOUBLE" -> "float8";
            case "REAL", "FLOAT" -> "float4";
            case "BOOLEAN" -> "bool";
            case "VARBINARY" -> "bytea";
            default -> n.toLowerCase(Locale.ROOT);
        };
    }

    private static SqlNode aliasFunctionColumns(SqlNode from) {
        if (from instanceof SqlJoin join) {
            join.setLeft(aliasFunctionColumns(join.getLeft()));
            join.setRight(aliasFunctionColumns(join.getRight()));
            return join;
        }
        if (from.getKind() == SqlKind.AS && from instanceof SqlBasicCall as && as.operandCount() == 2) {
            SqlNode source = as.operand(0);
            if (source.getKind() == SqlKind.COLLECTION_TABLE || (source instanceof SqlCall c
                    && c.getOperator() instanceof SqlFunction)) {
                SqlIdentifier alias = as.operand(1);
                return SqlStdOperatorTable.AS.createCall(as.getParserPosition(), source, alias,
                        new SqlIdentifier(alias.getSimple(), alias.getParserPosition()));
            }
        }
        return from;
    }
}

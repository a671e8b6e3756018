package io.tessera.coordinator.catalog.pgcatalog;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.sql.parser.TesseraSqlParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSyntax;

/**
 * Prints a column's DEFAULT as PostgreSQL 15's {@code pg_get_expr(adbin, adrelid)} does for the same DEFAULT, from
 * the SQL text Tessera stores ({@link ColumnDef#defaultExpr}). PostgreSQL stores the analysed expression and
 * prints it back with ruleutils.c's {@code get_rule_expr}; this follows those rules for the shapes a DEFAULT takes:
 * <ul>
 *   <li>constants as {@code get_const_expr} prints them: a non-negative integer bare ({@code 0}), a negative one
 *       quoted with its type ({@code '-1'::integer}), a bigint {@code '5000000000'::bigint}, a decimal
 *       {@code 1.5} ({@code '-1.5'::numeric}), booleans {@code true}/{@code false}, a string literal with the
 *       type it was resolved to ({@code 'abc'::text}, {@code 'x'::character varying}, {@code '2020-01-01'::date});
 *   <li>operators in parentheses with their operands ({@code (2 * 21)}, {@code ('a'::text || 'b'::text)});
 *   <li>function calls in lower case ({@code now()}), SQL-standard value functions in upper case
 *       ({@code CURRENT_DATE}, {@code CURRENT_TIMESTAMP}); {@code nextval('s')} as
 *       {@code nextval('s'::regclass)};
 *   <li>an explicit cast of a non-constant as {@code (expr)::type}, of a numeric constant as {@link #numberCast}
 *       says ({@code (0)::numeric}).
 * </ul>
 * Implicit coercions to the column's type are not printed (PostgreSQL hides them). A text this parser does not
 * read back is returned as stored.
 */
public final class DefaultDeparser {
    private static final Set<String> VALUE_FUNCTIONS = Set.of("CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
            "LOCALTIME", "LOCALTIMESTAMP", "CURRENT_USER", "SESSION_USER", "USER", "CURRENT_ROLE", "CURRENT_CATALOG",
            "CURRENT_SCHEMA");

    private DefaultDeparser() {
    }

    /** The DEFAULT of {@code column} as pg_get_expr prints it, or null when the column has none. */
    public static String deparse(ColumnDef column) {
        String text = column.defaultExpr();
        if (text == null) {
            return null;
        }
        try {
            SqlSelect select = (SqlSelect) TesseraSqlParser.parse("SELECT " + text);
            return top(select.getSelectList().get(0), column.type());
        } catch (RuntimeException e) {
            return text;
        }
    }

    /**
     * A CHECK constraint's expression, stored as SQL text, as {@code pg_get_constraintdef} prints it inside
     * {@code CHECK (...)}: ruleutils.c's form, each operator in parentheses with its operands ({@code (a > 0)},
     * {@code ((a + b) < 100)}, {@code (c <> ''::text)}). A text this parser does not read back is returned as stored,
     * in parentheses.
     */
    public static String checkExpression(String text) {
        try {
            SqlSelect select = (SqlSelect) TesseraSqlParser.parse("SELECT " + text);
            String printed = expr(select.getSelectList().get(0));
            return printed.startsWith("(") ? printed : "(" + printed + ")";
        } catch (RuntimeException e) {
            return "(" + text + ")";
        }
    }

    /**
     * A CHECK constraint's expression as {@code pg_get_constraintdef(oid, true)} prints it: ruleutils.c's
     * {@code isSimpleNode} with PRETTYFLAG_PAREN keeps an operator's parentheses under another operator unless both are
     * arithmetic and the inner binds tighter (or equally, as the left operand), or both are AND/OR that need none
     * ({@code (a + b) < 100}, {@code a > 0 AND b > 0}, {@code a * b + 1}).
     */
    public static String prettyCheckExpression(String text) {
        try {
            SqlSelect select = (SqlSelect) TesseraSqlParser.parse("SELECT " + text);
            return prettyCheck(select.getSelectList().get(0), null, false);
        } catch (RuntimeException e) {
            return withoutOuterParentheses(checkExpression(text));
        }
    }

    private static String prettyCheck(SqlNode node, SqlCall parent, boolean left) {
        if (node instanceof SqlCall cast && cast.getKind() == SqlKind.CAST
                && !(cast.operand(0) instanceof SqlCharStringLiteral)) {
            // ruleutils.c's get_coercion_expr in pretty mode: no parentheses around an argument isSimpleNode finds
            // simple under a cast (a column, a function call, another cast: a::numeric, '-100'::integer::numeric);
            // an operator keeps its own ((a + 1)::numeric)
            SqlNode value = cast.operand(0);
            String type = typeName((SqlDataTypeSpec) cast.operand(1));
            if (value instanceof SqlIdentifier || value instanceof SqlCall c && c.getKind() == SqlKind.CAST) {
                return prettyCheck(value, cast, false) + "::" + type;
            }
            if (value instanceof SqlNumericLiteral n) {
                return numberCast(n, (SqlDataTypeSpec) cast.operand(1), true);
            }
            if (value instanceof SqlCall c && c.getOperator() instanceof SqlBinaryOperator && c.operandCount() == 2) {
                return "(" + prettyCheck(value, null, false) + ")::" + type;
            }
        }
        if (!(node instanceof SqlCall call && call.getOperator() instanceof SqlBinaryOperator op
                && call.operandCount() == 2 && call.getKind() != SqlKind.CAST)) {
            return withoutOuterParentheses(expr(node));
        }
        String name = op.getName();
        if (name.equalsIgnoreCase("AND") || name.equalsIgnoreCase("OR")) {
            name = name.toUpperCase(Locale.ROOT);
        }
        String text = prettyCheck(call.operand(0), call, true) + " " + name + " " + prettyCheck(call.operand(1), call, false);
        return parent == null || simpleUnder(call, parent, left) ? text : "(" + text + ")";
    }

    private static boolean simpleUnder(SqlCall node, SqlCall parent, boolean left) {
        SqlKind k = node.getKind();
        SqlKind p = parent.getKind();
        if (p == SqlKind.AND || p == SqlKind.OR) {
            return k != SqlKind.OR || p == SqlKind.OR;
        }
        boolean lo = k == SqlKind.PLUS || k == SqlKind.MINUS;
        boolean hi = k == SqlKind.TIMES || k == SqlKind.DIVIDE || k == SqlKind.MOD;
        boolean loParent = p == SqlKind.PLUS || p == SqlKind.MINUS;
        boolean hiParent = p == SqlKind.TIMES || p == SqlKind.DIVIDE || p == SqlKind.MOD;
        if (!(lo || hi) || !(loParent || hiParent)) {
            return false;
        }
        if (hi && loParent) {
            return true;
        }
        if (lo && hiParent) {
            return false;
        }
        return left;
    }

    /** The attnums of {@code table}'s columns that a CHECK expression (SQL text) reads, ascending (conkey). */
    public static List<Short> checkColumns(io.tessera.coordinator.catalog.TableDef table, String text) {
        java.util.SortedSet<Short> attnums = new java.util.TreeSet<>();
        try {
            SqlSelect select = (SqlSelect) TesseraSqlParser.parse("SELECT " + text);
            select.getSelectList().get(0).accept(new org.apache.calcite.sql.util.SqlShuttle() {
                @Override
                public SqlNode visit(SqlIdentifier id) {
                    int attnum = table.attnum(id.names.get(id.names.size() - 1));
                    if (attnum > 0) {
                        attnums.add((short) attnum);
                    }
                    return id;
                }
            });
        } catch (RuntimeException e) {
            return List.of();
        }
        return new ArrayList<>(attnums);
    }

    /**
     * An expression this class printed ({@link #deparse}) as PostgreSQL's pretty mode prints it
     * ({@code pg_get_expr(adbin, adrelid, true)}, what psql's {@code \d} shows): parentheses only where the
     * operators' precedence needs them ({@code 1 + 2 * 3}, {@code (1 + 2) * 3}) and none around a cast function
     * call ({@code now()::date}). A text this parser does not read is returned without its outer parentheses.
     */
    public static String pretty(String text) {
        if (text == null) {
            return null;
        }
        try {
            String source = "SELECT " + text;
            SqlSelect select = (SqlSelect) TesseraSqlParser.parse(source);
            return prettyExpr(select.getSelectList().get(0), source);
        } catch (RuntimeException e) {
            return withoutOuterParentheses(text);
        }
    }

    private static String prettyExpr(SqlNode node, String source) {
        if (node instanceof SqlCall call && call.getKind() == SqlKind.CAST) {
            SqlNode value = call.operand(0);
            String type = sourceText(call.operand(1), source);
            if (value instanceof SqlCharStringLiteral s) {
                return quote(s.getValueAs(String.class)) + "::" + type;
            }
            String inner = prettyExpr(value, source);
            return (value instanceof SqlCall c && c.getOperator() instanceof SqlBinaryOperator
                    && c.getKind() != SqlKind.CAST ? "(" + inner + ")" : inner) + "::" + type;
        }
        if (node instanceof SqlCall call && call.getOperator() instanceof SqlBinaryOperator op
                && call.operandCount() == 2) {
            String name = op.getName();
            if (name.equalsIgnoreCase("AND") || name.equalsIgnoreCase("OR")) {
                name = name.toUpperCase(Locale.ROOT);
            }
            return operand(call.operand(0), op, false, source) + " " + name + " "
                    + operand(call.operand(1), op, true, source);
        }
        if (node instanceof SqlCall call && call instanceof SqlBasicCall
                && call.getOperator().getSyntax() == SqlSyntax.FUNCTION && !call.getOperandList().isEmpty()) {
            List<String> args = new ArrayList<>();
            for (SqlNode o : call.getOperandList()) {
                args.add(prettyExpr(o, source));
            }
            return call.getOperator().getName().toLowerCase(Locale.ROOT) + "(" + String.join(", ", args) + ")";
        }
        if (node instanceof SqlCharStringLiteral s) {
            return quote(s.getValueAs(String.class));
        }
        if (node instanceof SqlNumericLiteral n) {
            return n.toValue();
        }
        return expr(node);
    }

    /** The text a node was parsed from (a type name as written: the parser reads text and jsonb as varchar). */
    private static String sourceText(SqlNode node, String source) {
        org.apache.calcite.sql.parser.SqlParserPos pos = node.getParserPosition();
        return source.substring(pos.getColumnNum() - 1, pos.getEndColumnNum());
    }

    /** An operand of a binary operator, parenthesized when it binds less tightly (or equally, on the right). */
    private static String operand(SqlNode node, SqlBinaryOperator parent, boolean right, String source) {
        String text = prettyExpr(node, source);
        if (node instanceof SqlCall call && call.getOperator() instanceof SqlBinaryOperator op
                && call.getKind() != SqlKind.CAST) {
            int mine = op.getLeftPrec();
            int theirs = parent.getLeftPrec();
            if (mine < theirs || right && mine == theirs) {
                return "(" + text + ")";
            }
        }
        return text;
    }

    /**
     * {@code text} without the parentheses around all of it, if it has them: {@code (2 * 21)} → {@code 2 * 21},
     * {@code (a)::date} unchanged. Quoted strings and identifiers are skipped while matching.
     */
    public static String withoutOuterParentheses(String text) {
        if (text == null || !text.startsWith("(") || !text.endsWith(")")) {
            return text;
        }
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')' && --depth == 0 && i < text.length() - 1) {
                return text;
            }
        }
        return text.substring(1, text.length() - 1);
    }

    /** The top of a DEFAULT: a constant takes the column's type (the coercion is folded or hidden). */
    private static String top(SqlNode node, PgType column) {
        if (node instanceof SqlCharStringLiteral s) {
            String value = s.getValueAs(String.class);
            if (isNumeric(column)) {
                try {
                    return number(new BigDecimal(value.strip()), column);
                } catch (NumberFormatException e) {
                    return quote(value) + "::" + column.sqlName();
                }
            }
            if (column == PgType.BOOL) {
                String v = value.strip().toLowerCase(Locale.ROOT);
                return Set.of("t", "true", "y", "yes", "on", "1").contains(v) ? "true" : "false";
            }
            return quote(value) + "::" + column.sqlName();
        }
        return expr(node);
    }

    private static boolean isNumeric(PgType t) {
        return t == PgType.INT2 || t == PgType.INT4 || t == PgType.INT8;
    }

    private static String expr(SqlNode node) {
        if (node instanceof SqlNumericLiteral n) {
            return number(n.getValueAs(BigDecimal.class), null);
        }
        if (node instanceof SqlCharStringLiteral s) {
            return quote(s.getValueAs(String.class)) + "::text";
        }
        if (node instanceof SqlLiteral l) {
            return switch (l.getTypeName()) {
                case BOOLEAN -> Boolean.TRUE.equals(l.getValue()) ? "true" : "false";
                case NULL -> "NULL";
                default -> l.toString();
            };
        }
        if (node instanceof SqlIdentifier id) {
            String name = id.toString();
            return VALUE_FUNCTIONS.contains(name.toUpperCase(Locale.ROOT)) && id.isSimple()
                    ? name.toUpperCase(Locale.ROOT) : String.join(".", id.names);
        }
        if (node instanceof SqlCall call) {
            return call(call);
        }
        return node.toString();
    }

    private static String call(SqlCall call) {
        SqlKind kind = call.getKind();
        List<SqlNode> operands = call.getOperandList();
        if (kind == SqlKind.CAST) {
            SqlNode value = operands.get(0);
            String type = typeName((SqlDataTypeSpec) operands.get(1));
            if (value instanceof SqlCharStringLiteral s) {
                PgType t = typeOf(type);
                String v = s.getValueAs(String.class);
                return t != null ? top(s, t) : quote(type.equals("regclass") ? unqualified(v) : v) + "::" + type;
            }
            if (value instanceof SqlNumericLiteral n) {
                return numberCast(n, (SqlDataTypeSpec) operands.get(1), false);
            }
            return "(" + expr(value) + ")::" + type;
        }
        if (kind == SqlKind.MINUS_PREFIX && operands.get(0) instanceof SqlNumericLiteral n) {
            return number(n.getValueAs(BigDecimal.class).negate(), null);
        }
        if (call.getOperator().getSyntax() == SqlSyntax.FUNCTION_ID) {
            String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
            return VALUE_FUNCTIONS.contains(name) ? name : name.toLowerCase(Locale.ROOT);
        }
        if (call.getOperator() instanceof SqlBinaryOperator op && operands.size() == 2) {
            String name = op.getName();
            if (name.equalsIgnoreCase("AND") || name.equalsIgnoreCase("OR")) {
                name = name.toUpperCase(Locale.ROOT);
            }
            return "(" + expr(operands.get(0)) + " " + name + " " + expr(operands.get(1)) + ")";
        }
        if (kind == SqlKind.MINUS_PREFIX || kind == SqlKind.PLUS_PREFIX) {
            return "(" + call.getOperator().getName() + " " + expr(operands.get(0)) + ")";
        }
        if (call instanceof SqlBasicCall && call.getOperator().getSyntax() == SqlSyntax.FUNCTION) {
            String name = call.getOperator().getName();
            if (VALUE_FUNCTIONS.contains(name.toUpperCase(Locale.ROOT)) && operands.isEmpty()) {
                return name.toUpperCase(Locale.ROOT);
            }
            name = name.toLowerCase(Locale.ROOT);
            List<String> args = new ArrayList<>();
            for (SqlNode o : operands) {
                args.add(o instanceof SqlCharStringLiteral s && name.equals("nextval")
                        ? quote(unqualified(s.getValueAs(String.class))) + "::regclass" : expr(o));
            }
            return name + "(" + String.join(", ", args) + ")";
        }
        return call.toString();
    }

    /**
     * A cast of a numeric constant as ruleutils.c prints the analysed expression: a constant parses as integer,
     * bigint or numeric, and a cast to that same type without a type modifier is no cast at all ({@code 1.5::numeric}
     * → {@code 1.5}, {@code 5000000000::bigint} → {@code '5000000000'::bigint}); a cast to the same type with one is
     * folded into a constant that shows its type ({@code 1.5::numeric(5,2)}); any other cast is a coercion of the
     * constant, printed {@code (0)::numeric}, {@code ('-1'::integer)::numeric} (pretty mode: {@code 0::numeric},
     * {@code '-1'::integer::numeric}).
     */
    private static String numberCast(SqlNumericLiteral literal, SqlDataTypeSpec spec, boolean pretty) {
        BigDecimal v = literal.getValueAs(BigDecimal.class);
        String constant = number(v, null);
        PgType own = constant.endsWith("::bigint") ? PgType.INT8
                : v.scale() > 0 || constant.endsWith("::numeric") ? PgType.NUMERIC : PgType.INT4;
        String type = typeName(spec);
        List<String> names = spec.getTypeName().names;
        boolean same = typeOf(names.get(names.size() - 1)) == own;
        boolean modifier = spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlBasicTypeNameSpec b
                && b.getPrecision() >= 0;
        if (same && !modifier) {
            return constant;
        }
        if (same) {
            return (v.signum() < 0 ? quote(v.toPlainString()) : v.toPlainString()) + "::" + type;
        }
        return (pretty ? constant : "(" + constant + ")") + "::" + type;
    }

    /** A numeric constant as get_const_expr prints it; {@code column} an integer column's type, or null. */
    private static String number(BigDecimal v, PgType column) {
        boolean integral = v.scale() <= 0 || v.stripTrailingZeros().scale() <= 0 && column != null;
        if (integral && column != null) {
            v = v.setScale(0, java.math.RoundingMode.HALF_UP);
        }
        if (v.scale() <= 0 || integral) {
            long x;
            try {
                x = v.longValueExact();
            } catch (ArithmeticException e) {
                return quote(v.toPlainString()) + "::numeric";
            }
            if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) {
                return x >= 0 ? Long.toString(x) : "'" + x + "'::integer";
            }
            return "'" + x + "'::bigint";
        }
        String s = v.toPlainString();
        return v.signum() >= 0 ? s : "'" + s + "'::numeric";
    }

    /** A cast's type as format_type prints it, with its modifier ({@code numeric(5,2)}, {@code character varying(8)}). */
    private static String typeName(SqlDataTypeSpec spec) {
        List<String> names = spec.getTypeName().names; // an enum type qualified by its schema: public.mood
        String name = names.get(names.size() - 1).toLowerCase(Locale.ROOT);
        PgType t = typeOf(name);
        String printed = t != null ? t.sqlName() : name;
        if (spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlBasicTypeNameSpec b && b.getPrecision() >= 0
                && (t == PgType.NUMERIC || t == PgType.VARCHAR)) {
            printed += "(" + b.getPrecision() + (b.getScale() >= 0 ? "," + b.getScale() : "") + ")";
        }
        return printed;
    }

    private static PgType typeOf(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "int", "int4", "integer" -> PgType.INT4;
            case "int8", "bigint" -> PgType.INT8;
            case "int2", "smallint" -> PgType.INT2;
            case "text" -> PgType.TEXT;
            case "varchar", "character varying" -> PgType.VARCHAR;
            case "bool", "boolean" -> PgType.BOOL;
            case "date" -> PgType.DATE;
            case "timestamp" -> PgType.TIMESTAMP;
            case "timestamptz" -> PgType.TIMESTAMPTZ;
            case "numeric", "decimal" -> PgType.NUMERIC;
            case "float8", "double" -> PgType.FLOAT8;
            case "uuid" -> PgType.UUID;
            case "json" -> PgType.JSON;
            case "jsonb" -> PgType.JSONB;
            case "interval" -> PgType.INTERVAL;
            default -> null;
        };
    }

    /**
     * A regclass constant's text without its {@code public.} (pg_dump's restore script writes
     * {@code nextval('public.s'::regclass)}): PostgreSQL prints the name qualified only when public is off the search
     * path, which {@link PgCatalogFunctions#getExpr} adds back then.
     */
    private static String unqualified(String relation) {
        return relation.regionMatches(true, 0, "public.", 0, "public.".length()) ? relation.substring("public.".length())
                : relation;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}

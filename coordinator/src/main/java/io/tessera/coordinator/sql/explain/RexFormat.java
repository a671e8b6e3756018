package io.tessera.coordinator.sql.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;

/**
 * Prints an expression as PostgreSQL's EXPLAIN prints a qual ({@code ruleutils.c}): column names, operators infix in
 * parentheses ({@code (k > 3)}, {@code ((k > 3) AND (s IS NULL))}), text constants quoted, parameters as
 * {@code $n}. It serves reading plans, not re-parsing them: functions print as {@code name(args)}.
 */
public final class RexFormat {
    private RexFormat() {
    }

    /** The AND of {@code conjuncts} over a row whose columns are {@code names}, or null when there are none. */
    static String conjunction(List<RexNode> conjuncts, List<String> names) {
        if (conjuncts.isEmpty()) {
            return null;
        }
        if (conjuncts.size() == 1) {
            return format(conjuncts.get(0), names);
        }
        List<String> parts = new ArrayList<>();
        for (RexNode c : conjuncts) {
            parts.add(format(c, names));
        }
        return "(" + String.join(" AND ", parts) + ")";
    }

    /**
     * {@code n} over a row whose columns are {@code names} ({@code $i} past them); the sort keys Tessera orders
     * floats and jsonb by ({@code float8SortKey(f)}, {@code pg_jsonb_sort_key(j)}) print as the value they key, as
     * PostgreSQL's EXPLAIN shows the key {@code f}.
     */
    public static String format(RexNode n, List<String> names) {
        if (n instanceof RexInputRef ref) {
            return ref.getIndex() < names.size() ? names.get(ref.getIndex()) : "$" + ref.getIndex();
        }
        if (n instanceof RexDynamicParam p) {
            return "$" + (p.getIndex() + 1);
        }
        if (n instanceof RexLiteral lit) {
            return literal(lit);
        }
        if (!(n instanceof RexCall call)) {
            return n.toString();
        }
        if (call.getOperands().size() == 1 && (io.tessera.coordinator.sql.functions.PgRexRewriter.isFloat8SortKey(call)
                || io.tessera.coordinator.sql.functions.JsonFunctions.pushableOp(call)
                        == io.tessera.protocol.expr.Op.JSONB_SORT_KEY)) {
            return format(call.getOperands().get(0), names);
        }
        String cast = cast(call, names);
        if (cast != null) {
            return cast;
        }
        List<String> ops = new ArrayList<>();
        for (RexNode o : call.getOperands()) {
            ops.add(format(o, names));
        }
        String infix = ops.size() == 2 ? infix(call) : null;
        if (infix != null) {
            return "(" + ops.get(0) + " " + infix + " " + ops.get(1) + ")";
        }
        SqlKind kind = call.getKind();
        switch (kind) {
            case AND, OR:
                return "(" + String.join(" " + kind.sql + " ", ops) + ")";
            case NOT:
                return "(NOT " + ops.get(0) + ")";
            case IS_NULL:
                return "(" + ops.get(0) + " IS NULL)";
            case IS_NOT_NULL:
                return "(" + ops.get(0) + " IS NOT NULL)";
            case IS_TRUE:
                return "(" + ops.get(0) + " IS TRUE)";
            case IS_NOT_TRUE:
                return "(" + ops.get(0) + " IS NOT TRUE)";
            case IS_FALSE:
                return "(" + ops.get(0) + " IS FALSE)";
            case IS_NOT_FALSE:
                return "(" + ops.get(0) + " IS NOT FALSE)";
            case SEARCH:
                return ops.get(0) + " " + sarg(call.getOperands().get(1));
            default:
                break;
        }
        if (ops.size() == 2 && call.getOperator().getName().matches("[^A-Za-z_]+|LIKE|ILIKE")) {
            String op = switch (kind) {
                case NOT_EQUALS -> "<>";
                default -> call.getOperator().getName().equals("LIKE") ? "~~" : call.getOperator().getName()
                        .equals("ILIKE") ? "~~*" : call.getOperator().getName();
            };
            return "(" + ops.get(0) + " " + op + " " + ops.get(1) + ")";
        }
        String name = call.getOperator().getName();
        if (ops.size() == 3 && (name.equals("pg_like") || name.equals("pg_ilike"))) {
            // PgRexRewriter's LIKE with its escape: PostgreSQL's EXPLAIN shows the operator, the escape folded in
            String escape = call.getOperands().get(2) instanceof RexLiteral e && "\\".equals(e.getValueAs(String.class))
                    ? "" : " ESCAPE " + ops.get(2);
            return "(" + ops.get(0) + (name.equals("pg_like") ? " ~~ " : " ~~* ") + ops.get(1) + escape + ")";
        }
        if (ops.size() == 1 && kind == SqlKind.MINUS_PREFIX) {
            return "(- " + ops.get(0) + ")";
        }
        return call.getOperator().getName().toLowerCase(Locale.ROOT) + "(" + String.join(", ", ops) + ")";
    }

    /**
     * A cast as PostgreSQL's EXPLAIN prints it, {@code (x)::type} with format_type's name of the target
     * ({@code (ts)::date}, {@code (id)::numeric}, {@code (s)::character varying(5)}): Calcite's CAST, or the
     * {@link io.tessera.coordinator.sql.functions.PgRexRewriter} function it was rewritten to
     * ({@code pg_timestampDate(ts)}); a cast of a cast to the same type prints once. Null for any other call.
     */
    private static String cast(RexCall call, List<String> names) {
        if (call.getOperands().isEmpty() || call.getKind() != SqlKind.CAST
                && io.tessera.coordinator.sql.functions.PgRexRewriter.pushableOp(call)
                        != io.tessera.protocol.expr.Op.CAST) {
            return null;
        }
        String type;
        try {
            type = io.tessera.coordinator.catalog.pgcatalog.PgTypeCatalog.formatType(
                    io.tessera.coordinator.sql.TypeMapping.toPgType(call.getType()).oid(),
                    io.tessera.coordinator.sql.TypeMapping.castTypmod(call.getType()));
        } catch (RuntimeException e) {
            return null; // a type no client sees (a row, an array): printed as the call
        }
        RexNode x = call.getOperands().get(0);
        String operand = format(x, names);
        String suffix = ")::" + type;
        if (x instanceof RexCall inner && operand.endsWith(suffix) && cast(inner, names) != null) {
            return operand; // numeric(numeric(id)): PgRexRewriter's cast of Calcite's cast
        }
        return "(" + operand + suffix;
    }

    /**
     * The operator PostgreSQL prints for one of PostgreSQL's arithmetic functions ({@code pg_int4Plus(a, b)} is
     * {@code a + b}), or null.
     */
    private static String infix(RexCall call) {
        io.tessera.protocol.expr.Op op = io.tessera.coordinator.sql.functions.PgRexRewriter.pushableOp(call);
        if (op == null) {
            return null;
        }
        return switch (op) {
            case PLUS -> "+";
            case MINUS -> "-";
            case TIMES, FLOAT_TIMES -> "*";
            case DIVIDE -> "/";
            case MOD -> "%";
            case CONCAT -> "||";
            default -> null;
        };
    }

    private static String sarg(RexNode n) {
        if (n instanceof RexLiteral lit && lit.getValue() instanceof Sarg<?> s) {
            return "IN " + s;
        }
        return String.valueOf(n);
    }

    private static String literal(RexLiteral lit) {
        if (lit.isNull()) {
            return "NULL";
        }
        Comparable<?> v = lit.getValue();
        io.tessera.common.types.PgInterval interval = io.tessera.coordinator.sql.exec.RexToExpr.sqlInterval(lit);
        if (interval != null) {
            return "'" + interval + "'::interval"; // interval '12' hour as PostgreSQL prints it, '12:00:00'
        }
        if (v instanceof NlsString s) {
            return "'" + s.getValue().replace("'", "''") + "'::text";
        }
        if (lit.getType().getSqlTypeName().getFamily() == SqlTypeFamily.NUMERIC
                || lit.getType().getSqlTypeName().getFamily() == SqlTypeFamily.BOOLEAN) {
            Object value = lit.getValue3();
            return String.valueOf(value);
        }
        return "'" + lit.toString().replaceFirst(":[A-Z_ ()0-9]+$", "") + "'";
    }
}

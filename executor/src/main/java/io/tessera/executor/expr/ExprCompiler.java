package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgInterval;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.CompiledExpr.Node;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Literal;
import io.tessera.protocol.expr.Op;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a proto {@link Expr} into a {@link CompiledExpr}: every decision that depends only on the expression
 * (operand types, the comparison domain, the cast function, a literal LIKE pattern, an IN list's hash set) is taken
 * here, once, and the resulting nodes only look at values.
 *
 * <p>Semantics are PostgreSQL's: three-valued logic (AND is FALSE if any operand is FALSE, else NULL if any is NULL;
 * OR dually; every other operator except IS [NOT] NULL/TRUE/FALSE, IS [NOT] DISTINCT FROM and COALESCE is NULL on a
 * NULL operand); comparisons across int2/int4/int8/numeric/float (numeric against float as float8), date against
 * timestamp as timestamps, bpchar without trailing spaces, strings by code point ("C" collation); integer
 * arithmetic checked against the result type's range (22003), division and modulo by zero 22012; numeric division
 * keeps at least 16 significant digits (PostgreSQL's {@code select_div_scale}, approximately).
 *
 * <p>An untyped expression ({@code type_oid} 0) takes its type from its operands: a column its input type, a
 * literal its value's kind, arithmetic the widest operand, comparisons bool.
 */
public final class ExprCompiler {
    private static final int MIN_DIV_DIGITS = 16;
    private static final int MAX_NUMERIC_SCALE = 1000;

    /** The row a call reading no column is evaluated with, once, at compile time ({@link #folded}). */
    private static final Object[] NO_COLUMNS = {};

    private final List<PgType> inputTypes;

    private record Typed(Node node, PgType type, Object constant, boolean isConstant) {
        static Typed of(Node n, PgType t) {
            return new Typed(n, t, null, false);
        }
    }

    @FunctionalInterface
    private interface Cmp {
        int cmp(Object a, Object b);
    }

    private ExprCompiler(List<PgType> inputTypes) {
        this.inputTypes = inputTypes;
    }

    /** See {@link CompiledExpr#compile}. @throws TesseraException for an operator or type it cannot evaluate */
    public static CompiledExpr compile(Expr expr, List<PgType> inputTypes) {
        Typed t = new ExprCompiler(List.copyOf(inputTypes)).compile(expr);
        return new CompiledExpr(t.node, t.type, t.isConstant);
    }

    private static PgType declared(Expr e) {
        if (e.getTypeOid() == 0) {
            return null;
        }
        PgType t = PgType.ofOid(e.getTypeOid());
        if (t == null) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "type with OID " + e.getTypeOid() + " is not supported");
        }
        return t;
    }

    private Typed compile(Expr e) {
        switch (e.getKindCase()) {
            case COLUMN: {
                int idx = e.getColumn();
                if (idx < 0 || idx >= inputTypes.size()) {
                    throw new TesseraException(SqlState.INTERNAL_ERROR,
                            "column index " + idx + " is outside the input's " + inputTypes.size() + " columns");
                }
                return Typed.of(row -> row[idx], inputTypes.get(idx));
            }
            case LITERAL:
                return literal(e.getLiteral(), declared(e));
            case CALL: {
                Typed t = call(e.getCall(), declared(e));
                if (e.getTypmod() >= 4 && e.getCall().getOp() == Op.CAST) {
                    t = explicitTypmod(t, e.getTypmod()); // x::varchar(3), x::numeric(4,1)
                }
                return t.isConstant || readsColumns(e) ? t : folded(t);
            }
            default:
                throw new TesseraException(SqlState.INTERNAL_ERROR, "empty expression");
        }
    }

    /** Whether {@code e}'s value depends on the input row (it names a column somewhere). */
    private static boolean readsColumns(Expr e) {
        switch (e.getKindCase()) {
            case COLUMN:
                return true;
            case CALL:
                for (Expr o : e.getCall().getOperandsList()) {
                    if (readsColumns(o)) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    /**
     * A call that reads no column, evaluated once here instead of for each row ({@code date '1998-12-01' -
     * interval '90' day}, {@code 1 + 2}): every operator of the protocol is immutable, so its value is the same for
     * every row. One that fails ({@code 1 / 0}) is left to fail when a row evaluates it, as before: a scan of no
     * rows, or a branch no row takes, does not raise it.
     */
    private static Typed folded(Typed t) {
        Object v;
        try {
            v = t.node.eval(NO_COLUMNS);
        } catch (RuntimeException e) {
            return t;
        }
        return constant(v, t.type);
    }

    private static Typed constant(Object v, PgType t) {
        return new Typed(row -> v, t, v, true);
    }

    private static Typed literal(Literal l, PgType declared) {
        if (l.getIsNull()) {
            return constant(null, declared != null ? declared : PgType.TEXT);
        }
        switch (l.getValueCase()) {
            case BOOL_VALUE:
                return constant(l.getBoolValue(), PgType.BOOL);
            case INT_VALUE: {
                PgType t = declared != null ? declared : PgType.INT8;
                long v = l.getIntValue();
                if (Values.isInteger(t) || t == PgType.DATE) {
                    return constant(Values.boxInteger(v, t), t);
                }
                if (t == PgType.TIME) { // the engine's time: a PgTime of microseconds
                    return constant(new io.tessera.common.types.PgTime(v), t);
                }
                if (Values.isTimestamp(t)) {
                    return constant(v, t);
                }
                return constant(Casts.cast(v, PgType.INT8, t), t);
            }
            case DOUBLE_VALUE: {
                PgType t = declared != null ? declared : PgType.FLOAT8;
                double v = l.getDoubleValue();
                if (t == PgType.FLOAT4) {
                    return constant((float) v, t);
                }
                if (t == PgType.NUMERIC) {
                    return constant(new BigDecimal(Double.toString(v)), t);
                }
                return constant(Casts.cast(v, PgType.FLOAT8, t), t);
            }
            case STRING_VALUE: {
                PgType t = declared != null ? declared : PgType.TEXT;
                return constant(Casts.fromText(l.getStringValue(), t), t);
            }
            case BYTES_VALUE:
                if (declared != null && declared.isArray()) {
                    return constant(ArrayExprs.decodeLiteral(l.getBytesValue().toByteArray(), declared), declared);
                }
                return constant(l.getBytesValue().toByteArray(), PgType.BYTEA);
            default:
                return constant(null, declared != null ? declared : PgType.TEXT);
        }
    }

    private List<Typed> operands(Call c) {
        List<Typed> out = new ArrayList<>(c.getOperandsCount());
        for (Expr o : c.getOperandsList()) {
            out.add(compile(o));
        }
        return out;
    }

    private static void arity(Call c, int min, int max) {
        int n = c.getOperandsCount();
        if (n < min || n > max) {
            throw new TesseraException(SqlState.INTERNAL_ERROR,
                    c.getOp() + " takes " + min + (max > min ? ".." + max : "") + " operands, got " + n);
        }
    }

    private Typed call(Call c, PgType declared) {
        Op op = c.getOp();
        switch (op) {
            case EQ: case NE: case LT: case LE: case GT: case GE:
            case IS_DISTINCT_FROM: case IS_NOT_DISTINCT_FROM: {
                arity(c, 2, 2);
                List<Typed> o = operands(c);
                return Typed.of(comparison(op, o.get(0), o.get(1)), PgType.BOOL);
            }
            case AND: case OR: {
                arity(c, 1, Integer.MAX_VALUE);
                Node[] ns = operands(c).stream().map(Typed::node).toArray(Node[]::new);
                return Typed.of(op == Op.AND ? and(ns) : or(ns), PgType.BOOL);
            }
            case NOT: {
                arity(c, 1, 1);
                Node a = compile(c.getOperands(0)).node;
                return Typed.of(row -> {
                    Object v = a.eval(row);
                    return v == null ? null : !(Boolean) v;
                }, PgType.BOOL);
            }
            case IS_NULL: case IS_NOT_NULL: case IS_TRUE: case IS_FALSE: case IS_NOT_TRUE: case IS_NOT_FALSE: {
                arity(c, 1, 1);
                Node a = compile(c.getOperands(0)).node;
                return Typed.of(isTest(op, a), PgType.BOOL);
            }
            case PLUS: case MINUS: case TIMES: case FLOAT_TIMES: case DIVIDE: case MOD: {
                arity(c, 2, 2);
                List<Typed> o = operands(c);
                if (declared == PgType.INTERVAL || o.get(0).type == PgType.INTERVAL || o.get(1).type == PgType.INTERVAL) {
                    return intervalArithmetic(op, o.get(0), o.get(1));
                }
                PgType r = declared != null ? declared : wider(o.get(0).type, o.get(1).type);
                return Typed.of(arithmetic(op, o.get(0).node, o.get(1).node, r), r);
            }
            case NEGATE: {
                arity(c, 1, 1);
                Typed a = compile(c.getOperands(0));
                PgType r = declared != null ? declared : a.type;
                return Typed.of(negate(a.node, r), r);
            }
            case LIKE: case NOT_LIKE: {
                arity(c, 2, 3);
                return Typed.of(like(op == Op.NOT_LIKE, operands(c)), PgType.BOOL);
            }
            case CAST: {
                arity(c, 1, 1);
                if (declared == null) {
                    throw new TesseraException(SqlState.INTERNAL_ERROR, "CAST without a target type");
                }
                Typed a = compile(c.getOperands(0));
                return coerce(a, declared);
            }
            case IN: {
                arity(c, 1, Integer.MAX_VALUE);
                return Typed.of(in(operands(c)), PgType.BOOL);
            }
            case COALESCE: {
                arity(c, 1, Integer.MAX_VALUE);
                List<Typed> o = operands(c);
                PgType r = declared != null ? declared : o.get(0).type;
                Node[] ns = o.stream().map(t -> coerce(t, r).node).toArray(Node[]::new);
                return Typed.of(row -> {
                    for (Node n : ns) {
                        Object v = n.eval(row);
                        if (v != null) {
                            return v;
                        }
                    }
                    return null;
                }, r);
            }
            case CASE: {
                arity(c, 3, Integer.MAX_VALUE);
                if (c.getOperandsCount() % 2 == 0) {
                    throw new TesseraException(SqlState.INTERNAL_ERROR, "CASE takes pairs and an ELSE, got "
                            + c.getOperandsCount() + " operands");
                }
                List<Typed> o = operands(c);
                PgType r = declared != null ? declared : o.get(1).type;
                int pairs = o.size() / 2;
                Node[] when = new Node[pairs];
                Node[] then = new Node[pairs];
                for (int i = 0; i < pairs; i++) {
                    when[i] = o.get(2 * i).node;
                    then[i] = coerce(o.get(2 * i + 1), r).node;
                }
                Node otherwise = coerce(o.get(o.size() - 1), r).node;
                return Typed.of(row -> {
                    for (int i = 0; i < pairs; i++) {
                        if (Boolean.TRUE.equals(when[i].eval(row))) {
                            return then[i].eval(row);
                        }
                    }
                    return otherwise.eval(row);
                }, r);
            }
            case CONCAT: {
                arity(c, 2, Integer.MAX_VALUE);
                Node[] ns = operands(c).stream().map(t -> coerce(t, PgType.TEXT).node).toArray(Node[]::new);
                return Typed.of(row -> {
                    StringBuilder sb = new StringBuilder();
                    for (Node n : ns) {
                        Object v = n.eval(row);
                        if (v == null) {
                            return null;
                        }
                        sb.append((String) v);
                    }
                    return sb.toString();
                }, declared != null && Values.isString(declared) ? declared : PgType.TEXT);
            }
            case BIT_AND: case BIT_OR: case BIT_XOR: case SHIFT_LEFT: case SHIFT_RIGHT: {
                arity(c, 2, 2);
                List<Typed> o = operands(c);
                PgType r = declared != null ? declared : o.get(0).type;
                return Typed.of(strict(o.get(0).node, o.get(1).node, bitwise(op, r)), r);
            }
            case BIT_NOT: {
                arity(c, 1, 1);
                Typed a = compile(c.getOperands(0));
                PgType r = declared != null ? declared : a.type;
                Node n = a.node;
                if (Bits.isBit(r)) {
                    return Typed.of(row -> {
                        Object v = n.eval(row);
                        return v == null ? null : Bits.not((String) v);
                    }, r);
                }
                return Typed.of(row -> {
                    Object v = n.eval(row);
                    return v == null ? null : Values.boxInteger(Bitwise.not(((Number) v).longValue()), r);
                }, r);
            }
            case JSONB_EQ: case JSONB_NE: case JSONB_LT: case JSONB_LE: case JSONB_GT: case JSONB_GE: {
                arity(c, 2, 2);
                List<Typed> o = operands(c);
                for (Typed t : o) {
                    if (t.isConstant && t.constant != null) {
                        Json.validate((String) t.constant); // PostgreSQL reads a literal at planning: 22P02, no rows
                    }
                }
                return Typed.of(strict(o.get(0).node, o.get(1).node, (x, y) -> {
                    int cmp = JsonbOps.compare((String) x, (String) y);
                    return switch (op) {
                        case JSONB_EQ -> cmp == 0;
                        case JSONB_NE -> cmp != 0;
                        case JSONB_LT -> cmp < 0;
                        case JSONB_LE -> cmp <= 0;
                        case JSONB_GT -> cmp > 0;
                        default -> cmp >= 0;
                    };
                }), PgType.BOOL);
            }
            case UPPER, LOWER: {
                arity(c, 1, 1);
                Node a = coerce(compile(c.getOperands(0)), PgType.TEXT).node;
                boolean upper = op == Op.UPPER;
                return Typed.of(row -> {
                    Object v = a.eval(row);
                    return v == null ? null : upper ? TextCase.upper((String) v) : TextCase.lower((String) v);
                }, PgType.TEXT);
            }
            case TEXT_SORT_KEY: {
                arity(c, 1, 1);
                Node a = coerce(compile(c.getOperands(0)), PgType.TEXT).node;
                return Typed.of(row -> {
                    Object v = a.eval(row);
                    return v == null ? null : Values.textSortKey((String) v);
                }, PgType.TEXT);
            }
            case FLOAT8_SORT_KEY: {
                arity(c, 1, 1);
                Node a = compile(c.getOperands(0)).node;
                return Typed.of(row -> {
                    Object v = a.eval(row);
                    return v == null ? null : Values.float8SortKey(((Number) v).doubleValue());
                }, PgType.INT8);
            }
            case JSON_AS_TEXT: {
                arity(c, 1, 1);
                Node a = compile(c.getOperands(0)).node;
                return Typed.of(row -> {
                    Object v = a.eval(row);
                    return v == null ? null : Json.asText((String) v);
                }, PgType.TEXT);
            }
            case JSON_FIELD: case JSON_ELEMENT: case JSONB_ELEMENT: case JSONB_CONCAT: case JSONB_DELETE_KEY:
            case JSONB_DELETE_INDEX: {
                arity(c, 2, 2);
                List<Typed> o = operands(c);
                return Typed.of(strict(o.get(0).node, o.get(1).node, (x, y) -> switch (op) {
                    case JSON_FIELD -> Json.rawPath((String) x, List.of(y.toString()));
                    case JSON_ELEMENT -> Json.rawPath((String) x, List.of(((Number) y).intValue()));
                    case JSONB_ELEMENT -> JsonbOps.element((String) x, ((Number) y).intValue());
                    case JSONB_CONCAT -> JsonbOps.concat((String) x, (String) y);
                    case JSONB_DELETE_KEY -> JsonbOps.deleteKey((String) x, y.toString());
                    default -> JsonbOps.deleteIndex((String) x, ((Number) y).intValue());
                }), PgType.TEXT);
            }
            case ARRAY_SUBSCRIPT: case ARRAY_APPEND: case ARRAY_PREPEND: case ARRAY_CAT: case ARRAY_SET:
            {
                arity(c, op == Op.ARRAY_SET ? 3 : 2, op == Op.ARRAY_SET ? 3 : 2);
                List<Typed> o = operands(c);
                PgType r = declared != null ? declared : op == Op.ARRAY_PREPEND ? o.get(1).type : o.get(0).type;
                return Typed.of(ArrayExprs.node(op, o.stream().map(Typed::node).toArray(Node[]::new)), r);
            }
            case JSONB_CONTAINS: case JSONB_EXISTS: {
                arity(c, 2, 2);
                List<Typed> o = operands(c);
                return Typed.of(strict(o.get(0).node, o.get(1).node, (x, y) -> op == Op.JSONB_CONTAINS
                        ? JsonbOps.contains((String) x, (String) y) : JsonbOps.exists((String) x, y.toString())),
                        PgType.BOOL);
            }
            case JSONB_SORT_KEY: {
                arity(c, 1, 1);
                Node a = compile(c.getOperands(0)).node;
                return Typed.of(row -> {
                    Object v = a.eval(row);
                    return v == null ? null : JsonbOps.sortKey((String) v);
                }, PgType.TEXT);
            }
            default:
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "operator " + op + " is not supported");
        }
    }

    /** A binary integer bitwise operator ({@link Bitwise}) whose result and first operand are of {@code type}. */
    private static Binary bitwise(Op op, PgType type) {
        if (Bits.isBit(type)) { // bit strings (varbit.c): & | # of equal lengths, shifts keep the length
            return (x, y) -> switch (op) {
                case BIT_AND -> Bits.bitwise((String) x, (String) y, '&');
                case BIT_OR -> Bits.bitwise((String) x, (String) y, '|');
                case BIT_XOR -> Bits.bitwise((String) x, (String) y, '#');
                case SHIFT_LEFT -> Bits.shiftLeft((String) x, ((Number) y).intValue());
                default -> Bits.shiftRight((String) x, ((Number) y).intValue());
            };
        }
        if (!Values.isInteger(type)) {
            throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + type.sqlName() + " "
                    + op + " " + type.sqlName());
        }
        return (x, y) -> {
            long a = ((Number) x).longValue();
            long b = ((Number) y).longValue();
            long v = switch (op) {
                case BIT_AND -> Bitwise.and(a, b);
                case BIT_OR -> Bitwise.or(a, b);
                case BIT_XOR -> Bitwise.xor(a, b);
                case SHIFT_LEFT -> Bitwise.shiftLeft(a, b, type);
                default -> Bitwise.shiftRight(a, b, type);
            };
            return Values.boxInteger(v, type);
        };
    }

    /** {@code t} fitted to {@code typmod} as an explicit cast does ({@link TypmodCoercion#applyExplicit}). */
    private static Typed explicitTypmod(Typed t, int typmod) {
        PgType type = t.type;
        if (!TypmodCoercion.applies(type, typmod)) {
            return t;
        }
        if (t.isConstant) {
            return constant(TypmodCoercion.applyExplicit(t.constant, type, typmod), type);
        }
        Node a = t.node;
        return Typed.of(row -> TypmodCoercion.applyExplicit(a.eval(row), type, typmod), type);
    }

    /** The value of {@code t} as type {@code to}; constants are cast at compile time. */
    private static Typed coerce(Typed t, PgType to) {
        if (t.type == to) {
            return t;
        }
        Casts.Caster caster = Casts.caster(t.type, to);
        if (t.isConstant) {
            return constant(t.constant == null ? null : caster.cast(t.constant), to);
        }
        Node a = t.node;
        return Typed.of(row -> {
            Object v = a.eval(row);
            return v == null ? null : caster.cast(v);
        }, to);
    }

    private static int rank(PgType t) {
        switch (t) {
            case INT2: return 1;
            case INT4: case OID: return 2;
            case INT8: return 3;
            case NUMERIC: return 4;
            case FLOAT4: return 5;
            case FLOAT8: return 6;
            default: return 0;
        }
    }

    private static PgType wider(PgType a, PgType b) {
        if (a == PgType.DATE && b == PgType.DATE) {
            return PgType.INT4; // date - date = integer days
        }
        if (a == PgType.DATE || b == PgType.DATE) {
            return PgType.DATE; // date ± integer
        }
        return rank(a) >= rank(b) ? a : b;
    }

    // ---- comparison ---------------------------------------------------------------------------------------

    private static boolean isLongLike(PgType t) {
        return Values.isInteger(t) || t == PgType.DATE || Values.isTimestamp(t);
    }

    private Node comparison(Op op, Typed a, Typed b) {
        // put both sides in one domain, as PostgreSQL's operator resolution would
        if (a.type == PgType.DATE && Values.isTimestamp(b.type)) {
            a = coerce(a, b.type);
        } else if (b.type == PgType.DATE && Values.isTimestamp(a.type)) {
            b = coerce(b, a.type);
        }
        if (Values.isString(a.type) != Values.isString(b.type)) {
            // text against a non-text type: the text side is read as that type (PostgreSQL's unknown literal)
            if (Values.isString(a.type)) {
                a = coerce(a, b.type);
            } else {
                b = coerce(b, a.type);
            }
        }
        if (a.type == PgType.BPCHAR) {
            a = rtrim(a);
        }
        if (b.type == PgType.BPCHAR) {
            b = rtrim(b);
        }
        Cmp cmp;
        if (isLongLike(a.type) && isLongLike(b.type)) {
            cmp = (x, y) -> Long.compare(((Number) x).longValue(), ((Number) y).longValue());
        } else if (Values.isString(a.type) && Values.isString(b.type)) {
            cmp = (x, y) -> Values.compareStrings((String) x, (String) y);
        } else {
            cmp = Values::compare;
        }
        Node l = a.node;
        Node r = b.node;
        switch (op) {
            case EQ: return row -> {
                Object x = l.eval(row);
                Object y;
                return x == null || (y = r.eval(row)) == null ? null : cmp.cmp(x, y) == 0;
            };
            case NE: return row -> {
                Object x = l.eval(row);
                Object y;
                return x == null || (y = r.eval(row)) == null ? null : cmp.cmp(x, y) != 0;
            };
            case LT: return row -> {
                Object x = l.eval(row);
                Object y;
                return x == null || (y = r.eval(row)) == null ? null : cmp.cmp(x, y) < 0;
            };
            case LE: return row -> {
                Object x = l.eval(row);
                Object y;
                return x == null || (y = r.eval(row)) == null ? null : cmp.cmp(x, y) <= 0;
            };
            case GT: return row -> {
                Object x = l.eval(row);
                Object y;
                return x == null || (y = r.eval(row)) == null ? null : cmp.cmp(x, y) > 0;
            };
            case GE: return row -> {
                Object x = l.eval(row);
                Object y;
                return x == null || (y = r.eval(row)) == null ? null : cmp.cmp(x, y) >= 0;
            };
            case IS_DISTINCT_FROM: return row -> {
                Object x = l.eval(row);
                Object y = r.eval(row);
                if (x == null || y == null) {
                    return x != y;
                }
                return cmp.cmp(x, y) != 0;
            };
            case IS_NOT_DISTINCT_FROM: return row -> {
                Object x = l.eval(row);
                Object y = r.eval(row);
                if (x == null || y == null) {
                    return x == y;
                }
                return cmp.cmp(x, y) == 0;
            };
            default: throw new AssertionError(op);
        }
    }

    private static Typed rtrim(Typed t) {
        if (t.isConstant) {
            return constant(t.constant == null ? null : Casts.rtrim((String) t.constant), PgType.TEXT);
        }
        Node a = t.node;
        return Typed.of(row -> {
            Object v = a.eval(row);
            return v == null ? null : Casts.rtrim((String) v);
        }, PgType.TEXT);
    }

    private static Node and(Node[] ns) {
        return row -> {
            boolean sawNull = false;
            for (Node n : ns) {
                Object v = n.eval(row);
                if (v == null) {
                    sawNull = true;
                } else if (!(Boolean) v) {
                    return Boolean.FALSE;
                }
            }
            return sawNull ? null : Boolean.TRUE;
        };
    }

    private static Node or(Node[] ns) {
        return row -> {
            boolean sawNull = false;
            for (Node n : ns) {
                Object v = n.eval(row);
                if (v == null) {
                    sawNull = true;
                } else if ((Boolean) v) {
                    return Boolean.TRUE;
                }
            }
            return sawNull ? null : Boolean.FALSE;
        };
    }

    private static Node isTest(Op op, Node a) {
        switch (op) {
            case IS_NULL: return row -> a.eval(row) == null;
            case IS_NOT_NULL: return row -> a.eval(row) != null;
            case IS_TRUE: return row -> Boolean.TRUE.equals(a.eval(row));
            case IS_FALSE: return row -> Boolean.FALSE.equals(a.eval(row));
            case IS_NOT_TRUE: return row -> !Boolean.TRUE.equals(a.eval(row));
            case IS_NOT_FALSE: return row -> !Boolean.FALSE.equals(a.eval(row));
            default: throw new AssertionError(op);
        }
    }

    // ---- arithmetic -----------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Binary {
        Object apply(Object a, Object b);
    }

    private static Node strict(Node l, Node r, Binary f) {
        return row -> {
            Object x = l.eval(row);
            if (x == null) {
                return null;
            }
            Object y = r.eval(row);
            return y == null ? null : f.apply(x, y);
        };
    }

    private static TesseraException divisionByZero() {
        return new TesseraException(SqlState.DIVISION_BY_ZERO, "division by zero");
    }

    private static Node arithmetic(Op pushed, Node l, Node r, PgType type) {
        Op op = pushed == Op.FLOAT_TIMES && !Values.isFloat(type) ? Op.TIMES : pushed;
        if (Values.isInteger(type) || type == PgType.DATE) {
            return strict(l, r, integerOp(op, type));
        }
        if (Values.isFloat(type)) {
            boolean single = type == PgType.FLOAT4;
            return strict(l, r, (x, y) -> {
                double a = ((Number) x).doubleValue();
                double b = ((Number) y).doubleValue();
                double v;
                switch (op) {
                    case PLUS: v = a + b; break;
                    case MINUS: v = a - b; break;
                    case TIMES: case FLOAT_TIMES: v = a * b; break;
                    case DIVIDE:
                        if (b == 0) {
                            throw divisionByZero();
                        }
                        v = a / b;
                        break;
                    default:
                        if (b == 0) {
                            throw divisionByZero();
                        }
                        v = a % b;
                        break;
                }
                boolean infinite = Double.isInfinite(a) || Double.isInfinite(b);
                // PostgreSQL's float8div: a zero from a non-zero dividend underflows; float8mul (FLOAT_TIMES): a zero
                // from non-zero operands. Not TIMES: Calcite's stddev and variance square the values (x * x), where
                // PostgreSQL's accumulator does not underflow
                boolean zeroAllowed = op == Op.DIVIDE ? a == 0 || infinite
                        : op != Op.FLOAT_TIMES || a == 0 || b == 0;
                if (single) {
                    float f = (float) v;
                    PgMath.checkFloat8(f, infinite, zeroAllowed);
                    return f;
                }
                return PgMath.checkFloat8(v, infinite, zeroAllowed);
            });
        }
        if (type == PgType.NUMERIC) {
            return strict(l, r, (x, y) -> {
                BigDecimal a = Values.toBigDecimal(x);
                BigDecimal b = Values.toBigDecimal(y);
                switch (op) {
                    case PLUS: return a.add(b);
                    case MINUS: return a.subtract(b);
                    case TIMES: return a.multiply(b);
                    case DIVIDE: return divide(a, b);
                    default:
                        if (b.signum() == 0) {
                            throw divisionByZero();
                        }
                        return a.remainder(b);
                }
            });
        }
        throw new TesseraException(SqlState.UNDEFINED_FUNCTION,
                "operator does not exist for type " + type.sqlName() + ": " + op);
    }

    /**
     * The operators of {@code interval} ({@link Intervals}): {@code interval ± interval}, {@code interval * number},
     * {@code number * interval}, {@code interval / number} ({@code interval_mul}/{@code interval_div} take float8),
     * {@code timestamp[tz] ± interval}, {@code interval + timestamp[tz]}, {@code time ± interval},
     * {@code interval + time}, {@code date ± interval} (a timestamp) and
     * {@code timestamp - timestamp} (an interval). A text operand is read as an interval.
     */
    private static Typed intervalArithmetic(Op op, Typed a, Typed b) {
        if (Values.isString(a.type)) {
            a = coerce(a, PgType.INTERVAL);
        }
        if (Values.isString(b.type)) {
            b = coerce(b, PgType.INTERVAL);
        }
        if (a.type == PgType.DATE) {
            a = coerce(a, PgType.TIMESTAMP);
        }
        if (b.type == PgType.DATE) {
            b = coerce(b, PgType.TIMESTAMP);
        }
        PgType ta = a.type;
        PgType tb = b.type;
        boolean ia = ta == PgType.INTERVAL;
        boolean ib = tb == PgType.INTERVAL;
        Binary f = null;
        PgType result = PgType.INTERVAL;
        if (ia && ib && op == Op.PLUS) {
            f = (x, y) -> Intervals.plus((PgInterval) x, (PgInterval) y);
        } else if (ia && ib && op == Op.MINUS) {
            f = (x, y) -> Intervals.minus((PgInterval) x, (PgInterval) y);
        } else if (ia && Values.isNumeric(tb) && op == Op.TIMES) {
            f = (x, y) -> Intervals.multiply((PgInterval) x, ((Number) y).doubleValue());
        } else if (ib && Values.isNumeric(ta) && op == Op.TIMES) {
            f = (x, y) -> Intervals.multiply((PgInterval) y, ((Number) x).doubleValue());
        } else if (ia && Values.isNumeric(tb) && op == Op.DIVIDE) {
            f = (x, y) -> Intervals.divide((PgInterval) x, ((Number) y).doubleValue());
        } else if (Values.isTimestamp(ta) && ib && (op == Op.PLUS || op == Op.MINUS)) {
            result = ta;
            // timestamps in microseconds (docs/architecture.md)
            f = op == Op.PLUS ? (x, y) -> Intervals.plusMicros(((Number) x).longValue(), (PgInterval) y)
                    : (x, y) -> Intervals.minusMicros(((Number) x).longValue(), (PgInterval) y);
        } else if (ia && Values.isTimestamp(tb) && op == Op.PLUS) {
            result = tb;
            f = (x, y) -> Intervals.plusMicros(((Number) y).longValue(), (PgInterval) x);
        } else if (ta == PgType.TIME && ib && (op == Op.PLUS || op == Op.MINUS) || ia && tb == PgType.TIME && op == Op.PLUS) {
            // time ± interval around the clock: the engine's time, a PgTime of microseconds
            result = PgType.TIME;
            boolean timeFirst = ta == PgType.TIME;
            boolean minus = op == Op.MINUS;
            f = (x, y) -> {
                long r = Times.plusInterval(io.tessera.common.types.PgTime.toMicros(timeFirst ? x : y),
                        ((PgInterval) (timeFirst ? y : x)).micros(), minus);
                return new io.tessera.common.types.PgTime(r);
            };
        } else if (Values.isTimestamp(ta) && Values.isTimestamp(tb) && op == Op.MINUS) {
            f = (x, y) -> Intervals.differenceMicros(((Number) x).longValue(), ((Number) y).longValue());
        }
        if (f == null) {
            throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + ta.sqlName() + " "
                    + op + " " + tb.sqlName());
        }
        return Typed.of(strict(a.node, b.node, f), result);
    }

    /** Numeric division with PostgreSQL's result scale ({@link PgNumerics#divide}). */
    static BigDecimal divide(BigDecimal a, BigDecimal b) {
        return PgNumerics.divide(a, b);
    }

    private static Binary integerOp(Op op, PgType type) {
        boolean wide = type == PgType.INT8;
        String name = type == PgType.INT2 ? "smallint" : wide ? "bigint" : type == PgType.DATE ? "date" : "integer";
        return (x, y) -> {
            long a = ((Number) x).longValue();
            long b = ((Number) y).longValue();
            long v;
            try {
                switch (op) {
                    case PLUS: v = wide ? Math.addExact(a, b) : a + b; break;
                    case MINUS: v = wide ? Math.subtractExact(a, b) : a - b; break;
                    case TIMES: v = wide ? Math.multiplyExact(a, b) : a * b; break;
                    case DIVIDE:
                        if (b == 0) {
                            throw divisionByZero();
                        }
                        if (wide && a == Long.MIN_VALUE && b == -1) {
                            throw Values.outOfRange(name);
                        }
                        v = a / b;
                        break;
                    default:
                        if (b == 0) {
                            throw divisionByZero();
                        }
                        v = b == -1 ? 0 : a % b;
                        break;
                }
            } catch (ArithmeticException e) {
                throw Values.outOfRange(name);
            }
            try {
                return Values.boxInteger(v, type);
            } catch (TesseraException e) {
                throw Values.outOfRange(name);
            }
        };
    }

    private static Node negate(Node a, PgType type) {
        return row -> {
            Object v = a.eval(row);
            if (v == null) {
                return null;
            }
            if (Values.isInteger(type)) {
                long x = ((Number) v).longValue();
                if (type == PgType.INT8 && x == Long.MIN_VALUE) {
                    throw Values.outOfRange("bigint");
                }
                return Values.boxInteger(-x, type);
            }
            if (type == PgType.FLOAT4) {
                return -((Number) v).floatValue();
            }
            if (type == PgType.FLOAT8) {
                return -((Number) v).doubleValue();
            }
            if (type == PgType.NUMERIC) {
                return Values.toBigDecimal(v).negate();
            }
            if (type == PgType.INTERVAL) {
                return Intervals.negate((io.tessera.common.types.PgInterval) v);
            }
            throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: - " + type.sqlName());
        };
    }

    // ---- LIKE, IN -------------------------------------------------------------------------------------------

    private Node like(boolean negated, List<Typed> o) {
        // bpchar LIKE text is PostgreSQL's bpcharlike: it matches the value with its padding ('ab'::char(4) LIKE 'ab'
        // is false), where a cast to text would drop it
        Typed value = o.get(0).type == PgType.BPCHAR ? o.get(0) : coerce(o.get(0), PgType.TEXT);
        Typed pattern = coerce(o.get(1), PgType.TEXT);
        Typed escape = o.size() > 2 ? coerce(o.get(2), PgType.TEXT) : constant("\\", PgType.TEXT);
        Node v = value.node;
        if (pattern.isConstant && escape.isConstant) {
            if (pattern.constant == null || escape.constant == null) {
                return row -> null;
            }
            Like like = Like.compile((String) pattern.constant, Like.escapeChar((String) escape.constant));
            return row -> {
                Object s = v.eval(row);
                return s == null ? null : like.matches((String) s) != negated;
            };
        }
        Node p = pattern.node;
        Node e = escape.node;
        return row -> {
            Object s = v.eval(row);
            Object pat = p.eval(row);
            Object esc = e.eval(row);
            if (s == null || pat == null || esc == null) {
                return null;
            }
            return Like.compile((String) pat, Like.escapeChar((String) esc)).matches((String) s) != negated;
        };
    }

    private Node in(List<Typed> o) {
        Typed value = o.get(0);
        List<Typed> items = o.subList(1, o.size());
        boolean allConstants = items.stream().allMatch(Typed::isConstant);
        if (allConstants && (Values.isInteger(value.type) || value.type == PgType.DATE)
                && items.stream().allMatch(t -> Values.isInteger(t.type) || t.type == value.type)) {
            Set<Long> set = new HashSet<>();
            boolean hasNull = false;
            for (Typed t : items) {
                if (t.constant == null) {
                    hasNull = true;
                } else {
                    set.add(((Number) t.constant).longValue());
                }
            }
            return inSet(value.node, set, hasNull, x -> ((Number) x).longValue());
        }
        if (allConstants && Values.isString(value.type) && value.type != PgType.BPCHAR
                && items.stream().allMatch(t -> Values.isString(t.type) && t.type != PgType.BPCHAR)) {
            Set<Object> set = new HashSet<>();
            boolean hasNull = false;
            for (Typed t : items) {
                if (t.constant == null) {
                    hasNull = true;
                } else {
                    set.add(t.constant);
                }
            }
            return inSet(value.node, set, hasNull, x -> x);
        }
        Node[] eqs = items.stream().map(t -> comparison(Op.EQ, value, t)).toArray(Node[]::new);
        return or(eqs);
    }

    private static <K> Node inSet(Node value, Set<K> set, boolean hasNull, java.util.function.Function<Object, K> key) {
        return row -> {
            Object v = value.eval(row);
            if (v == null) {
                return null;
            }
            if (set.contains(key.apply(v))) {
                return Boolean.TRUE;
            }
            return hasNull ? null : Boolean.FALSE;
        };
    }

}

package io.tessera.coordinator.sql.exec;

import com.google.protobuf.ByteString;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.TypeMapping;
import io.tessera.coordinator.sql.functions.IntervalFunctions;
import io.tessera.coordinator.sql.functions.JsonFunctions;
import io.tessera.coordinator.sql.functions.PgRexRewriter;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Literal;
import io.tessera.protocol.expr.Op;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;

/**
 * Translates Calcite row expressions into the fragment expression format ({@code expr.proto}) that datanodes
 * evaluate. Only what datanodes implement is translated; {@link #translate} returns null for anything else, and the
 * caller keeps such an expression on the coordinator.
 *
 * <p>Dynamic parameters are replaced by their bound values at translation time (fragments are built per execution),
 * and so are {@code now()}, {@code current_timestamp} and {@code localtimestamp} (the transaction's start) when the
 * statement's transaction is given; SEARCH calls must have been expanded ({@code RexUtil.expandSearch}) beforehand.
 */
public final class RexToExpr {
    private final int storedColumns;
    private final IntFunction<Object> params;
    private final java.util.function.LongSupplier transactionStart;

    /**
     * @param storedColumns input refs below this index are stored columns; at or above it, system columns the
     *     datanode cannot evaluate in a filter
     * @param params values of dynamic parameters by index
     */
    public RexToExpr(int storedColumns, IntFunction<Object> params) {
        this(storedColumns, params, null);
    }

    /**
     * @param transactionStart the statement's transaction's start in the engine's unit ({@code Transaction#startTime}),
     *     the value of {@code now()}; null: such calls are not translated
     */
    public RexToExpr(int storedColumns, IntFunction<Object> params, java.util.function.LongSupplier transactionStart) {
        this.storedColumns = storedColumns;
        this.params = params;
        this.transactionStart = transactionStart;
    }

    /** A translator for the values of {@code ctx}'s execution: its parameters and its transaction's start. */
    public static RexToExpr of(int storedColumns, StatementContext ctx) {
        io.tessera.coordinator.txn.Transaction txn = ctx.txn();
        return new RexToExpr(storedColumns, ctx::param, txn == null ? null : txn::startTime);
    }

    /** Whether {@code call} is {@code now()}, {@code current_timestamp} or {@code localtimestamp}. */
    private static boolean isTransactionStart(RexCall call) {
        return call.getOperands().isEmpty() && (call.getOperator() == SqlStdOperatorTable.CURRENT_TIMESTAMP
                || call.getOperator() == SqlStdOperatorTable.LOCALTIMESTAMP
                || call.getOperator() instanceof org.apache.calcite.sql.validate.SqlUserDefinedFunction f
                        && f.getName().equalsIgnoreCase("now"));
    }

    /**
     * The fragment expression for a value assigned to a column ({@code UPDATE ... SET}, ON CONFLICT DO UPDATE), or
     * null when a datanode cannot evaluate it: as {@link #translate}, but a cast at the top is the assignment's,
     * to the column's type, whose typmod the datanode applies with assignment semantics (22001 for a string too
     * long), not an explicit cast's.
     */
    public Expr translateAssigned(RexNode rex) {
        Expr e = translate(rex);
        return e == null || e.getTypmod() == 0 ? e : e.toBuilder().setTypmod(0).build();
    }

    /** The fragment expression for {@code rex}, or null when a datanode cannot evaluate it. */
    public Expr translate(RexNode rex) {
        if (rex instanceof RexLiteral lit && sqlInterval(lit) != null) {
            return Expr.newBuilder().setTypeOid(PgType.INTERVAL.oid())
                    .setLiteral(literal(sqlInterval(lit), PgType.INTERVAL)).build();
        }
        int oid;
        try {
            oid = TypeMapping.toPgType(rex.getType()).oid();
        } catch (RuntimeException unsupported) {
            return null;
        }
        Expr.Builder b = Expr.newBuilder().setTypeOid(oid);
        if (rex instanceof RexInputRef ref) {
            return ref.getIndex() < storedColumns ? b.setColumn(ref.getIndex()).build() : null;
        }
        if (rex instanceof RexLiteral lit) {
            // Calcite types a string literal char(n); in PostgreSQL it is unknown, resolved to text where it meets
            // text, whose trailing blanks count (PgRexRewriter already trimmed those that meet a char(n) value)
            PgType type = rex.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.CHAR ? PgType.TEXT
                    : TypeMapping.toPgType(rex.getType());
            Literal l = literal(lit.getValueAs(Object.class) == null ? null : value(lit), type);
            return l == null ? null : b.setTypeOid(type.oid()).setLiteral(l).build();
        }
        if (rex instanceof RexDynamicParam p) {
            Literal l = literal(params.apply(p.getIndex()), TypeMapping.toPgType(rex.getType()));
            return l == null ? null : b.setLiteral(l).build();
        }
        if (rex instanceof RexCall call && isTransactionStart(call)) {
            return transactionStart == null ? null : b.setLiteral(literal(transactionStart.getAsLong(),
                    TypeMapping.toPgType(rex.getType()))).build(); // the session's zone is UTC: the same instant
        }
        if (rex instanceof RexCall call && PgRexRewriter.isBpcharTrim(call)) {
            Expr operand = translate(call.getOperands().get(0));
            if (operand == null || operand.getTypeOid() != PgType.BPCHAR.oid()) {
                return null;
            }
            return b.setTypeOid(PgType.TEXT.oid()).setCall(Call.newBuilder().setOp(Op.CAST).addOperands(operand))
                    .build(); // char(n) semantics: bpchar to text drops the padding, as the coordinator's rtrim
        }
        if (rex instanceof RexCall call && IntervalFunctions.isTimeCast(call)) {
            // CAST(x AS time) under engine.microseconds (tessera_time_cast(x, p)); time(p) for p < 6 rounds, which
            // the datanodes' cast does not: it runs on the coordinator
            int p = ((RexLiteral) call.getOperands().get(1)).getValueAs(Integer.class);
            Expr operand = p >= 0 && p < 6 ? null : translate(call.getOperands().get(0));
            return operand == null ? null : b.setCall(Call.newBuilder().setOp(Op.CAST).addOperands(operand)).build();
        }
        if (rex instanceof RexCall call && PgRexRewriter.isTimestampPlusSqlInterval(call)) {
            // ts + interval '12' hour, date '1998-12-01' - interval '90' day: the datanodes' timestamp ± interval
            // (timestamp_pl_interval, as PgRuntime's), the SQL standard interval literal read as an interval
            Expr ts = translate(call.getOperands().get(0));
            Expr interval = translate(call.getOperands().get(1));
            Integer sign = call.getOperands().get(2) instanceof RexLiteral l ? l.getValueAs(Integer.class) : null;
            return ts == null || interval == null || sign == null ? null
                    : b.setCall(Call.newBuilder().setOp(sign < 0 ? Op.MINUS : Op.PLUS).addOperands(ts)
                            .addOperands(interval)).build();
        }
        if (rex instanceof RexCall call && PgRexRewriter.isNumericTypmod(call)) {
            // CAST(0 AS numeric(12, 2)) in a DML's WHERE, as PgConvertletTable.CASTS converted it
            Expr operand = translate(call.getOperands().get(0));
            return operand == null ? null : b.setTypmod(Math.max(TypeMapping.castTypmod(call.getType()), 0))
                    .setCall(Call.newBuilder().setOp(Op.CAST).addOperands(operand)).build();
        }
        if (rex instanceof RexCall call && JsonFunctions.pushableOp(call) != null) {
            // jsonb's comparisons (pg_jsonb_compare(a, b, code): the code is the operator), its sort key and text,
            // and the json operators (JsonFunctions.PUSHABLE)
            Op op = JsonFunctions.pushableOp(call);
            Call.Builder c = Call.newBuilder().setOp(op);
            int arity = op == Op.JSONB_SORT_KEY || op == Op.CAST || op == Op.JSON_AS_TEXT ? 1 : 2;
            for (RexNode operand : call.getOperands().subList(0, arity)) {
                Expr e = translate(operand);
                if (e == null) {
                    return null;
                }
                c.addOperands(e);
            }
            return b.setCall(c).build();
        }
        if (rex instanceof RexCall call && call.getKind() == SqlKind.NULLIF && call.getOperands().size() == 2) {
            return nullif(b, call);
        }
        if (rex instanceof RexCall call && call.getKind() == SqlKind.CASE
                && call.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.CHAR) {
            // Calcite's char(n) of string literals ('A', 'bb'): PostgreSQL's text of unknown literals; a char(n)
            // column among the values (bpchar's padding rules) stays on the coordinator
            List<RexNode> o = call.getOperands();
            for (int i = 1; i < o.size(); i += 2) { // THEN values, at odd positions
                if (!(o.get(i) instanceof RexLiteral)) {
                    return null;
                }
            }
            if (!(o.get(o.size() - 1) instanceof RexLiteral)) { // ELSE
                return null;
            }
            Call.Builder c = Call.newBuilder().setOp(Op.CASE);
            for (RexNode operand : o) {
                Expr e = translate(operand);
                if (e == null) {
                    return null;
                }
                c.addOperands(e);
            }
            return b.setTypeOid(PgType.TEXT.oid()).setCall(c).build();
        }
        if (rex instanceof RexCall call) {
            Op op = op(call.getKind());
            if (op == null) {
                op = PgRexRewriter.pushableOp(call); // PostgreSQL's semantics, which datanodes implement too
            }
            if (op == null) {
                op = textCaseOp(call);
            }
            if (op == null) {
                op = io.tessera.coordinator.sql.functions.ArrayFunctions.pushableOp(call);
            }
            if (op == Op.CAST && call.getOperands().get(0) instanceof RexLiteral text
                    && call.getType().getComponentType() != null
                    && org.apache.calcite.sql.type.SqlTypeUtil.inCharFamily(text.getType())
                    && text.getValueAs(String.class) != null) {
                // '{1,2}'::int[]: the array read here (array_in's errors), sent as an array literal
                PgType type = TypeMapping.toPgType(call.getType());
                Object array = Coercion.toColumn(text.getValueAs(String.class), new io.tessera.coordinator.catalog
                        .ColumnDef("?column?", type, TypeMapping.castTypmod(call.getType().getComponentType()), false), "");
                Literal l = literal(array, type);
                return l == null ? null : b.setTypeOid(type.oid()).setLiteral(l).build();
            }
            if (op == Op.CAST && io.tessera.coordinator.sql.functions.ArrayFunctions.isArrayConversion(call)) {
                return null; // to or from an array type, other than to its own: the coordinator's casts
            }
            if (op == null && call.getOperator() == SqlStdOperatorTable.CONCAT
                    && org.apache.calcite.sql.type.SqlTypeUtil.inCharFamily(call.getType())) {
                op = Op.CONCAT; // text || text
            }
            if (op == null || (op == Op.LIKE && call.getKind() == SqlKind.LIKE)) {
                return null; // Calcite's LIKE has no default escape: PgRexRewriter's like() is pushed instead
            }
            Call.Builder c = Call.newBuilder().setOp(op);
            for (RexNode operand : call.getOperands()) {
                Expr e = translate(operand);
                if (e == null) {
                    return null;
                }
                c.addOperands(e);
            }
            if (op == Op.CAST && !(call.getOperands().get(0) instanceof RexLiteral)) {
                // an explicit cast's typmod (s::varchar(3), n::numeric(4,1)); the casts Calcite adds widen, and a
                // literal's was applied when it was folded
                b.setTypmod(Math.max(TypeMapping.castTypmod(call.getType()), 0));
            }
            return b.setCall(c).build();
        }
        return null;
    }

    /** Types whose {@code =} the datanodes compute as the coordinator does, numbers of any kind together. */
    private static final java.util.Set<PgType> NUMBERS = java.util.EnumSet.of(PgType.INT2, PgType.INT4, PgType.INT8,
            PgType.NUMERIC, PgType.FLOAT4, PgType.FLOAT8);

    /**
     * {@code nullif(a, b)} (a DML's, which no convertlet expanded) as {@code CASE WHEN a = b THEN NULL ELSE a END} of
     * the call's type, when a and b are numbers or both of one type other than char(n) (whose padding {@code =}
     * ignores); null otherwise.
     */
    private Expr nullif(Expr.Builder b, RexCall call) {
        Expr a = translate(call.getOperands().get(0));
        Expr other = translate(call.getOperands().get(1));
        if (a == null || other == null) {
            return null;
        }
        PgType ta = PgType.ofOid(a.getTypeOid());
        PgType tb = PgType.ofOid(other.getTypeOid());
        boolean comparable = NUMBERS.contains(ta) && NUMBERS.contains(tb)
                || ta == tb && ta != PgType.BPCHAR && ta != PgType.JSONB && ta != PgType.JSON;
        if (!comparable) {
            return null;
        }
        Expr equal = Expr.newBuilder().setTypeOid(PgType.BOOL.oid())
                .setCall(Call.newBuilder().setOp(Op.EQ).addOperands(a).addOperands(other)).build();
        Expr none = Expr.newBuilder().setTypeOid(b.getTypeOid()).setLiteral(Literal.newBuilder().setIsNull(true))
                .build();
        return b.setCall(Call.newBuilder().setOp(Op.CASE).addOperands(equal).addOperands(none).addOperands(a))
                .build();
    }

    /**
     * UPPER or LOWER for a call of {@code upper(text)} or {@code lower(text)} (StringRuntime's, or Calcite's), whose
     * datanode evaluation is the coordinator's ({@link io.tessera.executor.expr.TextCase}); null for other calls.
     */
    static Op textCaseOp(RexCall call) {
        if (call.getOperands().size() != 1) {
            return null;
        }
        if (call.getOperator() == SqlStdOperatorTable.UPPER) {
            return Op.UPPER;
        }
        if (call.getOperator() == SqlStdOperatorTable.LOWER) {
            return Op.LOWER;
        }
        if (call.getOperator() instanceof org.apache.calcite.sql.validate.SqlUserDefinedFunction f
                && f.getFunction() instanceof org.apache.calcite.schema.impl.ScalarFunctionImpl impl
                && impl.method.getDeclaringClass() == io.tessera.coordinator.sql.functions.StringRuntime.class) {
            return switch (impl.method.getName()) {
                case "upper" -> Op.UPPER;
                case "lower" -> Op.LOWER;
                default -> null;
            };
        }
        return null;
    }

    /**
     * A SQL standard interval literal ({@code interval '12' hour}, {@code interval '1' year}: Calcite's interval
     * types, one number of months or of milliseconds) as PostgreSQL's interval, which a datanode's arithmetic takes
     * ({@code timestamp + interval}): months in the months field, a day-based interval's whole days in the days
     * field as PostgreSQL's {@code interval '1' day} holds them, the rest in microseconds. Null for another literal.
     */
    public static io.tessera.common.types.PgInterval sqlInterval(RexLiteral lit) {
        org.apache.calcite.sql.type.SqlTypeName name = lit.getType().getSqlTypeName();
        if (!org.apache.calcite.sql.type.SqlTypeName.INTERVAL_TYPES.contains(name)) {
            return null;
        }
        Long amount = lit.getValueAs(Long.class);
        if (amount == null) {
            return null;
        }
        if (name.getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_YEAR_MONTH) {
            return new io.tessera.common.types.PgInterval(Math.toIntExact(amount), 0, 0);
        }
        boolean dayBased = name.getStartUnit() == org.apache.calcite.avatica.util.TimeUnit.DAY;
        long days = dayBased ? amount / 86_400_000L : 0; // toward zero, as PostgreSQL splits '-1 12' day to hour
        return new io.tessera.common.types.PgInterval(0, Math.toIntExact(days), (amount - days * 86_400_000L) * 1000);
    }

    private static Object value(RexLiteral lit) {
        return switch (lit.getType().getSqlTypeName()) {
            case CHAR, VARCHAR -> lit.getValueAs(String.class);
            case BOOLEAN -> lit.getValueAs(Boolean.class);
            case TINYINT, SMALLINT, INTEGER, BIGINT -> lit.getValueAs(Long.class);
            case DECIMAL -> lit.getValueAs(BigDecimal.class);
            case REAL, FLOAT, DOUBLE -> lit.getValueAs(Double.class);
            case DATE -> lit.getValueAs(Integer.class);
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> lit.getValueAs(Long.class);
            case BINARY, VARBINARY -> lit.getValueAs(byte[].class);
            case UUID -> lit.getValueAs(java.util.UUID.class);
            case TIME -> lit.getValueAs(Integer.class);
            default -> null;
        };
    }

    /** A literal of the given type from a value in PgType's representation (or a Calcite literal value). */
    static Literal literal(Object v, PgType type) {
        Literal.Builder l = Literal.newBuilder();
        if (v == null) {
            return l.setIsNull(true).build();
        }
        if (v instanceof NlsString s) {
            v = s.getValue();
        } else if (v instanceof DateString d) {
            v = d.getDaysSinceEpoch();
        } else if (v instanceof org.apache.calcite.util.TimeString t) {
            v = t.getMillisOfDay();
        } else if (v instanceof TimestampString t) {
            v = t.getMillisSinceEpoch();
        } else if (v instanceof org.apache.calcite.avatica.util.ByteString bs) {
            v = bs.getBytes();
        }
        switch (type) {
            case BOOL -> l.setBoolValue((Boolean) v);
            case TIME -> { // the engine's time: a PgTime of microseconds, or Calcite's Integer of milliseconds
                if (v instanceof io.tessera.common.types.PgTime t) {
                    l.setIntValue(t.micros());
                } else if (v instanceof Number n) {
                    l.setIntValue(n.longValue() * 1000L); // Calcite's TIME literal: milliseconds of the day
                } else {
                    return null;
                }
            }
            case INT2, INT4, INT8, OID, DATE, TIMESTAMP, TIMESTAMPTZ -> {
                if (!(v instanceof Number n)) {
                    return null;
                }
                l.setIntValue(n.longValue());
            }
            case FLOAT4, FLOAT8 -> {
                if (!(v instanceof Number n)) {
                    return null;
                }
                l.setDoubleValue(n.doubleValue());
            }
            case NUMERIC -> l.setStringValue(v instanceof BigDecimal bd ? bd.toPlainString() : v.toString());
            case TEXT, VARCHAR, BPCHAR, NAME, JSON, JSONB -> l.setStringValue(v.toString());
            // a bit string's digits, checked by bit_in here (a string typed bit by a common type may hold others);
            // the datanode reads them back (Casts.fromText)
            case BIT, VARBIT -> l.setStringValue(io.tessera.executor.expr.Bits.parse(v.toString()));
            case UUID -> { // the text form; the datanode parses it back (Casts.fromText)
                if (!(v instanceof java.util.UUID)) {
                    return null;
                }
                l.setStringValue(v.toString());
            }
            case INTERVAL -> { // the text form (interval_out), which the datanode's interval_in reads back exactly
                if (!(v instanceof io.tessera.common.types.PgInterval)) {
                    return null;
                }
                l.setStringValue(v.toString());
            }
            case BYTEA -> {
                if (!(v instanceof byte[] bytes)) {
                    return null;
                }
                l.setBytesValue(ByteString.copyFrom(bytes));
            }
            default -> {
                if (!type.isArray() || !(v instanceof List<?> array)) {
                    return null;
                }
                l.setBytesValue(ByteString.copyFrom(io.tessera.executor.expr.ArrayExprs.encodeLiteral(array, type)));
            }
        }
        return l.build();
    }

    private static Op op(SqlKind kind) {
        return switch (kind) {
            case EQUALS -> Op.EQ;
            case NOT_EQUALS -> Op.NE;
            case LESS_THAN -> Op.LT;
            case LESS_THAN_OR_EQUAL -> Op.LE;
            case GREATER_THAN -> Op.GT;
            case GREATER_THAN_OR_EQUAL -> Op.GE;
            case AND -> Op.AND;
            case OR -> Op.OR;
            case NOT -> Op.NOT;
            case IS_NULL -> Op.IS_NULL;
            case IS_NOT_NULL -> Op.IS_NOT_NULL;
            case IS_TRUE -> Op.IS_TRUE;
            case IS_FALSE -> Op.IS_FALSE;
            case IS_NOT_TRUE -> Op.IS_NOT_TRUE;
            case IS_NOT_FALSE -> Op.IS_NOT_FALSE;
            case PLUS -> Op.PLUS;
            case MINUS -> Op.MINUS;
            case TIMES -> Op.TIMES;
            case DIVIDE -> Op.DIVIDE;
            case MOD -> Op.MOD;
            case MINUS_PREFIX -> Op.NEGATE;
            case LIKE -> Op.LIKE;
            case CAST -> Op.CAST;
            case COALESCE -> Op.COALESCE;
            case CASE -> Op.CASE;
            case IS_DISTINCT_FROM -> Op.IS_DISTINCT_FROM;
            case IS_NOT_DISTINCT_FROM -> Op.IS_NOT_DISTINCT_FROM;
            default -> null;
        };
    }

    /** Splits a condition into its top-level AND-ed conjuncts. */
    public static List<RexNode> conjuncts(RexNode rex) {
        return org.apache.calcite.plan.RelOptUtil.conjunctions(rex);
    }
}

package io.tessera.coordinator.sql.functions;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql2rel.SqlRexConvertlet;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Calcite's standard SQL-to-Rex conversion, except that a cast of a constant that {@link PgRexRewriter} gives
 * PostgreSQL's semantics is not folded by Calcite while converting ({@code ' 1.5 '::numeric} would fold to 2, the
 * scale of Calcite's DECIMAL): it becomes the {@link PgRuntime} call, which constant reduction then evaluates.
 * LIKE and ILIKE become {@link StringRuntime}'s at once, before Calcite's simplifier reads their patterns.
 */
public final class PgConvertletTable implements SqlRexConvertletTable {
    public static final PgConvertletTable INSTANCE = new PgConvertletTable();

    /**
     * Calcite's standard conversion but for casts to numeric, and under {@code engine.microseconds} to timestamp and
     * timestamptz, which are this table's ({@code DmlPlanner}, {@code OnConflictPlanner}: Calcite folds a cast of a
     * constant to numeric at the target's scale, {@code '1.5'::numeric} to 2, and one of text to timestamp into a
     * literal of milliseconds; other casts stay Calcite's, which the datanodes evaluate), and json and jsonb
     * operators, which become the runtime calls the datanodes evaluate too ({@code JsonFunctions.pushableOp}).
     */
    public static final SqlRexConvertletTable CASTS = call -> {
        if (call.getOperator() instanceof io.tessera.sql.parser.QuantifiedLike.QuantifiedLikeOperator) {
            return QuantifiedArrays::convertLike; // the LIKEs an UPDATE's or DELETE's datanodes run
        }
        if (JsonFunctions.converts(call)) {
            return JsonFunctions::convert; // json operators, which the datanodes evaluate too (JsonFunctions.pushableOp)
        }
        if (io.tessera.sql.parser.ArrayOperators.is(call.getOperator())) {
            SqlRexConvertlet array = StandardConvertletTable.INSTANCE.get(call);
            return (cx, c) -> JsonFunctions.isJsonbContainment(cx, c) ? JsonFunctions.convert(cx, c)
                    : array.convertCall(cx, c);
        }
        SqlRexConvertlet standard = StandardConvertletTable.INSTANCE.get(call);
        if (call.getKind() != SqlKind.CAST || standard == null) {
            return standard;
        }
        SqlRexConvertlet pg = INSTANCE.get(call);
        return (cx, c) -> {
            RelDataType validated = cx.getValidator().getValidatedNodeTypeIfKnown(c);
            if (validated == null) {
                // a cast the validator added while coercing (ARRAY[1, NULL] in = ANY): Calcite's conversion
                return standard.convertCall(cx, c);
            }
            SqlTypeName to = validated.getSqlTypeName();
            boolean timestamp = to == SqlTypeName.TIMESTAMP || to == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
            return (to == SqlTypeName.DECIMAL || timestamp
                    ? pg : standard).convertCall(cx, c);
        };
    };

    private PgConvertletTable() {
    }

    @Override
    public SqlRexConvertlet get(SqlCall call) {
        return io.tessera.coordinator.sql.EnumValues.convertlet(call,
                JsonFunctions.textOfJsonb(call, pgConvertlet(call)));
    }

    private SqlRexConvertlet pgConvertlet(SqlCall call) {
        if (call.getOperator() == PgFunctionTable.PG_TYPEOF) {
            // the argument's type OID, a regtype constant
            return (cx, c) -> {
                // a cast to oid, name or "char", a catalog column of such a type, regproc, oidvector, ...
                int client = io.tessera.coordinator.sql.ClientTypes.typeofOid(cx.getValidator(), c);
                return io.tessera.coordinator.sql.RegtypeValues.literal(cx.getRexBuilder(), client != 0 ? client
                        : typeOid(cx.getValidator().getValidatedNodeType(c.operand(0)), c.operand(0)),
                        cx.getValidator().getValidatedNodeType(c));
            };
        }
        if (call.getOperator() == PgFunctionTable.PG_NULLIF) {
            return PgConvertletTable::nullif;
        }
        if (call.getOperator() == FormatFunction.FORMAT) {
            return FormatFunction::convert;
        }
        if (call.getOperator() == NullCounts.NUM_NULLS || call.getOperator() == NullCounts.NUM_NONNULLS) {
            return NullCounts::convert;
        }
        if (JsonFunctions.converts(call)) {
            return JsonFunctions::convert;
        }
        if (io.tessera.sql.parser.ArrayOperators.is(call.getOperator())) {
            return (cx, c) -> JsonFunctions.isJsonbContainment(cx, c) ? JsonFunctions.convert(cx, c)
                    : arrayOperator(cx, c);
        }
        if (call.getOperator() instanceof io.tessera.sql.parser.QuantifiedLike.QuantifiedLikeOperator) {
            return QuantifiedArrays::convertLike;
        }
        if (call.getOperator() == io.tessera.sql.parser.ArraySlice.OPERATOR) {
            return PgConvertletTable::arraySlice;
        }
        if (call.getKind() == SqlKind.LIKE
                && call.getOperator() instanceof org.apache.calcite.sql.fun.SqlLikeOperator like) {
            // straight to PgRexRewriter's like(): Calcite's simplification of a LIKE reads its pattern without
            // PostgreSQL's default escape (and fails on ESCAPE ''); NOT LIKE as NOT of a LIKE, as Calcite has it
            return (cx, c) -> {
                RexNode rex = PgRexRewriter.rewrite(cx.getRexBuilder(), cx.getRexBuilder().makeCall(
                        c.getParserPosition(), like.isNegated() ? like.not() : like,
                        c.getOperandList().stream().map(cx::convertExpression).toList()));
                return like.isNegated() ? cx.getRexBuilder().makeCall(c.getParserPosition(),
                        org.apache.calcite.sql.fun.SqlStdOperatorTable.NOT, rex) : rex;
            };
        }
        SqlRexConvertlet standard = StandardConvertletTable.INSTANCE.get(call);
        if (call.getKind() == SqlKind.AVG && call.operandCount() == 1 && standard != null) {
            return (cx, c) -> windowAvg(cx, c, standard);
        }
        if (STRICT_ARITHMETIC.contains(call.getKind()) && standard != null) {
            return (cx, c) -> floatPlusZero(cx.getRexBuilder(), strictNull(cx.getRexBuilder(), standard.convertCall(cx, c)));
        }
        if ((call.getKind() == SqlKind.GREATEST || call.getKind() == SqlKind.LEAST
                || call.getOperator().getName().equalsIgnoreCase("greatest")
                || call.getOperator().getName().equalsIgnoreCase("least")) && standard != null) {
            return (cx, c) -> {
                RexNode text = TextOrder.extreme(cx, c);
                return text != null ? text : standard.convertCall(cx, c);
            };
        }
        if (CHAR_COMPARISONS.contains(call.getKind()) && call.operandCount() == 2
                && call.getOperandList().stream().noneMatch(o -> o.getKind().belongsTo(SqlKind.QUERY))) {
            return (cx, c) -> charComparison(cx, c, standard);
        }
        if (call.getKind() != SqlKind.CAST || standard == null
                || (call.operand(0) instanceof SqlLiteral literal && literal.getValue() == null)) {
            return standard;
        }
        return (cx, c) -> {
            RexNode operand = cx.convertExpression(c.operand(0));
            if (!org.apache.calcite.rex.RexUtil.isConstant(operand)) {
                return standard.convertCall(cx, c); // not a constant: PgRexRewriter rewrites the cast after conversion
            }
            RelDataType type = cx.getValidator().getValidatedNodeTypeIfKnown(c);
            if (type == null) {
                // a cast the validator added while coercing (array['a', null] in unnest): Calcite's conversion
                return standard.convertCall(cx, c);
            }
            RexNode cast = cx.getRexBuilder().makeAbstractCast(c.getParserPosition(), type, operand, false);
            RexNode rewritten = PgRexRewriter.rewrite(cx.getRexBuilder(), cast);
            return rewritten instanceof RexCall rc && rc.getKind() == SqlKind.CAST ? standard.convertCall(cx, c) : rewritten;
        };
    }

    /**
     * {@code a[lower:upper]} ({@link io.tessera.sql.parser.ArraySlice}) as {@link PgRuntime#arraySlice}: the bounds
     * as integers (0 and a flag saying so for an omitted one); a NULL array is NULL.
     */
    private static RexNode arraySlice(org.apache.calcite.sql2rel.SqlRexContext cx, SqlCall c) {
        org.apache.calcite.rex.RexBuilder rb = cx.getRexBuilder();
        RelDataType type = cx.getValidator().getValidatedNodeType(c);
        RexNode array = cx.convertExpression(c.operand(0));
        if (array.getType().getSqlTypeName() == SqlTypeName.NULL) {
            return rb.makeNullLiteral(type);
        }
        RelDataType integer = rb.getTypeFactory().createTypeWithNullability(
                rb.getTypeFactory().createSqlType(SqlTypeName.INTEGER), true);
        java.util.List<RexNode> operands = new java.util.ArrayList<>(java.util.List.of(array));
        java.util.List<RexNode> given = new java.util.ArrayList<>();
        for (int i = 1; i < 3; i++) {
            boolean omitted = io.tessera.sql.parser.ArraySlice.isOmitted(c.operand(i));
            operands.add(omitted ? rb.makeZeroLiteral(integer)
                    : rb.makeCast(integer, cx.convertExpression(c.operand(i)), true, false));
            given.add(rb.makeLiteral(!omitted));
        }
        operands.addAll(given);
        return rb.makeCall(type, PgRexRewriter.function("arraySlice", 5), operands);
    }

    /**
     * {@code avg(x) OVER w} (only window aggregates come here: Calcite expands them into {@code sum(x) / count(x)}):
     * a real {@code x} is summed as double precision, as PostgreSQL's {@code float4_accum} does; Calcite summed it in
     * real and then divided ({@code avg} of 0.1 and 0.2 gave 0.15000000596046448).
     */
    private static RexNode windowAvg(org.apache.calcite.sql2rel.SqlRexContext cx, SqlCall c, SqlRexConvertlet standard) {
        RelDataType argType = cx.getValidator().getValidatedNodeType(c.operand(0));
        if (argType.getSqlTypeName() != SqlTypeName.REAL) {
            return standard.convertCall(cx, c);
        }
        org.apache.calcite.rex.RexBuilder rex = cx.getRexBuilder();
        org.apache.calcite.rel.type.RelDataTypeFactory types = rex.getTypeFactory();
        RelDataType dbl = types.createTypeWithNullability(types.createSqlType(SqlTypeName.DOUBLE), true);
        RexNode x = rex.makeCast(types.createTypeWithNullability(dbl, argType.isNullable()),
                cx.convertExpression(c.operand(0)));
        RexNode sum = rex.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.SUM, x);
        RexNode count = rex.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.COUNT, x);
        RexNode avg = rex.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.DIVIDE,
                rex.makeCast(dbl, sum), rex.makeCast(dbl, count));
        return rex.ensureType(cx.getValidator().getValidatedNodeType(c), avg, true);
    }

    private static final java.util.Set<SqlKind> CHAR_COMPARISONS = java.util.EnumSet.of(SqlKind.EQUALS,
            SqlKind.NOT_EQUALS, SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN,
            SqlKind.GREATER_THAN_OR_EQUAL);

    /**
     * A comparison of a char(n) value with a string, without the casts to a common varchar type that Calcite's
     * conversion adds (a cast of char(n) to varchar drops the padding, of a literal keeps its blanks: PostgreSQL's
     * bpchareq would be lost): {@link PgRexRewriter} applies PostgreSQL's resolution to the operands as they are.
     */
    private static RexNode charComparison(org.apache.calcite.sql2rel.SqlRexContext cx, SqlCall c,
            SqlRexConvertlet standard) {
        RexNode a = cx.convertExpression(c.operand(0));
        RexNode b = cx.convertExpression(c.operand(1));
        boolean strings = SqlTypeName.CHAR_TYPES.contains(a.getType().getSqlTypeName())
                && SqlTypeName.CHAR_TYPES.contains(b.getType().getSqlTypeName());
        if (strings && (PgRexRewriter.isBpchar(a) || PgRexRewriter.isBpchar(b))) {
            return cx.getRexBuilder().makeCall(c.getParserPosition(), c.getOperator(), java.util.List.of(a, b));
        }
        RexNode converted = standard != null ? standard.convertCall(cx, c)
                : StandardConvertletTable.INSTANCE.convertCall(cx, c);
        return TextOrder.early(cx.getRexBuilder(), converted);
    }

    /** The arithmetic operators that are strict in PostgreSQL (a NULL operand gives NULL, never an error). */
    private static final java.util.Set<SqlKind> STRICT_ARITHMETIC = java.util.EnumSet.of(SqlKind.PLUS, SqlKind.MINUS,
            SqlKind.TIMES, SqlKind.DIVIDE, SqlKind.MOD, SqlKind.MINUS_PREFIX, SqlKind.PLUS_PREFIX,
            SqlKind.CHECKED_PLUS, SqlKind.CHECKED_MINUS, SqlKind.CHECKED_TIMES, SqlKind.CHECKED_DIVIDE,
            SqlKind.CHECKED_MINUS_PREFIX);

    /**
     * Arithmetic with a NULL literal operand is the NULL literal of its type at once: PostgreSQL's arithmetic
     * operators are strict, so {@code 43 / -CAST(NULL AS int)} is NULL (no division error). Folding it here matters
     * beyond speed: Calcite's monotonicity analysis (run while building every Project) takes a constant operand of
     * {@code *} or {@code /} for a literal and throws an AssertionError for a call such as {@code /(43, null)}.
     */
    private static RexNode strictNull(org.apache.calcite.rex.RexBuilder rex, RexNode converted) {
        if (converted instanceof RexCall call && STRICT_ARITHMETIC.contains(call.getKind())
                && call.getOperands().stream().anyMatch(org.apache.calcite.rex.RexLiteral::isNullLiteral)) {
            return rex.makeNullLiteral(call.getType());
        }
        return converted;
    }

    /**
     * A float {@code x + 0} or {@code 0 + x} straight to {@link PgRexRewriter}'s {@code float8Plus}/{@code float4Plus}:
     * Calcite's simplification takes the zero for the neutral element and drops it, which is not so for floats
     * ({@code -0 + 0} is 0 in IEEE arithmetic and in PostgreSQL). {@code x - 0}, {@code x * 1} and {@code x / 1},
     * which Calcite drops as well, are x in IEEE arithmetic too, and stay.
     */
    private static RexNode floatPlusZero(org.apache.calcite.rex.RexBuilder rex, RexNode converted) {
        if (converted instanceof RexCall call && (call.getKind() == SqlKind.PLUS || call.getKind() == SqlKind.CHECKED_PLUS)
                && (call.getType().getSqlTypeName() == SqlTypeName.DOUBLE
                        || call.getType().getSqlTypeName() == SqlTypeName.REAL)
                && call.getOperands().stream().anyMatch(PgConvertletTable::isZero)) {
            return PgRexRewriter.rewrite(rex, converted);
        }
        return converted;
    }

    /** Whether {@code e} is a zero literal, or a cast of one. */
    private static boolean isZero(RexNode e) {
        while (e.getKind() == SqlKind.CAST) {
            e = ((RexCall) e).getOperands().get(0);
        }
        return e instanceof org.apache.calcite.rex.RexLiteral literal
                && literal.getValue() instanceof java.math.BigDecimal d && d.signum() == 0;
    }

    /**
     * {@code a @> b}, {@code a <@ b}, {@code a && b}: calls of {@link PgFunctionTable#ARRAY_CONTAINS} (b and a
     * swapped for {@code <@}) and {@link PgFunctionTable#ARRAY_OVERLAPS}, which the coordinator evaluates.
     */
    private static RexNode arrayOperator(org.apache.calcite.sql2rel.SqlRexContext cx, SqlCall call) {
        RexNode a = cx.convertExpression(call.operand(0));
        RexNode b = cx.convertExpression(call.operand(1));
        if (io.tessera.sql.parser.ArrayOperators.isStringLiteral(call.operand(1)) && a.getType().getComponentType() != null) {
            b = cx.getRexBuilder().makeCast(cx.getTypeFactory().createTypeWithNullability(a.getType(), true), b);
        } else if (io.tessera.sql.parser.ArrayOperators.isStringLiteral(call.operand(0))
                && b.getType().getComponentType() != null) {
            a = cx.getRexBuilder().makeCast(cx.getTypeFactory().createTypeWithNullability(b.getType(), true), a);
        }
        RelDataType type = cx.getValidator().getValidatedNodeType(call);
        org.apache.calcite.sql.SqlOperator op = call.getOperator();
        if (op == io.tessera.sql.parser.ArrayOperators.OVERLAPS) {
            return cx.getRexBuilder().makeCall(type, PgFunctionTable.ARRAY_OVERLAPS, java.util.List.of(a, b));
        }
        boolean containedBy = op == io.tessera.sql.parser.ArrayOperators.CONTAINED_BY;
        return cx.getRexBuilder().makeCall(type, PgFunctionTable.ARRAY_CONTAINS,
                containedBy ? java.util.List.of(b, a) : java.util.List.of(a, b));
    }

    /** {@code nullif(a, b)}: {@code CASE WHEN a = b THEN NULL ELSE CAST(a AS type) END}, the type PG_NULLIF's. */
    private static RexNode nullif(org.apache.calcite.sql2rel.SqlRexContext cx, SqlCall call) {
        org.apache.calcite.rex.RexBuilder rex = cx.getRexBuilder();
        RelDataType type = cx.getValidator().getValidatedNodeType(call);
        if (io.tessera.coordinator.sql.RegtypeValues.is(type)) {
            // PostgreSQL's nullif of regtypes compares them as oid and returns that oid, not a regtype
            throw new io.tessera.common.error.TesseraException(io.tessera.common.error.SqlState.FEATURE_NOT_SUPPORTED,
                    "nullif of a regtype is not supported; cast it to oid");
        }
        RexNode a = cx.convertExpression(call.operand(0));
        RexNode b = cx.convertExpression(call.operand(1));
        RelDataType compared = io.tessera.coordinator.sql.PgTypeCoercion.comparisonType(cx.getTypeFactory(), a.getType(),
                b.getType());
        RexNode equal = compared == null
                ? rex.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS, a, b)
                : rex.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS,
                        rex.makeCast(cx.getTypeFactory().createTypeWithNullability(compared, a.getType().isNullable()), a),
                        rex.makeCast(cx.getTypeFactory().createTypeWithNullability(compared, b.getType().isNullable()), b));
        return rex.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.CASE, equal, rex.makeNullLiteral(type),
                rex.makeCast(type, a, true, false));
    }

    /**
     * The OID of the type PostgreSQL's {@code pg_typeof} gives {@code arg}: {@code unknown} (705) for NULL, an enum
     * type's own OID, regtype's for a regtype (string expressions have theirs from {@code StringTyping}).
     */
    private static int typeOid(RelDataType type, org.apache.calcite.sql.SqlNode arg) {
        if (io.tessera.coordinator.sql.RegtypeValues.is(type)) {
            return io.tessera.coordinator.sql.RegtypeValues.kind(type).oid;
        }
        RelDataType element = type.getComponentType();
        while (element != null && element.getComponentType() != null) {
            element = element.getComponentType(); // a multi-dimensional array has its elements' array type
        }
        if (element != null && io.tessera.coordinator.sql.EnumValues.of(element) == null
                && ARRAY_ELEMENTS.contains(element.getSqlTypeName())) {
            // text[] for strings (literals are text), character varying[] for varchar(n)
            return SqlTypeName.CHAR_TYPES.contains(element.getSqlTypeName())
                    ? element.getSqlTypeName() == SqlTypeName.VARCHAR && element.getPrecision() > 0 ? 1015 : 1009
                    : io.tessera.coordinator.sql.TypeMapping.arrayOid(element.getSqlTypeName());
        }
        if (arg instanceof SqlLiteral literal && literal.getValue() == null) {
            return UNKNOWN; // string expressions: StringTyping, through ClientTypes.typeofOid
        }
        io.tessera.coordinator.catalog.EnumTypeDef enumType = io.tessera.coordinator.sql.EnumValues.of(type);
        if (enumType != null) {
            return enumType.oid();
        }
        return io.tessera.coordinator.sql.TypeMapping.toPgType(type).oid();
    }

    /** The element types of the arrays whose type {@code pg_typeof} names. */
    private static final java.util.Set<SqlTypeName> ARRAY_ELEMENTS = java.util.EnumSet.of(SqlTypeName.BOOLEAN,
            SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.DOUBLE, SqlTypeName.REAL,
            SqlTypeName.DECIMAL, SqlTypeName.DATE, SqlTypeName.TIMESTAMP,
            SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, SqlTypeName.CHAR, SqlTypeName.VARCHAR);

    /** pg_type's oid of {@code unknown}, the type of a string literal that nothing has typed yet. */
    private static final int UNKNOWN = 705;
}

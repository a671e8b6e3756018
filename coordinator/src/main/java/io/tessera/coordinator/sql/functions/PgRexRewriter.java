package io.tessera.coordinator.sql.functions;

import io.tessera.coordinator.sql.PgTypeSystem;
import io.tessera.protocol.expr.Op;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Replaces the arithmetic and casts whose Calcite runtime differs from PostgreSQL by calls of {@link PgRuntime}, in
 * every expression of a plan. Types do not change; only the code that computes a value does.
 *
 * <pre>
 *   int4 + int4, -, *, /, %, unary -   → int4Plus(a, b) ...      (22003 on overflow, 22012 on zero divisor)
 *   numeric / numeric, numeric % ...   → numericDivide(a, b)     (PostgreSQL's select_div_scale)
 *   float8 / float8, %                 → float8Divide(a, b)      (22012 on zero divisor)
 *   CAST(x AS numeric)                 → numeric(x)              (keeps x's scale: numeric has no fixed scale)
 *   CAST(x AS numeric(p, s))           → numericTypmod(x, p, s)  (half away from zero; 22003 "numeric field overflow")
 *   CAST(x AS int2|int4|int8)          → int4(x) ...             (numeric half away from zero, float to even, 22003)
 *   CAST(text AS int4|numeric|float8|bool|date|timestamp|...) → int4FromText(x) ... (blanks trimmed; 22P02, 22007, 22008)
 * </pre>
 *
 * <p>An unconstrained numeric is Calcite's {@code DECIMAL(1000, s)} (see {@code TypeMapping}): its values keep their
 * own scale, and a cast to it never rescales. It runs twice: on the logical plan right after SqlToRel (so constant
 * reduction folds PostgreSQL's values, not Calcite's), and on the physical plan (for the division and casts Calcite's
 * rules add, such as avg's {@code sum / count}). {@link #pushableOp} tells the datanode translation which calls
 * mean a plain operator of the fragment format, whose evaluator has the same semantics.
 */
public final class PgRexRewriter extends RexShuttle {
    /** Calcite's precision for an unconstrained numeric. */
    public static final int UNCONSTRAINED = 1000;

    private static final Map<String, SqlUserDefinedFunction> FUNCTIONS = new HashMap<>();
    /** The aggregates whose float4 argument PostgreSQL accumulates in float8 ({@code float4_accum}). */
    private static final java.util.Set<SqlKind> FLOAT8_ACCUMULATED = java.util.Set.of(SqlKind.AVG,
            SqlKind.STDDEV_POP, SqlKind.STDDEV_SAMP, SqlKind.VAR_POP, SqlKind.VAR_SAMP);
    private static final Map<SqlOperator, Op> PUSHABLE = new HashMap<>();

    private final RexBuilder rexBuilder;
    /** Whether this is the pass over the physical plan, whose remaining float {@code *} are Calcite's own. */
    private final boolean planned;

    private PgRexRewriter(RexBuilder rexBuilder, boolean planned) {
        this.rexBuilder = rexBuilder;
        this.planned = planned;
    }

    /** Rewrites every expression of {@code rel} (the logical plan of a statement) and its inputs. */
    public static RelNode rewrite(RelNode rel) {
        return rewrite(rel, new PgRexRewriter(rel.getCluster().getRexBuilder(), false));
    }

    /**
     * Rewrites every expression of the physical plan {@code rel} and its inputs: those Calcite's rules added, the
     * statement's own being rewritten already. Its float {@code *} (the squares of {@code stddev} and
     * {@code variance}) keep their overflow error but do not underflow, as PostgreSQL's {@code float8_accum}.
     */
    public static RelNode rewritePlanned(RelNode rel) {
        return rewrite(rel, new PgRexRewriter(rel.getCluster().getRexBuilder(), true));
    }

    /** Rewrites one expression. */
    public static RexNode rewrite(RexBuilder rexBuilder, RexNode rex) {
        return rex.accept(new PgRexRewriter(rexBuilder, false));
    }

    private static RelNode rewrite(RelNode rel, PgRexRewriter shuttle) {
        List<RelNode> inputs = rel.getInputs();
        List<RelNode> rewritten = new ArrayList<>(inputs.size());
        boolean changed = false;
        for (RelNode input : inputs) {
            RelNode r = rewrite(input, shuttle);
            changed |= r != input;
            rewritten.add(r);
        }
        RelNode out = changed ? rel.copy(rel.getTraitSet(), rewritten) : rel;
        if (out instanceof org.apache.calcite.rel.core.Aggregate agg) {
            out = sumsOfBigintAsNumeric(ArrayAgg.keepNulls(agg), shuttle.rexBuilder);
            if (shuttle.planned && out instanceof org.apache.calcite.rel.core.Aggregate a) {
                out = FloatSums.apply(a); // the coordinator's float sums overflow as PostgreSQL's
                if (out instanceof org.apache.calcite.rel.core.Aggregate b) {
                    out = FloatExtremes.apply(b); // and its float min and max order NaN as PostgreSQL's
                }
                if (out instanceof org.apache.calcite.rel.core.Aggregate b) {
                    out = TextOrder.extremes(b); // and its text min and max compare code points
                }
                if (out instanceof org.apache.calcite.rel.core.Aggregate b) {
                    out = TextOrder.orderedKeys(b); // and its ordered calls sort text by code point
                }
            }
        }
        if (out instanceof org.apache.calcite.rel.logical.LogicalSort sort) {
            out = uuidSortKeysAsText(sort, shuttle.rexBuilder);
        }
        if (out instanceof org.apache.calcite.rel.core.Calc calc) {
            // a Calc's expressions refer to each other (RexLocalRef): rewrite them whole, so that a literal operand
            // is seen as the literal it is
            org.apache.calcite.rex.RexProgram p = calc.getProgram();
            List<RexNode> projects = new ArrayList<>();
            for (org.apache.calcite.rex.RexLocalRef r : p.getProjectList()) {
                projects.add(p.expandLocalRef(r).accept(shuttle));
            }
            RexNode condition = p.getCondition() == null ? null : p.expandLocalRef(p.getCondition()).accept(shuttle);
            return calc.copy(calc.getTraitSet(), calc.getInput(), org.apache.calcite.rex.RexProgram.create(
                    p.getInputRowType(), projects, condition, p.getOutputRowType(), shuttle.rexBuilder));
        }
        return out.accept(shuttle);
    }

    /**
     * The collation the planner must deliver for a query whose ORDER BY is {@code collation}: none when it sorts by
     * a uuid, whose order the rewritten plan already produces with a sort on its text form
     * ({@link #uuidSortKeysAsText}); Calcite would otherwise add a sort by the uuid itself on top.
     */
    public static org.apache.calcite.rel.RelCollation rootCollation(org.apache.calcite.rel.RelCollation collation,
            RelNode rel) {
        for (org.apache.calcite.rel.RelFieldCollation k : collation.getFieldCollations()) {
            if (rel.getRowType().getFieldList().get(k.getFieldIndex()).getType().getSqlTypeName() == SqlTypeName.UUID) {
                return org.apache.calcite.rel.RelCollations.EMPTY;
            }
        }
        return collation;
    }

    /**
     * ORDER BY a uuid sorts by its text form: Calcite's sort compares with {@link java.util.UUID#compareTo}, which is
     * signed, where PostgreSQL compares the bytes unsigned; the lowercase fixed-width hex form orders exactly as the
     * bytes do. {@code Sort(keys u)} becomes {@code Project(original fields, Sort(keys uuidText(u), Project(fields,
     * uuidText(u))))}.
     */
    private static RelNode uuidSortKeysAsText(org.apache.calcite.rel.logical.LogicalSort sort, RexBuilder rexBuilder) {
        RelNode input = sort.getInput();
        List<org.apache.calcite.rel.type.RelDataTypeField> fields = input.getRowType().getFieldList();
        List<org.apache.calcite.rel.RelFieldCollation> keys = sort.getCollation().getFieldCollations();
        boolean any = false;
        for (org.apache.calcite.rel.RelFieldCollation k : keys) {
            any |= fields.get(k.getFieldIndex()).getType().getSqlTypeName() == SqlTypeName.UUID;
        }
        if (!any) {
            return sort;
        }
        List<RexNode> projects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            projects.add(rexBuilder.makeInputRef(input, i));
            names.add(fields.get(i).getName());
        }
        List<org.apache.calcite.rel.RelFieldCollation> newKeys = new ArrayList<>();
        for (org.apache.calcite.rel.RelFieldCollation k : keys) {
            org.apache.calcite.rel.type.RelDataType type = fields.get(k.getFieldIndex()).getType();
            if (type.getSqlTypeName() != SqlTypeName.UUID) {
                newKeys.add(k);
                continue;
            }
            org.apache.calcite.rel.type.RelDataType text = rexBuilder.getTypeFactory().createTypeWithNullability(
                    rexBuilder.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), type.isNullable());
            projects.add(rexBuilder.makeCall(text, function("uuidText", 1),
                    List.of(rexBuilder.makeInputRef(input, k.getFieldIndex()))));
            names.add("uuid_sort_key" + projects.size());
            newKeys.add(k.withFieldIndex(projects.size() - 1));
        }
        RelNode widened = org.apache.calcite.rel.logical.LogicalProject.create(input, List.of(), projects, names,
                java.util.Set.of());
        RelNode sorted = org.apache.calcite.rel.logical.LogicalSort.create(widened,
                org.apache.calcite.rel.RelCollations.of(newKeys), sort.offset, sort.fetch);
        List<RexNode> back = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            back.add(rexBuilder.makeInputRef(sorted, i));
        }
        return org.apache.calcite.rel.logical.LogicalProject.create(sorted, List.of(), back,
                sort.getRowType().getFieldNames(), java.util.Set.of());
    }

    /**
     * PostgreSQL's {@code sum(int8)} is numeric ({@code PgTypeSystem}); Calcite's enumerable SUM cannot add longs into
     * a BigDecimal, so the argument is cast to numeric below the aggregate. Likewise float4 arguments of the
     * aggregates that accumulate in float8 ({@link #accumulatorType}).
     */
    private static RelNode sumsOfBigintAsNumeric(org.apache.calcite.rel.core.Aggregate agg, RexBuilder rexBuilder) {
        RelNode input = agg.getInput();
        List<RexNode> projects = new ArrayList<>();
        for (int i = 0; i < input.getRowType().getFieldCount(); i++) {
            projects.add(rexBuilder.makeInputRef(input, i));
        }
        List<org.apache.calcite.rel.core.AggregateCall> calls = new ArrayList<>();
        boolean changed = false;
        for (org.apache.calcite.rel.core.AggregateCall call : agg.getAggCallList()) {
            SqlKind kind = call.getAggregation().getKind();
            RelDataType accumulated = call.getArgList().size() != 1 ? null : accumulatorType(rexBuilder, kind,
                    call.getType(), input.getRowType().getFieldList().get(call.getArgList().get(0)).getType());
            if (accumulated != null) {
                RexNode arg = rexBuilder.makeInputRef(input, call.getArgList().get(0));
                projects.add(rexBuilder.makeCast(accumulated, arg));
                calls.add(call.copy(List.of(projects.size() - 1), call.filterArg, call.distinctKeys, call.collation));
                changed = true;
            } else {
                calls.add(call);
            }
        }
        if (!changed) {
            return agg;
        }
        // avg(int8) becomes sum / count inside the planner: the physical plan gets the same cast, as a Calc
        RelNode project = agg instanceof org.apache.calcite.adapter.enumerable.EnumerableAggregate
                ? org.apache.calcite.adapter.enumerable.EnumerableCalc.create(input,
                        org.apache.calcite.rex.RexProgram.create(input.getRowType(), projects, null,
                                (List<String>) null, rexBuilder))
                : org.apache.calcite.rel.logical.LogicalProject.create(input, List.of(), projects,
                        (List<String>) null, com.google.common.collect.ImmutableSet.of());
        return agg.copy(agg.getTraitSet(), project, agg.getGroupSet(), agg.getGroupSets(), calls);
    }

    /**
     * The type an aggregate's single argument is cast to so that it accumulates as PostgreSQL's does, or null to
     * keep it: {@code sum(int8)} is numeric; {@code avg}, {@code stddev*} and {@code var*} of a float4 accumulate
     * in float8 ({@code float4_accum}), so {@code avg} of float4 values near its maximum does not overflow (22003)
     * where PostgreSQL's result is finite.
     */
    private static RelDataType accumulatorType(RexBuilder rexBuilder, SqlKind kind, RelDataType result,
            RelDataType arg) {
        SqlTypeName argType = arg.getSqlTypeName();
        if ((kind == SqlKind.SUM || kind == SqlKind.SUM0) && result.getSqlTypeName() == SqlTypeName.DECIMAL
                && argType == SqlTypeName.BIGINT) {
            return rexBuilder.getTypeFactory().createTypeWithNullability(rexBuilder.getTypeFactory()
                    .createSqlType(SqlTypeName.DECIMAL, UNCONSTRAINED, 0), arg.isNullable());
        }
        if (FLOAT8_ACCUMULATED.contains(kind) && argType == SqlTypeName.REAL
                && result.getSqlTypeName() == SqlTypeName.DOUBLE) {
            return rexBuilder.getTypeFactory().createTypeWithNullability(rexBuilder.getTypeFactory()
                    .createSqlType(SqlTypeName.DOUBLE), arg.isNullable());
        }
        return null;
    }

    /** A window {@code sum(int8)} is numeric too: its argument is cast to numeric. */
    @Override
    public RexNode visitOver(org.apache.calcite.rex.RexOver over) {
        RexNode visited = super.visitOver(over);
        if (!(visited instanceof org.apache.calcite.rex.RexOver o)) {
            return visited;
        }
        SqlKind kind = o.getAggOperator().getKind();
        RelDataType accumulated = o.getOperands().size() != 1 ? null
                : accumulatorType(rexBuilder, kind, o.getType(), o.getOperands().get(0).getType());
        if (accumulated != null) {
            RexNode arg = o.getOperands().get(0);
            org.apache.calcite.rex.RexWindow w = o.getWindow();
            return rexBuilder.makeOver(o.getType(), o.getAggOperator(), List.of(rexBuilder.makeCast(accumulated, arg)),
                    w.partitionKeys, w.orderKeys, w.getLowerBound(), w.getUpperBound(), w.getExclude(), w.isRows(),
                    true, false, o.isDistinct(), o.ignoreNulls());
        }
        return o;
    }

    /**
     * Whether {@code call} is the {@code rtrim} this rewriter puts around {@code char(n)} operands (their padding is
     * no data in comparisons, length() and ||): a datanode evaluates it as a cast of the {@code bpchar} value to
     * text, which drops the same trailing blanks ({@code Casts}).
     */
    public static boolean isBpcharTrim(RexCall call) {
        return call.getOperator() == function("rtrim", 1);
    }

    /**
     * Whether {@code call} is a timestamp plus or minus a SQL standard interval as {@link #timestampPlusSqlInterval}
     * made it: {@code (timestamp, interval, sign)}, sign a literal 1 or -1.
     */
    public static boolean isTimestampPlusSqlInterval(RexCall call) {
        return call.getOperator() == function("timestampPlusMillisMicros", 3)
                || call.getOperator() == function("timestampPlusMonthsMicros", 3);
    }

    /**
     * Whether {@code call} is this rewriter's cast of a number or text to {@code numeric(p, s)}
     * ({@code numericTypmod(x, p, s)}, {@code numericTypmodFromText(x, p, s)}): a datanode evaluates it as a cast of
     * {@code x} to the call's type with that typmod, which rounds and checks the same way ({@code Casts}).
     */
    public static boolean isNumericTypmod(RexCall call) {
        return call.getOperator() == function("numericTypmod", 3)
                || call.getOperator() == function("numericTypmodFromText", 3);
    }

    /**
     * The fragment operator a {@link PgRuntime} call stands for when a datanode may evaluate it instead
     * ({@code ExprCompiler} implements the same semantics), or null.
     */
    public static Op pushableOp(RexCall call) {
        Op op = PUSHABLE.get(call.getOperator());
        if (op == null && io.tessera.sql.parser.BitOperators.isBitwise(call.getOperator())) {
            op = bitwiseOp(call.getOperator()); // a DML's expressions, translated before any rewrite
        }
        return op != null ? op : IntervalFunctions.pushableOp(call);
    }

    @Override
    public RexNode visitCall(RexCall call) {
        if (call.getOperator() == function("dow", 1) || call.getOperator() == function("bcYear", 1)
                || call.getOperator() == function("arrayMatchingDims", 1)) {
            return call; // rewritten already (the rewrite runs on the logical and on the physical plan)
        }
        if (call.getKind() == SqlKind.SEARCH && (isBpchar(call.getOperands().get(0))
                || planned && TextOrder.rangeOfText(call))) {
            // an IN list or range over char(n) values: as the comparisons it stands for, each with char(n) semantics
            return RexUtil.expandSearch(rexBuilder, null, call).accept(this);
        }
        if (call.getOperator() == io.tessera.sql.parser.BitOperators.STARTS_WITH) {
            // s ^@ prefix is starts_with(s, prefix)
            return rexBuilder.makeCall(call.getParserPosition(), call.getType(),
                    org.apache.calcite.sql.fun.SqlLibraryOperators.STARTS_WITH, call.getOperands()).accept(this);
        }
        RexNode subscript = ArraySubscripts.rewrite(rexBuilder, call, this);
        if (subscript != null) {
            return subscript;
        }
        RexNode quantified = QuantifiedArrays.rewrite(rexBuilder, call);
        if (quantified != null) {
            return quantified.accept(this);
        }
        RexCall c = (RexCall) super.visitCall(call);
        RexNode javaTypeComparison = IntervalFunctions.javaTypeComparison(rexBuilder, c); // greatest(interval, ...)
        if (javaTypeComparison != null) {
            return javaTypeComparison;
        }
        RelDataType type = c.getType();
        if (c.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR && type.getComponentType() != null
                && type.getComponentType().getComponentType() != null) {
            // ARRAY[[1,2],[3]]: 2202E unless the sub-arrays' dimensions match
            return rexBuilder.makeCall(c.getParserPosition(), type, function("arrayMatchingDims", 1), List.of(c));
        }
        if (c.getOperator() == SqlStdOperatorTable.CARDINALITY && c.getOperands().get(0).getType().getComponentType() != null) {
            // every element of a multi-dimensional array, not its rows (also of one read from text, typed int[])
            return rexBuilder.makeCall(c.getParserPosition(), type, function("arrayCardinality", 1), c.getOperands());
        }
        SqlTypeName t = type.getSqlTypeName();
        List<RexNode> operands = c.getOperands();
        if (io.tessera.sql.parser.BitOperators.isBitwise(c.getOperator())) {
            return bitwise(c);
        }
        if (operands.size() == 1 && io.tessera.sql.parser.ddl.BitStringType.is(operands.get(0).getType())) {
            // octet_length and bit_length of a bit string: its packed bytes and its bits, not its digits' UTF-8
            String name = c.getOperator().getName().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("octet_length") || name.equals("bit_length")) {
                return call(c, name.equals("bit_length") ? "bitBitLength" : "bitOctetLength", null, operands);
            }
        }
        String math = MathFunctions.runtimeMethod(c);
        if (math != null) {
            return math(c, math);
        }
        if (charSemantics(c)) {
            List<RexNode> trimmed = new ArrayList<>(operands.size());
            if (c.getKind().belongsTo(SqlKind.COMPARISON)) {
                // PostgreSQL's operator resolution: bpchar against text is texteq (text is the preferred type), the
                // char(n) side losing its padding and the text side keeping its blanks; against bpchar, an unknown
                // literal, a parameter or varchar(n) it is bpchareq, both sides without their trailing blanks
                boolean asText = operands.stream().anyMatch(PgRexRewriter::isText);
                for (RexNode o : operands) {
                    trimmed.add(asText && !isBpchar(o) ? o : padless(c, o));
                }
            } else {
                // || and length() keep a literal's blanks
                for (RexNode o : operands) {
                    trimmed.add(isBpchar(o)
                            ? rexBuilder.makeCall(c.getParserPosition(), o.getType(), function("rtrim", 1), List.of(o))
                            : o);
                }
            }
            c = c.clone(type, trimmed);
            operands = trimmed;
        }
        String name = c.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
        if ((name.equals("LENGTH") || name.equals("CHAR_LENGTH")) && operands.size() == 1) {
            RexNode o = operands.get(0);
            if (o instanceof RexCall cast && (cast.getKind() == SqlKind.CAST
                    || cast.getOperator() == function("byteaText", 1))
                    && cast.getOperands().get(0).getType().getSqlTypeName() == SqlTypeName.VARBINARY) {
                o = cast.getOperands().get(0); // the validator's implicit cast of bytea to text
            }
            if (o.getType().getSqlTypeName() == SqlTypeName.VARBINARY) {
                return call(c, "octetLength", null, List.of(o)); // length(bytea) counts bytes
            }
        }
        if ((name.equals("GREATEST") || name.equals("LEAST")) && TextOrder.plainText(type) && operands.size() > 1) {
            // greatest/least of text by code point, NULLs skipped (Calcite's compares UTF-16 units)
            RexNode folded = operands.get(0);
            for (RexNode o : operands.subList(1, operands.size())) {
                folded = call(c, name.equals("GREATEST") ? "textGreatest" : "textLeast", null, List.of(folded, o));
            }
            return folded;
        }
        if (TextOrder.rewrites(c, planned)) {
            // Calcite's runtime and its constant folding compare strings in UTF-16 order (String.compareTo);
            // PostgreSQL's C.UTF-8 compares code points, which differ for characters past U+FFFF
            switch (c.getKind()) {
                case LESS_THAN: return call(c, "textLt", Op.LT, operands);
                case LESS_THAN_OR_EQUAL: return call(c, "textLe", Op.LE, operands);
                case GREATER_THAN: return call(c, "textGt", Op.GT, operands);
                case GREATER_THAN_OR_EQUAL: return call(c, "textGe", Op.GE, operands);
                default: break;
            }
        }
        if (c.getKind().belongsTo(SqlKind.COMPARISON) && operands.size() == 2
                && operands.get(0).getType().getSqlTypeName() == SqlTypeName.UUID
                && operands.get(1).getType().getSqlTypeName() == SqlTypeName.UUID) {
            // Calcite's runtime would use UUID.compareTo, which is signed; PostgreSQL orders uuids bytewise
            switch (c.getKind()) {
                case LESS_THAN: return call(c, "uuidLt", Op.LT, operands);
                case LESS_THAN_OR_EQUAL: return call(c, "uuidLe", Op.LE, operands);
                case GREATER_THAN: return call(c, "uuidGt", Op.GT, operands);
                case GREATER_THAN_OR_EQUAL: return call(c, "uuidGe", Op.GE, operands);
                case EQUALS: return call(c, "uuidEq", Op.EQ, operands);
                case NOT_EQUALS: return call(c, "uuidNe", Op.NE, operands);
                default: break;
            }
        }
        if (c.getKind().belongsTo(SqlKind.COMPARISON) && operands.size() == 2
                && SqlTypeName.APPROX_TYPES.contains(operands.get(0).getType().getSqlTypeName())
                && SqlTypeName.APPROX_TYPES.contains(operands.get(1).getType().getSqlTypeName())) {
            // Calcite's runtime compares doubles with < and ==, where PostgreSQL's NaN equals NaN and is above
            // every number (the datanodes' Values.compareDoubles)
            switch (c.getKind()) {
                case LESS_THAN: return call(c, "float8Lt", Op.LT, operands);
                case LESS_THAN_OR_EQUAL: return call(c, "float8Le", Op.LE, operands);
                case GREATER_THAN: return call(c, "float8Gt", Op.GT, operands);
                case GREATER_THAN_OR_EQUAL: return call(c, "float8Ge", Op.GE, operands);
                case EQUALS: return call(c, "float8Eq", Op.EQ, operands);
                case NOT_EQUALS: return call(c, "float8Ne", Op.NE, operands);
                default: break;
            }
        }
        RexNode dates = dateComparison(c);
        if (dates != null) {
            return dates;
        }
        RexNode sum = timestampPlusSqlInterval(c);
        if (sum != null) {
            return sum;
        }
        RexNode string = likeOrOverlay(c);
        if (string != null) {
            return string;
        }
        switch (c.getKind()) {
            case PLUS, CHECKED_PLUS:
                return floats(c, "Plus", Op.PLUS) != null ? floats(c, "Plus", Op.PLUS) : integer(c, "Plus", Op.PLUS);
            case MINUS, CHECKED_MINUS:
                return floats(c, "Minus", Op.MINUS) != null ? floats(c, "Minus", Op.MINUS)
                        : integer(c, "Minus", Op.MINUS);
            case TIMES, CHECKED_TIMES: {
                // the user's float * underflows as float8mul, the physical plan's (variance's squares) does not
                RexNode product = planned ? floats(c, "Product", Op.TIMES) : floats(c, "Times", Op.FLOAT_TIMES);
                return product != null ? product : integer(c, "Times", Op.TIMES);
            }
            case MINUS_PREFIX, CHECKED_MINUS_PREFIX:
                return integer(c, "Negate", Op.NEGATE);
            case DIVIDE, CHECKED_DIVIDE:
                if (t == SqlTypeName.DECIMAL) {
                    return call(c, "numericDivide", Op.DIVIDE, operands);
                }
                if (floats(c, "Divide", Op.DIVIDE) != null) {
                    return floats(c, "Divide", Op.DIVIDE);
                }
                if (t == SqlTypeName.DOUBLE) {
                    return call(c, "float8Divide", Op.DIVIDE, operands);
                }
                return integer(c, "Divide", Op.DIVIDE);
            case MOD:
                if (t == SqlTypeName.DECIMAL) {
                    return call(c, "numericMod", Op.MOD, operands);
                }
                if (t == SqlTypeName.DOUBLE) {
                    return call(c, "float8Mod", Op.MOD, operands);
                }
                return integerMod(c);
            case CAST:
                return cast(c);
            case EXTRACT:
                if (isTimestamp(c.getOperands().get(1))
                        && MICROS_FIELDS.contains(timeUnit(c))) {
                    // Calcite's EXTRACT counts milliseconds: the field of a timestamp in microseconds, then
                    // PostgreSQL's Sunday and BC years as below
                    RexNode field = call(c, "extractFieldMicros", null, c.getOperands());
                    return switch (timeUnit(c)) {
                        case DOW -> call(c, "dow", null, List.of(field));
                        case YEAR -> call(c, "bcYear", null, List.of(field));
                        default -> field;
                    };
                }
                if (timeUnit(c) == org.apache.calcite.avatica.util.TimeUnitRange.DOW) {
                    return call(c, "dow", null, List.of(c)); // Calcite counts Sunday as 1, PostgreSQL as 0
                }
                if (timeUnit(c) == org.apache.calcite.avatica.util.TimeUnitRange.YEAR) {
                    return call(c, "bcYear", null, List.of(c)); // Calcite's year 0 is PostgreSQL's 1 BC, year -1
                }
                return c;
            default:
                return c;
        }
    }

    /**
     * LIKE, ILIKE and their negations as {@link StringRuntime#like}/{@link StringRuntime#ilike} with PostgreSQL's
     * default escape, a backslash, where Calcite's LIKE has none ({@code 'a_c' LIKE 'a\_c'} is true); a case-sensitive
     * LIKE stays pushable (a datanode's {@code Like} is the same code). OVERLAY as {@link StringRuntime#overlay}
     * (Calcite's fails with a Java exception for a start past the end). Null for any other call.
     */
    private RexNode likeOrOverlay(RexCall c) {
        if (c.getOperator() == SqlStdOperatorTable.OVERLAY) {
            return call(c, "overlay", null, c.getOperands());
        }
        String codePoints = StringRuntime.codePointMethod(c);
        if (codePoints != null) {
            return call(c, codePoints, null, c.getOperands());
        }
        if (c.getKind() != SqlKind.LIKE || !(c.getOperator() instanceof org.apache.calcite.sql.fun.SqlLikeOperator)) {
            return null;
        }
        org.apache.calcite.sql.fun.SqlLikeOperator op = (org.apache.calcite.sql.fun.SqlLikeOperator) c.getOperator();
        List<RexNode> operands = new ArrayList<>(c.getOperands());
        if (operands.size() == 2) {
            operands.add(rexBuilder.makeLiteral("\\"));
        }
        RexNode like = call(c, op.isCaseSensitive() ? "like" : "ilike", op.isCaseSensitive() ? Op.LIKE : null,
                operands);
        return op.isNegated() ? rexBuilder.makeCall(c.getParserPosition(), SqlStdOperatorTable.NOT, like) : like;
    }

    /**
     * A call of {@link MathFunctions}' kind as the {@link PgRuntime} method that computes it; the square root of
     * Calcite's stddev reduction, typed double, becomes numeric when the variance is (its cast to the aggregate's
     * type then keeps the value).
     */
    private RexNode math(RexCall c, String method) {
        if (method.equals("numericStddev")) {
            RelDataType variance = c.getOperands().get(0).getType();
            RelDataType numeric = rexBuilder.getTypeFactory().createTypeWithNullability(rexBuilder.getTypeFactory()
                    .createSqlType(SqlTypeName.DECIMAL, UNCONSTRAINED, variance.getScale()), c.getType().isNullable());
            return rexBuilder.makeCall(c.getParserPosition(), numeric, function(method, 1),
                    List.of(c.getOperands().get(0)));
        }
        List<RexNode> operands = method.equals("float8Sqrt") ? List.of(c.getOperands().get(0)) : c.getOperands();
        return call(c, method, null, operands);
    }

    /**
     * A date compared with a constant timestamp at midnight, as the comparison of the two dates: {@code d <
     * date '1994-01-01' + interval '1' year} is typed {@code CAST(d AS timestamp) < CAST(date '1994-01-01' AS
     * timestamp) + interval '1' year} (PostgreSQL's {@code date + interval} is a timestamp), which holds exactly when
     * {@code d < date '1995-01-01'} (a date's timestamp is its midnight: the cast keeps order and equality, NULL
     * included). So the column's statistics estimate it and a datanode compares dates (TPC-H's Q1, Q3-Q8, Q10, Q12,
     * Q14, Q15, Q20). Null for any other call; a constant off midnight keeps the timestamp comparison.
     */
    private RexNode dateComparison(RexCall c) {
        if (!c.getKind().belongsTo(SqlKind.COMPARISON) || c.getOperands().size() != 2) {
            return null;
        }
        for (int side = 0; side < 2; side++) {
            RexNode date = c.getOperands().get(side);
            if (!(date instanceof RexCall cast && cast.getOperator() == function("dateTimestamp", 1))) {
                continue;
            }
            Long millis = constantTimestamp(c.getOperands().get(1 - side));
            if (millis == null || Math.floorMod(millis, 86_400_000L) != 0) {
                continue;
            }
            RexNode day = rexBuilder.makeDateLiteral(org.apache.calcite.util.DateString.fromDaysSinceEpoch(
                    Math.toIntExact(Math.floorDiv(millis, 86_400_000L))));
            RexNode x = cast.getOperands().get(0);
            return rexBuilder.makeCall(c.getParserPosition(), c.getOperator(),
                    side == 0 ? List.of(x, day) : List.of(day, x));
        }
        return null;
    }

    /**
     * Under {@code engine.microseconds}, a timestamp or timestamptz plus or minus a SQL standard interval
     * ({@code date '1994-01-01' + interval '3' month}, the date cast to timestamp by {@code IntervalFunctions};
     * {@code t - interval '12' hour}) as {@code PgRuntime.timestampPlusMillisMicros}/{@code timestampPlusMonthsMicros}:
     * Calcite's code adds the interval's milliseconds, or its months by {@code DateTimeUtils.addMonths}, to a long it
     * takes for milliseconds. Null for any other call.
     */
    private RexNode timestampPlusSqlInterval(RexCall c) {
        SqlTypeName t = c.getType().getSqlTypeName();
        if ((c.getKind() != SqlKind.PLUS && c.getKind() != SqlKind.MINUS) || c.getOperands().size() != 2
                || (t != SqlTypeName.TIMESTAMP && t != SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE)) {
            return null;
        }
        int at = SqlTypeName.INTERVAL_TYPES.contains(c.getOperands().get(1).getType().getSqlTypeName()) ? 1
                : SqlTypeName.INTERVAL_TYPES.contains(c.getOperands().get(0).getType().getSqlTypeName()) ? 0 : -1;
        if (at < 0 || (at == 0 && c.getKind() == SqlKind.MINUS)) {
            return null;
        }
        RexNode interval = c.getOperands().get(at);
        boolean months = interval.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH;
        return call(c, months ? "timestampPlusMonthsMicros" : "timestampPlusMillisMicros", null,
                List.of(c.getOperands().get(1 - at), interval, intLiteral(c.getKind() == SqlKind.MINUS ? -1 : 1)));
    }

    /**
     * The milliseconds since 1970-01-01 of a constant timestamp: a timestamp literal, a date literal cast to
     * timestamp, or either plus or minus a SQL standard interval literal ({@code interval '1' year}: months added
     * as PostgreSQL's {@code timestamp_pl_interval} does, the day clamped to the month's last; {@code interval '12'
     * hour}: milliseconds). Null for anything else.
     */
    static Long constantTimestamp(RexNode rex) {
        if (rex instanceof org.apache.calcite.rex.RexLiteral lit && lit.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP) {
            Long engine = lit.getValueAs(Long.class); // the engine's unit: microseconds
            return engine == null ? null : engine % 1000 == 0 ? Long.valueOf(engine / 1000) : null;
        }
        if (!(rex instanceof RexCall call)) {
            return null;
        }
        if (call.getOperator() == function("dateTimestamp", 1)
                && call.getOperands().get(0) instanceof org.apache.calcite.rex.RexLiteral date
                && date.getType().getSqlTypeName() == SqlTypeName.DATE && date.getValueAs(Integer.class) != null) {
            int days = date.getValueAs(Integer.class);
            return Math.abs(days) > 100_000_000 ? null : days * 86_400_000L; // not ±infinity
        }
        if ((call.getKind() != SqlKind.PLUS && call.getKind() != SqlKind.MINUS) || call.getOperands().size() != 2) {
            return null;
        }
        boolean intervalFirst = call.getOperands().get(0) instanceof org.apache.calcite.rex.RexLiteral l
                && SqlTypeName.INTERVAL_TYPES.contains(l.getType().getSqlTypeName());
        if (intervalFirst && call.getKind() == SqlKind.MINUS) {
            return null;
        }
        Long base = constantTimestamp(call.getOperands().get(intervalFirst ? 1 : 0));
        RexNode i = call.getOperands().get(intervalFirst ? 0 : 1);
        if (base == null || !(i instanceof org.apache.calcite.rex.RexLiteral interval)
                || !SqlTypeName.INTERVAL_TYPES.contains(interval.getType().getSqlTypeName())
                || interval.getValueAs(Long.class) == null) {
            return null;
        }
        long amount = interval.getValueAs(Long.class) * (call.getKind() == SqlKind.MINUS ? -1 : 1);
        if (interval.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH) {
            java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(base, 1000L),
                    (int) Math.floorMod(base, 1000L) * 1_000_000, java.time.ZoneOffset.UTC).plusMonths(amount);
            return t.toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
        }
        return base + amount; // milliseconds
    }

    /**
     * {@code a % b} of integers. Calcite types it as {@code b}'s type, PostgreSQL computes it in the wider operand's
     * ({@code bigint % int} is int8mod): so it is computed in that type, then cast to Calcite's, which holds it, since
     * {@code |a % b| < |b|}. (Calling the narrow function with a wide operand did not compile.)
     */
    private RexNode integerMod(RexCall c) {
        SqlTypeName widest = c.getType().getSqlTypeName();
        for (RexNode o : c.getOperands()) {
            SqlTypeName n = o.getType().getSqlTypeName();
            if (SqlTypeName.INT_TYPES.contains(n) && SqlTypeName.INT_TYPES.contains(widest)
                    && SqlTypeName.INT_TYPES.indexOf(n) > SqlTypeName.INT_TYPES.indexOf(widest)) {
                widest = n;
            }
        }
        if (widest == c.getType().getSqlTypeName()) {
            return integer(c, "Mod", Op.MOD);
        }
        RelDataType wide = rexBuilder.getTypeFactory().createTypeWithNullability(
                rexBuilder.getTypeFactory().createSqlType(widest), c.getType().isNullable());
        RexNode mod = integer((RexCall) rexBuilder.makeCall(c.getParserPosition(), wide, c.getOperator(),
                c.getOperands()), "Mod", Op.MOD);
        return rexBuilder.makeCast(c.getParserPosition(), c.getType(), mod, true, false);
    }

    /**
     * float8 or float4 {@code +}, {@code -}, {@code *}, {@code /} of two float operands as PostgreSQL's, with its
     * overflow and underflow errors (22003) instead of infinities and zeros; null for other calls. A numeric operand
     * ({@code 1e-300::float8 * 1e-300}) is cast to float8 first, as PostgreSQL resolves the operator.
     */
    private RexNode floats(RexCall c, String op, Op pushAs) {
        SqlTypeName t = c.getType().getSqlTypeName();
        if ((t != SqlTypeName.DOUBLE && t != SqlTypeName.REAL) || c.getOperands().size() != 2) {
            return null;
        }
        List<RexNode> operands = new ArrayList<>(2);
        for (RexNode o : c.getOperands()) {
            SqlTypeName n = o.getType().getSqlTypeName();
            if (n == SqlTypeName.DECIMAL && t == SqlTypeName.DOUBLE) {
                o = rexBuilder.makeCast(rexBuilder.getTypeFactory().createTypeWithNullability(
                        rexBuilder.getTypeFactory().createSqlType(t), o.getType().isNullable()), o);
            } else if (n != t && n != SqlTypeName.REAL && !SqlTypeName.INT_TYPES.contains(n)) {
                return null; // e.g. interval * float8
            }
            operands.add(o);
        }
        return call(c, (t == SqlTypeName.DOUBLE ? "float8" : "float4") + op, pushAs, operands);
    }

    private RexNode integer(RexCall c, String op, Op pushAs) {
        String prefix = switch (c.getType().getSqlTypeName()) {
            case SMALLINT -> "int2";
            case INTEGER -> "int4";
            case BIGINT -> "int8";
            default -> null;
        };
        if (prefix == null) {
            return c;
        }
        for (RexNode o : c.getOperands()) {
            if (!SqlTypeName.INT_TYPES.contains(o.getType().getSqlTypeName())) {
                return c; // e.g. date - date
            }
        }
        return call(c, prefix + op, pushAs, c.getOperands());
    }

    /**
     * Whether {@code e} is a char(n) value in PostgreSQL's sense, whose trailing blanks are padding: a char(n) column
     * or cast, or an expression over one. Calcite types string literals, and expressions over literals only, as CHAR;
     * in PostgreSQL those are unknown-typed literals resolved to text, whose blanks count ({@code 'a' || ' ' || 'b'}
     * is {@code 'a b'}). And {@code ||} yields text in PostgreSQL, whatever its operands.
     */
    static boolean isBpchar(RexNode e) {
        if (e.getType().getSqlTypeName() != SqlTypeName.CHAR || e instanceof org.apache.calcite.rex.RexLiteral) {
            return false;
        }
        if (e instanceof RexCall call) {
            String name = call.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
            if (call.getKind() == SqlKind.CAST || name.equals("PG_BPCHAR")) {
                return true; // a cast to char(n), also a constant one (PgConvertletTable makes it a bpchar call)
            }
            if (name.equals("||") || name.equals("CONCAT")) {
                return false;
            }
            for (RexNode o : call.getOperands()) {
                if (isBpchar(o)) {
                    return true;
                }
            }
            return false;
        }
        return true; // a column or field of type char(n)
    }

    /**
     * {@code o} without its trailing blanks, as text: a literal trimmed at once, anything else in an {@code rtrim}
     * call typed varchar, so that constant reduction cannot pad the value to its char(n) length again and a datanode
     * compares it as text.
     */
    private RexNode padless(RexCall c, RexNode o) {
        RelDataType varchar = rexBuilder.getTypeFactory().createTypeWithNullability(
                rexBuilder.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), o.getType().isNullable());
        if (o instanceof org.apache.calcite.rex.RexLiteral l) {
            String v = l.getValueAs(String.class);
            return v == null ? rexBuilder.makeNullLiteral(varchar)
                    : rexBuilder.makeLiteral(v.replaceAll(" +$", ""), varchar, false);
        }
        return rexBuilder.makeCall(c.getParserPosition(), varchar, function("rtrim", 1), List.of(o));
    }

    /**
     * Whether {@code e} is of type text in PostgreSQL's sense, the preferred string type: a string expression that
     * is no char(n) value, no literal (unknown), no parameter and no varchar(n) (Calcite does not tell an unbounded
     * varchar from text: it counts as text).
     */
    private static boolean isText(RexNode e) {
        SqlTypeName t = e.getType().getSqlTypeName();
        if (e instanceof org.apache.calcite.rex.RexLiteral) {
            // Calcite types an unknown literal char(n); one typed varchar was cast to text ('a '::text, folded)
            return t == SqlTypeName.VARCHAR && e.getType().getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED;
        }
        if (t != SqlTypeName.CHAR && t != SqlTypeName.VARCHAR || isBpchar(e)
                || e instanceof org.apache.calcite.rex.RexDynamicParam) {
            return false;
        }
        return t == SqlTypeName.CHAR || e.getType().getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED;
    }

    /**
     * Whether {@code c} treats the trailing blanks of a char(n) operand as padding, as PostgreSQL does: length(),
     * || and comparisons (octet_length counts them), when some operand is a char(n) value (not a literal: Calcite types string
     * literals as CHAR, and in PostgreSQL their blanks count).
     */
    private static boolean charSemantics(RexCall c) {
        boolean charValue = false;
        for (RexNode o : c.getOperands()) {
            charValue |= isBpchar(o);
        }
        if (!charValue) {
            return false;
        }
        return switch (c.getKind()) {
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL, IS_DISTINCT_FROM,
                    IS_NOT_DISTINCT_FROM -> true;
            default -> switch (c.getOperator().getName().toUpperCase(java.util.Locale.ROOT)) {
                // octet_length counts it; LIKE is bpcharlike, which sees it
                case "LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "||", "CONCAT" -> true;
                // functions of text: the char(n) argument is cast to text, which drops the padding
                case "SUBSTRING", "SUBSTR", "LEFT", "RIGHT", "UPPER", "LOWER", "INITCAP", "REPLACE", "POSITION",
                        "STRPOS", "REVERSE", "LPAD", "RPAD", "SPLIT_PART", "MD5", "TRANSLATE", "ASCII",
                        "STARTS_WITH", "BIT_LENGTH" -> true;
                default -> false;
            };
        };
    }

    /** The EXTRACT fields that count whole units, which {@link PgRuntime#extractFieldMicros} computes. */
    private static final java.util.Set<org.apache.calcite.avatica.util.TimeUnitRange> MICROS_FIELDS =
            java.util.EnumSet.of(org.apache.calcite.avatica.util.TimeUnitRange.YEAR,
                    org.apache.calcite.avatica.util.TimeUnitRange.QUARTER,
                    org.apache.calcite.avatica.util.TimeUnitRange.MONTH,
                    org.apache.calcite.avatica.util.TimeUnitRange.WEEK,
                    org.apache.calcite.avatica.util.TimeUnitRange.DAY,
                    org.apache.calcite.avatica.util.TimeUnitRange.HOUR,
                    org.apache.calcite.avatica.util.TimeUnitRange.MINUTE,
                    org.apache.calcite.avatica.util.TimeUnitRange.DOW,
                    org.apache.calcite.avatica.util.TimeUnitRange.ISODOW,
                    org.apache.calcite.avatica.util.TimeUnitRange.DOY,
                    org.apache.calcite.avatica.util.TimeUnitRange.ISOYEAR,
                    org.apache.calcite.avatica.util.TimeUnitRange.DECADE,
                    org.apache.calcite.avatica.util.TimeUnitRange.CENTURY,
                    org.apache.calcite.avatica.util.TimeUnitRange.MILLENNIUM);

    /** Whether {@code e} is a {@code timestamp} or {@code timestamptz}, the values {@code engine.microseconds} moves. */
    private static boolean isTimestamp(RexNode e) {
        SqlTypeName t = e.getType().getSqlTypeName();
        return t == SqlTypeName.TIMESTAMP || t == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    }

    private static org.apache.calcite.avatica.util.TimeUnitRange timeUnit(RexCall extract) {
        RexNode flag = extract.getOperands().get(0);
        return flag instanceof org.apache.calcite.rex.RexLiteral l
                ? l.getValueAs(org.apache.calcite.avatica.util.TimeUnitRange.class) : null;
    }

    /**
     * {@code extract(second | milliseconds | epoch FROM timestamp)} keeps the fraction PostgreSQL shows (Calcite's
     * EXTRACT is an integer): the cast PgRewriter put around it takes the value from {@link PgRuntime} instead.
     */
    private RexNode fractionalExtract(RexCall cast) {
        if (!(cast.getOperands().get(0) instanceof RexCall e) || e.getKind() != SqlKind.EXTRACT) {
            return null;
        }
        SqlTypeName source = e.getOperands().get(1).getType().getSqlTypeName();
        if (source != SqlTypeName.TIMESTAMP && source != SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
            return null; // a time is a PgTime (tessera_time_part), never Calcite's TIME
        }
        String method = switch (timeUnit(e)) {
            case SECOND -> "extractSecondMicros";
            case MILLISECOND -> "extractMillisecondsMicros";
            case EPOCH -> "extractEpochMicros";
            case MICROSECOND -> "extractMicrosecondsMicros";
            default -> null;
        };
        if (method == null) {
            return null;
        }
        RelDataType decimal = cast.getType().getSqlTypeName() == SqlTypeName.DECIMAL ? cast.getType()
                : rexBuilder.getTypeFactory().createTypeWithNullability(rexBuilder.getTypeFactory()
                        .createSqlType(SqlTypeName.DECIMAL, UNCONSTRAINED, 6), cast.getType().isNullable());
        RexNode value = rexBuilder.makeCall(cast.getParserPosition(), decimal, function(method, 1),
                List.of(e.getOperands().get(1)));
        return cast.getType().getSqlTypeName() == SqlTypeName.DECIMAL ? value
                : rexBuilder.makeAbstractCast(cast.getParserPosition(), cast.getType(), value, false);
    }

    private RexNode cast(RexCall c) {
        RexNode fractional = fractionalExtract(c);
        if (fractional != null) {
            return fractional;
        }
        RexNode x = c.getOperands().get(0);
        RelDataType to = c.getType();
        SqlTypeName from = x.getType().getSqlTypeName();
        RexNode bits = bitCast(c, x, to);
        if (bits != null) {
            return bits;
        }
        boolean text = from == SqlTypeName.CHAR || from == SqlTypeName.VARCHAR;
        boolean number = SqlTypeFamily.NUMERIC.getTypeNames().contains(from);
        switch (to.getSqlTypeName()) {
            case DECIMAL: {
                if (to.getPrecision() >= UNCONSTRAINED) {
                    if (from == SqlTypeName.DECIMAL) {
                        return call(c, "numeric", Op.CAST, List.of(x));
                    }
                    return number ? call(c, "numeric", Op.CAST, List.of(x))
                            : text ? call(c, "numericFromText", Op.CAST, List.of(x)) : c;
                }
                List<RexNode> args = List.of(x, intLiteral(to.getPrecision()), intLiteral(Math.max(to.getScale(), 0)));
                return number ? call(c, "numericTypmod", null, args)
                        : text ? call(c, "numericTypmodFromText", null, args) : c;
            }
            case SMALLINT:
            case INTEGER:
            case BIGINT: {
                String name = switch (to.getSqlTypeName()) {
                    case SMALLINT -> "int2";
                    case INTEGER -> "int4";
                    default -> "int8";
                };
                if (text) {
                    return call(c, name + "FromText", Op.CAST, List.of(x));
                }
                boolean widening = SqlTypeName.INT_TYPES.contains(from)
                        && SqlTypeName.INT_TYPES.indexOf(from) <= SqlTypeName.INT_TYPES.indexOf(to.getSqlTypeName());
                return number && !widening ? call(c, name, Op.CAST, List.of(x)) : c;
            }
            case DOUBLE:
                return text ? call(c, "float8FromText", Op.CAST, List.of(x)) : c;
            case REAL:
                // float84 and numeric_float4 raise 22003 where Java's narrowing gives Infinity or 0
                return text ? call(c, "float4FromText", Op.CAST, List.of(x))
                        : from == SqlTypeName.DOUBLE ? call(c, "float4FromFloat8", Op.CAST, List.of(x))
                        : from == SqlTypeName.DECIMAL ? call(c, "float4FromNumeric", Op.CAST, List.of(x))
                        : c;
            case BOOLEAN:
                return text ? call(c, "boolFromText", Op.CAST, List.of(x)) : c;
            case DATE:
                if (from == SqlTypeName.TIMESTAMP || from == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
                    return call(c, "timestampDate", Op.CAST, List.of(x)); // infinity stays infinity
                }
                return text ? call(c, "dateFromText", Op.CAST, List.of(x)) : c;
            case VARBINARY:
                return text ? call(c, "byteaFromText", null, List.of(x)) : c;
            case UUID:
                return text ? call(c, "uuidFromText", Op.CAST, List.of(x)) : c;
            case TIMESTAMP:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE: {
                boolean tz = to.getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
                RexNode value = text ? call(c, tz ? "timestamptzFromText" : "timestampFromText", Op.CAST, List.of(x))
                        : tz && from == SqlTypeName.TIMESTAMP ? call(c, "timestampAtUtc", null, List.of(x))
                        // Calcite's timestamptz → timestamp reads milliseconds; the session zone is UTC: the same value
                        : !tz && from == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                                ? call(c, "timestampAtUtc", null, List.of(x))
                        : from == SqlTypeName.DATE ? call(c, "dateTimestamp", Op.CAST, List.of(x))
                        : c; // the session zone is UTC: a timestamp's instant is itself (Calcite's cast drops the fraction)
                // timestamp(p) rounds the fraction to p digits; the engine's values hold 6
                boolean rounds = to.getPrecision() < PgTypeSystem.timestampPrecision() && (text
                        || from == SqlTypeName.TIMESTAMP || from == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
                return rounds ? call(c, "timestampRoundMicros", null,
                        List.of(text ? value : x, intLiteral(to.getPrecision())))
                        : value;
            }
            case ARRAY:
                // '{1,2}'::int[]: PostgreSQL's array input (pg_dump's '{16520,16534}'::pg_catalog.oid[], '{}')
                return text && to.getComponentType() != null
                        ? call(c, "arrayFromText", null, List.of(x,
                                rexBuilder.makeLiteral(to.getComponentType().getSqlTypeName().name())))
                        : c;
            case CHAR:
                // char(n): padded or cut to n characters
                return text && to.getPrecision() > 0
                        && (from != SqlTypeName.CHAR || x instanceof org.apache.calcite.rex.RexLiteral
                                || x.getType().getPrecision() != to.getPrecision())
                        ? call(c, "bpchar", null, List.of(x, intLiteral(to.getPrecision()))) : c;
            case VARCHAR:
                if (from == SqlTypeName.DOUBLE || from == SqlTypeName.REAL) {
                    return call(c, from == SqlTypeName.DOUBLE ? "float8Text" : "float4Text", null, List.of(x));
                }
                if (from == SqlTypeName.DECIMAL) { // Calcite's text of 0.5 is .5
                    return call(c, "numericText", Op.CAST, List.of(x));
                }
                if (from == SqlTypeName.BOOLEAN) {
                    return call(c, "boolText", null, List.of(x));
                }
                if (from == SqlTypeName.VARBINARY || from == SqlTypeName.BINARY) { // Calcite's text is bare hex
                    return call(c, "byteaText", null, List.of(x));
                }
                if (from == SqlTypeName.UUID) {
                    return call(c, "uuidText", Op.CAST, List.of(x));
                }
                // Calcite's text of a timestamp drops the fraction and misspells BC and years past 9999
                if (from == SqlTypeName.TIMESTAMP) {
                    return call(c, "timestampText", Op.CAST, List.of(x));
                }
                if (from == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
                    return call(c, "timestamptzText", Op.CAST, List.of(x));
                }
                if (from == SqlTypeName.DATE) {
                    return call(c, "dateText", Op.CAST, List.of(x));
                }
                // char(n) to text drops the padding
                RexNode unpadded = from == SqlTypeName.CHAR && isBpchar(x) ? call(c, "rtrim", null, List.of(x)) : c;
                if (text && to.getPrecision() > 0 && (x instanceof org.apache.calcite.rex.RexLiteral
                        || x.getType().getPrecision() < 0 || x.getType().getPrecision() > to.getPrecision())) {
                    // varchar(n) cuts to n characters, not UTF-16 units (Calcite's cut splits a surrogate pair)
                    return call(c, "varchar", null,
                            List.of(unpadded == c ? x : unpadded, intLiteral(to.getPrecision())));
                }
                return unpadded;
            default:
                return c;
        }
    }

    /**
     * A cast to or from a bit string type ({@code io.tessera.sql.parser.ddl.BitStringType}), as PostgreSQL's casts
     * (varbit.c): text through bit_in, then, as every explicit cast to bit(n)/bit varying(n), padded or cut to n
     * bits; integer and bigint to bit(n) their rightmost n bits ({@code bitfromint4}/{@code bitfromint8}), bit to
     * them the bits as a number (22003 beyond the type's width); bit to text its digits (Calcite's cast, as the value
     * is its text). Null when the cast is none of these. Evaluated on the coordinator.
     */
    private RexNode bitCast(RexCall c, RexNode x, RelDataType to) {
        boolean toBits = io.tessera.sql.parser.ddl.BitStringType.is(to);
        boolean fromBits = io.tessera.sql.parser.ddl.BitStringType.is(x.getType());
        SqlTypeName from = x.getType().getSqlTypeName();
        if (toBits) {
            int length = io.tessera.sql.parser.ddl.BitStringType.length(to);
            boolean varying = io.tessera.sql.parser.ddl.BitStringType.isVarying(to);
            if (fromBits || SqlTypeName.CHAR_TYPES.contains(from) || from == SqlTypeName.NULL) {
                return call(c, fromBits ? "bitTypmod" : "bitFromText", null, List.of(x, intLiteral(length),
                        rexBuilder.makeLiteral(varying)));
            }
            if ((from == SqlTypeName.INTEGER || from == SqlTypeName.BIGINT || from == SqlTypeName.SMALLINT) && !varying) {
                RexNode operand = from == SqlTypeName.SMALLINT ? rexBuilder.makeCast(rexBuilder.getTypeFactory()
                        .createTypeWithNullability(rexBuilder.getTypeFactory().createSqlType(SqlTypeName.INTEGER),
                                x.getType().isNullable()), x) : x;
                return call(c, from == SqlTypeName.BIGINT ? "bitFromInt8" : "bitFromInt4", null,
                        List.of(operand, intLiteral(Math.max(length, 1))));
            }
            throw new io.tessera.common.error.TesseraException(io.tessera.common.error.SqlState.CANNOT_COERCE,
                    "cannot cast type " + pgTypeName(x.getType())
                            + " to " + (varying ? "bit varying" : "bit"));
        }
        if (fromBits) {
            switch (to.getSqlTypeName()) {
                case INTEGER: return call(c, "bitToInt4", null, List.of(x));
                case BIGINT: return call(c, "bitToInt8", null, List.of(x));
                case CHAR: case VARCHAR: return null;
                default:
                    throw new io.tessera.common.error.TesseraException(io.tessera.common.error.SqlState.CANNOT_COERCE,
                            "cannot cast type " + (io.tessera.sql.parser.ddl.BitStringType.isVarying(x.getType())
                                    ? "bit varying" : "bit") + " to "
                                    + pgTypeName(to));
            }
        }
        return null;
    }

    /** format_type's name of {@code t} for a 42846 message. */
    private static String pgTypeName(RelDataType t) {
        try {
            return io.tessera.coordinator.sql.TypeMapping.toPgType(t).sqlName();
        } catch (RuntimeException notMapped) {
            return t.getSqlTypeName().getName().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * An integer bitwise operator's call ({@code io.tessera.sql.parser.BitOperators}) as its {@link PgRuntime}
     * method for the result type ({@code int4And}, {@code int8Shl}, ...), which a datanode evaluates as the fragment
     * operator of the same name ({@code io.tessera.executor.expr.Bitwise} for both).
     */
    private RexNode bitwise(RexCall c) {
        if (io.tessera.sql.parser.ddl.BitStringType.is(c.getType())) {
            return bitStringOperator(c);
        }
        String prefix = switch (c.getType().getSqlTypeName()) {
            case SMALLINT -> "int2";
            case BIGINT -> "int8";
            default -> "int4";
        };
        SqlOperator op = c.getOperator();
        String name = op == io.tessera.sql.parser.BitOperators.AND ? "And"
                : op == io.tessera.sql.parser.BitOperators.OR ? "Or"
                : op == io.tessera.sql.parser.BitOperators.XOR ? "Xor"
                : op == io.tessera.sql.parser.BitOperators.SHIFT_LEFT ? "Shl"
                : op == io.tessera.sql.parser.BitOperators.SHIFT_RIGHT ? "Shr" : "Not";
        Op pushAs = bitwiseOp(op);
        List<RexNode> operands = new ArrayList<>(c.getOperands().size());
        for (RexNode o : c.getOperands()) {
            // a NULL literal, and the shift count, as the method's parameter type
            SqlTypeName to = operands.isEmpty() || !name.startsWith("Sh") ? c.getType().getSqlTypeName()
                    : SqlTypeName.INTEGER;
            operands.add(o.getType().getSqlTypeName() == to ? o : rexBuilder.makeCast(
                    rexBuilder.getTypeFactory().createTypeWithNullability(
                            rexBuilder.getTypeFactory().createSqlType(to), o.getType().isNullable()), o));
        }
        return call(c, prefix + name, pushAs, operands);
    }

    /**
     * A bitwise operator on bit strings as its {@link PgRuntime} method ({@code bitAnd} ... {@code bitShr}), pushed
     * to datanodes as the same fragment operator as the integer ones ({@code ExprCompiler} dispatches on the type).
     */
    private RexNode bitStringOperator(RexCall c) {
        SqlOperator op = c.getOperator();
        String name = op == io.tessera.sql.parser.BitOperators.AND ? "bitAnd"
                : op == io.tessera.sql.parser.BitOperators.OR ? "bitOr"
                : op == io.tessera.sql.parser.BitOperators.XOR ? "bitXor"
                : op == io.tessera.sql.parser.BitOperators.SHIFT_LEFT ? "bitShl"
                : op == io.tessera.sql.parser.BitOperators.SHIFT_RIGHT ? "bitShr" : "bitNot";
        List<RexNode> operands = new ArrayList<>(c.getOperands().size());
        for (RexNode o : c.getOperands()) {
            boolean count = !operands.isEmpty() && name.startsWith("bitSh");
            RelDataType to = count ? rexBuilder.getTypeFactory().createSqlType(SqlTypeName.INTEGER) : c.getType();
            operands.add(o.getType().getSqlTypeName() == SqlTypeName.NULL || count
                    && o.getType().getSqlTypeName() != SqlTypeName.INTEGER ? rexBuilder.makeCast(
                    rexBuilder.getTypeFactory().createTypeWithNullability(to, true), o) : o);
        }
        return call(c, name, bitwiseOp(op), operands);
    }

    /** The fragment operator of an integer bitwise operator ({@code io.tessera.sql.parser.BitOperators}). */
    private static Op bitwiseOp(SqlOperator op) {
        return op == io.tessera.sql.parser.BitOperators.AND ? Op.BIT_AND
                : op == io.tessera.sql.parser.BitOperators.OR ? Op.BIT_OR
                : op == io.tessera.sql.parser.BitOperators.XOR ? Op.BIT_XOR
                : op == io.tessera.sql.parser.BitOperators.SHIFT_LEFT ? Op.SHIFT_LEFT
                : op == io.tessera.sql.parser.BitOperators.SHIFT_RIGHT ? Op.SHIFT_RIGHT : Op.BIT_NOT;
    }

    private RexNode intLiteral(int v) {
        return rexBuilder.makeExactLiteral(BigDecimal.valueOf(v),
                rexBuilder.getTypeFactory().createSqlType(SqlTypeName.INTEGER));
    }

    private RexNode call(RexCall original, String method, Op pushAs, List<RexNode> operands) {
        SqlUserDefinedFunction f = function(method, operands.size());
        if (pushAs != null) {
            synchronized (PUSHABLE) {
                PUSHABLE.putIfAbsent(f, pushAs);
            }
        }
        return rexBuilder.makeCall(original.getParserPosition(), original.getType(), f, operands);
    }

    /**
     * A call of {@link PgRuntime}'s (or StringRuntime's) static {@code method} on {@code operands}, of {@code type}:
     * for rewrites outside this class that need PostgreSQL's runtime checks.
     *
     * @throws IllegalStateException when no such method of that arity exists
     */
    public static RexNode runtimeCall(RexBuilder rexBuilder, RelDataType type, String method, List<RexNode> operands) {
        return rexBuilder.makeCall(type, function(method, operands.size()), operands);
    }

    /**
     * {@code x}, text, as a string whose UTF-16 order (Calcite's sorts) is {@code x}'s code point order
     * ({@code PgRuntime.textSortKey}), which the datanodes compute too ({@code TEXT_SORT_KEY}).
     */
    public static RexNode textSortKey(RexBuilder rexBuilder, RexNode x) {
        SqlUserDefinedFunction f = function("textSortKey", 1);
        synchronized (PUSHABLE) {
            PUSHABLE.putIfAbsent(f, Op.TEXT_SORT_KEY);
        }
        RelDataType varchar = rexBuilder.getTypeFactory().createTypeWithNullability(
                rexBuilder.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), x.getType().isNullable());
        return rexBuilder.makeCall(varchar, f, List.of(x));
    }

    /**
     * {@code x}, a real or double precision, as a bigint in float8's order ({@code PgRuntime.float8SortKey}), which
     * the datanodes compute too ({@code FLOAT8_SORT_KEY}).
     */
    public static RexNode float8SortKey(RexBuilder rexBuilder, RexNode x) {
        SqlUserDefinedFunction f = function("float8SortKey", 1);
        synchronized (PUSHABLE) {
            PUSHABLE.putIfAbsent(f, Op.FLOAT8_SORT_KEY);
        }
        RelDataType bigint = rexBuilder.getTypeFactory().createTypeWithNullability(
                rexBuilder.getTypeFactory().createSqlType(SqlTypeName.BIGINT), x.getType().isNullable());
        return rexBuilder.makeCall(bigint, f, List.of(x));
    }

    /** Whether {@code call} is {@link #float8SortKey}'s. */
    public static boolean isFloat8SortKey(RexCall call) {
        return call.getOperator() == function("float8SortKey", 1);
    }

    /** The function calling {@code method} of {@link PgRuntime}, {@link StringRuntime}, {@link Variances} or
     * {@link QuantifiedArrays}. */
    static SqlUserDefinedFunction function(String method, int arity) {
        synchronized (FUNCTIONS) {
            return FUNCTIONS.computeIfAbsent(method + "/" + arity, k -> {
                Method m = null;
                for (Class<?> runtime : List.of(PgRuntime.class, StringRuntime.class, Variances.class,
                        QuantifiedArrays.class)) {
                    for (Method candidate : runtime.getMethods()) {
                        if (candidate.getName().equals(method) && candidate.getParameterCount() == arity
                                && candidate.getDeclaringClass() == runtime) {
                            m = candidate;
                        }
                    }
                }
                if (m == null) {
                    throw new IllegalStateException("PgRuntime has no method " + method + "/" + arity);
                }
                return new SqlUserDefinedFunction(new SqlIdentifier("pg_" + method, SqlParserPos.ZERO),
                        SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0, null, null, ScalarFunctionImpl.create(m));
            });
        }
    }
}

package io.tessera.coordinator.sql.functions;

import java.util.ArrayList;
import io.tessera.executor.expr.Values;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql2rel.SqlRexContext;
import io.tessera.sql.parser.QuantifiedLike;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code x op ANY (array)} and {@code x op ALL (array)} (PostgreSQL's ScalarArrayOpExpr,
 * https://www.postgresql.org/docs/15/functions-comparisons.html#id-1.5.8.30.16) in forms Calcite 1.42 evaluates
 * correctly, for {@link PgRexRewriter}:
 * <ul>
 *   <li>over an array constructor, the comparisons it stands for, {@code x op e1 OR x op e2 ...} (AND for ALL),
 *       which have SQL's three-valued logic and are pushed to the datanodes as an IN list or a filter; no elements
 *       is false for ANY and true for ALL, also for a NULL {@code x}, as in PostgreSQL;</li>
 *   <li>over any other array of numbers, text, booleans, dates, timestamps or uuids, {@link #quantifiedCompare};
 *       over other arrays Calcite's own operator, but given a non-null {@code x}: its generated code unboxes
 *       {@code x} without a null test (a NullPointerException for every row where {@code x} is NULL), so a NULL
 *       {@code x} is answered before it — NULL, or false/true for an empty array.</li>
 * </ul>
 * {@code x [NOT] LIKE | ILIKE ANY | ALL (array)} ({@link QuantifiedLike}) the same way ({@link #convertLike}): over
 * an array constructor the LIKEs it stands for (a case-sensitive LIKE runs on the datanodes), else
 * {@link #quantifiedLike}. An untyped string literal or an untyped parameter as the array ({@code x = ANY ('{1,2}')})
 * is read as an array of {@code x}'s type, text for LIKE, as PostgreSQL reads it ({@link #resolve}).
 */
public final class QuantifiedArrays {
    /** Element types {@link #quantifiedCompare} compares as PostgreSQL does (not char(n), enums, json, ...). */
    private static final Set<SqlTypeName> RUNTIME_TYPES = Set.of(SqlTypeName.TINYINT, SqlTypeName.SMALLINT,
            SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.DECIMAL, SqlTypeName.REAL, SqlTypeName.FLOAT,
            SqlTypeName.DOUBLE, SqlTypeName.VARCHAR, SqlTypeName.BOOLEAN, SqlTypeName.DATE, SqlTypeName.TIMESTAMP,
            SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, SqlTypeName.UUID);

    private QuantifiedArrays() {
    }

    /** {@code call} in one of the forms above, its operands not yet rewritten; null when it is not such a call. */
    static RexNode rewrite(RexBuilder rb, RexCall call) {
        if (!(call.getOperator() instanceof SqlQuantifyOperator q) || call.getOperands().size() != 2
                || call.getOperands().get(1).getType().getSqlTypeName() != SqlTypeName.ARRAY) {
            return null;
        }
        boolean all = call.getKind() == SqlKind.ALL;
        RexNode x = call.getOperands().get(0);
        RexNode array = call.getOperands().get(1);
        SqlOperator comparison = comparison(q.comparisonKind);
        List<RexNode> elements = elements(rb, array);
        if (elements != null && RexUtil.isDeterministic(x)) {
            List<RexNode> terms = new ArrayList<>();
            for (RexNode e : elements) {
                RelDataType common = io.tessera.coordinator.sql.PgTypeCoercion.comparisonType(rb.getTypeFactory(),
                        x.getType(), e.getType());
                terms.add(common == null ? rb.makeCall(comparison, x, e)
                        : rb.makeCall(comparison, rb.ensureType(common, x, true), rb.ensureType(common, e, true)));
            }
            RexNode out = terms.isEmpty() ? rb.makeLiteral(all)
                    : terms.size() == 1 ? terms.get(0)
                    : rb.makeCall(all ? SqlStdOperatorTable.AND : SqlStdOperatorTable.OR, terms);
            return rb.ensureType(rb.getTypeFactory().createTypeWithNullability(call.getType(), true), out, true);
        }
        RelDataType element = array.getType().getComponentType();
        RelDataType type = rb.getTypeFactory().createTypeWithNullability(call.getType(), true);
        if (element != null && comparable(x.getType().getSqlTypeName(), element.getSqlTypeName())) {
            return rb.makeCall(type, PgRexRewriter.function("quantifiedCompare", 4), List.of(x, array,
                    rb.makeLiteral(q.comparisonKind.name()), rb.makeLiteral(all)));
        }
        if (!x.getType().isNullable()) {
            return null;
        }
        RexNode present = rb.makeCall(call.getOperator(),
                rb.makeCall(SqlStdOperatorTable.COALESCE, x, rb.makeZeroRexNode(x.getType())), array);
        RexNode empty = rb.makeCall(SqlStdOperatorTable.EQUALS,
                rb.makeCall(SqlStdOperatorTable.CARDINALITY, array), rb.makeExactLiteral(java.math.BigDecimal.ZERO));
        RexNode absent = rb.makeCall(SqlStdOperatorTable.CASE, empty, rb.makeLiteral(all), rb.makeNullLiteral(type));
        return rb.makeCall(type, SqlStdOperatorTable.CASE, List.of(
                rb.makeCall(SqlStdOperatorTable.IS_NULL, x), absent, present));
    }

    /**
     * {@code x op ANY (array)} ({@code all} false) or {@code x op ALL (array)} over a non-null array, with SQL's
     * three-valued logic: true (ANY) or false (ALL) as soon as one element decides it, else NULL when {@code x} or
     * an element was NULL, else false (ANY) or true (ALL). An empty array is false for ANY and true for ALL, also
     * for a NULL {@code x}. Values compare as {@link Values#compare} (numbers by value, text by code point).
     *
     * @param op the comparison's {@link SqlKind} name ({@code EQUALS}, {@code LESS_THAN}, ...)
     * @return null for a NULL array
     */
    public static Boolean quantifiedCompare(Object x, List<?> array, String op, boolean all) {
        if (array == null) {
            return null;
        }
        boolean unknown = false;
        for (Object e : Values.flatten(array)) {
            if (x == null || e == null) {
                unknown = true;
                continue;
            }
            int c = Values.compare(x, e);
            boolean r = switch (op) {
                case "EQUALS" -> c == 0;
                case "NOT_EQUALS" -> c != 0;
                case "LESS_THAN" -> c < 0;
                case "LESS_THAN_OR_EQUAL" -> c <= 0;
                case "GREATER_THAN" -> c > 0;
                default -> c >= 0;
            };
            if (r != all) {
                return r;
            }
        }
        return unknown ? null : all;
    }

    /**
     * Before validation of {@code call}: in {@code x op ANY | ALL (r)} and {@code x LIKE ANY | ALL (r)}, an untyped
     * string literal or parameter {@code r} becomes {@code CAST(r AS t[])}, {@code t} being {@code x}'s type (text
     * for a string and for LIKE; a numeric's elements keep their digits: arrayFromText reads them exactly), as
     * PostgreSQL types an unknown
     * operand of a ScalarArrayOpExpr; Calcite read it as a one-element list ({@code x = '{1,2}'}, 22P02).
     */
    public static void resolve(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        boolean like = call.getOperator() instanceof QuantifiedLike.QuantifiedLikeOperator;
        if (!like && !(call.getOperator() instanceof SqlQuantifyOperator) || call.operandCount() != 2) {
            return;
        }
        SqlNode right = call.operand(1);
        SqlNode r = right instanceof SqlNodeList list ? (list.size() == 1 ? list.get(0) : null) : like ? right : null;
        if (!(r instanceof SqlCharStringLiteral || r instanceof SqlDynamicParam)) {
            if (r != null && !r.getKind().belongsTo(SqlKind.QUERY) && !(r instanceof SqlNodeList)) {
                RelDataType t = validator.deriveType(scope, r);
                if (t.getComponentType() == null && t.getSqlTypeName() != SqlTypeName.NULL) {
                    // x = ANY ('{1,2}'::text): Calcite would compare x with the string
                    throw new TesseraException(SqlState.WRONG_OBJECT_TYPE,
                            "op ANY/ALL (array) requires array on right side");
                }
            }
            return;
        }
        RelDataTypeFactory f = validator.getTypeFactory();
        RelDataType x = like ? null : validator.deriveType(scope, call.operand(0));
        RelDataType element;
        if (x == null || SqlTypeName.CHAR_TYPES.contains(x.getSqlTypeName()) || x.getSqlTypeName() == SqlTypeName.NULL) {
            element = f.createSqlType(SqlTypeName.VARCHAR);
        } else if (x.getComponentType() != null) {
            return; // an array against arrays: PostgreSQL's array comparison, not Tessera's
        } else {
            element = f.createTypeWithNullability(x, false);
        }
        SqlNode cast = IntervalFunctions.castTo(r, f.createArrayType(f.createTypeWithNullability(element, true), -1));
        if (right instanceof SqlNodeList list) {
            list.set(0, cast);
        } else {
            call.setOperand(1, cast);
        }
    }

    /**
     * Before validation: {@code x [NOT] LIKE | ILIKE ANY | ALL (SELECT ...)} as the same operator over
     * {@code ARRAY(SELECT ...)}, whose elements the sub-query's rows are (PostgreSQL's ANY/ALL sub-link has the same
     * three-valued logic as {@link #quantifiedLike} over them); null for any other node.
     */
    public static SqlNode likeOverQuery(SqlNode node) {
        if (!(node instanceof SqlBasicCall call) || !(call.getOperator() instanceof QuantifiedLike.QuantifiedLikeOperator)
                || call.operandCount() != 2) {
            return null;
        }
        SqlNode right = call.operand(1);
        SqlNode query = right instanceof SqlNodeList list && list.size() == 1 ? list.get(0) : right;
        if (!query.getKind().belongsTo(SqlKind.QUERY)) {
            return null;
        }
        org.apache.calcite.sql.parser.SqlParserPos pos = query.getParserPosition();
        if (!(query instanceof org.apache.calcite.sql.SqlSelect)) {
            // ARRAY(...) takes a SELECT: a UNION or VALUES is read through one
            query = new org.apache.calcite.sql.SqlSelect(pos, null, SqlNodeList.of(
                    org.apache.calcite.sql.SqlIdentifier.star(pos)), SqlStdOperatorTable.AS.createCall(pos, query,
                    new org.apache.calcite.sql.SqlIdentifier("any_rows", pos)), null, null, null, null, null, null,
                    null, null, null);
        }
        return call.getOperator().createCall(call.getParserPosition(), call.operand(0),
                SqlStdOperatorTable.ARRAY_QUERY.createCall(pos, query));
    }

    /**
     * {@code x [NOT] LIKE | ILIKE ANY | ALL (array)} ({@link QuantifiedLike}) as Rex: over an array constructor (or
     * a cast of one) and a deterministic {@code x}, the LIKEs of {@code x} and each element (each as
     * {@link PgRexRewriter} makes a LIKE, so PostgreSQL's default escape holds and a case-sensitive one is pushed to
     * the datanodes) joined by OR (ANY) or AND (ALL), false (ANY) or true (ALL) for no elements; else
     * {@link #quantifiedLike}.
     */
    public static RexNode convertLike(SqlRexContext cx, SqlCall call) {
        QuantifiedLike.QuantifiedLikeOperator op = (QuantifiedLike.QuantifiedLikeOperator) call.getOperator();
        RexBuilder rb = cx.getRexBuilder();
        RelDataTypeFactory f = rb.getTypeFactory();
        RelDataType text = f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true);
        RexNode x = cx.convertExpression(call.operand(0));
        if (x.getType().getSqlTypeName() == SqlTypeName.NULL) {
            x = rb.makeNullLiteral(text);
        }
        RexNode array = cx.convertExpression(call.operand(1));
        RelDataType type = f.createTypeWithNullability(f.createSqlType(SqlTypeName.BOOLEAN), true);
        if (array.getType().getSqlTypeName() == SqlTypeName.NULL) {
            return rb.makeNullLiteral(type);
        }
        List<RexNode> elements = elements(rb, array);
        if (elements != null && RexUtil.isDeterministic(x)) {
            SqlOperator like = op.caseInsensitive ? SqlLibraryOperators.ILIKE : SqlStdOperatorTable.LIKE;
            List<RexNode> terms = new ArrayList<>();
            for (RexNode e : elements) {
                RexNode pattern = e.getType().getSqlTypeName() == SqlTypeName.NULL ? rb.makeNullLiteral(text) : e;
                RexNode term = PgRexRewriter.rewrite(rb, rb.makeCall(call.getParserPosition(), like, x, pattern));
                terms.add(op.negated ? rb.makeCall(SqlStdOperatorTable.NOT, term) : term);
            }
            RexNode out = terms.isEmpty() ? rb.makeLiteral(op.all)
                    : terms.size() == 1 ? terms.get(0)
                    : rb.makeCall(op.all ? SqlStdOperatorTable.AND : SqlStdOperatorTable.OR, terms);
            return rb.ensureType(type, out, false); // the validated type: nullable, as an element may be NULL
        }
        return rb.makeCall(type, PgRexRewriter.function("quantifiedLike", 5), List.of(x, array,
                rb.makeLiteral(op.caseInsensitive), rb.makeLiteral(op.negated), rb.makeLiteral(op.all)));
    }

    /**
     * {@code x [NOT] LIKE | ILIKE ANY | ALL (array)} over a non-constructor array, with SQL's three-valued logic as
     * {@link #quantifiedCompare}: each element's LIKE ({@link StringRuntime#like}, {@link StringRuntime#ilike},
     * backslash the escape), negated for NOT; true (ANY) or false (ALL) as soon as one decides, else NULL when
     * {@code x} or an element was NULL, else false (ANY) or true (ALL), also for an empty array and a NULL {@code x}.
     *
     * @return null for a NULL array
     */
    public static Boolean quantifiedLike(String x, List<?> array, boolean caseInsensitive, boolean negated,
            boolean all) {
        if (array == null) {
            return null;
        }
        boolean unknown = false;
        for (Object e : Values.flatten(array)) {
            if (x == null || e == null) {
                unknown = true;
                continue;
            }
            Boolean like = caseInsensitive ? StringRuntime.ilike(x, e.toString(), "\\")
                    : StringRuntime.like(x, e.toString(), "\\");
            boolean r = like != negated;
            if (r != all) {
                return r;
            }
        }
        return unknown ? null : all;
    }

    /**
     * {@code rex} with every quantified comparison rewritten as above (UPDATE's and DELETE's WHERE, which the
     * datanodes run: the comparisons over an array constructor translate to fragment operators).
     */
    public static RexNode expandAll(RexBuilder rb, RexNode rex) {
        return rex.accept(new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                RexNode r = rewrite(rb, call);
                return r != null ? r.accept(this) : super.visitCall(call);
            }
        });
    }

    /** The elements of an array constructor, or of a cast of one (cast each), or null for another array. */
    private static List<RexNode> elements(RexBuilder rb, RexNode array) {
        if (array instanceof RexCall ctor && ctor.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR) {
            return ctor.getOperands();
        }
        if (array instanceof RexCall cast && cast.getKind() == SqlKind.CAST
                && cast.getOperands().get(0) instanceof RexCall ctor
                && ctor.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR) {
            RelDataType component = cast.getType().getComponentType();
            return ctor.getOperands().stream().map(e -> rb.makeCast(
                    rb.getTypeFactory().createTypeWithNullability(component, e.getType().isNullable()), e)).toList();
        }
        return null;
    }

    /** Whether {@link #quantifiedCompare} compares values of these types as PostgreSQL does. */
    private static boolean comparable(SqlTypeName x, SqlTypeName element) {
        if (!RUNTIME_TYPES.contains(x) || !RUNTIME_TYPES.contains(element)) {
            return false;
        }
        return x == element || SqlTypeName.NUMERIC_TYPES.contains(x) && SqlTypeName.NUMERIC_TYPES.contains(element);
    }

    private static SqlOperator comparison(SqlKind kind) {
        return switch (kind) {
            case EQUALS -> SqlStdOperatorTable.EQUALS;
            case NOT_EQUALS -> SqlStdOperatorTable.NOT_EQUALS;
            case LESS_THAN -> SqlStdOperatorTable.LESS_THAN;
            case LESS_THAN_OR_EQUAL -> SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
            case GREATER_THAN -> SqlStdOperatorTable.GREATER_THAN;
            case GREATER_THAN_OR_EQUAL -> SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
            default -> throw new IllegalArgumentException("not a comparison: " + kind);
        };
    }
}

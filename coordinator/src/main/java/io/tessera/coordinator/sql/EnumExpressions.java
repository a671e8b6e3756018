package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.EnumTypeDef;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.apache.calcite.util.NlsString;

/**
 * Row expressions over enum values ({@link EnumValues}): what {@link PgRexBuilder} does when a cast or a comparison
 * involves an enum type, following PostgreSQL's enum.c and its operator resolution.
 *
 * <ul>
 *   <li>{@code 'x'::mood} (a string literal) becomes the literal key of label {@code x}, so that it routes point
 *       lookups and is pushed to datanodes as text; 22P02 when the type has no such label.
 *   <li>{@code textexpr::mood} calls {@code tessera_enum_in}, {@code m::text} calls {@code tessera_enum_out}
 *       (both evaluated on the coordinator, with the type's labels and keys as a constant argument).
 *   <li>A comparison of an enum with a string literal compares with the literal's key; with another enum type, or
 *       with a non-literal string, it is 42883 ({@code operator does not exist: mood = text}), as in PostgreSQL.
 *   <li>Casts between an enum and anything but strings and itself are 42846 ({@code cannot cast type integer to
 *       mood}).
 * </ul>
 */
final class EnumExpressions {
    static final SqlOperator ENUM_IN = function("tessera_enum_in", "enumIn");
    static final SqlOperator ENUM_OUT = function("tessera_enum_out", "enumOut");
    static final SqlOperator ENUM_ARRAY_IN = arrayFunction("tessera_enum_array_in", "enumArrayIn");
    static final SqlOperator ENUM_ARRAY_OUT = arrayFunction("tessera_enum_array_out", "enumArrayOut");

    private EnumExpressions() {
    }

    private static SqlOperator function(String name, String method) {
        Method m;
        try {
            m = EnumValues.class.getMethod(method, String.class, String.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        return new SqlUserDefinedFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                ReturnTypes.ARG0, null, OperandTypes.operandMetadata(List.of(
                        org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER,
                        org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER),
                        tf -> List.of(), i -> "arg" + i, i -> false), ScalarFunctionImpl.create(m));
    }

    /** A runtime conversion of a whole array ({@link EnumValues#enumArrayIn}, {@link EnumValues#enumArrayOut}). */
    private static SqlOperator arrayFunction(String name, String method) {
        Method m;
        try {
            m = EnumValues.class.getMethod(method, List.class, String.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        return new SqlUserDefinedFunction(new SqlIdentifier(name, SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
                ReturnTypes.ARG0, null, OperandTypes.operandMetadata(List.of(
                        org.apache.calcite.sql.type.SqlTypeFamily.ARRAY,
                        org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER),
                        tf -> List.of(), i -> "arg" + i, i -> false), ScalarFunctionImpl.create(m));
    }

    /**
     * A cast to or from an enum type or an array of one, or null when neither type is one.
     *
     * @throws TesseraException 22P02 for a literal that is no label; 42846 for a cast PostgreSQL has none of
     */
    static RexNode cast(PgRexBuilder rb, RelDataType type, RexNode exp) {
        EnumTypeDef to = EnumValues.of(type);
        EnumTypeDef from = EnumValues.of(exp.getType());
        if (to == null && from == null) {
            return arrayCast(rb, type, exp);
        }
        if (to != null && from != null) {
            if (to.oid() != from.oid()) {
                throw cannotCast(from.name(), to.name());
            }
            return null; // the same type: Calcite's cast (nullability only)
        }
        if (to != null) {
            if (exp instanceof RexLiteral lit && lit.isNull()) {
                return rb.enumNull(type);
            }
            if (!SqlTypeUtil.inCharFamily(exp.getType())) {
                throw cannotCast(typeName(exp.getType()), to.name());
            }
            if (exp instanceof RexLiteral lit) {
                return rb.enumLiteral(EnumValues.toKey(to, lit.getValueAs(String.class)), type);
            }
            return rb.makeCall(type, ENUM_IN, List.of(exp, rb.makeLiteral(EnumValues.mapString(to))));
        }
        if (!SqlTypeUtil.inCharFamily(type)) {
            throw cannotCast(from.name(), typeName(type));
        }
        RelDataType text = rb.getTypeFactory().createTypeWithNullability(
                rb.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), exp.getType().isNullable());
        RexNode out = rb.makeCall(text, ENUM_OUT, List.of(exp, rb.makeLiteral(EnumValues.mapString(from))));
        return type.getSqlTypeName() == SqlTypeName.VARCHAR && type.getPrecision() < 0 ? out : rb.makeCast(type, out);
    }

    /**
     * A cast between arrays where either element type is an enum ({@code array['sad','ok']::mood[]},
     * {@code enum_range(null::mood)::text[]}): each element as {@link #cast} would cast it, by one runtime call; null
     * for anything else, and for NULL (Calcite's NULL of the array type).
     *
     * @throws TesseraException 22P02 (at run time) for an element that is no label; 42846 for a cast PostgreSQL has
     *     none of
     */
    private static RexNode arrayCast(PgRexBuilder rb, RelDataType type, RexNode exp) {
        RelDataType toElement = type.getComponentType();
        RelDataType fromElement = exp.getType().getComponentType();
        EnumTypeDef to = EnumValues.of(toElement);
        EnumTypeDef from = EnumValues.of(fromElement);
        if (to == null && from == null || exp instanceof RexLiteral lit && lit.isNull()) {
            return null;
        }
        if (to != null && from != null) {
            if (to.oid() != from.oid()) {
                throw cannotCast(from.name(), to.name()); // PostgreSQL names the element types
            }
            return null; // the same type: Calcite's cast (nullability only)
        }
        if (to != null) {
            if (fromElement == null) {
                throw cannotCast(typeName(exp.getType()), to.name() + "[]");
            }
            if (!SqlTypeUtil.inCharFamily(fromElement) && fromElement.getSqlTypeName() != SqlTypeName.NULL) {
                throw cannotCast(typeName(fromElement), to.name());
            }
            return rb.makeCall(type, ENUM_ARRAY_IN, List.of(exp, rb.makeLiteral(EnumValues.mapString(to))));
        }
        if (toElement == null) {
            throw cannotCast(from.name() + "[]", typeName(type));
        }
        if (!SqlTypeUtil.inCharFamily(toElement)) {
            throw cannotCast(from.name(), typeName(toElement));
        }
        return rb.makeCall(type, ENUM_ARRAY_OUT, List.of(exp, rb.makeLiteral(EnumValues.mapString(from))));
    }

    /**
     * The operands of a comparison with an enum operand: a string literal compared with an enum becomes its key,
     * also when compared with the elements of an enum array ({@code 'ok' = any(enum_range(null::mood))}); null
     * when there is nothing to change.
     *
     * @throws TesseraException 42883 when an enum is compared with another enum type or a non-literal string
     */
    static List<RexNode> comparisonOperands(PgRexBuilder rb, SqlOperator op, List<? extends RexNode> operands) {
        if (operands.size() == 2 && (op.getKind() == SqlKind.SOME || op.getKind() == SqlKind.ALL)) {
            RelDataType element = operands.get(1).getType().getComponentType();
            if (EnumValues.of(element) != null && stringLiteral(operands.get(0))) {
                return List.of(cast(rb, element, operands.get(0)), operands.get(1));
            }
            return null;
        }
        if (operands.size() != 2 || !op.getKind().belongsTo(SqlKind.COMPARISON)
                && op.getKind() != SqlKind.IS_DISTINCT_FROM && op.getKind() != SqlKind.IS_NOT_DISTINCT_FROM) {
            return null;
        }
        RexNode a = operands.get(0);
        RexNode b = operands.get(1);
        EnumTypeDef ea = EnumValues.of(a.getType());
        EnumTypeDef eb = EnumValues.of(b.getType());
        if (ea == null && eb == null || ea != null && eb != null && ea.oid() == eb.oid()) {
            return null;
        }
        List<RexNode> out = new ArrayList<>(operands);
        if (ea != null && eb == null && stringLiteral(b)) {
            out.set(1, cast(rb, a.getType(), b));
            return out;
        }
        if (eb != null && ea == null && stringLiteral(a)) {
            out.set(0, cast(rb, b.getType(), a));
            return out;
        }
        if (ea == null && a instanceof RexLiteral la && la.isNull() || eb == null && b instanceof RexLiteral lb
                && lb.isNull()) {
            return null;
        }
        throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: "
                + typeName(a.getType()) + " " + symbol(op) + " " + typeName(b.getType()), null,
                "No operator matches the given name and argument types. You might need to add explicit type casts.",
                0, null);
    }

    private static boolean stringLiteral(RexNode n) {
        return n instanceof RexLiteral lit && SqlTypeUtil.inCharFamily(lit.getType());
    }

    private static String symbol(SqlOperator op) {
        return switch (op.getKind()) {
            case NOT_EQUALS -> "<>";
            case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> "=";
            default -> op.getName();
        };
    }

    /** PostgreSQL's name of a type in messages: the enum's name, else format_type's. */
    static String typeName(RelDataType t) {
        EnumTypeDef e = EnumValues.of(t);
        if (e != null) {
            return e.name();
        }
        try {
            return TypeMapping.toPgType(t).sqlName();
        } catch (RuntimeException notMapped) {
            return t.getSqlTypeName().getName().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static TesseraException cannotCast(String from, String to) {
        return new TesseraException(SqlState.CANNOT_COERCE, "cannot cast type " + from + " to " + to);
    }

    /** The NlsString of a key literal of enum type {@code type}. */
    static NlsString keyString(String key, RelDataType type) {
        return new NlsString(key, type.getCharset().name(), type.getCollation());
    }
}

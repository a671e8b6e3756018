package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.pgcatalog.PgTypeCatalog;
import io.tessera.coordinator.catalog.pgcatalog.RegCasts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCollation;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Values of PostgreSQL's {@code regtype} (oid 2206, https://www.postgresql.org/docs/15/datatype-oid.html): the
 * result of {@code pg_typeof(x)} and of a cast to regtype, a type's OID that prints as the type's name; and of
 * {@code regclass} (oid 2205), a relation's OID that prints as its name (qualified when the search path does not
 * find it), the result of a cast to regclass. Both are carried alike ({@link Kind}); below, "regtype" stands for
 * either, and the two never mix (a UNION of a regtype and a regclass has no common type, as in PostgreSQL).
 *
 * <p>Representation, everywhere below the client, as {@link EnumValues} carries enum types: a value is its OID as a
 * ten-digit, zero-padded string ({@link #key}: {@code 23} is {@code 0000000023}), so the string order is PostgreSQL's
 * order of regtype (by OID); to Calcite the type is {@code VARCHAR} with {@link RegtypeCollation}, which rides
 * through sub-queries, CTEs, UNION branches, CASE and COALESCE as a collation does. The value turns into the
 * type's name ({@code regtypeout}) where it leaves as text: a cast to a string type, {@code ||}, and every result
 * row ({@link #namesOut}, RowDescription type 2206). A cast to an integer type or {@code oid} is the number.
 *
 * <p>Comparisons follow PostgreSQL, where regtype has no operators of its own and compares as {@code oid}: with
 * another regtype by key, with an integer as the number, with a string literal read as an OID
 * ({@code pg_typeof(1) = '23'} is true, {@code pg_typeof(1) = 'integer'} is 22P02 as in PostgreSQL, which wants
 * {@code 'integer'::regtype}). Any other function or operator applied to a regtype is 42883 rather than an answer
 * computed from the key.
 */
public final class RegtypeValues {
    /** pg_type's oid of regtype. */
    public static final int OID = 2206;

    /**
     * The object-identifier types carried as a type of their own: each with its pg_type OID, its name, and the
     * runtime functions ({@link RegCasts}) that print an OID ({@code *out}) and read a name into a key.
     */
    public enum Kind {
        REGTYPE(OID, "tessera_regtype_out", "regtypeOut", "tessera_regtype_in", "regtypeKey"),
        REGCLASS(2205, "tessera_regclass_out", "regclassOut", "tessera_regclass_in", "regclassKey");

        /** pg_type's oid of the type. */
        public final int oid;
        private final SqlOperator out;
        private final SqlOperator keyIn;

        Kind(int oid, String outName, String outJava, String inName, String inJava) {
            this.oid = oid;
            this.out = RegCasts.runtimeFunction(outName, outJava, SqlTypeName.VARCHAR, SqlTypeName.INTEGER);
            this.keyIn = RegCasts.runtimeFunction(inName, inJava, SqlTypeName.VARCHAR, SqlTypeName.VARCHAR);
        }

        /** The type's SQL name ({@code regtype}, {@code regclass}). */
        public String sqlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The text form of OID {@code oid} ({@code regtypeout}, {@code regclassout}). */
        String print(org.apache.calcite.DataContext context, int oid) {
            return this == REGTYPE ? RegCasts.regtypeOut(context, oid) : RegCasts.regclassOut(context, oid);
        }
    }

    /**
     * The input functions {@code PgRexRewriter} turns a cast from a string to a number into: applied to a regtype's
     * key (its OID's digits, zero-padded) they give the OID, as {@link #cast} to a number means.
     */
    private static final java.util.Set<String> NUMBER_INPUTS = java.util.Set.of("pg_int2fromtext", "pg_int4fromtext",
            "pg_int8fromtext", "pg_numericfromtext");

    private RegtypeValues() {
    }

    /**
     * The collation that marks a Calcite VARCHAR as regtype or regclass (its name is the type's); its keys compare
     * by plain string order.
     */
    public static final class RegtypeCollation extends SqlCollation {
        private final Kind kind;

        RegtypeCollation(java.nio.charset.Charset charset, Kind kind) {
            super(Coercibility.IMPLICIT, Locale.ROOT, charset, kind.sqlName());
            this.kind = kind;
        }

        @Override
        public java.text.Collator getCollator() {
            return null;
        }
    }

    /** The Calcite type of regtype, nullable or not. */
    public static RelDataType relType(RelDataTypeFactory f, boolean nullable) {
        return relType(f, Kind.REGTYPE, nullable);
    }

    /** The Calcite type of {@code kind}, nullable or not. */
    public static RelDataType relType(RelDataTypeFactory f, Kind kind, boolean nullable) {
        RelDataType varchar = f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), nullable);
        java.nio.charset.Charset charset = f.getDefaultCharset();
        return f.createTypeWithCharsetAndCollation(varchar, charset, new RegtypeCollation(charset, kind));
    }

    /** Whether {@code t} is regtype or regclass. */
    public static boolean is(RelDataType t) {
        return kind(t) != null;
    }

    /** Which of regtype and regclass {@code t} is; null for any other type. */
    public static Kind kind(RelDataType t) {
        return t != null && t.getCollation() instanceof RegtypeCollation c && t.getSqlTypeName() != SqlTypeName.NULL
                ? c.kind : null;
    }

    /** The stored form of type OID {@code oid}: ten digits, zero-padded. */
    public static String key(int oid) {
        return String.format(Locale.ROOT, "%010d", Integer.toUnsignedLong(oid));
    }

    /**
     * {@link EnumValues#NO_COMMON_TYPE} when regtype meets another type in a UNION, CASE or COALESCE (PostgreSQL:
     * {@code UNION types regtype and text cannot be matched}); regtype when the others are regtype, NULL or string
     * literals (Calcite's {@code CHAR(n)}, PostgreSQL's unknown, read by regtype's input); null when none is regtype.
     */
    static RelDataType commonType(RelDataTypeFactory f, List<RelDataType> types) {
        Kind found = null;
        boolean nullable = false;
        for (RelDataType t : types) {
            found = found != null ? found : kind(t);
            nullable |= t.isNullable();
        }
        if (found == null) {
            return null;
        }
        for (RelDataType t : types) {
            if (kind(t) != found && (is(t) || t.getSqlTypeName() != SqlTypeName.NULL
                    && t.getSqlTypeName() != SqlTypeName.CHAR)) {
                return EnumValues.NO_COMMON_TYPE;
            }
        }
        return relType(f, found, nullable);
    }

    /** For each field of {@code rowType}, its kind when it is regtype or regclass; null when none is. */
    public static Kind[] fields(RelDataType rowType) {
        Kind[] out = new Kind[rowType.getFieldCount()];
        boolean any = false;
        for (int i = 0; i < out.length; i++) {
            out[i] = kind(rowType.getFieldList().get(i).getType());
            any |= out[i] != null;
        }
        return any ? out : null;
    }

    /**
     * Replaces, in place, each key of a result row's regtype and regclass fields ({@code fields}, null where a
     * field is neither) with the name it prints as ({@code regtypeout}, {@code regclassout}).
     */
    public static Object namesOut(org.apache.calcite.DataContext context, Object row, Kind[] fields) {
        if (row instanceof Object[] values) {
            for (int i = 0; i < values.length && i < fields.length; i++) {
                if (fields[i] != null && values[i] instanceof String key) {
                    values[i] = fields[i].print(context, Integer.parseUnsignedInt(key));
                }
            }
            return values;
        }
        return fields[0] != null && row instanceof String key
                ? fields[0].print(context, Integer.parseUnsignedInt(key)) : row;
    }

    /**
     * The OID of the type named {@code name} as regtype's input reads it at planning time: digits are the OID; a
     * built-in type's name ({@code int4}, {@code integer}, {@code pg_catalog.int8}, {@code character varying}); an
     * enum type of the database, qualified or found through the search path.
     *
     * @throws TesseraException 42704 {@code type "x" does not exist}
     */
    static int oidOf(PgJavaTypeFactory f, String name) {
        String t = name.trim();
        if (t.matches("[0-9]+")) {
            return (int) Long.parseLong(t);
        }
        List<String> parts = io.tessera.coordinator.catalog.pgcatalog.NameParts.split(t);
        String simple = parts.get(parts.size() - 1);
        boolean catalog = parts.size() == 1 || parts.get(0).equals("pg_catalog");
        PgTypeCatalog.TypeRow row = catalog ? PgTypeCatalog.byName(simple) : null;
        if (row == null && catalog) {
            for (PgTypeCatalog.TypeRow r : PgTypeCatalog.all()) {
                if (r.formatName().equals(t.toLowerCase(Locale.ROOT))) {
                    row = r;
                }
            }
        }
        if (row != null) {
            return row.oid();
        }
        io.tessera.coordinator.catalog.EnumTypeDef e = parts.size() > 2 ? null
                : f.enumTypeNamed(parts.size() == 2 ? parts.get(0) : null, simple);
        if (e != null) {
            return e.oid();
        }
        throw new TesseraException(SqlState.UNDEFINED_OBJECT, "type \"" + t + "\" does not exist");
    }

    /**
     * A cast to or from regtype, or null when neither type is regtype (or both are).
     *
     * @throws TesseraException 42846 for a cast PostgreSQL has none of; 42704 for a literal that names no type
     */
    static RexNode cast(PgRexBuilder rb, RelDataType type, RexNode exp) {
        Kind to = kind(type);
        Kind from = kind(exp.getType());
        if (to == from) {
            return null;
        }
        if (to != null && from != null) {
            throw cannotCast(from.sqlName(), to.sqlName());
        }
        RelDataTypeFactory f = rb.getTypeFactory();
        if (to != null) {
            if (exp instanceof RexLiteral lit && lit.isNull()) {
                return rb.enumNull(type);
            }
            if (SqlTypeUtil.inCharFamily(exp.getType())) {
                if (exp instanceof RexLiteral lit && to == Kind.REGTYPE) {
                    return literal(rb, oidOf((PgJavaTypeFactory) f, lit.getValueAs(String.class)), type);
                }
                // a relation's name is looked up when the statement runs, in the session's search path
                return rb.makeCall(f.createTypeWithNullability(type, exp.getType().isNullable()), to.keyIn,
                        List.of(exp));
            }
            if (SqlTypeUtil.isIntType(exp.getType())) { // oid, int4, int2, int8: the number is the OID
                if (exp instanceof RexLiteral lit) {
                    return literal(rb, lit.getValueAs(Long.class).intValue(), type);
                }
                RexNode digits = rb.makeCast(f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR),
                        exp.getType().isNullable()), exp);
                return rb.makeCall(f.createTypeWithNullability(type, exp.getType().isNullable()),
                        org.apache.calcite.sql.fun.SqlLibraryOperators.LPAD, List.of(digits,
                                rb.makeExactLiteral(java.math.BigDecimal.TEN), rb.makeLiteral("0")));
            }
            throw cannotCast(EnumExpressions.typeName(exp.getType()), to.sqlName());
        }
        // the key's digits as a number; no cast to text in between, which RexSimplify would hand back to makeCast,
        // and a constant's number as a constant
        RelDataType integer = f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER),
                exp.getType().isNullable());
        RexNode number = exp instanceof RexLiteral lit && !lit.isNull()
                ? rb.makeExactLiteral(new java.math.BigDecimal(Long.parseLong(lit.getValueAs(String.class))), integer)
                : rb.makeAbstractCast(integer, exp, false);
        if (SqlTypeUtil.inCharFamily(type)) {
            RexNode name = rb.makeCall(f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR),
                    exp.getType().isNullable()), from.out, List.of(number));
            return type.getSqlTypeName() == SqlTypeName.VARCHAR && type.getPrecision() < 0 ? name
                    : rb.makeCast(type, name);
        }
        if (type.getSqlTypeName() == SqlTypeName.INTEGER || type.getSqlTypeName() == SqlTypeName.BIGINT) {
            // regtype's casts are to oid and through it to int4 and int8; smallint and numeric are 42846 there
            return type.getSqlTypeName() == SqlTypeName.INTEGER ? number : rb.makeCast(type, number);
        }
        throw cannotCast(from.sqlName(), EnumExpressions.typeName(type));
    }

    /** The regtype constant of type OID {@code oid}; {@code type} is regtype ({@link #relType}). */
    public static RexLiteral literal(org.apache.calcite.rex.RexBuilder rb, int oid, RelDataType type) {
        return ((PgRexBuilder) rb).enumLiteral(key(oid), type);
    }

    /**
     * The operands of a call with a regtype operand, as PostgreSQL resolves it: a comparison with a regtype of the
     * same type as it is; with an integer, the regtype's number; with a string literal, that literal read as an OID;
     * {@code ||} and {@code concat} the type's name. Null when no operand is regtype or nothing changes.
     *
     * @throws TesseraException 22P02 for a string literal that is no OID; 42883 for any other operator or function
     *     of a regtype, and for a comparison with another type
     */
    static List<RexNode> operands(PgRexBuilder rb, SqlOperator op, List<? extends RexNode> operands) {
        boolean any = false;
        for (RexNode o : operands) {
            any |= is(o.getType());
        }
        if (!any) {
            return null;
        }
        SqlKind kind = op.getKind();
        RelDataTypeFactory f = rb.getTypeFactory();
        if (kind == SqlKind.OTHER && op == SqlStdOperatorTable.CONCAT || kind == SqlKind.CONCAT_WITH_NULL
                || kind == SqlKind.CONCAT2 || kind == SqlKind.CONCAT_WS_POSTGRESQL
                || op.getName().equalsIgnoreCase("concat") || op.getName().equalsIgnoreCase("concat_ws")) {
            List<RexNode> out = new ArrayList<>();
            for (RexNode o : operands) {
                out.add(is(o.getType()) ? cast(rb, f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR),
                        o.getType().isNullable()), o) : o);
            }
            return out;
        }
        boolean comparison = kind.belongsTo(SqlKind.COMPARISON) || kind == SqlKind.IS_DISTINCT_FROM
                || kind == SqlKind.IS_NOT_DISTINCT_FROM;
        if (comparison && operands.size() == 2) {
            RexNode a = operands.get(0);
            RexNode b = operands.get(1);
            if (is(a.getType()) && is(b.getType()) || a instanceof RexLiteral la && la.isNull()
                    || b instanceof RexLiteral lb && lb.isNull()) {
                return null;
            }
            RexNode regtype = is(a.getType()) ? a : b;
            RexNode other = is(a.getType()) ? b : a;
            RexNode replaced;
            if (other instanceof RexLiteral lit && SqlTypeUtil.inCharFamily(lit.getType())) {
                String text = lit.getValueAs(String.class).trim();
                if (!text.matches("[0-9]{1,10}")) {
                    throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION,
                            "invalid input syntax for type oid: \"" + lit.getValueAs(String.class) + "\"");
                }
                replaced = literal(rb, (int) Long.parseLong(text), regtype.getType());
                return is(a.getType()) ? List.of(a, replaced) : List.of(replaced, b);
            }
            if (SqlTypeUtil.isIntType(other.getType())) {
                RexNode number = cast(rb, f.createTypeWithNullability(f.createSqlType(SqlTypeName.BIGINT),
                        regtype.getType().isNullable()), regtype);
                RexNode wide = rb.makeCast(f.createTypeWithNullability(f.createSqlType(SqlTypeName.BIGINT),
                        other.getType().isNullable()), other);
                return is(a.getType()) ? List.of(number, wide) : List.of(wide, number);
            }
            throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: "
                    + name(a.getType()) + " " + symbol(op) + " " + name(b.getType()), null,
                    "No operator matches the given name and argument types. You might need to add explicit type"
                    + " casts.", 0, null);
        }
        if (kind == SqlKind.NULLS_FIRST || kind == SqlKind.NULLS_LAST || kind == SqlKind.DESCENDING
                || kind == SqlKind.CASE || kind == SqlKind.COALESCE || kind == SqlKind.IS_NULL
                || kind == SqlKind.IS_NOT_NULL || kind == SqlKind.CAST || kind == SqlKind.ROW
                || kind == SqlKind.SEARCH || kind == SqlKind.NULLIF || kind == SqlKind.IN
                || kind == SqlKind.NOT_IN || NUMBER_INPUTS.contains(op.getName().toLowerCase(Locale.ROOT))) {
            return null; // a number's input function reads the key's digits as the OID (a cast to a number)
        }
        List<String> names = new ArrayList<>();
        for (RexNode o : operands) {
            names.add(name(o.getType()));
        }
        throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "function " + op.getName().toLowerCase(Locale.ROOT)
                + "(" + String.join(", ", names) + ") does not exist", null, "No function matches the given name and"
                + " argument types. You might need to add explicit type casts.", 0, null);
    }

    private static String name(RelDataType t) {
        return is(t) ? kind(t).sqlName() : EnumExpressions.typeName(t);
    }

    private static String symbol(SqlOperator op) {
        return switch (op.getKind()) {
            case NOT_EQUALS -> "<>";
            case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> "=";
            default -> op.getName();
        };
    }

    private static TesseraException cannotCast(String from, String to) {
        return new TesseraException(SqlState.CANNOT_COERCE, "cannot cast type " + from + " to " + to);
    }
}

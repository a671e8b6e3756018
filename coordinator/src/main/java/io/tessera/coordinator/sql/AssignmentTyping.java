package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.EnumTypeDef;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's assignment typing of INSERT and UPDATE, decided at planning by the SQL type of each assigned
 * expression (parse_target.c {@code transformAssignedExpr}, {@code coerce_to_target_type} with
 * COERCION_ASSIGNMENT): a value whose type has an implicit or assignment cast to the column's type (pg_cast's
 * castcontext {@code 'i'} or {@code 'a'}, and the I/O conversion to a string type every type has) is converted by
 * that cast; an untyped literal ({@code '...'} or NULL) is read by the column type's input function; anything
 * else is 42804 {@code column "c" is of type T but expression is of type S}.
 *
 * <p>The casts it accepts, as PostgreSQL 15's pg_cast has them among Tessera's types: any two of int2, int4, int8,
 * numeric, float4, float8 (narrowing ones raise 22003 at run time); timestamp and timestamptz to each other, to date
 * and to time; date to timestamp and timestamptz; time to interval and back; json to jsonb and back; any type to
 * text, varchar and char. Not PostgreSQL's: a text expression is accepted into a json or jsonb column, since json
 * expressions are typed text here (the value is checked by json's input function); varchar(n) and char(n) ones are
 * refused as PostgreSQL does.
 */
public final class AssignmentTyping {
    private AssignmentTyping() {
    }

    /**
     * Which of a query's output columns are untyped literals, as PostgreSQL's {@code unknown}: in a VALUES list a
     * column whose every row holds a string literal, NULL, DEFAULT or a parameter; in a SELECT a string literal or
     * NULL item. Read from the parse tree before validation (Calcite types a string literal as char(n)).
     *
     * @param source the INSERT's source as parsed
     * @param width the number of columns the caller asks about
     */
    public static boolean[] untyped(SqlNode source, int width) {
        boolean[] out = new boolean[width];
        SqlNode q = source;
        while (q instanceof SqlOrderBy || q instanceof SqlWith) {
            q = q instanceof SqlOrderBy o ? o.query : ((SqlWith) q).body;
        }
        if (q.getKind() == SqlKind.VALUES) {
            java.util.Arrays.fill(out, true);
            for (SqlNode row : ((SqlCall) q).getOperandList()) {
                if (!(row instanceof SqlBasicCall r)) {
                    return new boolean[width];
                }
                for (int i = 0; i < width; i++) {
                    out[i] &= i < r.operandCount() && (isUntyped(r.operand(i))
                            || r.operand(i).getKind() == SqlKind.DEFAULT
                            || r.operand(i).getKind() == SqlKind.DYNAMIC_PARAM);
                }
            }
        } else if (q instanceof SqlSelect s && s.getSelectList() != null) {
            List<SqlNode> items = s.getSelectList().getList();
            for (int i = 0; i < width && i < items.size(); i++) {
                SqlNode item = items.get(i);
                if (item.getKind() == SqlKind.IDENTIFIER && item.toString().endsWith("*")) {
                    return new boolean[width]; // a star: positions no longer match
                }
                if (item.getKind() == SqlKind.AS) {
                    item = ((SqlCall) item).operand(0);
                }
                out[i] = isUntyped(item);
            }
        }
        return out;
    }

    /** Whether an UPDATE's SET expression is an untyped literal (a string literal or NULL), read by text input. */
    public static boolean isUntyped(SqlNode e) {
        return e instanceof org.apache.calcite.sql.SqlCharStringLiteral || SqlUtil.isNullLiteral(e, false);
    }

    /**
     * An UPDATE or ON CONFLICT SET expression as the synthetic query selects it: an untyped literal or a parameter
     * cast to the column's type (read by its input function, typed as the column); a typed literal checked now
     * ({@link #check}) and cast, so Calcite folds it into a value of the column's type (numeric(p,s)'s scale); any
     * other typed expression as it is, its type checked once validated and the assignment cast added then (also a
 * typed literal the validator resolves, {@code timestamp '…'} or {@code numeric '1.5'}: its type is known only then).
     *
     * @param nested whether {@code e} holds a parameter inside (validated as it is: Calcite cannot type it under a cast)
     * @throws TesseraException 42804 for a typed literal without an assignment cast to the column's type
     */
    public static SqlNode assigned(SqlNode e, ColumnDef c, RelDataType columnType, boolean nested,
            RelDataTypeFactory types, CatalogSnapshot catalog, String database) {
        if (nested) {
            return e;
        }
        SqlNode literal = e.getKind() == SqlKind.MINUS_PREFIX ? ((SqlCall) e).operand(0) : e; // -2.5 too
        if (literal instanceof SqlLiteral l && !isUntyped(literal)
                && !(literal instanceof org.apache.calcite.sql.SqlUnknownLiteral)) {
            check(l.createSqlType(types), c, catalog, database);
        } else if (!isUntyped(e) && e.getKind() != SqlKind.DYNAMIC_PARAM && e.getKind() != SqlKind.DEFAULT) {
            return e;
        }
        return io.tessera.coordinator.sql.functions.IntervalFunctions.castTo(e, columnType);
    }

    /**
     * A SET value {@code v} (validated and converted) with the assignment cast to its column's type at the top, which
     * the datanodes apply with assignment semantics ({@code exec.RexToExpr#translateAssigned}): none where {@code v}
     * has that type already, unless {@code v} is itself a cast (an explicit {@code t::varchar(5)}, which cuts the
     * string, where the assignment would refuse it: 22001), kept under an assignment cast of its own.
     */
    public static org.apache.calcite.rex.RexNode cast(org.apache.calcite.rex.RexBuilder rexBuilder,
            RelDataType columnType, org.apache.calcite.rex.RexNode v) {
        if (!v.getType().equals(columnType)) {
            return rexBuilder.makeCast(columnType, v, true, false);
        }
        return v.getKind() == SqlKind.CAST ? rexBuilder.makeAbstractCast(columnType, v) : v;
    }

    /**
     * Checks that a value of type {@code from} may be assigned to column {@code c}.
     *
     * @param from the expression's validated type (an untyped literal's is not checked)
     * @throws TesseraException 42804 with PostgreSQL's message and hint when no implicit or assignment cast exists
     */
    public static void check(RelDataType from, ColumnDef c, CatalogSnapshot catalog, String database) {
        if (from.getSqlTypeName() == SqlTypeName.NULL) {
            return;
        }
        if (RegtypeValues.is(from) && (EnumValues.typeOid(c) != 0 || !isString(c.type()))) {
            // a query's regtype leaves it as the type's name (RegtypeValues): PostgreSQL's assignment to integer,
            // bigint and oid (the number) is not there yet
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "assigning a regtype to column \""
                    + c.name() + "\" of type " + c.type().sqlName() + " is not supported; cast it to oid", null,
                    null, 0, null);
        }
        EnumTypeDef fromEnum = EnumValues.of(from);
        int toEnumOid = EnumValues.typeOid(c);
        EnumTypeDef toEnum = toEnumOid == 0 ? null : EnumValues.byOid(catalog.types(database), toEnumOid);
        PgType to = c.type();
        boolean ok;
        if (toEnumOid != 0) {
            ok = fromEnum != null && fromEnum.oid() == toEnumOid;
        } else if (isString(to)) {
            ok = true; // every type's output function: an assignment cast to the string types
        } else if (fromEnum != null) {
            ok = false;
        } else {
            ok = allowed(TypeMapping.toPgType(from), to);
        }
        if (!ok) {
            String target = toEnum != null ? toEnum.name() : to.sqlName();
            String source = fromEnum != null ? fromEnum.name() : TypeMapping.toPgType(from).sqlName();
            throw new TesseraException(SqlState.DATATYPE_MISMATCH, "column \"" + c.name() + "\" is of type " + target
                    + " but expression is of type " + source, null, "You will need to rewrite or cast the expression.",
                    0, null);
        }
    }

    /**
     * The type by which the executor converts a value of {@code from} assigned to {@code c}
     * ({@code exec.InsertExecutor#withSourceTypes}), or null where the value goes in as it is: untyped literals
     * (text input), enums (their labels), values already of the column's type.
     */
    public static PgType conversionType(RelDataType from, boolean untyped, ColumnDef c) {
        if (untyped || from.getSqlTypeName() == SqlTypeName.NULL || EnumValues.of(from) != null
                || RegtypeValues.is(from)
                || EnumValues.typeOid(c) != 0) {
            return null;
        }
        if (c.type().isArray()) {
            return null; // Coercion converts the elements
        }
        PgType t = TypeMapping.toPgType(from);
        boolean bits = (t == PgType.BIT || t == PgType.VARBIT) && (c.type() == PgType.BIT || c.type() == PgType.VARBIT);
        return t == c.type() || bits ? null : t; // bit and bit varying values are one String form
    }

    /** Whether pg_cast has an implicit or assignment cast from {@code from} to {@code to} (or they are one type). */
    static boolean allowed(PgType from, PgType to) {
        if (from == to || isString(to)) {
            return true;
        }
        if (from.isArray() && to.isArray()) {
            return allowed(from.element(), to.element()); // array_coerce: the elements' cast
        }
        if (isNumber(from) && isNumber(to)) {
            return true;
        }
        return switch (to) {
            case OID -> from == PgType.INT2 || from == PgType.INT4 || from == PgType.INT8;
            case DATE -> from == PgType.TIMESTAMP || from == PgType.TIMESTAMPTZ;
            case TIMESTAMP, TIMESTAMPTZ -> from == PgType.DATE || from == PgType.TIMESTAMP || from == PgType.TIMESTAMPTZ;
            case TIME -> from == PgType.TIMESTAMP || from == PgType.TIMESTAMPTZ || from == PgType.INTERVAL;
            case INTERVAL -> from == PgType.TIME;
            case BIT, VARBIT -> from == PgType.BIT || from == PgType.VARBIT; // bit ↔ varbit; the typmod decides
            // json expressions are typed text here: text is let into json columns, json's input checks it
            case JSON, JSONB -> from == PgType.JSON || from == PgType.JSONB || from == PgType.TEXT;
            default -> false;
        };
    }

    private static boolean isNumber(PgType t) {
        return switch (t) {
            case INT2, INT4, INT8, NUMERIC, FLOAT4, FLOAT8 -> true;
            default -> false;
        };
    }

    private static boolean isString(PgType t) {
        return t == PgType.TEXT || t == PgType.VARCHAR || t == PgType.BPCHAR || t == PgType.NAME;
    }
}

package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlInternalOperators;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * PostgreSQL's errors for the results of a {@code CASE} or the arguments of a {@code COALESCE} that have no common
 * type ({@code select_common_type} in parse_coerce.c), where Calcite would say "Illegal mixing of types in CASE or
 * COALESCE statement" or pick a type PostgreSQL refuses. The candidates are taken in PostgreSQL's order (a CASE's
 * ELSE first, then its THENs; COALESCE's arguments as written), leaving out the untyped ones (string literals,
 * NULL, parameters); the first is the running choice:
 * <ul>
 *   <li>a candidate of another type category (numeric, string, boolean, date/time, timespan) fails with 42804
 *       {@code COALESCE types time without time zone and interval cannot be matched} (the choice, then it);</li>
 *   <li>within date/time, a candidate the choice converts to implicitly (date to timestamp[tz], timestamp to
 *       timestamptz) and not back becomes the choice; a candidate that does not convert implicitly to the final
 *       choice fails with 42846 {@code COALESCE could not convert type timestamp without time zone to time without
 *       time zone}.</li>
 * </ul>
 * With a date/time or interval choice, a CASE's string literals are read as that type (Calcite finds no common
 * type of a time and a char). Types outside these categories (arrays, enums, bytea, uuid, bit strings, rows) are
 * left to the other rules.
 */
final class SelectCommonType {
    private SelectCommonType() {
    }

    /**
     * Checks {@code expr} when it is a CASE or COALESCE, as the class comment says.
     *
     * @param coalesce whether {@code expr} is the CASE Calcite made of a COALESCE call (its THENs, then its ELSE, are
     *     the arguments)
     * @throws TesseraException 42804 or 42846 with PostgreSQL's message
     */
    static void check(SqlValidator validator, SqlValidatorScope scope, SqlNode expr, boolean coalesce) {
        String context;
        List<SqlNode> candidates = new ArrayList<>();
        if (expr instanceof SqlCase c) {
            context = coalesce ? "COALESCE" : "CASE";
            if (!coalesce && c.getElseOperand() != null) {
                candidates.add(c.getElseOperand());
            }
            candidates.addAll(c.getThenOperands().getList());
            if (coalesce) {
                candidates.add(c.getElseOperand());
            }
        } else if (expr instanceof SqlBasicCall call && call.getKind() == SqlKind.COALESCE) {
            context = "COALESCE";
            candidates.addAll(call.getOperandList());
        } else {
            return;
        }
        List<RelDataType> types = new ArrayList<>();
        for (SqlNode candidate : candidates) {
            SqlNode n = unwrap(candidate);
            if (n == null || n instanceof SqlCharStringLiteral || n instanceof SqlDynamicParam
                    || n instanceof SqlLiteral l && l.getTypeName() == SqlTypeName.NULL) {
                continue;
            }
            RelDataType t = validator.deriveType(scope, n);
            if (t.getSqlTypeName() == SqlTypeName.NULL) {
                continue;
            }
            if (category(t) == 0) {
                return; // a type this class does not know: Calcite's and the other rules' business
            }
            types.add(t);
        }
        if (types.isEmpty()) {
            return;
        }
        RelDataType chosen = types.get(0);
        for (RelDataType t : types.subList(1, types.size())) {
            if (category(t) != category(chosen)) {
                throw new TesseraException(SqlState.DATATYPE_MISMATCH, context + " types "
                        + EnumExpressions.typeName(chosen) + " and " + EnumExpressions.typeName(t)
                        + " cannot be matched");
            }
            if (category(t) == 'D' && implicit(chosen, t) && !implicit(t, chosen)) {
                chosen = t;
            }
        }
        if (category(chosen) == 'D') {
            for (RelDataType t : types) {
                if (!implicit(t, chosen)) {
                    throw new TesseraException(SqlState.CANNOT_COERCE, context + " could not convert type "
                            + EnumExpressions.typeName(t) + " to " + EnumExpressions.typeName(chosen));
                }
            }
        }
        if ((category(chosen) == 'D' || category(chosen) == 'T') && expr instanceof SqlCase c) {
            // a string literal (PostgreSQL's unknown) is read as the common type, where Calcite finds no common one
            SqlNodeList thens = c.getThenOperands();
            for (int i = 0; i < thens.size(); i++) {
                SqlNode then = thens.get(i);
                if (then instanceof SqlCharStringLiteral) {
                    thens.set(i, literalAs(then, chosen, validator));
                } else if (then != unwrap(then) && unwrap(then) instanceof SqlCharStringLiteral) {
                    ((SqlBasicCall) then).setOperand(0, literalAs(unwrap(then), chosen, validator));
                }
            }
            if (c.getElseOperand() instanceof SqlCharStringLiteral) {
                c.setOperand(3, literalAs(c.getElseOperand(), chosen, validator));
            }
        }
    }

    /** The operand of the {@code CAST NOT NULL} Calcite's COALESCE rewrite puts around each THEN; else {@code n}. */
    private static SqlNode unwrap(SqlNode n) {
        return n instanceof SqlBasicCall call && call.getOperator() == SqlInternalOperators.CAST_NOT_NULL
                ? call.operand(0) : n;
    }

    private static SqlNode literalAs(SqlNode literal, RelDataType type, SqlValidator validator) {
        return io.tessera.coordinator.sql.functions.IntervalFunctions.castTo(literal,
                validator.getTypeFactory().createTypeWithNullability(type, false));
    }

    /** PostgreSQL's {@code typcategory} of {@code t}, for the types it is sure of; 0 for the others. */
    private static char category(RelDataType t) {
        if (EnumValues.of(t) != null || RegtypeValues.is(t)) {
            return 0;
        }
        PgType type;
        try {
            type = TypeMapping.toPgType(t);
        } catch (RuntimeException notMapped) {
            return 0;
        }
        return switch (type) {
            case INT2, INT4, INT8, OID, FLOAT4, FLOAT8, NUMERIC -> 'N';
            case TEXT, NAME, BPCHAR, VARCHAR -> 'S';
            case BOOL -> 'B';
            case DATE, TIME, TIMESTAMP, TIMESTAMPTZ -> 'D';
            case INTERVAL -> 'T';
            default -> 0;
        };
    }

    /** Whether a date/time type {@code from} is {@code to} or converts to it implicitly (pg_cast's 'i' casts). */
    private static boolean implicit(RelDataType from, RelDataType to) {
        PgType f = TypeMapping.toPgType(from);
        PgType t = TypeMapping.toPgType(to);
        return f == t || f == PgType.DATE && (t == PgType.TIMESTAMP || t == PgType.TIMESTAMPTZ)
                || f == PgType.TIMESTAMP && t == PgType.TIMESTAMPTZ;
    }
}

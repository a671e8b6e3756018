package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgTime;
import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The last step of every assignment to a column: a value already of the column's type is fitted to the column's
 * type modifier (PostgreSQL's atttypmod), as PostgreSQL's length coercion functions do under an assignment cast —
 * {@code varchar(varchar, int4, false)} and {@code bpchar(bpchar, int4, false)} (varchar.c): a string longer than
 * n characters is 22001 {@code value too long for type character varying(n)} unless the excess is blanks, which are
 * cut; char(n) is then blank-padded to n characters — and {@code numeric(numeric, int4)} (numeric.c
 * {@code apply_typmod}): the value is rounded to the scale, half away from zero, and one whose integral digits
 * exceed precision − scale is 22003 {@code numeric field overflow}.
 *
 * <p>bit(n) and bit varying(n) are fitted as {@link Bits#applyTypmod} does (22026 / 22001 on assignment).
 *
 * <p>Typmods are PostgreSQL's encoding: varchar(n) and char(n) hold n + 4, bit(n) and bit varying(n) n, numeric(p,s) holds
 * {@code ((p << 16) | s) + 4}; anything below 4 (-1 in the catalog, 0 in a request that does not send one) is no
 * typmod. Other types' typmods (an enum column's type OID in a text column's) are not read here. The coordinator
 * applies it to INSERT and COPY rows, the datanodes to the values UPDATE and ON CONFLICT DO UPDATE compute.
 */
public final class TypmodCoercion {
    private TypmodCoercion() {
    }

    /** Whether {@link #apply} can change or refuse a value of {@code type} with {@code typmod}. */
    public static boolean applies(PgType type, int typmod) {
        if (Bits.isBit(type)) {
            return typmod >= 1; // bit(n) and bit varying(n) hold n itself
        }
        return typmod >= 4 && (type == PgType.VARCHAR || type == PgType.BPCHAR || type == PgType.NUMERIC);
    }

    /** The declared length of a varchar(n)/char(n) typmod, or -1. */
    public static int length(PgType type, int typmod) {
        return (type == PgType.VARCHAR || type == PgType.BPCHAR) && typmod >= 4 ? typmod - 4 : -1;
    }

    /** The declared precision of a numeric(p,s) typmod, or -1. */
    public static int precision(PgType type, int typmod) {
        return type == PgType.NUMERIC && typmod >= 4 ? ((typmod - 4) >> 16) & 0xffff : -1;
    }

    /** The declared scale of a numeric(p,s) typmod, or -1. */
    public static int scale(PgType type, int typmod) {
        return type == PgType.NUMERIC && typmod >= 4 ? (typmod - 4) & 0xffff : -1;
    }

    /** The type as {@code format_type} prints it with its typmod, e.g. {@code character varying(3)}. */
    public static String formatType(PgType type, int typmod) {
        if (Bits.isBit(type) && typmod >= 1) {
            return type.sqlName() + "(" + typmod + ")";
        }
        if (length(type, typmod) >= 0) {
            return type.sqlName() + "(" + length(type, typmod) + ")";
        }
        if (precision(type, typmod) >= 0) {
            return "numeric(" + precision(type, typmod) + "," + scale(type, typmod) + ")";
        }
        return type.sqlName();
    }

    /**
     * {@code v} (null, or the Java value of {@code type}: a String for varchar/char, a BigDecimal for numeric)
     * fitted to {@code typmod}; values of other types and typmods below 4 are returned as they are.
     *
     * @throws TesseraException 22001 for a string too long for varchar(n)/char(n), 22003 for a number with too many
     *     integral digits for numeric(p,s)
     */
    public static Object apply(Object v, PgType type, int typmod) {
        if (v == null || !applies(type, typmod)) {
            return v;
        }
        if (type == PgType.NUMERIC) {
            return v instanceof BigDecimal bd ? numeric(bd, precision(type, typmod), scale(type, typmod)) : v;
        }
        if (Bits.isBit(type)) {
            return Bits.applyTypmod(v.toString(), type, typmod, false);
        }
        String s = v.toString();
        int len = length(type, typmod);
        int chars = s.codePointCount(0, s.length());
        if (chars > len) {
            int cut = s.offsetByCodePoints(0, len);
            for (int i = cut; i < s.length(); i++) {
                if (s.charAt(i) != ' ') {
                    throw new TesseraException(SqlState.STRING_DATA_RIGHT_TRUNCATION,
                            "value too long for type " + formatType(type, typmod));
                }
            }
            return s.substring(0, cut); // only blanks beyond n: cut, as varchar() and bpchar() do
        }
        return type == PgType.BPCHAR && chars < len ? s + " ".repeat(len - chars) : s;
    }

    /**
     * Whether {@link #applyToColumn} can change a value of a column of {@code type} with the catalog's
     * {@code typmod} (-1 none): {@link #applies}, or a {@code time(p)}, {@code timestamp(p)} or
     * {@code timestamptz(p)} column with p from 0 to 5 (their atttypmod is p, so 0 is a typmod here, unlike in a
     * cast's {@code Expr.typmod}).
     */
    public static boolean appliesToColumn(PgType type, int typmod) {
        return applies(type, typmod) || typmod >= 0 && typmod < 6
                && (type == PgType.TIME || type == PgType.TIMESTAMP || type == PgType.TIMESTAMPTZ);
    }

    /**
     * {@code v} fitted to a column's {@code typmod} (the catalog's atttypmod, -1 none) with assignment semantics:
     * {@link #apply} for varchar/char/numeric; a {@code time(p)} value (a {@link PgTime}) rounded half up to p
     * fraction digits ({@code AdjustTimeForTypmod}), a {@code timestamp(p)}/{@code timestamptz(p)} value (a Long of
     * microseconds) rounded as
     * {@link Casts#timestampRoundMicros}.
     *
     * @throws TesseraException as {@link #apply}
     */
    public static Object applyToColumn(Object v, PgType type, int typmod) {
        if (v == null || !appliesToColumn(type, typmod)) {
            return v;
        }
        if (type == PgType.TIME) {
            return v instanceof PgTime t ? new PgTime(Times.roundMicros(t.micros(), typmod)) : v;
        }
        if (type == PgType.TIMESTAMP || type == PgType.TIMESTAMPTZ) {
            if (!(v instanceof Long l)) {
                return v;
            }
            return Casts.timestampRoundMicros(l, typmod);
        }
        return apply(v, type, typmod);
    }

    /**
     * {@code v} fitted to {@code typmod} as an explicit cast does ({@code 'abcdef'::varchar(3)}, {@code x::char(2)},
     * {@code n::numeric(4,1)}): PostgreSQL's length coercion functions with {@code isExplicit} cut a longer string to
     * n characters without an error (char(n) is then padded); numeric is rounded and checked as by {@link #apply}.
     *
     * @throws TesseraException 22003 for a number with too many integral digits for numeric(p,s)
     */
    public static Object applyExplicit(Object v, PgType type, int typmod) {
        if (v == null || !applies(type, typmod) || type == PgType.NUMERIC) {
            return apply(v, type, typmod);
        }
        if (Bits.isBit(type)) {
            return Bits.applyTypmod(v.toString(), type, typmod, true);
        }
        String s = v.toString();
        int len = length(type, typmod);
        int chars = s.codePointCount(0, s.length());
        if (chars > len) {
            s = s.substring(0, s.offsetByCodePoints(0, len));
        }
        return type == PgType.BPCHAR && chars < len ? s + " ".repeat(len - chars) : s;
    }

    /**
     * {@code bd} rounded to {@code scale} digits, half away from zero, and checked against {@code precision}.
     *
     * @throws TesseraException 22003 with PostgreSQL's detail when the rounded value has more than precision − scale
     *     integral digits
     */
    public static BigDecimal numeric(BigDecimal bd, int precision, int scale) {
        BigDecimal rounded = bd.setScale(scale, RoundingMode.HALF_UP);
        int maxDigits = precision - scale;
        if (rounded.signum() != 0 && rounded.precision() - rounded.scale() > maxDigits) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow",
                    "A field with precision " + precision + ", scale " + scale
                            + " must round to an absolute value less than " + (maxDigits > 0 ? "10^" + maxDigits : "1")
                            + ".", null, 0, null);
        }
        return rounded;
    }
}

package io.tessera.coordinator.sql.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.ColumnDef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's assignment coercion of a value into a column: the value arrives in the Java representation of
 * whatever type the source expression had and leaves in the column's {@code PgType} representation, with
 * PostgreSQL's errors — 22001 for a string too long for varchar(n)/char(n), 22003 for a number out of range or
 * with too many digits for numeric(p,s), 23502 for NULL in a NOT NULL column, 22P02 for text that is not a number.
 */
public final class Coercion {
    private Coercion() {
    }

    /**
     * Coerces {@code v} for storage in column {@code c}.
     *
     * @throws TesseraException with the SQLSTATE PostgreSQL raises for the same assignment
     */
    public static Object toColumn(Object v, ColumnDef c, String table) {
        if (v == null) {
            if (c.notNull()) {
                throw new TesseraException(SqlState.NOT_NULL_VIOLATION, "null value in column \"" + c.name()
                        + "\" of relation \"" + table + "\" violates not-null constraint");
            }
            return null;
        }
        if (c.type().isArray()) {
            return toArrayColumn(v, c, table);
        }
        switch (c.type()) {
            case BOOL:
                if (v instanceof Boolean) {
                    return v;
                }
                if (v instanceof String s) {
                    return parseBool(s);
                }
                break;
            case INT2:
                return (short) integral(v, Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
            case INT4:
            case OID:
                return (int) integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
            case INT8:
                return integral(v, Long.MIN_VALUE, Long.MAX_VALUE, "bigint");
            case FLOAT4:
                return v instanceof Number n ? n.floatValue() : Float.parseFloat(v.toString().trim());
            case FLOAT8:
                if (v instanceof Number n) {
                    return n.doubleValue();
                }
                try {
                    return Double.parseDouble(v.toString().trim());
                } catch (NumberFormatException e) {
                    throw syntax("double precision", v);
                }
            case NUMERIC:
                return numeric(v, c);
            case VARCHAR:
            case BPCHAR:
                // 22001 unless the excess is blanks, which are cut; char(n) padded (TypmodCoercion)
                return io.tessera.executor.expr.TypmodCoercion.apply(v.toString(), c.type(), c.typmod());
            case TEXT:
            case NAME:
                return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
            case JSON:
                // json keeps its text; jsonb stores its normal form (22P02 for text that is not JSON)
                return io.tessera.executor.expr.Json.validate(v.toString());
            case JSONB:
                return io.tessera.executor.expr.Json.normalize(v.toString());
            case BYTEA:
                if (v instanceof byte[]) {
                    return v;
                }
                if (v instanceof org.apache.calcite.avatica.util.ByteString bs) {
                    return bs.getBytes();
                }
                return io.tessera.executor.expr.Casts.parseBytea(v.toString()); // hex or escape format
            case TIME:
                // a PgTime of microseconds, rounded to the column's time(p) (its typmod p)
                io.tessera.common.types.PgTime time = v instanceof io.tessera.common.types.PgTime p ? p
                        : v instanceof Integer millis ? new io.tessera.common.types.PgTime(millis * 1000L)
                        : v instanceof String s ? new io.tessera.common.types.PgTime(
                                io.tessera.executor.expr.Times.parseMicros(s)) : null;
                if (time != null) {
                    return c.typmod() >= 0 && c.typmod() < 6 ? new io.tessera.common.types.PgTime(
                            io.tessera.executor.expr.Times.roundMicros(time.micros(), c.typmod())) : time;
                }
                break;
            case INTERVAL:
                if (v instanceof io.tessera.common.types.PgInterval) {
                    return v;
                }
                if (v instanceof String s) {
                    return io.tessera.executor.expr.Intervals.parse(s); // 22007, or 22008 for a field out of range
                }
                break;
            case BIT:
            case VARBIT:
                if (v instanceof String s) {
                    // bit_in (a bit string's own digits parse as themselves), then the column's length: 22026 for
                    // bit(n) of another length, 22001 for bit varying(n) too long
                    return io.tessera.executor.expr.TypmodCoercion.apply(io.tessera.executor.expr.Bits.parse(s),
                            c.type(), c.typmod());
                }
                break;
            case UUID:
                if (v instanceof java.util.UUID) {
                    return v;
                }
                if (v instanceof String s) {
                    return io.tessera.executor.expr.Uuids.parse(s); // 22P02 for a malformed uuid
                }
                break;
            case DATE:
                if (v instanceof Integer) {
                    return v;
                }
                if (v instanceof String s) {
                    return io.tessera.executor.expr.Casts.cast(s, io.tessera.common.types.PgType.TEXT,
                            io.tessera.common.types.PgType.DATE); // 22007, or 22008 for a date that does not exist
                }
                break;
            case TIMESTAMP:
            case TIMESTAMPTZ: {
                Object ts = null;
                if (v instanceof Long) {
                    ts = v;
                } else if (v instanceof Integer days) {
                    ts = io.tessera.executor.expr.Casts.dateToTimestamp(days); // midnight, in the engine's unit
                } else if (v instanceof String s) {
                    // timestamp_in / timestamptz_in: an offset in the text counts for timestamptz only; 22007, 22008
                    ts = io.tessera.executor.expr.Casts.cast(s, io.tessera.common.types.PgType.TEXT, c.type());
                }
                if (ts != null) {
                    // rounded to the column's timestamp(p) (its typmod p)
                    return io.tessera.executor.expr.TypmodCoercion.applyToColumn(ts, c.type(), c.typmod());
                }
                break;
            }
            default:
                break;
        }
        throw new TesseraException(SqlState.DATATYPE_MISMATCH, "column \"" + c.name() + "\" is of type "
                + c.formatType() + " but expression is of type " + v.getClass().getSimpleName());
    }

    /**
     * An array for column {@code c} of an array type: text in array_in's form (22P02 {@code malformed array literal}),
     * or a list (nested for more dimensions), each element coerced as for a column of the element type with the
     * array column's typmod (varchar(10)[]: 22001 for a longer element), NULL elements kept.
     */
    private static Object toArrayColumn(Object v, ColumnDef c, String table) {
        ColumnDef element = new ColumnDef(c.name(), c.type().element(), c.typmod(), false);
        if (v instanceof String s) {
            // each element through its type's input function (int4in's messages), then the column's typmod
            return io.tessera.common.types.ArrayText.parse(s, e -> toColumn(isInteger(element.type())
                    ? io.tessera.executor.expr.Casts.fromText(e, element.type()) : e, element, table));
        }
        if (v instanceof java.util.List<?> l) {
            return elements(l, element, table);
        }
        throw new TesseraException(SqlState.DATATYPE_MISMATCH, "column \"" + c.name() + "\" is of type "
                + c.formatType() + " but expression is of type " + v.getClass().getSimpleName());
    }

    private static boolean isInteger(io.tessera.common.types.PgType t) {
        return t == io.tessera.common.types.PgType.INT2 || t == io.tessera.common.types.PgType.INT4
                || t == io.tessera.common.types.PgType.INT8;
    }

    private static java.util.List<Object> elements(java.util.List<?> a, ColumnDef element, String table) {
        java.util.List<Object> out = new java.util.ArrayList<>(a.size());
        for (Object e : a) {
            out.add(e instanceof java.util.List<?> l ? elements(l, element, table) : toColumn(e, element, table));
        }
        return out;
    }

    private static boolean parseBool(String s) {
        return switch (s.trim().toLowerCase()) {
            case "t", "true", "y", "yes", "on", "1" -> true;
            case "f", "false", "n", "no", "off", "0" -> false;
            default -> throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION,
                    "invalid input syntax for type boolean: \"" + s + "\"");
        };
    }

    private static long integral(Object v, long min, long max, String typeName) {
        long r;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            r = ((Number) v).longValue();
        } else if (v instanceof BigDecimal bd) {
            BigDecimal rounded = bd.setScale(0, RoundingMode.HALF_UP);
            if (rounded.compareTo(BigDecimal.valueOf(min)) < 0 || rounded.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw outOfRange(typeName);
            }
            r = rounded.longValue();
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            double rounded = Math.rint(d);
            if (Double.isNaN(d) || rounded < min || rounded > max) {
                throw outOfRange(typeName);
            }
            r = (long) rounded;
        } else if (v instanceof String s) {
            try {
                r = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw syntax(typeName, v);
            }
        } else {
            throw syntax(typeName, v);
        }
        if (r < min || r > max) {
            throw outOfRange(typeName);
        }
        return r;
    }

    private static BigDecimal numeric(Object v, ColumnDef c) {
        BigDecimal bd;
        if (v instanceof BigDecimal b) {
            bd = b;
        } else if (v instanceof Double || v instanceof Float) {
            bd = new BigDecimal(v.toString());
        } else if (v instanceof Number n) {
            bd = BigDecimal.valueOf(n.longValue());
        } else {
            try {
                bd = new BigDecimal(v.toString().trim());
            } catch (NumberFormatException e) {
                io.tessera.executor.expr.Casts.rejectNumericSpecial(v.toString().trim());
                throw syntax("numeric", v);
            }
        }
        return c.precision() < 0 ? bd : io.tessera.executor.expr.TypmodCoercion.numeric(bd, c.precision(), c.scale());
    }

    private static TesseraException outOfRange(String typeName) {
        return new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, typeName + " out of range");
    }

    private static TesseraException syntax(String typeName, Object v) {
        return new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type " + typeName + ": \"" + v + "\"");
    }
}

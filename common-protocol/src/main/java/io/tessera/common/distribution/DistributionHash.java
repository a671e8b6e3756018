package io.tessera.common.distribution;

import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The stable, type-aware 32-bit hash of a distribution-column value (DESIGN.md "Data distribution"): every
 * coordinator routes a row with it and {@link ShardMath} turns it into a shard, so it must never change once
 * rows are stored. All variants are MurmurHash3 x86_32 with seed 0 ({@link Murmur3}):
 * <pre>
 *   NULL                               0
 *   int2, int4, int8, oid              hashLong(value)        (equal values hash equally across widths)
 *   date                               hashLong(days)
 *   timestamp, timestamptz             hashLong(microseconds since 1970-01-01, UTC for timestamptz), the
 *                                      stored and the engine's unit
 *   bool                               hashLong(1 or 0)
 *   numeric                            trailing zeros stripped (1.0 ≡ 1.00); an integral value that fits a long
 *                                      hashes as that long (so 5::numeric ≡ 5::int); otherwise Murmur3 over the
 *                                      unscaled two's-complement bytes with the scale as seed
 *   float4, float8                     hashLong(bits of the value as a double); -0 ≡ 0, one NaN
 *   text, varchar, name, json(b)       Murmur3 over the UTF-8 bytes
 *   bpchar                             Murmur3 over the UTF-8 bytes without trailing spaces ('a ' ≡ 'a')
 *   bytea                              Murmur3 over the bytes
 *   time                               hashLong(microseconds since midnight)
 *   uuid                               Murmur3 over its 16 bytes in order (as bytea of them would hash)
 * </pre>
 * Never {@code String.hashCode}: it is not part of any cross-process contract we control.
 */
public final class DistributionHash {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private DistributionHash() {
    }

    /** The hash of a value of {@code type} in its {@link PgType} Java form; 0 for NULL. */
    public static int hash(Object value, PgType type) {
        if (value == null) {
            return 0;
        }
        switch (type) {
            case INT2: case INT4: case INT8: case OID: case DATE:
                return Murmur3.hashLong(((Number) value).longValue(), 0);
            case TIMESTAMP: case TIMESTAMPTZ:
                return Murmur3.hashLong(((Number) value).longValue(), 0);
            case BOOL:
                return Murmur3.hashLong(((Boolean) value) ? 1 : 0, 0);
            case TIME:
                return Murmur3.hashLong(io.tessera.common.types.PgTime.toMicros(value), 0);
            case NUMERIC:
                return hashNumeric(value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString()));
            case FLOAT4: case FLOAT8: {
                double d = ((Number) value).doubleValue();
                if (d == 0.0) {
                    d = 0.0;
                }
                return Murmur3.hashLong(Double.doubleToLongBits(d), 0);
            }
            case BPCHAR:
                return hashString(stripTrailingSpaces((String) value));
            case TEXT: case VARCHAR: case NAME: case JSON: case JSONB:
                return hashString((String) value);
            case BYTEA: {
                byte[] b = (byte[]) value;
                return Murmur3.hash32(b, 0, b.length, 0);
            }
            case UUID: { // Murmur3 of the 16 bytes (RowCodec's form), like bytea
                java.util.UUID u = (java.util.UUID) value;
                byte[] b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                        .putLong(u.getLeastSignificantBits()).array();
                return Murmur3.hash32(b, 0, b.length, 0);
            }
            default:
                throw new IllegalArgumentException("type " + type + " is not hashable");
        }
    }

    /** The hash of an integer of any width. */
    public static int hashLong(long v) {
        return Murmur3.hashLong(v, 0);
    }

    /** The hash of a text value (UTF-8). */
    public static int hashString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Murmur3.hash32(b, 0, b.length, 0);
    }

    private static int hashNumeric(BigDecimal d) {
        if (d.signum() == 0) {
            return Murmur3.hashLong(0, 0);
        }
        BigDecimal n = d.stripTrailingZeros();
        if (n.scale() <= 0 && n.precision() - n.scale() <= 19) {
            BigInteger i = n.toBigIntegerExact();
            if (i.bitLength() < 64 || i.equals(LONG_MIN)) {
                return Murmur3.hashLong(i.longValue(), 0);
            }
        }
        byte[] b = n.unscaledValue().toByteArray();
        return Murmur3.hash32(b, 0, b.length, n.scale());
    }

    private static String stripTrailingSpaces(String s) {
        int n = s.length();
        while (n > 0 && s.charAt(n - 1) == ' ') {
            n--;
        }
        return n == s.length() ? s : s.substring(0, n);
    }
}

package io.tessera.common.types;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;

/**
 * The boundary between the engine's timestamps and their stored form. {@code timestamp} and {@code timestamptz}
 * are stored, shipped and hashed as PostgreSQL keeps them: a signed 64-bit count of microseconds since
 * 1970-01-01 00:00 (UTC for {@code timestamptz}; PostgreSQL counts from 2000-01-01 internally, the epoch offset is
 * a constant). Inside the engine they are Calcite's representation, a {@code Long} of milliseconds
 * ({@link PgType}); {@code RowCodec}, {@code KeyCodec} and {@code DistributionHash} convert at the edge, so the
 * stored and on-wire format is final and a later switch of the engine to microseconds needs no data migration.
 *
 * <p>64 bits of microseconds since 1970 reach from about 290,308 BC to 294,247-01-10 AD: PostgreSQL's own range
 * (4713 BC to 294,276 AD, counted from 2000) except its last 29 years, which no application stores.
 *
 * <p>Reading truncates toward negative infinity (floor), so order is preserved for values that are not whole
 * milliseconds (written by a future microsecond engine): {@code a < b} in microseconds implies
 * {@code fromMicros(a) <= fromMicros(b)}.
 */
public final class TimestampMicros {
    private TimestampMicros() {
    }

    /**
     * Microseconds for an engine timestamp of {@code millis} milliseconds since the epoch.
     *
     * @throws TesseraException DATETIME_FIELD_OVERFLOW ("timestamp out of range", 22008) when the value does not
     *     fit 64 bits of microseconds (about ±292,000 years)
     */
    public static long toMicros(long millis) {
        if (millis > Long.MAX_VALUE / 1000 || millis < Long.MIN_VALUE / 1000) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        }
        return millis * 1000;
    }

    /** The engine's milliseconds for a stored value of {@code micros} microseconds, rounded toward -∞. */
    public static long fromMicros(long micros) {
        return Math.floorDiv(micros, 1000L);
    }
}

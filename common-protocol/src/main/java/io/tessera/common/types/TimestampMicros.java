package io.tessera.common.types;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;

/**
 * The boundary between the engine's timestamps and their stored form. {@code timestamp} and {@code timestamptz}
 * are stored, shipped and hashed as PostgreSQL keeps them: a signed 64-bit count of microseconds since
 * 1970-01-01 00:00 (UTC for {@code timestamptz}; PostgreSQL counts from 2000-01-01 internally, the epoch offset is
 * a constant). Inside the engine they are Calcite's representation, a {@code Long} of milliseconds
 * ({@link PgType}); {@code RowCodec}, {@code KeyCodec} and {@code DistributionHash} convert at the edge, so the
 * stored and on-wire format is final and the switch of the engine to microseconds needs no data migration: under
 * {@code engine.microseconds} ({@link EngineUnit}) the engine's value is the stored one and both methods are the
 * identity.
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
     * Microseconds for an engine timestamp of {@code millis} milliseconds since the epoch; the value itself when
     * the engine computes in microseconds ({@link EngineUnit}). {@code infinity} and
     * {@code -infinity} ({@code Long.MAX_VALUE} and {@code Long.MIN_VALUE} in both units, as PostgreSQL's
     * {@code DT_NOEND}/{@code DT_NOBEGIN}) stay themselves: no finite value maps to either, since finite values
     * are whole multiples of 1000.
     *
     * @throws TesseraException DATETIME_FIELD_OVERFLOW ("timestamp out of range", 22008) when the value does not
     *     fit 64 bits of microseconds (about ±292,000 years)
     */
    public static long toMicros(long millis) {
        if (EngineUnit.microseconds()) {
            return millis; // the engine's value is microseconds already
        }
        if (millis == Long.MAX_VALUE || millis == Long.MIN_VALUE) {
            return millis; // infinity and -infinity: PostgreSQL's DT_NOEND and DT_NOBEGIN, int64's ends
        }
        if (millis > Long.MAX_VALUE / 1000 || millis < Long.MIN_VALUE / 1000) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        }
        return millis * 1000;
    }

    /**
     * The engine's milliseconds for a stored value of {@code micros} microseconds, rounded toward -∞; the
     * infinities stay themselves. The value itself when the engine computes in microseconds ({@link EngineUnit}).
     */
    public static long fromMicros(long micros) {
        if (EngineUnit.microseconds()) {
            return micros;
        }
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return micros;
        }
        return Math.floorDiv(micros, 1000L);
    }

}

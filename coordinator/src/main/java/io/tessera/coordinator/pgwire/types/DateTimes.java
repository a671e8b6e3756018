package io.tessera.coordinator.pgwire.types;

/**
 * Text forms of dates and timestamps as PostgreSQL prints them with {@code DateStyle = ISO, MDY} and
 * {@code TimeZone = UTC}: {@code 2024-01-02}, {@code 2024-01-02 03:04:05.123} (fraction only when non-zero,
 * trailing zeros trimmed), years before 1 AD as {@code 0001-01-01 BC}, and {@code infinity}/{@code -infinity}
 * for the extreme values ({@link Integer#MAX_VALUE}/{@link Long#MAX_VALUE} and the minimums). The formatter is
 * the executor's ({@code Casts.formatDate}/{@code formatTimestamp}), so a cast to text, on the coordinator or a
 * datanode, prints what the wire does.
 *
 * Text input is {@link io.tessera.common.types.DateTimeInput}'s, shared with casts and literals.
 *
 * <p>Binary forms count from PostgreSQL's epoch 2000-01-01: days for a date, microseconds for a timestamp.
 */
final class DateTimes {
    /** 2000-01-01 as days since 1970-01-01. */
    static final int PG_EPOCH_DAYS = 10957;
    /** 2000-01-01 00:00 UTC as milliseconds since 1970-01-01. */
    static final long PG_EPOCH_MILLIS = PG_EPOCH_DAYS * 86_400_000L;

    private DateTimes() {
    }

    static String formatDate(int epochDay) {
        return io.tessera.executor.expr.Casts.formatDate(epochDay);
    }

    static String formatTimestamp(long millis, boolean withZone) {
        return io.tessera.executor.expr.Casts.formatTimestamp(millis, withZone);
    }

    private static StringBuilder append2(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    /** Milliseconds since 1970 to microseconds since 2000 ({@code timestamp_send}), keeping the infinities. */
    static long toPgMicros(long millis) {
        if (millis == Long.MAX_VALUE || millis == Long.MIN_VALUE) {
            return millis;
        }
        return (millis - PG_EPOCH_MILLIS) * 1000;
    }

    /** 2000-01-01 00:00 UTC as microseconds since 1970-01-01. */
    static final long PG_EPOCH_MICROS = PG_EPOCH_MILLIS * 1000L;

    /**
     * {@code timestamp_out} of a value in microseconds since 1970, PostgreSQL's unit: up to six fraction digits
     * (the engine's switch to microseconds, docs/architecture.md; unused until then).
     */
    static String formatTimestampMicros(long micros, boolean withZone) {
        return io.tessera.executor.expr.Casts.formatTimestampMicros(micros, withZone);
    }

    /**
     * Microseconds since 1970 to microseconds since 2000 ({@code timestamp_send}), keeping the infinities; the
     * engine's switch to microseconds makes the binary form exact both ways.
     */
    static long microsToPg(long micros) {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return micros;
        }
        return Math.subtractExact(micros, PG_EPOCH_MICROS);
    }

    /**
     * Microseconds since 2000 ({@code timestamp_recv}) to microseconds since 1970, keeping the infinities.
     *
     * @throws io.tessera.common.error.TesseraException 22008 for a value past 294247-01-10, beyond 64 bits
     *     counted from 1970
     */
    static long microsFromPg(long pgMicros) {
        if (pgMicros == Long.MAX_VALUE || pgMicros == Long.MIN_VALUE) {
            return pgMicros;
        }
        try {
            return Math.addExact(pgMicros, PG_EPOCH_MICROS);
        } catch (ArithmeticException e) {
            throw new io.tessera.common.error.TesseraException(
                    io.tessera.common.error.SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        }
    }

    static long fromPgMicros(long micros) {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return micros;
        }
        return Math.floorDiv(micros, 1000) + PG_EPOCH_MILLIS;
    }
}

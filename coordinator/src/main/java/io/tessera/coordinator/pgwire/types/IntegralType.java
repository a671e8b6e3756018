package io.tessera.coordinator.pgwire.types;

import io.netty.buffer.ByteBuf;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.nio.charset.StandardCharsets;

/**
 * Shared text parsing for {@code smallint}, {@code integer}, {@code bigint}: PostgreSQL's {@code pg_strtoint*}
 * accepts surrounding whitespace and a sign, nothing else (no decimal point, no exponent).
 */
abstract class IntegralType extends PgWireType {
    private final long min;
    private final long max;

    IntegralType(long min, long max) {
        this.min = min;
        this.max = max;
    }

    /** Parses and range-checks; 22P02 for bad syntax, 22003 {@code value "..." is out of range for type ...}. */
    protected long parse(String text) {
        String s = text.strip();
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == s.length()) {
            throw invalidText(text);
        }
        long limit = negative ? min : -max; // accumulate negatively, as pg_strtoint does, to reach MIN_VALUE
        long result = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw invalidText(text);
            }
            int digit = c - '0';
            if (result < Long.MIN_VALUE / 10 || result * 10 < limit + digit) {
                // keep scanning for syntax errors first, as PostgreSQL reports those before range errors
                for (int j = i + 1; j < s.length(); j++) {
                    if (s.charAt(j) < '0' || s.charAt(j) > '9') {
                        throw invalidText(text);
                    }
                }
                throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                        "value \"" + text + "\" is out of range for type " + typeName());
            }
            result = result * 10 - digit;
        }
        return negative ? result : -result;
    }

    @Override
    public String encodeText(Object value) {
        return Long.toString(((Number) value).longValue());
    }

    @Override
    public void writeText(ByteBuf out, Object value) {
        // ASCII digits: write without a String-to-UTF-8 pass
        String s = Long.toString(((Number) value).longValue());
        out.writeInt(s.length());
        out.writeCharSequence(s, StandardCharsets.US_ASCII);
    }
}

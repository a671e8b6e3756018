package io.tessera.coordinator.pgwire.types;

import io.tessera.common.types.PgType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;

/**
 * {@code numeric}: Java BigDecimal. Text is plain decimal notation keeping the value's scale ({@code 1.50}, never
 * {@code 1.5E+3}); binary is {@code numeric_send}'s form:
 * <pre>
 *   int16 ndigits, int16 weight, int16 sign (0x0000 +, 0x4000 -, 0xC000 NaN), int16 dscale,
 *   int16 digits[ndigits]   base-10000 digits, most significant first;
 *                           value = sum(digits[i] * 10000^(weight - i))
 * </pre>
 * NaN and ±Infinity have no BigDecimal form and are rejected on input (22P02 / 22P03).
 */
public final class NumericType extends PgWireType {
    public static final NumericType INSTANCE = new NumericType();

    private static final Pattern SYNTAX = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final short POSITIVE = 0x0000;
    private static final short NEGATIVE = 0x4000;
    private static final BigInteger NBASE = BigInteger.valueOf(10000);

    private NumericType() {
    }

    @Override
    public int oid() {
        return PgType.NUMERIC.oid();
    }

    @Override
    public String typeName() {
        return "numeric";
    }

    @Override
    public int typlen() {
        return -1;
    }

    @Override
    public String encodeText(Object value) {
        return toBigDecimal(value).toPlainString();
    }

    @Override
    public Object decodeText(String text) {
        String s = text.strip();
        if (!SYNTAX.matcher(s).matches()) {
            throw invalidText(text);
        }
        BigDecimal d = new BigDecimal(s);
        // PostgreSQL keeps no negative display scale: '1e3' is 1000
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    @Override
    public byte[] encodeBinary(Object value) {
        BigDecimal d = toBigDecimal(value);
        int dscale = Math.max(d.scale(), 0);
        // Align the unscaled digits to a multiple of 4 decimal places, then cut base-10000 digits.
        BigDecimal abs = d.abs();
        int alignedScale = (dscale + 3) / 4 * 4;
        BigInteger unscaled = abs.setScale(alignedScale).unscaledValue();
        java.util.ArrayDeque<Short> digits = new java.util.ArrayDeque<>();
        while (unscaled.signum() > 0) {
            BigInteger[] qr = unscaled.divideAndRemainder(NBASE);
            digits.addFirst(qr[1].shortValue());
            unscaled = qr[0];
        }
        int fractionGroups = alignedScale / 4;
        int weight = digits.size() - fractionGroups - 1;
        // strip trailing zero groups (they carry no information beyond dscale)
        while (!digits.isEmpty() && digits.peekLast() == 0) {
            digits.removeLast();
        }
        // strip leading zero groups
        while (!digits.isEmpty() && digits.peekFirst() == 0) {
            digits.removeFirst();
            weight--;
        }
        if (digits.isEmpty()) {
            weight = 0;
        }
        ByteBuffer buf = ByteBuffer.allocate(8 + 2 * digits.size());
        buf.putShort((short) digits.size());
        buf.putShort((short) weight);
        buf.putShort(d.signum() < 0 ? NEGATIVE : POSITIVE);
        buf.putShort((short) dscale);
        for (short digit : digits) {
            buf.putShort(digit);
        }
        return buf.array();
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        if (bytes.length < 8) {
            throw invalidBinary();
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int ndigits = buf.getShort();
        int weight = buf.getShort();
        int sign = buf.getShort() & 0xFFFF;
        int dscale = buf.getShort();
        if (ndigits < 0 || bytes.length != 8 + 2 * ndigits || dscale < 0 || (sign != POSITIVE && sign != NEGATIVE)) {
            throw invalidBinary();
        }
        BigInteger unscaled = BigInteger.ZERO;
        for (int i = 0; i < ndigits; i++) {
            int digit = buf.getShort();
            if (digit < 0 || digit >= 10000) {
                throw invalidBinary();
            }
            unscaled = unscaled.multiply(NBASE).add(BigInteger.valueOf(digit));
        }
        // unscaled * 10000^(weight - ndigits + 1)
        BigDecimal value = new BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - ndigits + 1));
        if (sign == NEGATIVE) {
            value = value.negate();
        }
        return value.setScale(dscale, java.math.RoundingMode.DOWN);
    }

    private static BigDecimal toBigDecimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        return new BigDecimal(value.toString());
    }
}

package io.tessera.executor.spill;

import java.math.BigDecimal;

/**
 * A cheap estimate of the heap an executor row takes, for {@code work_mem} accounting: the array (16 bytes of
 * header, 8 per slot — references are compressed to 4 on small heaps, so this errs high), plus each value's object:
 * 16 bytes for a boxed number, boolean or date, 40 plus the length for a string (a Latin-1 {@code String} with its
 * byte array), 16 plus the length for bytea, 48 plus a byte per two digits of the unscaled value for a numeric.
 * It is no measurement; like PostgreSQL's {@code GetMemoryChunkSpace} it only needs to grow with the real size.
 */
public final class RowSize {
    private RowSize() {
    }

    /** Bytes {@code row} is estimated to occupy, at least 16. */
    public static long of(Object[] row) {
        long n = 16 + 8L * row.length;
        for (Object v : row) {
            n += value(v);
        }
        return n;
    }

    private static long value(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof String s) {
            return 40 + s.length();
        }
        if (v instanceof byte[] b) {
            return 16 + b.length;
        }
        if (v instanceof BigDecimal d) {
            return 48 + d.precision() / 2;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return 16;
        }
        return 32;
    }
}

package io.tessera.executor.exec;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * A group's key values with SQL's grouping equality: NULLs form one group; numerics equal by value whatever their
 * scale ({@code 1.0 = 1.00}); float {@code -0 = 0} and {@code NaN = NaN} (PostgreSQL's float8 equality); bytea by
 * content. The coordinator's INTERSECT and EXCEPT compare rows with it too.
 */
public final class GroupKey {
    private final Object[] values;
    private final int hash;

    /** A key of {@code values}, which it keeps (not a copy). */
    public GroupKey(Object[] values) {
        this.values = values;
        int h = 1;
        for (Object v : values) {
            h = 31 * h + hash(v);
        }
        this.hash = h;
    }

    /** The key's values, as given. */
    public Object[] values() {
        return values;
    }

    static int hash(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode();
        }
        if (v instanceof Double d) {
            return d == 0.0 ? 0 : d.hashCode();
        }
        if (v instanceof Float f) {
            return f == 0.0f ? 0 : f.hashCode();
        }
        if (v instanceof byte[] b) {
            return Arrays.hashCode(b);
        }
        return v.hashCode();
    }

    private static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x.doubleValue() == y.doubleValue() || x.equals(y);
        }
        if (a instanceof Float x && b instanceof Float y) {
            return x.floatValue() == y.floatValue() || x.equals(y);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return a.equals(b);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GroupKey other) || other.hash != hash || other.values.length != values.length) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!same(values[i], other.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }
}

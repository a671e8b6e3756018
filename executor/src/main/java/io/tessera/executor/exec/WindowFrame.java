package io.tessera.executor.exec;

/**
 * A window's frame ({@code ROWS | RANGE BETWEEN lower AND upper [EXCLUDE ...]}, PostgreSQL's "Window Function
 * Calls"). In RANGE mode CURRENT ROW means the row's first (lower) or last (upper) peer, and an offset bound is a
 * distance from the row's value of the one ORDER BY key ({@link Bound#range}, PostgreSQL's {@code in_range}
 * functions: {@link RangeOffsets}); the datanodes get ROWS offsets only.
 *
 * @param rows ROWS mode, else RANGE
 * @param exclusion the rows taken out of each row's frame (its peers are the rows equal on the ORDER BY, in ROWS
 *     mode too: all of the partition without ORDER BY)
 */
public record WindowFrame(boolean rows, Bound lower, Bound upper, Exclusion exclusion) {
    /** One end of the frame. */
    public enum Kind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    /** PostgreSQL's frame exclusion: {@code EXCLUDE NO OTHERS} (the default), CURRENT ROW, GROUP or TIES. */
    public enum Exclusion { NO_OTHERS, CURRENT_ROW, GROUP, TIES }

    /**
     * @param offset rows before (PRECEDING) or after (FOLLOWING) the current row in ROWS mode; else 0
     * @param range in RANGE mode, the PRECEDING or FOLLOWING distance from the ORDER BY key's value: a
     *     {@code BigDecimal} over an integer or numeric key, a {@code Double} over a real or double precision key;
     *     else null
     */
    public record Bound(Kind kind, long offset, Number range) {
        public Bound {
            assert offset >= 0 : "offset " + offset;
        }

        /** A ROWS bound, or one without an offset. */
        public Bound(Kind kind, long offset) {
            this(kind, offset, null);
        }

        public static Bound of(Kind kind) {
            return new Bound(kind, 0);
        }

        /** Whether this is {@code offset PRECEDING} or {@code offset FOLLOWING}. */
        public boolean hasOffset() {
            return kind == Kind.PRECEDING || kind == Kind.FOLLOWING;
        }
    }

    /** A frame that excludes nothing ({@code EXCLUDE NO OTHERS}). */
    public WindowFrame(boolean rows, Bound lower, Bound upper) {
        this(rows, lower, upper, Exclusion.NO_OTHERS);
    }

    public WindowFrame {
        assert exclusion != null;
        assert rows || (!lower.hasOffset() || lower.range() != null) && (!upper.hasOffset() || upper.range() != null)
                : "RANGE offset without its distance";
    }

    /** PostgreSQL's default frame: {@code RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW}. */
    public static final WindowFrame DEFAULT = new WindowFrame(false, Bound.of(Kind.UNBOUNDED_PRECEDING),
            Bound.of(Kind.CURRENT_ROW));
}

package io.tessera.executor.exec;

/**
 * A window's frame ({@code ROWS | RANGE BETWEEN lower AND upper [EXCLUDE ...]}, PostgreSQL's "Window Function
 * Calls"). In RANGE mode CURRENT ROW means the row's first (lower) or last (upper) peer; offsets are for ROWS mode
 * only.
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
     * @param offset rows before (PRECEDING) or after (FOLLOWING) the current row; else 0
     */
    public record Bound(Kind kind, long offset) {
        public Bound {
            assert offset >= 0 : "offset " + offset;
        }

        public static Bound of(Kind kind) {
            return new Bound(kind, 0);
        }
    }

    /** A frame that excludes nothing ({@code EXCLUDE NO OTHERS}). */
    public WindowFrame(boolean rows, Bound lower, Bound upper) {
        this(rows, lower, upper, Exclusion.NO_OTHERS);
    }

    public WindowFrame {
        assert exclusion != null;
        assert rows || (lower.kind() != Kind.PRECEDING && lower.kind() != Kind.FOLLOWING
                && upper.kind() != Kind.PRECEDING && upper.kind() != Kind.FOLLOWING) : "RANGE with an offset";
    }

    /** PostgreSQL's default frame: {@code RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW}. */
    public static final WindowFrame DEFAULT = new WindowFrame(false, Bound.of(Kind.UNBOUNDED_PRECEDING),
            Bound.of(Kind.CURRENT_ROW));
}

package io.tessera.executor.exec;

/**
 * A window's frame ({@code ROWS | RANGE BETWEEN lower AND upper}, PostgreSQL's "Window Function Calls"). In RANGE
 * mode CURRENT ROW means the row's first (lower) or last (upper) peer; offsets are for ROWS mode only.
 *
 * @param rows ROWS mode, else RANGE
 */
public record WindowFrame(boolean rows, Bound lower, Bound upper) {
    /** One end of the frame. */
    public enum Kind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

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

    public WindowFrame {
        assert rows || (lower.kind() != Kind.PRECEDING && lower.kind() != Kind.FOLLOWING
                && upper.kind() != Kind.PRECEDING && upper.kind() != Kind.FOLLOWING) : "RANGE with an offset";
    }

    /** PostgreSQL's default frame: {@code RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW}. */
    public static final WindowFrame DEFAULT = new WindowFrame(false, Bound.of(Kind.UNBOUNDED_PRECEDING),
            Bound.of(Kind.CURRENT_ROW));
}

package io.tessera.executor.exec;

/** The join types {@link HashJoinNode} runs, with PostgreSQL's meaning. */
public enum JoinType {
    /** Pairs that match. */
    INNER,
    /** Pairs that match, and each left row without a match padded with NULLs. */
    LEFT,
    /** Pairs that match, and each right row without a match padded with NULLs. */
    RIGHT,
    /** LEFT and RIGHT together. */
    FULL,
    /** Each left row that has at least one match, once (EXISTS). */
    SEMI,
    /** Each left row that has no match (NOT EXISTS). */
    ANTI;

    /** Whether the output row is the left row alone. */
    public boolean leftOnly() {
        return this == SEMI || this == ANTI;
    }
}

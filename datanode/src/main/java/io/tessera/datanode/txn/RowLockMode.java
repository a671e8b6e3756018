package io.tessera.datanode.txn;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.protocol.datanode.RowLockStrength;

/**
 * PostgreSQL's four row-lock modes, weakest first. Each mode's set of conflicting modes contains the sets of the
 * weaker ones, so "holding a mode" covers every weaker request, and two modes conflict exactly when their ranks
 * (1 to 4) sum to 5 or more — PostgreSQL's table:
 * <pre>
 *                     KEY SHARE  SHARE  NO KEY UPDATE  UPDATE
 *   FOR KEY SHARE                                         X
 *   FOR SHARE                                   X         X
 *   FOR NO KEY UPDATE            X              X         X
 *   FOR UPDATE           X       X              X         X
 * </pre>
 * Writers hold them too: an UPDATE statement holds {@link #NO_KEY_UPDATE} on each row it changes (a key column
 * cannot be updated here), a DELETE and an INSERT under a primary key hold {@link #UPDATE}.
 *
 * @see <a href="https://www.postgresql.org/docs/15/explicit-locking.html#LOCKING-ROWS">Row-level locks</a>
 */
enum RowLockMode {
    KEY_SHARE,
    SHARE,
    NO_KEY_UPDATE,
    UPDATE;

    /** Whether a hold of this mode and one of {@code other}, by two transactions, exclude each other. */
    boolean conflicts(RowLockMode other) {
        return ordinal() + other.ordinal() + 2 >= 5;
    }

    /** Whether holding this mode makes a request for {@code requested} by the same transaction a no-op. */
    boolean covers(RowLockMode requested) {
        return compareTo(requested) >= 0;
    }

    /** The stored form (the {@code row_locks} column family): the mode's rank, 1 to 4. */
    byte code() {
        return (byte) (ordinal() + 1);
    }

    /** @throws TesseraException XX001 (data corrupted) for a byte that is no rank */
    static RowLockMode ofCode(byte code) {
        if (code < 1 || code > 4) {
            throw new TesseraException(SqlState.DATA_CORRUPTED, "unknown row lock mode " + code);
        }
        return values()[code - 1];
    }

    /**
     * The mode a locking SELECT's strength takes.
     *
     * @throws TesseraException 22023 for {@code NO_LOCK} or a strength this datanode does not know
     */
    static RowLockMode of(RowLockStrength strength) {
        return switch (strength) {
            case FOR_KEY_SHARE -> KEY_SHARE;
            case FOR_SHARE -> SHARE;
            case FOR_NO_KEY_UPDATE -> NO_KEY_UPDATE;
            case FOR_UPDATE -> UPDATE;
            default -> throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "unknown row lock strength "
                    + strength);
        };
    }

    /** As PostgreSQL writes it in a locking clause, e.g. {@code FOR NO KEY UPDATE}. */
    String sql() {
        return "FOR " + name().replace('_', ' ');
    }
}

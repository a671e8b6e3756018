package io.tessera.sql.parser.dml;

import org.apache.calcite.sql.Symbolizable;

/** What a locking clause does with a row another transaction has locked. */
public enum LockWaitPolicy implements Symbolizable {
    /** No option written: wait for the other transaction. */
    WAIT(null),
    /** {@code NOWAIT}: fail with 55P03 (lock_not_available). */
    NOWAIT("NOWAIT"),
    /** {@code SKIP LOCKED}: leave the row out of the result. */
    SKIP_LOCKED("SKIP LOCKED");

    private final String sql;

    LockWaitPolicy(String sql) {
        this.sql = sql;
    }

    /** The option as written, or null for {@link #WAIT}, which is not written. */
    public String sql() {
        return sql;
    }
}

package io.tessera.sql.parser.dml;

import org.apache.calcite.sql.Symbolizable;

/**
 * The row-lock strength of a locking clause, strongest first: {@code FOR UPDATE} conflicts with every other
 * strength, {@code FOR KEY SHARE} only with {@code FOR UPDATE}.
 *
 * @see <a href="https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS">Row-level locks</a>
 */
public enum LockStrength implements Symbolizable {
    UPDATE("FOR UPDATE"),
    NO_KEY_UPDATE("FOR NO KEY UPDATE"),
    SHARE("FOR SHARE"),
    KEY_SHARE("FOR KEY SHARE");

    private final String sql;

    LockStrength(String sql) {
        this.sql = sql;
    }

    /** The clause as written, e.g. {@code FOR NO KEY UPDATE} (also PostgreSQL's name in error messages). */
    public String sql() {
        return sql;
    }
}

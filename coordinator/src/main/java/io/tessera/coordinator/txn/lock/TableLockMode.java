package io.tessera.coordinator.txn.lock;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Locale;

/**
 * PostgreSQL's eight table-level lock modes, weakest first, with PostgreSQL's conflict table (the documentation's
 * "Explicit Locking", table 13.2; {@code LockConflicts} in {@code src/backend/storage/lmgr/lock.c}).
 *
 * <p>The first three ({@link #isWeak weak}: what SELECT, SELECT FOR UPDATE/SHARE and INSERT/UPDATE/DELETE take)
 * never conflict with one another; every conflict involves a mode from {@link #SHARE_UPDATE_EXCLUSIVE} up. Tessera
 * relies on that as PostgreSQL's fast-path locks do: weak locks stay in their coordinator's memory, stronger ones are
 * placed on every coordinator ({@link ClusterTableLocks}).
 */
public enum TableLockMode {
    ACCESS_SHARE("AccessShareLock"),
    ROW_SHARE("RowShareLock"),
    ROW_EXCLUSIVE("RowExclusiveLock"),
    SHARE_UPDATE_EXCLUSIVE("ShareUpdateExclusiveLock"),
    SHARE("ShareLock"),
    SHARE_ROW_EXCLUSIVE("ShareRowExclusiveLock"),
    EXCLUSIVE("ExclusiveLock"),
    ACCESS_EXCLUSIVE("AccessExclusiveLock");

    /** Bit i set: conflicts with the mode of ordinal i (lock.c's LockConflicts, indexed from ACCESS SHARE). */
    private static final int[] CONFLICTS = {
        bits(7),                      // ACCESS SHARE
        bits(6, 7),                   // ROW SHARE
        bits(4, 5, 6, 7),             // ROW EXCLUSIVE
        bits(3, 4, 5, 6, 7),          // SHARE UPDATE EXCLUSIVE
        bits(2, 3, 5, 6, 7),          // SHARE
        bits(2, 3, 4, 5, 6, 7),       // SHARE ROW EXCLUSIVE
        bits(1, 2, 3, 4, 5, 6, 7),    // EXCLUSIVE
        bits(0, 1, 2, 3, 4, 5, 6, 7), // ACCESS EXCLUSIVE
    };

    private final String pgLocksName;

    TableLockMode(String pgLocksName) {
        this.pgLocksName = pgLocksName;
    }

    private static int bits(int... ordinals) {
        int b = 0;
        for (int o : ordinals) {
            b |= 1 << o;
        }
        return b;
    }

    /** Whether a lock in this mode and one in {@code other} held by different transactions conflict. */
    public boolean conflictsWith(TableLockMode other) {
        return (CONFLICTS[ordinal()] & (1 << other.ordinal())) != 0;
    }

    /** Whether this mode conflicts with some mode in the bit set {@code modes} (bit i: ordinal i). */
    boolean conflictsWithAny(int modes) {
        return (CONFLICTS[ordinal()] & modes) != 0;
    }

    /** Bit of this mode in a set of modes. */
    int bit() {
        return 1 << ordinal();
    }

    /** ACCESS SHARE, ROW SHARE, ROW EXCLUSIVE: modes that conflict only with modes that are not weak. */
    public boolean isWeak() {
        return ordinal() <= ROW_EXCLUSIVE.ordinal();
    }

    /** The name {@code pg_locks.mode} shows, e.g. {@code AccessExclusiveLock}. */
    public String pgLocksName() {
        return pgLocksName;
    }

    /** The name LOCK TABLE's {@code IN ... MODE} uses, e.g. {@code ACCESS EXCLUSIVE}. */
    public String sqlName() {
        return name().replace('_', ' ');
    }

    /**
     * The mode named by LOCK TABLE's words ({@code "share row exclusive"}, any case and spacing).
     *
     * @throws TesseraException 42601 for a name that is no lock mode
     */
    public static TableLockMode parse(String words) {
        String key = words.trim().replaceAll("\\s+", "_").toUpperCase(Locale.ROOT);
        for (TableLockMode m : values()) {
            if (m.name().equals(key)) {
                return m;
            }
        }
        throw new TesseraException(SqlState.SYNTAX_ERROR, "syntax error at or near \"" + words.trim() + "\"");
    }
}

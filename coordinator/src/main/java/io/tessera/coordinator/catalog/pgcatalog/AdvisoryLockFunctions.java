package io.tessera.coordinator.catalog.pgcatalog;

import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.BOOLEAN;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import com.google.common.collect.ImmutableMultimap;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import io.tessera.coordinator.txn.lock.LockTag;
import io.tessera.coordinator.txn.lock.SessionAdvisoryLocks;
import org.apache.calcite.DataContext;
import org.apache.calcite.schema.Function;

/**
 * PostgreSQL's advisory lock functions (https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS),
 * each with a {@code bigint} key and with an {@code (int, int)} key pair, two distinct key spaces
 * ({@link LockTag#advisory}): {@code pg_advisory_lock[_shared]}, {@code pg_try_advisory_lock[_shared]},
 * {@code pg_advisory_unlock[_shared]}, {@code pg_advisory_unlock_all}, {@code pg_advisory_xact_lock[_shared]} and
 * {@code pg_try_advisory_xact_lock[_shared]}. The locks are the session's ({@link SessionAdvisoryLocks}) and
 * conflict across every coordinator of the cluster; keys are per database.
 *
 * <p>All are strict (a NULL key returns NULL and locks nothing, as in PostgreSQL). The lock functions return
 * PostgreSQL's void value, the empty string, as {@code pg_sleep} does ({@code ClientTypes} reports it as void).
 * They run on the coordinator, in the statement's thread, once per call.
 */
public final class AdvisoryLockFunctions {
    private AdvisoryLockFunctions() {
    }

    static void register(ImmutableMultimap.Builder<String, Function> b) {
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_lock", "lock", true, VARCHAR, BIGINT);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_lock", "lockPair", true, VARCHAR, INTEGER, INTEGER);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_lock_shared", "lockShared", true, VARCHAR, BIGINT);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_lock_shared", "lockSharedPair", true, VARCHAR, INTEGER, INTEGER);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_try_advisory_lock", "tryLock", true, BOOLEAN, BIGINT);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_try_advisory_lock", "tryLockPair", true, BOOLEAN, INTEGER, INTEGER);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_try_advisory_lock_shared", "tryLockShared", true, BOOLEAN, BIGINT);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_try_advisory_lock_shared", "tryLockSharedPair", true, BOOLEAN, INTEGER, INTEGER);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_xact_lock", "xactLock", true, VARCHAR, BIGINT);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_xact_lock", "xactLockPair", true, VARCHAR, INTEGER, INTEGER);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_xact_lock_shared", "xactLockShared", true, VARCHAR, BIGINT);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_xact_lock_shared", "xactLockSharedPair", true, VARCHAR, INTEGER, INTEGER);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_try_advisory_xact_lock", "tryXactLock", true, BOOLEAN, BIGINT);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_try_advisory_xact_lock", "tryXactLockPair", true, BOOLEAN, INTEGER, INTEGER);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_try_advisory_xact_lock_shared", "tryXactLockShared", true, BOOLEAN, BIGINT);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_try_advisory_xact_lock_shared", "tryXactLockSharedPair", true, BOOLEAN, INTEGER, INTEGER);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_unlock", "unlock", true, BOOLEAN, BIGINT);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_unlock", "unlockPair", true, BOOLEAN, INTEGER, INTEGER);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_unlock_shared", "unlockShared", true, BOOLEAN, BIGINT);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_unlock_shared", "unlockSharedPair", true, BOOLEAN, INTEGER, INTEGER);
        PgCatalogFunctions.fn(b, AdvisoryLockFunctions.class, "pg_advisory_unlock_all", "unlockAll", false, VARCHAR);
    }

    /** {@code pg_advisory_lock(key bigint)}. */
    public static String lock(DataContext root, Long key) {
        take(root, LockTag.advisory(database(root), key), false, false, false);
        return "";
    }

    /** {@code pg_advisory_lock(key1 int, key2 int)}. */
    public static String lockPair(DataContext root, Integer key1, Integer key2) {
        take(root, LockTag.advisory(database(root), key1, key2), false, false, false);
        return "";
    }

    /** {@code pg_advisory_lock_shared(key bigint)}. */
    public static String lockShared(DataContext root, Long key) {
        take(root, LockTag.advisory(database(root), key), true, false, false);
        return "";
    }

    /** {@code pg_advisory_lock_shared(key1 int, key2 int)}. */
    public static String lockSharedPair(DataContext root, Integer key1, Integer key2) {
        take(root, LockTag.advisory(database(root), key1, key2), true, false, false);
        return "";
    }

    /** {@code pg_try_advisory_lock(key bigint)}. */
    public static Boolean tryLock(DataContext root, Long key) {
        return take(root, LockTag.advisory(database(root), key), false, false, true);
    }

    /** {@code pg_try_advisory_lock(key1 int, key2 int)}. */
    public static Boolean tryLockPair(DataContext root, Integer key1, Integer key2) {
        return take(root, LockTag.advisory(database(root), key1, key2), false, false, true);
    }

    /** {@code pg_try_advisory_lock_shared(key bigint)}. */
    public static Boolean tryLockShared(DataContext root, Long key) {
        return take(root, LockTag.advisory(database(root), key), true, false, true);
    }

    /** {@code pg_try_advisory_lock_shared(key1 int, key2 int)}. */
    public static Boolean tryLockSharedPair(DataContext root, Integer key1, Integer key2) {
        return take(root, LockTag.advisory(database(root), key1, key2), true, false, true);
    }

    /** {@code pg_advisory_xact_lock(key bigint)}. */
    public static String xactLock(DataContext root, Long key) {
        take(root, LockTag.advisory(database(root), key), false, true, false);
        return "";
    }

    /** {@code pg_advisory_xact_lock(key1 int, key2 int)}. */
    public static String xactLockPair(DataContext root, Integer key1, Integer key2) {
        take(root, LockTag.advisory(database(root), key1, key2), false, true, false);
        return "";
    }

    /** {@code pg_advisory_xact_lock_shared(key bigint)}. */
    public static String xactLockShared(DataContext root, Long key) {
        take(root, LockTag.advisory(database(root), key), true, true, false);
        return "";
    }

    /** {@code pg_advisory_xact_lock_shared(key1 int, key2 int)}. */
    public static String xactLockSharedPair(DataContext root, Integer key1, Integer key2) {
        take(root, LockTag.advisory(database(root), key1, key2), true, true, false);
        return "";
    }

    /** {@code pg_try_advisory_xact_lock(key bigint)}. */
    public static Boolean tryXactLock(DataContext root, Long key) {
        return take(root, LockTag.advisory(database(root), key), false, true, true);
    }

    /** {@code pg_try_advisory_xact_lock(key1 int, key2 int)}. */
    public static Boolean tryXactLockPair(DataContext root, Integer key1, Integer key2) {
        return take(root, LockTag.advisory(database(root), key1, key2), false, true, true);
    }

    /** {@code pg_try_advisory_xact_lock_shared(key bigint)}. */
    public static Boolean tryXactLockShared(DataContext root, Long key) {
        return take(root, LockTag.advisory(database(root), key), true, true, true);
    }

    /** {@code pg_try_advisory_xact_lock_shared(key1 int, key2 int)}. */
    public static Boolean tryXactLockSharedPair(DataContext root, Integer key1, Integer key2) {
        return take(root, LockTag.advisory(database(root), key1, key2), true, true, true);
    }

    /** {@code pg_advisory_unlock(key bigint)}: false, with a WARNING, when the session holds no such lock. */
    public static Boolean unlock(DataContext root, Long key) {
        return release(root, LockTag.advisory(database(root), key), false);
    }

    /** {@code pg_advisory_unlock(key1 int, key2 int)}. */
    public static Boolean unlockPair(DataContext root, Integer key1, Integer key2) {
        return release(root, LockTag.advisory(database(root), key1, key2), false);
    }

    /** {@code pg_advisory_unlock_shared(key bigint)}: false, with a WARNING, when the session holds no such lock. */
    public static Boolean unlockShared(DataContext root, Long key) {
        return release(root, LockTag.advisory(database(root), key), true);
    }

    /** {@code pg_advisory_unlock_shared(key1 int, key2 int)}. */
    public static Boolean unlockSharedPair(DataContext root, Integer key1, Integer key2) {
        return release(root, LockTag.advisory(database(root), key1, key2), true);
    }

    /** {@code pg_advisory_unlock_all()}: releases every session-level advisory lock of the session. */
    public static String unlockAll(DataContext root) {
        locks(TesseraDataContext.statement(root)).unlockAll();
        return "";
    }

    /**
     * Takes the lock, waiting unless {@code nowait}.
     *
     * @throws TesseraException 55P03 after lock_timeout, 57014 when cancelled, 40P01 as a deadlock's victim
     */
    private static Boolean take(DataContext root, LockTag tag, boolean shared, boolean xact, boolean nowait) {
        StatementContext s = TesseraDataContext.statement(root);
        s.cancellation().check();
        return locks(s).lock(tag, shared, xact, nowait, s.lockTimeoutMs(),
                () -> io.tessera.coordinator.sql.TableLocking.interrupt(s.cancellation()),
                s.txn() == null ? 0 : s.txn().commandId());
    }

    private static Boolean release(DataContext root, LockTag tag, boolean shared) {
        StatementContext s = TesseraDataContext.statement(root);
        if (locks(s).unlock(tag, shared)) {
            return true;
        }
        locks(s).warn(new io.tessera.coordinator.session.Warning(SqlState.WARNING, "you don't own a lock of type "
                + SessionAdvisoryLocks.modeName(shared), 0));
        return false;
    }

    private static SessionAdvisoryLocks locks(StatementContext s) {
        SessionAdvisoryLocks l = s.advisoryLocks();
        if (l == null) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "advisory locks need a session");
        }
        return l;
    }

    /** The oid of the session's database: advisory keys are per database. */
    private static int database(DataContext root) {
        CatalogContext c = PgCatalogFunctions.context(root);
        DatabaseDef db = c.snapshot().databases().get(c.database());
        return db == null ? 0 : db.oid();
    }
}

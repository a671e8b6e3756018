package io.tessera.coordinator.txn.lock;

/**
 * What a lock is taken on, as PostgreSQL's {@code LOCKTAG} says it (lock.h): a table, or an advisory lock's key in
 * a database. The lock tables ({@link TableLockTable}, {@link ClusterTableLocks}) key their queues by it, so the
 * advisory locks share the table locks' cluster-wide queues, grants, waits and deadlock edges.
 *
 * <p>An advisory key is 64 bits whichever function took it, as in PostgreSQL's {@code SET_LOCKTAG_INT64} and
 * {@code SET_LOCKTAG_INT32}: a {@code bigint} key keeps its high half in {@code classid} and low half in
 * {@code objid} with {@code objsubid} 1; an {@code (int, int)} pair keeps its first key in {@code classid}, its
 * second in {@code objid}, with {@code objsubid} 2. The two key spaces are distinct: {@code pg_advisory_lock(1)} and
 * {@code pg_advisory_lock(0, 1)} do not conflict.
 *
 * @param kind what is locked
 * @param database the database oid of an advisory lock (advisory keys are per database); 0 for a table
 * @param key a table's id, or an advisory lock's {@code classid << 32 | objid}
 * @param subid 0 for a table, an advisory lock's {@code objsubid} (1: bigint key, 2: int pair)
 */
public record LockTag(Kind kind, int database, long key, int subid) {
    /** PostgreSQL's {@code LockTagType}s that Tessera uses, by their {@code pg_locks.locktype} name. */
    public enum Kind {
        RELATION("relation"),
        ADVISORY("advisory");

        private final String locktype;

        Kind(String locktype) {
            this.locktype = locktype;
        }

        /** The {@code pg_locks.locktype} value. */
        public String locktype() {
            return locktype;
        }
    }

    /** The lock on the table with id {@code tableId}. */
    public static LockTag relation(int tableId) {
        return new LockTag(Kind.RELATION, 0, tableId, 0);
    }

    /** The advisory lock of {@code pg_advisory_lock(key bigint)} in the database with oid {@code database}. */
    public static LockTag advisory(int database, long key) {
        return new LockTag(Kind.ADVISORY, database, key, 1);
    }

    /** The advisory lock of {@code pg_advisory_lock(key1 int, key2 int)} in the database {@code database}. */
    public static LockTag advisory(int database, int key1, int key2) {
        return new LockTag(Kind.ADVISORY, database, ((long) key1 << 32) | (key2 & 0xFFFFFFFFL), 2);
    }

    /** The table id of a relation lock. */
    public int tableId() {
        return (int) key;
    }

    /** {@code pg_locks.classid} of an advisory lock: the key's high 32 bits, unsigned (an oid). */
    public long classid() {
        return key >>> 32;
    }

    /** {@code pg_locks.objid} of an advisory lock: the key's low 32 bits, unsigned (an oid). */
    public long objid() {
        return key & 0xFFFFFFFFL;
    }

    /** The tag as a ZooKeeper request carries it, without spaces: {@code r:7} or {@code a:16384:-1:1}. */
    String encode() {
        return kind == Kind.RELATION ? "r:" + key : "a:" + database + ":" + key + ":" + subid;
    }

    static LockTag decode(String s) {
        String[] f = s.split(":");
        return f[0].equals("r") ? relation(Integer.parseInt(f[1]))
                : new LockTag(Kind.ADVISORY, Integer.parseInt(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]));
    }
}

package io.tessera.coordinator.sql;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.tessera.coordinator.sql.acl.Privileges;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.sql.SqlNode;

/**
 * The coordinator's plans shared by all its sessions: a statement planned by one session (a query, an INSERT, an
 * UPDATE or DELETE) is run by every other session that prepares the same text under the same conditions without
 * parsing or planning it again — pgbench's and an ORM's connections each prepare the same few statements, and each
 * planning takes milliseconds (seconds on a loaded machine), while adopting a shared plan takes microseconds.
 *
 * <p>Together with {@link LiteralLifting} (statements that differ only in integer constants share one lifted text)
 * this gives simple-protocol statements one generic plan per shape per coordinator:
 * <pre>
 *   session A: SELECT abalance FROM pgbench_accounts WHERE aid = 17
 *     lexical lift → "... WHERE aid = $1" [int4] → miss → parse, plan, compile → published here
 *   session B: SELECT abalance FROM pgbench_accounts WHERE aid = 4242
 *     lexical lift → "... WHERE aid = $1" [int4] → hit → B's own statement around A's plan, run with $1 = 4242
 * </pre>
 *
 * <p>What a plan's meaning depends on is in its {@link Key}: the text (the lifted text, whose remaining constants —
 * NULLs, strings, numbers that do not fit int4 — stay verbatim, so they make a different key), the parameter types,
 * the database, the catalog version (every DDL publishes a new one: ALTER TABLE, DROP and CREATE of the same name,
 * GRANT and REVOKE alike), the resolved search path and the pushdown setting ({@link PushdownSetting}). The role is
 * not part of it: planning reads nothing of the role (privileges are checked per session at each execution, and
 * {@code current_user} is read from the running statement's session), so sessions of different roles share plans.
 * ANALYZE statistics are not part of the key either, but of the entry: a plan whose tables were analyzed after it
 * was made ({@link Planned#current()}, {@link StatisticsStamp}) is dropped at its next lookup, which then misses, and
 * the session that missed publishes a plan made with the new statistics. A
 * session inside a transaction block whose DDL is not yet published plans against a private catalog (negative
 * versions): it neither reads nor publishes here. Entries of older catalog versions are dropped once a newer version
 * is seen, and the least recently used are evicted beyond {@link #CAPACITY}.
 *
 * <p>What a hit does not skip: each session wraps the shared plan in its own statement — its privilege check
 * ({@link io.tessera.coordinator.sql.acl.PrivilegeGuard}, against the catalog at each execution), its table locks,
 * its transaction, snapshot and parameters — so a shared plan never carries one session's state into another. A
 * shared plan is read by several sessions' threads at once: its compiled code, {@link QueryPlanner.Plan} and
 * {@link DmlPlanner.Plan} are immutable once made, and the planner it was made with is used at execution only for
 * its schema and type factory (whose type interning is thread-safe).
 *
 * <p>The coordinator's JVM option {@code -Dtessera.shared_plans=false} turns sharing off (each session plans on its
 * own, as before this cache): an escape hatch, and the "before" of a same-run benchmark.
 *
 * <p>Thread-safe. Guava's bounded cache holds the entries (concurrent, size-bounded, LRU-like eviction).
 */
final class PlanCache {
    /** The read-only setting (SHOW) that reports {@link #hits()}. */
    static final String HITS_SETTING = "tessera_shared_plan_hits";

    /** Shared plans per coordinator; each holds compiled classes, so the bound is modest. */
    static final int CAPACITY = 1024;

    /**
     * What a shared plan is keyed by: everything that changes its meaning.
     *
     * @param sql the statement's text, its liftable constants already parameters
     * @param parameterTypes the parameters' type OIDs (the client's, or int4 for lifted constants)
     * @param catalogVersion the global catalog version it was planned at (never a block's private one)
     * @param searchPath the schemas unqualified names resolved in (the session's search_path, existing ones)
     * @param pushdown {@link PushdownSetting}
     */
    record Key(String sql, List<Integer> parameterTypes, String database, long catalogVersion,
            List<String> searchPath, boolean pushdown) {
        Key {
            parameterTypes = List.copyOf(parameterTypes);
            searchPath = List.copyOf(searchPath);
        }
    }

    /** A session-independent part of a prepared statement that another session can run (made by its kind). */
    interface Planned {
        /** Whether the plan is still the one to run: false once a table it reads has new ANALYZE statistics. */
        default boolean current() {
            return true;
        }
    }

    /**
     * A shared plan.
     *
     * @param planned the statement's plan and what re-planning it needs
     * @param node the parsed statement (read only: the table locks it takes are derived from it per session)
     * @param needs the table privileges it needs, checked per session at each execution
     * @param views the views it reads (named before planning expanded them), locked per session as its tables are
     */
    record Entry(Planned planned, SqlNode node, List<Privileges.Need> needs, java.util.Set<String> views) {
    }

    /** Whether sessions share plans at all ({@code -Dtessera.shared_plans=false}: no). */
    private final boolean enabled;
    private final Cache<Key, Entry> entries = CacheBuilder.newBuilder().maximumSize(CAPACITY).build();
    private final AtomicLong newestVersion = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    PlanCache() {
        this(!"false".equals(System.getProperty("tessera.shared_plans")));
    }

    /** @param enabled false: nothing is ever published, every lookup misses */
    PlanCache(boolean enabled) {
        this.enabled = enabled;
    }

    /** The plan published under {@code key}, or null. */
    Entry get(Key key) {
        if (!enabled) {
            return null;
        }
        observe(key.catalogVersion());
        Entry e = entries.getIfPresent(key);
        if (e != null && !e.planned().current()) {
            entries.asMap().remove(key, e); // estimated with statistics since replaced
            e = null;
        }
        (e == null ? misses : hits).incrementAndGet();
        return e;
    }

    /** Publishes a plan (replacing one another session published meanwhile under the same key). */
    void put(Key key, Entry entry) {
        if (enabled && observe(key.catalogVersion())) {
            entries.put(key, entry);
        }
    }

    /** Plans other sessions' lookups found here since the coordinator started. */
    long hits() {
        return hits.get();
    }

    /** Lookups that found nothing. */
    long misses() {
        return misses.get();
    }

    /** Plans held now. */
    long size() {
        return entries.size();
    }

    /**
     * Notes a catalog version in use: a newer one than any seen drops the plans of the older ones (a DDL made
     * them unreachable). False for a version older than the newest seen: such a plan is not published.
     */
    private boolean observe(long version) {
        long newest = newestVersion.get();
        while (version > newest) {
            if (newestVersion.compareAndSet(newest, version)) {
                entries.asMap().keySet().removeIf(k -> k.catalogVersion() < version);
                return true;
            }
            newest = newestVersion.get();
        }
        return version == newest;
    }
}

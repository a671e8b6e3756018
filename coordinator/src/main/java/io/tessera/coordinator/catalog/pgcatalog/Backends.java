package io.tessera.coordinator.catalog.pgcatalog;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live client sessions of one coordinator, by process id: what {@code pg_stat_activity} lists and
 * {@code pg_cancel_backend}/{@code pg_terminate_backend} find. Like Postgres-XL's, the view shows the sessions of the
 * coordinator it is queried on, not the whole cluster's.
 */
public final class Backends {
    private final Map<Integer, Backend> live = new ConcurrentHashMap<>();
    private volatile java.util.function.Supplier<List<io.tessera.coordinator.txn.lock.TableLockTable.LockInfo>>
            tableLocks = List::of;

    /** Sets where {@code pg_locks} reads the coordinator's table locks. */
    public void tableLocks(java.util.function.Supplier<List<io.tessera.coordinator.txn.lock.TableLockTable.LockInfo>> s) {
        tableLocks = s;
    }

    /** The table locks held and awaited on this coordinator ({@code pg_locks}). */
    public List<io.tessera.coordinator.txn.lock.TableLockTable.LockInfo> tableLocks() {
        return tableLocks.get();
    }

    public void register(Backend b) {
        live.put(b.pid(), b);
    }

    public void unregister(Backend b) {
        live.remove(b.pid(), b);
    }

    /** The session with this process id, or null. */
    public Backend find(int pid) {
        return live.get(pid);
    }

    /** Every live session, by process id. */
    public List<Backend> list() {
        return live.values().stream().sorted(Comparator.comparingInt(Backend::pid)).toList();
    }
}

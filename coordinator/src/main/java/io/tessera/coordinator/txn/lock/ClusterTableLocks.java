package io.tessera.coordinator.txn.lock;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table locks across coordinators. Where they live, and why (docs/architecture.md, "Table locks"):
 * <ul>
 *   <li>A <b>weak</b> lock (ACCESS SHARE, ROW SHARE, ROW EXCLUSIVE: every SELECT, INSERT, UPDATE, DELETE) is taken
 *       only in its coordinator's {@link TableLockTable}, in memory: DML pays a map update per table and statement,
 *       no message.</li>
 *   <li>A <b>stronger</b> lock (SHARE UPDATE EXCLUSIVE and up: DDL, LOCK TABLE) is placed in <em>every</em>
 *       coordinator's table: its transaction creates an ephemeral sequential znode
 *       {@code /tessera/tablelocks/requests/r-N}; each coordinator's installer enqueues the requests in N's order
 *       in its own table and, once one is granted there, creates {@code /tessera/tablelocks/grants/r-N@coordinator};
 *       the requester waits for the grants of all live coordinators. Ending the transaction deletes its request,
 *       and every installer releases it.</li>
 * </ul>
 * Weak modes never conflict with each other, so every conflict has a strong side, present on the coordinator of the
 * other side, where the conflict is found: PostgreSQL's own fast-path argument ({@code lock.c}, "fast-path
 * locking"). Strong requests are queued in the same order everywhere, so two of them never deadlock falsely. A
 * coordinator that dies takes its weak locks with it and its requests' ephemeral znodes; its grants vanish too,
 * and a requester waits only for the coordinators still live.
 *
 * <p>Deadlocks: each coordinator publishes its waits' edges in {@code /tessera/tablelocks/waits/coordinator}
 * (written only when they change); the elected {@code DeadlockDetector} joins them with the datanodes' row-lock
 * edges (both are GXIDs) and names a victim in {@code /tessera/tablelocks/victims/gxid}, which ends its waits on
 * its coordinator with 40P01.
 */
public final class ClusterTableLocks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTableLocks.class);
    static final String ROOT = "/tessera/tablelocks";
    static final String REQUESTS = ROOT + "/requests";
    static final String GRANTS = ROOT + "/grants";
    static final String WAITS = ROOT + "/waits";
    static final String VICTIMS = ROOT + "/victims";
    private static final String MEMBERS = "/tessera/members/coordinator";
    /** How often the wait-for edges are compared with what was published, in ms. */
    static final long PUBLISH_MS = 250;

    private final CuratorFramework zk;
    private final String self;
    private final TableLockTable table = new TableLockTable();
    /** This coordinator's transactions with strong requests, by GXID (the installer uses their own owner). */
    private final ConcurrentHashMap<Long, LockOwner> localOwners = new ConcurrentHashMap<>();
    /** Requests installed in {@link #table}, by znode name; touched by the installer thread only. */
    private final Map<String, Installed> installed = new HashMap<>();
    private final Map<Long, LockOwner> remoteOwners = new HashMap<>();
    private final Set<String> victimsSeen = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService installer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "table-locks");
        t.setDaemon(true);
        return t;
    });
    private volatile String published = "";
    /**
     * Sessions holding advisory locks of their own ({@link SessionAdvisoryLocks}): the session owner's id, and
     * what its session's current transaction is (0: none). Published as wait-for edges (see {@link #alias}).
     */
    private final ConcurrentHashMap<LockOwner, java.util.function.LongSupplier> aliases = new ConcurrentHashMap<>();

    private record Installed(LockOwner owner, TableLockTable.Request request, boolean local) {
    }

    /**
     * A strong request as its znode says: {@code tag mode gxid startTs coordinator nowait group} ({@link LockTag}
     * encoded, group {@code -} for none).
     */
    record RequestData(LockTag tag, TableLockMode mode, long ownerId, long startTs, String coordinator,
            boolean nowait, String group) {
        byte[] encode() {
            return (tag.encode() + " " + mode.name() + " " + ownerId + " " + startTs + " " + coordinator + " "
                    + (nowait ? 1 : 0) + " " + (group == null ? "-" : group)).getBytes(StandardCharsets.UTF_8);
        }

        static RequestData decode(byte[] b) {
            String[] f = new String(b, StandardCharsets.UTF_8).split(" ");
            return new RequestData(LockTag.decode(f[0]), TableLockMode.valueOf(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), f[4], f[5].equals("1"), f[6].equals("-") ? null : f[6]);
        }
    }

    /**
     * @param zk the coordinator's ZooKeeper client, or null for a coordinator alone (tests): then every lock is
     *     local
     * @param self this coordinator's name
     */
    public ClusterTableLocks(CuratorFramework zk, String self) {
        this.zk = zk;
        this.self = self;
    }

    /** Creates the znodes' parents and starts watching requests and victims, and publishing edges. */
    public void start() throws Exception {
        if (zk == null) {
            return;
        }
        for (String p : List.of(REQUESTS, GRANTS, WAITS, VICTIMS)) {
            try {
                zk.create().creatingParentsIfNeeded().forPath(p);
            } catch (KeeperException.NodeExistsException exists) {
                // another coordinator made it
            }
        }
        installer.execute(this::syncRequests);
        installer.execute(this::syncVictims);
        installer.scheduleWithFixedDelay(this::publishEdges, PUBLISH_MS, PUBLISH_MS, TimeUnit.MILLISECONDS);
    }

    /** This coordinator's name. */
    public String coordinator() {
        return self;
    }

    /** This coordinator's lock table (pg_locks reads it). */
    public TableLockTable table() {
        return table;
    }

    /**
     * Takes {@code mode} on table {@code tableId} for {@code owner}: in this coordinator's table for a weak mode,
     * on every live coordinator for a stronger one. Waits and fails as {@link TableLockTable#acquire}.
     */
    public void acquire(LockOwner owner, int tableId, String relation, TableLockMode mode, boolean nowait,
            long lockTimeoutMs, CompletableFuture<TesseraException> interrupt) {
        acquire(owner, LockTag.relation(tableId), relation, mode, nowait, lockTimeoutMs, interrupt);
    }

    /**
     * As {@link #acquire(LockOwner, int, String, TableLockMode, boolean, long, CompletableFuture)}, on any lock tag
     * (an advisory lock's key).
     */
    public void acquire(LockOwner owner, LockTag tag, String relation, TableLockMode mode, boolean nowait,
            long lockTimeoutMs, CompletableFuture<TesseraException> interrupt) {
        if (mode.isWeak() || zk == null) {
            if (nowait && zk != null && !table.holds(owner, tag, mode) && !table.free(tag, mode)) {
                refresh(); // the conflict may be a strong lock released already, its removal not yet seen here
            }
            table.acquire(owner, tag, relation, mode, nowait, lockTimeoutMs, interrupt);
            return;
        }
        if (table.holds(owner, tag, mode)) {
            return;
        }
        localOwners.put(owner.id, owner);
        owner.newWait();
        String path;
        try {
            path = zk.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(REQUESTS + "/r-",
                    new RequestData(tag, mode, owner.id, owner.startTs, self, nowait, owner.group).encode());
        } catch (Exception e) {
            throw unavailable(e);
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        owner.requests.put(name, new LockOwner.Held(tag, mode));
        CompletableFuture<Void> all = new CompletableFuture<>();
        // a member that leaves sends no event to the grants' watch: a slow tick looks again
        java.util.concurrent.ScheduledFuture<?> tick = installer.scheduleWithFixedDelay(
                () -> checkGrants(name, all, relation, false), 200, 200, TimeUnit.MILLISECONDS);
        try {
            checkGrants(name, all, relation, true);
            TableLockTable.await(all, owner, lockTimeoutMs, interrupt,
                    () -> withdrawFailed(owner, name, tag, mode));
        } finally {
            tick.cancel(false);
        }
    }

    /**
     * Takes an advisory lock ({@link SessionAdvisoryLocks}) for {@code owner}, on every live coordinator.
     *
     * @param nowait the {@code pg_try_*} functions: give up at once rather than wait
     * @param interrupt supplies the statement's cancellation (a wait may be for another coordinator's lock)
     * @return false when {@code nowait} and a conflicting lock is held or queued before; true when held
     * @throws TesseraException as {@link TableLockTable#acquire}, but for NOWAIT's 55P03
     */
    boolean acquireAdvisory(LockOwner owner, LockTag tag, TableLockMode mode, boolean nowait, long lockTimeoutMs,
            java.util.function.Supplier<CompletableFuture<TesseraException>> interrupt) {
        try {
            acquire(owner, tag, "advisory lock", mode, nowait, lockTimeoutMs,
                    nowait ? new CompletableFuture<>() : interrupt.get());
            return true;
        } catch (TesseraException e) {
            if (nowait && e.sqlState() == SqlState.LOCK_NOT_AVAILABLE) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Withdraws request {@code name} of {@code owner} for {@code mode} on {@code tableId} that failed (lock_timeout,
     * cancel, NOWAIT, deadlock victim) everywhere, and here before returning: this coordinator may have granted it
     * already, and a local grant that outlived the failure would let a retry in the same transaction (after ROLLBACK
     * TO SAVEPOINT) find the mode held and skip the other coordinators' conflicts. The owner did not hold the mode
     * before the request ({@link #acquire} returns early when it does), so the mode is released whichever of the
     * installer's passes uninstalled the request.
     */
    private void withdrawFailed(LockOwner owner, String name, LockTag tag, TableLockMode mode) {
        owner.requests.remove(name);
        try {
            zk.delete().guaranteed().forPath(REQUESTS + "/" + name);
        } catch (KeeperException.NoNodeException gone) {
            // withdrawn already
        } catch (Exception e) {
            LOG.warn("could not delete table lock request {}: {}", name, e.toString());
            delete(REQUESTS + "/" + name);
        }
        try {
            installer.submit(() -> { // after it, the request is in no queue here and cannot be installed again
                if (installed.containsKey(name)) {
                    uninstall(name);
                }
                table.release(owner, tag, mode);
            }).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("could not withdraw table lock request {}: {}", name, e.toString());
        }
    }

    /** Completes {@code all} once every live coordinator granted request {@code name} (or fails it, NOWAIT). */
    private void checkGrants(String name, CompletableFuture<Void> all, String relation, boolean watch) {
        if (all.isDone()) {
            return;
        }
        try {
            Set<String> granted = new HashSet<>();
            List<String> grants = watch ? zk.getChildren().usingWatcher((Watcher) e -> installer.execute(
                    () -> checkGrants(name, all, relation, true))).forPath(GRANTS) : zk.getChildren().forPath(GRANTS);
            for (String g : grants) {
                int at = g.lastIndexOf('@');
                if (at > 0 && g.substring(0, at).equals(name)) {
                    byte[] data = zk.getData().forPath(GRANTS + "/" + g);
                    if (new String(data, StandardCharsets.UTF_8).equals("busy")) {
                        all.completeExceptionally(TableLockTable.notAvailable(relation));
                        return;
                    }
                    granted.add(g.substring(at + 1));
                }
            }
            Set<String> members = new HashSet<>(zk.getChildren().forPath(MEMBERS));
            members.add(self);
            if (granted.containsAll(members)) {
                all.complete(null);
            }
        } catch (KeeperException.NoNodeException gone) {
            // a grant vanished between the listing and the read: the next event or tick looks again
        } catch (Exception e) {
            all.completeExceptionally(unavailable(e));
        }
    }

    /** Ends {@code owner}'s transaction here: releases its locks in this table and its requests everywhere. */
    public void releaseAll(LockOwner owner) {
        table.releaseAll(owner);
        if (zk != null && !owner.requests.isEmpty()) {
            for (String name : List.copyOf(owner.requests.keySet())) {
                try { // synchronously: once the transaction's end is reported, no coordinator grants it any more
                    zk.delete().guaranteed().forPath(REQUESTS + "/" + name);
                } catch (KeeperException.NoNodeException gone) {
                    // withdrawn already
                } catch (Exception e) {
                    LOG.warn("could not delete table lock request {}: {}", name, e.toString());
                    delete(REQUESTS + "/" + name);
                }
            }
            owner.requests.clear();
        }
        localOwners.remove(owner.id, owner);
    }

    /**
     * Releases one lock {@code owner} holds ({@code pg_advisory_unlock}): here, and its strong request everywhere.
     * Nothing happens when it does not hold it.
     */
    public void release(LockOwner owner, LockTag tag, TableLockMode mode) {
        table.release(owner, tag, mode);
        if (zk == null) {
            return;
        }
        for (Map.Entry<String, LockOwner.Held> r : List.copyOf(owner.requests.entrySet())) {
            if (r.getValue().tag().equals(tag) && r.getValue().mode() == mode) {
                owner.requests.remove(r.getKey());
                try { // synchronously, as releaseAll: once unlock returns, no coordinator keeps the lock
                    zk.delete().guaranteed().forPath(REQUESTS + "/" + r.getKey());
                } catch (KeeperException.NoNodeException gone) {
                    // withdrawn already
                } catch (Exception e) {
                    LOG.warn("could not delete lock request {}: {}", r.getKey(), e.toString());
                    delete(REQUESTS + "/" + r.getKey());
                }
            }
        }
    }

    /**
     * Brings this coordinator's copy of the strong locks up to date with ZooKeeper now (a request deleted before
     * this call is released here when it returns).
     */
    void refresh() {
        try {
            installer.submit(this::syncRequests).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("refreshing the table locks: {}", e.toString());
        }
    }

    private void delete(String path) {
        try {
            zk.delete().guaranteed().inBackground().forPath(path);
        } catch (Exception e) {
            LOG.warn("could not delete {}: {}", path, e.toString());
        }
    }

    private static TesseraException unavailable(Exception e) {
        return new TesseraException(SqlState.CATALOG_UNAVAILABLE, "could not take a table lock: ZooKeeper "
                + "unavailable: " + e.getMessage(), e);
    }

    // ---- the installer: other coordinators' (and this one's) strong requests, in sequence order ---------------

    private void syncRequests() {
        List<String> names;
        try {
            names = new ArrayList<>(zk.getChildren().usingWatcher((Watcher) e -> installer.execute(this::syncRequests))
                    .forPath(REQUESTS));
        } catch (Exception e) {
            LOG.warn("could not list the table lock requests: {}", e.toString());
            installer.schedule(this::syncRequests, 500, TimeUnit.MILLISECONDS);
            return;
        }
        names.sort(null); // r-0000000012: the sequence order, the same on every coordinator
        Set<String> present = new HashSet<>(names);
        for (String name : List.copyOf(installed.keySet())) {
            if (!present.contains(name)) {
                uninstall(name);
            }
        }
        for (String name : names) {
            if (!installed.containsKey(name)) {
                install(name);
            }
        }
    }

    private void install(String name) {
        RequestData d;
        try {
            d = RequestData.decode(zk.getData().forPath(REQUESTS + "/" + name));
        } catch (KeeperException.NoNodeException gone) {
            return;
        } catch (Exception e) {
            LOG.warn("could not read table lock request {}: {}", name, e.toString());
            return;
        }
        LockOwner local = d.coordinator().equals(self) ? localOwners.get(d.ownerId()) : null;
        LockOwner owner = local != null ? local : remoteOwners.computeIfAbsent(d.ownerId(),
                id -> new LockOwner(id, d.startTs(), d.coordinator(), 0, d.group()));
        TableLockTable.Request r = table.request(owner, d.tag(), d.mode());
        installed.put(name, new Installed(owner, r, local != null));
        if (r.isGranted()) {
            grant(name, "ok");
        } else if (d.nowait()) {
            table.withdraw(r);
            grant(name, "busy");
        } else {
            r.granted().thenRun(() -> installer.execute(() -> {
                if (installed.containsKey(name)) {
                    grant(name, "ok");
                }
            }));
        }
    }

    private void grant(String name, String state) {
        try {
            zk.create().withMode(CreateMode.EPHEMERAL).forPath(GRANTS + "/" + name + "@" + self,
                    state.getBytes(StandardCharsets.UTF_8));
        } catch (KeeperException.NodeExistsException again) {
            // granted already
        } catch (Exception e) {
            LOG.warn("could not grant table lock request {}: {}", name, e.toString());
        }
    }

    private void uninstall(String name) {
        Installed i = installed.remove(name);
        if (i.request.isGranted()) {
            if (!i.local) {
                table.release(i.owner, i.request.tag, i.request.mode);
            }
        } else {
            table.withdraw(i.request);
        }
        if (!i.local && installed.values().stream().noneMatch(x -> x.owner == i.owner)) {
            remoteOwners.remove(i.owner.id);
            i.owner.tables.clear();
        }
        try {
            zk.delete().inBackground().forPath(GRANTS + "/" + name + "@" + self);
        } catch (Exception e) {
            LOG.debug("removing the grant of {}: {}", name, e.toString());
        }
    }

    // ---- deadlocks ---------------------------------------------------------------------------------------------

    private void publishEdges() {
        try {
            StringBuilder b = new StringBuilder();
            List<TableLockTable.Edge> edges = localEdges();
            for (TableLockTable.Edge e : edges) {
                b.append(e.waiter()).append(' ').append(e.holder()).append(' ').append(e.waiterStartTs()).append('\n');
            }
            String now = b.toString();
            if (now.equals(published)) {
                return;
            }
            String path = WAITS + "/" + self;
            byte[] data = now.getBytes(StandardCharsets.UTF_8);
            if (zk.checkExists().forPath(path) == null) {
                zk.create().withMode(CreateMode.EPHEMERAL).forPath(path, data);
            } else {
                zk.setData().forPath(path, data);
            }
            published = now;
        } catch (Exception e) {
            LOG.debug("publishing table lock waits: {}", e.toString());
        }
    }

    /** This coordinator's table's wait-for edges and its sessions' {@link #alias} edges. */
    private List<TableLockTable.Edge> localEdges() {
        List<TableLockTable.Edge> edges = new ArrayList<>(table.waitEdges());
        aliases.forEach((session, txn) -> {
            long t = txn.getAsLong();
            if (t != 0 && t != session.id) { // from the owner that does not wait to the one that does
                edges.add(session.waiting ? new TableLockTable.Edge(t, session.id, Long.MIN_VALUE)
                        : new TableLockTable.Edge(session.id, t, Long.MIN_VALUE));
            }
        });
        return edges;
    }

    /**
     * Makes a session's own lock owner ({@code sessionOwner}, which holds its session-level advisory locks) and its
     * current transaction one node of the wait-for graph, as they are one PostgreSQL backend: an edge from the one
     * that does not wait to the one that does ({@code sessionOwner → transaction}, or the reverse while the session
     * waits for an advisory lock). So a cycle through a session's advisory lock and its transaction's table or row
     * locks is found, and no false one: a session waits in one place at a time. The edge has the oldest start, so
     * a cycle through it ends one of the owners that really wait. {@code current} (the GXID, 0 for none) is read by
     * the publishing thread.
     */
    public void alias(LockOwner sessionOwner, java.util.function.LongSupplier current) {
        aliases.put(sessionOwner, current);
    }

    /** The session of {@link #alias} ended. */
    public void unalias(LockOwner sessionOwner) {
        aliases.remove(sessionOwner);
    }

    /** The table-lock wait-for edges every coordinator published (for the deadlock detector). */
    public List<TableLockTable.Edge> clusterEdges() {
        List<TableLockTable.Edge> edges = new ArrayList<>();
        if (zk == null) {
            return localEdges();
        }
        try {
            for (String c : zk.getChildren().forPath(WAITS)) {
                try {
                    for (String line : new String(zk.getData().forPath(WAITS + "/" + c), StandardCharsets.UTF_8)
                            .split("\n")) {
                        if (!line.isBlank()) {
                            String[] f = line.split(" ");
                            edges.add(new TableLockTable.Edge(Long.parseLong(f[0]), Long.parseLong(f[1]),
                                    Long.parseLong(f[2])));
                        }
                    }
                } catch (KeeperException.NoNodeException gone) {
                    // that coordinator left
                }
            }
        } catch (Exception e) {
            LOG.debug("reading table lock waits: {}", e.toString());
        }
        return edges;
    }

    /** Names {@code gxid} a deadlock victim: its table-lock waits end with 40P01 on its coordinator. */
    public void chooseVictim(long gxid, String detail) {
        if (zk == null) {
            onVictim(gxid, detail);
            return;
        }
        String path = VICTIMS + "/" + gxid;
        try {
            zk.create().withMode(CreateMode.EPHEMERAL).forPath(path, detail.getBytes(StandardCharsets.UTF_8));
            installer.schedule(() -> delete(path), 10, TimeUnit.SECONDS);
        } catch (KeeperException.NodeExistsException again) {
            // named already
        } catch (Exception e) {
            LOG.warn("could not name deadlock victim {}: {}", gxid, e.toString());
        }
    }

    private void syncVictims() {
        try {
            List<String> names = zk.getChildren().usingWatcher((Watcher) e -> installer.execute(this::syncVictims))
                    .forPath(VICTIMS);
            victimsSeen.retainAll(names);
            for (String n : names) {
                if (victimsSeen.add(n)) {
                    byte[] detail;
                    try {
                        detail = zk.getData().forPath(VICTIMS + "/" + n);
                    } catch (KeeperException.NoNodeException gone) {
                        continue;
                    }
                    onVictim(Long.parseLong(n), new String(detail, StandardCharsets.UTF_8));
                }
            }
        } catch (Exception e) {
            LOG.warn("could not read the deadlock victims: {}", e.toString());
            installer.schedule(this::syncVictims, 500, TimeUnit.MILLISECONDS);
        }
    }

    private void onVictim(long gxid, String detail) {
        LockOwner o = localOwners.get(gxid);
        if (o != null) {
            o.chooseAsVictim(detail);
        }
        table.abortWaiter(gxid, detail);
    }

    @Override
    public void close() {
        installer.shutdownNow();
    }
}

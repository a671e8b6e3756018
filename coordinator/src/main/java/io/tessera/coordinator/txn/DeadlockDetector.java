package io.tessera.coordinator.txn;

import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.protocol.datanode.TxnRequest;
import io.tessera.protocol.datanode.WaitEdge;
import io.tessera.protocol.datanode.WaitsForRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global deadlock detector (DESIGN.md "Transactions"; Citus' maintenance daemon does the same): one coordinator,
 * elected through a Curator {@link LeaderLatch}, collects every datanode's wait-for edges once per
 * {@value #INTERVAL_MS} ms — PostgreSQL's default {@code deadlock_timeout} — joins them into one graph, and for
 * each cycle ends the waits of its youngest transaction (the greatest start timestamp) with 40P01 on every datanode.
 * Cycles within one datanode are already caught by the datanode itself; this finds those that span datanodes, which
 * Postgres-XL never detects. An unreachable datanode only hides its edges for that round.
 */
public final class DeadlockDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlockDetector.class);
    static final long INTERVAL_MS = 1000;
    private static final String ELECTION = "/tessera/elections/deadlock-detector";

    private final CatalogStore catalog;
    private final DatanodeClients datanodes;
    private final LeaderLatch latch;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "deadlock-detector");
        t.setDaemon(true);
        return t;
    });

    /** The cluster's table locks, whose wait-for edges join the datanodes' (null: none). */
    private volatile io.tessera.coordinator.txn.lock.ClusterTableLocks tableLocks;

    /** Adds the table locks' waits ({@code txn.lock.ClusterTableLocks}) to the graph; returns this. */
    public DeadlockDetector withTableLocks(io.tessera.coordinator.txn.lock.ClusterTableLocks locks) {
        this.tableLocks = locks;
        return this;
    }

    public DeadlockDetector(CuratorFramework zk, String coordinatorName, CatalogStore catalog, DatanodeClients datanodes) {
        this.catalog = catalog;
        this.datanodes = datanodes;
        this.latch = new LeaderLatch(zk, ELECTION, coordinatorName);
    }

    /** Joins the election and starts the periodic check (which does nothing unless this coordinator leads). */
    public void start() throws Exception {
        latch.start();
        timer.scheduleWithFixedDelay(this::round, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            if (latch.hasLeadership()) {
                detectOnce();
            }
        } catch (RuntimeException e) {
            LOG.warn("deadlock detection round failed: {}", e.toString());
        }
    }

    /** One round: gather the edges, break every cycle. Returns the victims chosen (for tests and logs). */
    List<Long> detectOnce() {
        List<NodeDef> nodes = catalog.snapshot().datanodes();
        List<WaitEdge> edges = new ArrayList<>();
        for (NodeDef n : nodes) {
            try {
                edges.addAll(datanodes.blocking(n).withDeadlineAfter(2, TimeUnit.SECONDS)
                        .waitsFor(WaitsForRequest.getDefaultInstance()).getEdgesList());
            } catch (RuntimeException unreachable) {
                LOG.debug("no wait-for edges from {}: {}", n.name(), unreachable.toString());
            }
        }
        io.tessera.coordinator.txn.lock.ClusterTableLocks locks = tableLocks;
        if (locks != null) {
            for (io.tessera.coordinator.txn.lock.TableLockTable.Edge e : locks.clusterEdges()) {
                edges.add(WaitEdge.newBuilder().setWaiter(e.waiter()).setHolder(e.holder())
                        .setWaiterStartTs(e.waiterStartTs()).build());
            }
        }
        List<Long> victims = victims(edges);
        for (long victim : victims) {
            LOG.info("deadlock across datanodes: ending the waits of GXID {}", victim);
            if (locks != null) {
                locks.chooseVictim(victim, "Transaction " + victim + " waits for " + holders(edges, victim)
                        + " in a cycle of lock waits and was chosen as the victim of a deadlock.");
            }
            for (NodeDef n : nodes) {
                try {
                    datanodes.blocking(n).withDeadlineAfter(2, TimeUnit.SECONDS)
                            .abortWaiter(TxnRequest.newBuilder().setGxid(victim).build());
                } catch (RuntimeException unreachable) {
                    LOG.debug("could not abort the waits of {} on {}: {}", victim, n.name(), unreachable.toString());
                }
            }
        }
        return victims;
    }

    /** {@code transaction 7} or {@code transactions 7, 9}: what {@code gxid} waits for. */
    private static String holders(List<WaitEdge> edges, long gxid) {
        List<Long> hs = new ArrayList<>();
        for (WaitEdge e : edges) {
            if (e.getWaiter() == gxid && !hs.contains(e.getHolder())) {
                hs.add(e.getHolder());
            }
        }
        StringBuilder b = new StringBuilder(hs.size() == 1 ? "transaction " : "transactions ");
        for (int i = 0; i < hs.size(); i++) {
            b.append(i > 0 ? ", " : "").append(hs.get(i));
        }
        return b.toString();
    }

    /**
     * The transactions to abort so that the wait-for graph has no cycle: for each cycle found by a depth-first
     * search, its member with the greatest start timestamp (the youngest: it has done the least work).
     */
    static List<Long> victims(List<WaitEdge> edges) {
        Map<Long, Set<Long>> waitsFor = new HashMap<>();
        Map<Long, Long> startTs = new HashMap<>();
        for (WaitEdge e : edges) {
            waitsFor.computeIfAbsent(e.getWaiter(), k -> new HashSet<>()).add(e.getHolder());
            startTs.merge(e.getWaiter(), e.getWaiterStartTs(), Math::max);
        }
        List<Long> victims = new ArrayList<>();
        Set<Long> removed = new HashSet<>();
        while (true) {
            List<Long> cycle = findCycle(waitsFor, removed);
            if (cycle == null) {
                return victims;
            }
            long victim = cycle.get(0);
            for (long g : cycle) {
                if (startTs.getOrDefault(g, 0L) > startTs.getOrDefault(victim, 0L)
                        || (startTs.getOrDefault(g, 0L).equals(startTs.getOrDefault(victim, 0L)) && g > victim)) {
                    victim = g;
                }
            }
            victims.add(victim);
            removed.add(victim);
        }
    }

    private static List<Long> findCycle(Map<Long, Set<Long>> graph, Set<Long> removed) {
        Map<Long, Integer> state = new HashMap<>(); // 1 on the stack, 2 done
        for (Long start : graph.keySet()) {
            if (removed.contains(start) || state.containsKey(start)) {
                continue;
            }
            List<Long> stack = new ArrayList<>();
            List<Long> cycle = dfs(start, graph, removed, state, stack);
            if (cycle != null) {
                return cycle;
            }
        }
        return null;
    }

    private static List<Long> dfs(long node, Map<Long, Set<Long>> graph, Set<Long> removed, Map<Long, Integer> state,
            List<Long> stack) {
        state.put(node, 1);
        stack.add(node);
        for (long next : graph.getOrDefault(node, Set.of())) {
            if (removed.contains(next)) {
                continue;
            }
            Integer s = state.get(next);
            if (s == null) {
                List<Long> cycle = dfs(next, graph, removed, state, stack);
                if (cycle != null) {
                    return cycle;
                }
            } else if (s == 1) {
                return new ArrayList<>(stack.subList(stack.indexOf(next), stack.size()));
            }
        }
        stack.remove(stack.size() - 1);
        state.put(node, 2);
        return null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            latch.close();
        } catch (Exception e) {
            LOG.debug("leaving the deadlock detector election", e);
        }
    }
}

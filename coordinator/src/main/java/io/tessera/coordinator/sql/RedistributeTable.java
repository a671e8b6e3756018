package io.tessera.coordinator.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Context;
import io.tessera.common.error.SqlState;
import io.tessera.common.failpoint.Failpoints;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.coordinator.sql.exec.Cancellation;
import io.tessera.coordinator.sql.exec.TableScans;
import io.tessera.protocol.redistribute.CheckFenceRequest;
import io.tessera.protocol.redistribute.EndJobRequest;
import io.tessera.protocol.redistribute.FenceRequest;
import io.tessera.protocol.redistribute.IngestRequest;
import io.tessera.protocol.redistribute.IngestResponse;
import io.tessera.protocol.redistribute.Layout;
import io.tessera.protocol.redistribute.ProgressRequest;
import io.tessera.protocol.redistribute.ProgressResponse;
import io.tessera.protocol.redistribute.ReceiveRequest;
import io.tessera.protocol.redistribute.RedistributeGrpc;
import io.tessera.protocol.redistribute.SendRequest;
import io.tessera.protocol.redistribute.SendResponse;
import io.tessera.protocol.redistribute.Target;
import io.tessera.sql.parser.ddl.SqlAlterTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ALTER TABLE t DISTRIBUTE BY ... / TO NODE / ADD NODE / DELETE NODE (docs/redistribution.md): moves every row
 * datanode to datanode into a fresh table id laid out the new way, online, then switches the catalog in one
 * versioned update.
 *
 * <pre>
 *   job znode (ephemeral, /tessera/redistribute/DB/TABLE) ─ staging table TABLE$redistNEWID in the catalog
 *   round 0: Receive on every new node, Send on every source (a GTM snapshot S, GC held at S; every visible row
 *            routed by the new layout through reduce), Ingest on every new node (SST files)
 *   rounds 1..n while writes go on: the same with what changed since each source's previous snapshot
 *   switch: Fence every old node (writes to t wait there; if they do not drain in time: unfence, catch up,
 *           fence again), a last round (all that committed), CheckFence,
 *           catalog switch (old def and staging out, t with the new id and layout in; schema version + 1),
 *           EndJob everywhere (the old id retired first, so the writes that waited re-plan: 40T01, re-planned
 *           by StaleSchemaRetry; fences and GC holds lift)
 *   old key range dropped (deleteRange) ─ job znode deleted
 * </pre>
 * Any failure before the switch ends the job everywhere with the new rows dropped and the staging entry removed:
 * the table stays whole in its old layout. The job znode is ephemeral: if this coordinator dies, ZooKeeper
 * removes it, each datanode drops the job's fence, GC hold and files when it sees that, and the coordinators'
 * sweepers ({@link RedistributionJobs#startSweeper}) remove the orphaned staging entry (so does the next ALTER of
 * the table).
 */
final class RedistributeTable {
    private static final Logger LOG = LoggerFactory.getLogger(RedistributeTable.class);
    /** Parent znode of the running jobs: {@code /tessera/redistribute/DB/TABLE}. */
    static final String JOBS = "/tessera/redistribute";
    /** Suffix of a job's staging table name, followed by the new table id. */
    static final String STAGING = "$redist";
    /**
     * How long each attempt at the switch waits for the writes to the table to drain (transactions that wrote it
     * to end); after a failed attempt the fences lift, a catch-up round runs and the next attempt waits longer.
     * 30 s in all, then 55P03.
     */
    /** Failpoint (tests): the switch with every round ingested and writes paused, before the catalog update. */
    static final String SWITCH_BEFORE_CATALOG = "redistribute.switch.before-catalog";
    /** Failpoint (tests): the switch right after the catalog update, before EndJob. */
    static final String SWITCH_AFTER_CATALOG = "redistribute.switch.after-catalog";
    private static final long[] DRAIN_MS = {1_000, 2_000, 4_000, 8_000, 15_000};
    private static final long COPY_DEADLINE_S = 3_600;
    /** How often the coordinator asks the sources how far a round's streams are (progress only). */
    static final long PROGRESS_POLL_MS = 1_000;
    /** Catch-up rounds before the switch at most. */
    static final int MAX_CATCH_UP_ROUNDS = 4;
    /** The switch comes once a catch-up round moved at most this many rows (the lag left for the paused round). */
    static final long FINAL_LAG_ROWS = 2_000;
    /** The write pause of the last job on each table ("db.table" → ms), for tests and benchmarks. */
    static final Map<String, Long> LAST_PAUSE_MS = new ConcurrentHashMap<>();
    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "redistribute-call");
        t.setDaemon(true);
        return t;
    });

    private final CatalogStore catalog;
    private final DatanodeClients datanodes;
    private final Function<TableDef, Void> dropStaging;
    private final Function<TableDef, Void> removeData;
    private final ObjectMapper json = new ObjectMapper();

    RedistributeTable(CatalogStore catalog, DatanodeClients datanodes, Function<TableDef, Void> dropStaging,
            Function<TableDef, Void> removeData) {
        this.catalog = catalog;
        this.datanodes = datanodes;
        this.dropStaging = dropStaging;
        this.removeData = removeData;
    }

    /**
     * Runs one redistribution of {@code t}; returns its final notice. Progress goes to {@code notices} as the job
     * runs (phase changes, rows copied, changes caught up), on the calling thread.
     *
     * @throws TesseraException 42704 for an unknown datanode or column, 42710 / 42704 for ADD NODE of a node in use /
     *     DELETE NODE of a node not in use, 0A000 for a distribution the table cannot have, 55006 when another job
     *     runs on the table, 55P03 when open transactions keep writing it, 57014 when the statement is cancelled
     *     (CancelRequest, statement_timeout) or the job is ({@link RedistributionJobs#cancel}) before the switch,
     *     the datanodes' errors otherwise (the table then stays in its old layout)
     */
    List<TesseraException> run(TableDef t, SqlAlterTable.Redistribute r, Consumer<TesseraException> notices,
            Cancellation cancellation) {
        CatalogSnapshot s = catalog.snapshot();
        Distribution old = t.distribution();
        Distribution next = layout(t, r, s);
        if (next == null) {
            return List.of(); // nothing changes
        }
        cleanOrphans(t);
        String jobId = UUID.randomUUID().toString();
        String jobPath = JOBS + "/" + enc(t.database()) + "/" + enc(t.key());
        RedistributionProgress progress = RedistributionProgress.start(jobId, t.database(), t.name(),
                m -> notices.accept(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, m)));
        try {
            catalog.zk().create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .forPath(jobPath, jobJson(jobId, t, 0, progress));
        } catch (KeeperException.NodeExistsException e) {
            progress.end();
            throw new TesseraException(SqlState.OBJECT_IN_USE, "relation \"" + t.name()
                    + "\" is already being redistributed");
        } catch (Exception e) {
            progress.end();
            throw new TesseraException(SqlState.CONNECTION_FAILURE, "cannot record the redistribution job in "
                    + "ZooKeeper: " + e.getMessage(), e);
        }
        TableDef staging = null;
        boolean switched = false;
        Set<String> involved = new LinkedHashSet<>(old.nodes());
        involved.addAll(next.nodes());
        // every call of the job runs in this context: cancelling the statement or the job cancels them all
        Context.CancellableContext rpcs = Context.ROOT.withCancellation();
        AtomicReference<String> cancelled = new AtomicReference<>();
        cancellation.onCancel(() -> {
            cancelled.compareAndSet(null, cancellation.error().getMessage()); // user request or statement timeout
            rpcs.cancel(null);
        });
        Context outside = rpcs.attach();
        long pausedAt = 0;
        long earlierPauses = 0; // switch attempts whose writes did not drain in time (ns)
        long pauseMs;
        try {
            watchCancel(jobPath, jobId, () -> {
                cancelled.compareAndSet(null, "redistribution of \"" + t.name() + "\" was cancelled");
                rpcs.cancel(null);
            }, rpcs);
            int[] newId = {0};
            TableDef[] stagingDef = {null};
            catalog.apply((snapshot, root, ops) -> {
                newId[0] = ops.allocateOid();
                stagingDef[0] = new TableDef(newId[0], t.database(), t.schema(), t.name() + STAGING + newId[0],
                        t.columns(), next, t.primaryKey(), t.checks());
                return List.of(ops.createTable(stagingDef[0]));
            });
            staging = stagingDef[0];
            checkCancelled(cancelled);
            // the sources: each old node with its shards (a replicated table is read from its first node)
            Map<String, List<Integer>> sources = new LinkedHashMap<>();
            if (old.replicated()) {
                sources.put(old.nodes().get(0), List.of(0));
            } else {
                for (int shard = 0; shard < old.shardCount(); shard++) {
                    sources.computeIfAbsent(old.shardNodes().get(shard), n -> new ArrayList<>()).add(shard);
                }
            }
            Layout layout = layoutMessage(t, next, s);
            Job job = new Job(s, jobId, jobPath, t, newId[0], sources, next, layout, progress);
            // the copy, online: every row visible at a fresh snapshot S (each source holds its GC at S)
            progress.phase("copying", "redistributing \"" + t.name() + "\" from " + describe(old) + " to "
                    + describe(next) + ": copying its rows");
            Round first = job.round(0, true, false);
            long expected = next.replicated() ? first.sent * next.nodes().size() : first.sent;
            if (first.received != expected) {
                throw new TesseraException(SqlState.INTERNAL_ERROR, "redistribution of \"" + t.name() + "\" sent "
                        + first.sent + " rows but the new layout received " + first.received + " (expected "
                        + expected + ")");
            }
            progress.rowsTotal = first.sent;
            progress.lag = first.sent;
            progress.phase("catching up", "copied " + first.sent + " rows of \"" + t.name() + "\" in "
                    + progress.elapsedMs() + " ms; catching up with the writes made meanwhile");
            writeJob(jobPath, jobId, t, newId[0], progress);
            // catch-up rounds from MVCC while writes go on, until the changes of one round are few
            for (int round = 1; round <= MAX_CATCH_UP_ROUNDS && progress.lag > FINAL_LAG_ROWS; round++) {
                progress.phase("catching up (round " + round + ")", null);
                Round caught = job.round(round, false, false);
                progress.lag = caught.sent;
                progress.phase("catching up", "catch-up round " + round + " of \"" + t.name() + "\": "
                        + caught.sent + " changes");
                writeJob(jobPath, jobId, t, newId[0], progress);
            }
            // the switch: writes pause (they wait at the fences), a last catch-up, ingest, one catalog update
            progress.phase("pausing writes", "pausing writes to \"" + t.name() + "\" for the switch");
            progress.writesPaused = true; // recorded before any fence: a source that restarts fences again
            writeJob(jobPath, jobId, t, newId[0], progress);
            FenceRequest fence = FenceRequest.newBuilder().setJobId(jobId).setTableId(t.id()).setTableName(t.name())
                    .setJobPath(jobPath).build();
            for (int attempt = 0; ; attempt++) {
                progress.phase = "pausing writes";
                long start = System.nanoTime();
                try {
                    fence(s, old.nodes(), fence.toBuilder().setTimeoutMs(DRAIN_MS[attempt]).build());
                    pausedAt = start;
                    break;
                } catch (TesseraException e) {
                    // writes that began before the fence still run, or wait at another node's fence: let them go
                    for (String node : old.nodes()) {
                        try {
                            stub(s, node).withDeadlineAfter(10, TimeUnit.SECONDS).unfence(fence);
                        } catch (RuntimeException u) {
                            e.addSuppressed(u);
                            throw e; // the job fails; EndJob or the job znode's end lifts what is left
                        }
                    }
                    earlierPauses += System.nanoTime() - start;
                    if (e.sqlState() != SqlState.LOCK_NOT_AVAILABLE || attempt + 1 == DRAIN_MS.length) {
                        throw e;
                    }
                    LOG.info("redistribution job {}: writes did not drain within {} ms ({}); catching up again",
                            jobId, DRAIN_MS[attempt], e.getMessage());
                    progress.phase("catching up (round " + job.rounds + ")", "writes to \"" + t.name()
                            + "\" did not pause within " + DRAIN_MS[attempt] + " ms (transactions that wrote it are "
                            + "open); catching up again");
                    progress.lag = job.round(job.rounds, false, false).sent;
                }
            }
            progress.phase("final catch-up", null);
            Round last = job.round(job.rounds, false, true);
            long sent = first.sent;
            progress.lag = last.sent;
            progress.phase("switching", null);
            checkCancelled(cancelled);
            // a source that restarted lost its fence and may have taken writes: then the copy is not the table
            for (String node : old.nodes()) {
                if (!stub(s, node).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .checkFence(CheckFenceRequest.newBuilder().setJobId(jobId).build()).getFenced()) {
                    throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "datanode \"" + node
                            + "\" restarted during the redistribution of \"" + t.name() + "\"; try again");
                }
            }
            // crash tests stop the coordinator here: every round ingested, writes paused, the catalog not switched
            Failpoints.pause(SWITCH_BEFORE_CATALOG);
            TableDef finalStaging = staging;
            // the table keeps its columns (defaults, identity), constraints, comments and secondary indexes (their
            // entries came with the rows), foreign keys follow the new id; sequences it owns name it and stay
            TableDef moved = new TableDef(newId[0], t.database(), t.schema(), t.name(), t.columns(), next,
                    t.primaryKey(), t.checks(), t.nextColumnId(), t.schemaVersion() + 1, t.comments(), t.indexes()).withAccessOf(t);
            catalog.apply((snapshot, root, ops) -> {
                TableDef current = snapshot.tables(t.database()).get(t.key());
                if (current == null || !current.equals(t)) {
                    throw new TesseraException(SqlState.OBJECT_IN_USE, "table \"" + t.name()
                            + "\" was changed concurrently while it was redistributed; try again");
                }
                if (!jobAlive(jobPath)) { // cancelled: the switch checks the job znode, so it is one or the other
                    cancelled.compareAndSet(null, "redistribution of \"" + t.name() + "\" was cancelled");
                }
                checkCancelled(cancelled);
                List<org.apache.curator.framework.api.transaction.CuratorOp> out = new ArrayList<>();
                out.add(catalog.zk().transactionOp().check().forPath(jobPath));
                out.addAll(TableRebuild.switchOperations(snapshot, ops, current, finalStaging, moved));
                return out;
            });
            switched = true;
            // ... and here: the catalog switched, the old layout's fences and rows not yet released
            Failpoints.pause(SWITCH_AFTER_CATALOG);
            Context.ROOT.run(() -> endJob(s, involved, jobId, false, 0, t.id()));
            pauseMs = (earlierPauses + System.nanoTime() - pausedAt) / 1_000_000;
            LAST_PAUSE_MS.put(t.database() + "." + t.name(), pauseMs);
            Context.ROOT.run(() -> removeData.apply(t));
            LOG.info("redistributed {}.{}: {} rows from {} to {} in {} ms (writes paused {} ms)", t.database(),
                    t.name(), sent, describe(old), describe(next), progress.elapsedMs(), pauseMs);
            return List.of(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "redistributed " + sent
                    + " rows of \"" + t.name() + "\" to " + describe(next) + " in " + progress.elapsedMs()
                    + " ms, then " + (progress.rowsCopied - sent) + " changes made meanwhile in " + job.rounds
                    + " catch-up rounds (writes paused " + pauseMs + " ms)"));
        } catch (RuntimeException e) {
            if (cancelled.get() == null && !switched && !jobAliveOrUnknown(jobPath)) {
                // the job's znode was deleted (pg_cancel_redistribute, ./tessera redistribute --cancel) and a
                // datanode acted on it before this coordinator's own watch fired: still a cancellation
                cancelled.compareAndSet(null, "redistribution of \"" + t.name() + "\" was cancelled");
            }
            RuntimeException failure = cancelled.get() == null || switched ? e
                    : new TesseraException(SqlState.QUERY_CANCELED, cancelled.get());
            if (!switched) {
                TableDef st = staging;
                Context.ROOT.run(() -> abort(s, involved, jobId, st)); // outside the cancelled calls
            }
            if (failure != e) {
                failure.addSuppressed(e);
            }
            throw failure;
        } finally {
            rpcs.detach(outside);
            rpcs.cancel(null); // releases the listeners
            progress.end();
            try {
                catalog.zk().delete().quietly().forPath(jobPath);
            } catch (Exception e) {
                LOG.warn("cannot delete redistribution job znode {}: {}", jobPath, e.getMessage());
            }
        }
    }

    /** @throws TesseraException 57014 once the statement or the job was cancelled */
    private static void checkCancelled(AtomicReference<String> cancelled) {
        if (cancelled.get() != null) {
            throw new TesseraException(SqlState.QUERY_CANCELED, cancelled.get());
        }
    }

    /** Whether the job's znode still exists; true when ZooKeeper cannot say (no cancellation is assumed). */
    private boolean jobAliveOrUnknown(String jobPath) {
        try {
            return jobAlive(jobPath);
        } catch (TesseraException e) {
            return true;
        }
    }

    private boolean jobAlive(String jobPath) {
        try {
            return catalog.zk().checkExists().forPath(jobPath) != null;
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "cannot read the redistribution job: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Calls {@code onCancel} when the job's znode is deleted while {@code rpcs} runs ({@link RedistributionJobs#cancel});
     * the watch is set again after each change of the znode's data (the job's phases).
     */
    private void watchCancel(String jobPath, String jobId, Runnable onCancel, Context.CancellableContext rpcs) {
        org.apache.zookeeper.Watcher w = new org.apache.zookeeper.Watcher() {
            @Override
            public void process(org.apache.zookeeper.WatchedEvent event) {
                if (rpcs.isCancelled()) {
                    return;
                }
                if (event.getType() == Event.EventType.NodeDeleted) {
                    LOG.info("redistribution job {} was cancelled (its znode was deleted)", jobId);
                    onCancel.run();
                } else if (event.getType() != Event.EventType.None) {
                    try {
                        catalog.zk().checkExists().usingWatcher(this).inBackground().forPath(jobPath);
                    } catch (Exception e) {
                        LOG.warn("cannot watch redistribution job {}: {}", jobId, e.getMessage());
                    }
                }
            }
        };
        try {
            if (catalog.zk().checkExists().usingWatcher(w).forPath(jobPath) == null) {
                onCancel.run();
            }
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "cannot watch the redistribution job: "
                    + e.getMessage(), e);
        }
    }

    /** What one round moved: rows (changes) sent by the sources, entries ingested by the targets. */
    private record Round(long sent, long received) {
    }

    /** The rounds of one job: each a Receive on every target, a Send on every source, an Ingest on every target. */
    private final class Job {
        final CatalogSnapshot s;
        final String jobId;
        final String jobPath;
        final TableDef t;
        final int newId;
        final Map<String, List<Integer>> sources;
        final Distribution next;
        final Layout layout;
        final RedistributionProgress progress;
        /** Each source's snapshot of its last round: the next round sends what changed after it. */
        final Map<String, Long> since = new LinkedHashMap<>();
        int rounds;

        Job(CatalogSnapshot s, String jobId, String jobPath, TableDef t, int newId,
                Map<String, List<Integer>> sources, Distribution next, Layout layout, RedistributionProgress progress) {
            this.s = s;
            this.progress = progress;
            this.jobPath = jobPath;
            this.jobId = jobId;
            this.t = t;
            this.newId = newId;
            this.sources = sources;
            this.next = next;
            this.layout = layout;
        }

        /**
         * Waits for the round's sends; meanwhile, every {@value #PROGRESS_POLL_MS} ms, asks each source how far its
         * stream is and shows the round's rows and bytes so far in the job's progress (pg_stat_progress_redistribute,
         * the job znode that {@code tessera status} prints). A source that does not answer counts as no progress.
         */
        private void streaming(int round, Map<String, CompletableFuture<SendResponse>> sends) {
            long rowsBefore = progress.rowsCopied;
            long bytesBefore = progress.bytesCopied;
            CompletableFuture<Void> all = CompletableFuture.allOf(sends.values().toArray(CompletableFuture[]::new));
            ProgressRequest ask = ProgressRequest.newBuilder().setJobId(jobId).setRound(round).build();
            while (true) {
                try {
                    all.get(PROGRESS_POLL_MS, TimeUnit.MILLISECONDS);
                    return;
                } catch (java.util.concurrent.TimeoutException e) {
                    long rows = 0;
                    long bytes = 0;
                    for (Map.Entry<String, CompletableFuture<SendResponse>> send : sends.entrySet()) {
                        if (send.getValue().isDone()) {
                            SendResponse done = send.getValue().exceptionally(f -> null).join();
                            rows += done == null ? 0 : done.getRows();
                            bytes += done == null ? 0 : done.getBytes();
                            continue;
                        }
                        try {
                            ProgressResponse p = stub(s, send.getKey()).withDeadlineAfter(PROGRESS_POLL_MS,
                                    TimeUnit.MILLISECONDS).progress(ask);
                            rows += p.getRows();
                            bytes += p.getBytes();
                        } catch (RuntimeException ignored) {
                            // a slow or dead source: its Send fails on its own
                        }
                    }
                    progress.rowsCopied = rowsBefore + rows;
                    progress.bytesCopied = bytesBefore + bytes;
                    try {
                        writeJob(jobPath, jobId, t, newId, progress);
                    } catch (TesseraException ignored) {
                        // cancelled (the job's watch acts on it) or ZooKeeper slow: the next phase writes it again
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TesseraException(SqlState.QUERY_CANCELED, "redistribution of \"" + t.name()
                            + "\" was interrupted");
                } catch (java.util.concurrent.ExecutionException e) {
                    return; // a send failed: the caller reports it
                }
            }
        }

        /**
         * Runs round {@code round}: the first copy (holding each source's GC at its snapshot), a catch-up at a fresh
         * GTM snapshot, or (final) the catch-up of everything committed, with writes fenced.
         */
        Round round(int round, boolean first, boolean last) {
            long rowsBefore = progress.rowsCopied;
            long bytesBefore = progress.bytesCopied;
            for (String node : next.nodes()) {
                stub(s, node).withDeadlineAfter(30, TimeUnit.SECONDS).receive(ReceiveRequest.newBuilder()
                        .setJobId(jobId).setNewTableId(newId).setSenders(sources.size()).setRound(round).setJobPath(jobPath)
                        .setTableId(t.id()).setSchemaVersion(t.schemaVersion()).build());
            }
            Map<String, CompletableFuture<SendResponse>> sends = new LinkedHashMap<>();
            for (Map.Entry<String, List<Integer>> e : sources.entrySet()) {
                SendRequest req = SendRequest.newBuilder().setJobId(jobId).setTable(TableScans.descriptor(t))
                        .addAllShards(e.getValue()).setSnapshotTs(last ? Long.MAX_VALUE : 0)
                        .setSinceTs(first ? 0 : since.get(e.getKey())).setHoldGc(first).setRound(round)
                        .setNewTableId(newId).setLayout(layout).setSender(e.getKey()).setJobPath(jobPath).build();
                sends.put(e.getKey(), call(s, e.getKey(),
                        st -> st.withDeadlineAfter(COPY_DEADLINE_S, TimeUnit.SECONDS).send(req)));
            }
            streaming(round, sends);
            long sent = 0;
            long bytes = 0;
            RuntimeException failure = null;
            for (Map.Entry<String, CompletableFuture<SendResponse>> e : sends.entrySet()) {
                try {
                    SendResponse r = join(e.getValue());
                    sent += r.getRows();
                    bytes += r.getBytes();
                    since.put(e.getKey(), r.getSnapshotTs());
                } catch (RuntimeException ex) {
                    failure = failure == null ? ex : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
            progress.rowsCopied = rowsBefore + sent;
            progress.bytesCopied = bytesBefore + bytes;
            List<CompletableFuture<IngestResponse>> ingests = new ArrayList<>();
            for (String node : next.nodes()) {
                ingests.add(call(s, node, st -> st.withDeadlineAfter(COPY_DEADLINE_S, TimeUnit.SECONDS)
                        .ingest(IngestRequest.newBuilder().setJobId(jobId).setRound(round)
                                .setTimeoutMs(COPY_DEADLINE_S * 1000).build())));
            }
            long received = 0;
            for (CompletableFuture<IngestResponse> f : ingests) {
                received += join(f).getRows();
            }
            rounds = round + 1;
            LOG.info("redistribution job {} round {}: {} changes sent, {} entries ingested", jobId, round, sent,
                    received);
            return new Round(sent, received);
        }
    }

    private void abort(CatalogSnapshot s, Set<String> nodes, String jobId, TableDef staging) {
        try {
            endJob(s, nodes, jobId, staging != null, staging == null ? 0 : staging.id(), 0);
        } finally {
            if (staging != null) {
                try {
                    dropStaging.apply(staging);
                } catch (RuntimeException e) {
                    LOG.warn("cannot remove redistribution staging table {}: {}", staging.name(), e.getMessage());
                }
            }
        }
    }

    /**
     * Ends the job on {@code nodes}; {@code movedId} (once the catalog switched) is the table's old id, which the
     * nodes retire before lifting their fences so that the writes waiting there re-plan.
     */
    private void endJob(CatalogSnapshot s, Set<String> nodes, String jobId, boolean dropNew, int newId, int movedId) {
        for (String node : nodes) {
            try {
                stub(s, node).withDeadlineAfter(30, TimeUnit.SECONDS).endJob(EndJobRequest.newBuilder()
                        .setJobId(jobId).setDropNewTable(dropNew).setNewTableId(newId).setMovedTableId(movedId)
                        .build());
            } catch (RuntimeException e) {
                // a node that is down lost the job's state with its memory; its files go at its start-up
                LOG.warn("cannot end redistribution job {} on {}: {}", jobId, node, e.getMessage());
            }
        }
    }

    /**
     * Fences the table on every node in {@code nodes} at once (each waits for its writes to drain), or none: a node
     * that failed leaves the others fenced, and the caller unfences them.
     */
    private void fence(CatalogSnapshot s, List<String> nodes, FenceRequest request) {
        List<CompletableFuture<io.tessera.protocol.redistribute.FenceResponse>> calls = new ArrayList<>();
        for (String node : nodes) {
            calls.add(call(s, node, st -> st.withDeadlineAfter(request.getTimeoutMs() + 10_000,
                    TimeUnit.MILLISECONDS).fence(request)));
        }
        RuntimeException failure = null;
        for (CompletableFuture<io.tessera.protocol.redistribute.FenceResponse> f : calls) {
            try {
                join(f);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Removes staging tables of earlier jobs on {@code t} whose coordinator died (their job znode is gone). */
    private void cleanOrphans(TableDef t) {
        String jobPath = JOBS + "/" + enc(t.database()) + "/" + enc(t.key());
        try {
            if (catalog.zk().checkExists().forPath(jobPath) != null) {
                throw new TesseraException(SqlState.OBJECT_IN_USE, "relation \"" + t.name()
                        + "\" is already being redistributed");
            }
        } catch (TesseraException e) {
            throw e;
        } catch (Exception e) {
            throw new TesseraException(SqlState.CONNECTION_FAILURE, "cannot read redistribution jobs from ZooKeeper: "
                    + e.getMessage(), e);
        }
        for (TableDef other : catalog.snapshot().tables(t.database()).values()) {
            String owner = RedistributionJobs.stagingOwner(other);
            if (owner != null && t.key().equals(CatalogSnapshot.key(other.schema(), owner))) {
                LOG.info("removing {}, left by an interrupted redistribution", other.name());
                dropStaging.apply(other);
            }
        }
    }

    private RedistributeGrpc.RedistributeBlockingStub stub(CatalogSnapshot s, String node) {
        return RedistributeGrpc.newBlockingStub(datanodes.channel(DatanodeClients.require(s.nodes(), node)));
    }

    private <R> CompletableFuture<R> call(CatalogSnapshot s, String node,
            Function<RedistributeGrpc.RedistributeBlockingStub, R> f) {
        RedistributeGrpc.RedistributeBlockingStub st = stub(s, node);
        Context ctx = Context.current(); // the job's: cancelling it cancels this call
        return CompletableFuture.supplyAsync(() -> {
            Context before = ctx.attach();
            try {
                return f.apply(st);
            } catch (RuntimeException e) {
                throw GrpcErrors.fromStatus(e, node);
            } finally {
                ctx.detach(before);
            }
        }, CALLS);
    }

    private static <R> R join(CompletableFuture<R> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /**
     * The job's znode data, JSON: {@code jobId}, {@code database}, {@code table}, {@code tableId}, {@code newTableId},
     * {@code phase}, {@code rowsCopied} (rows, then changes, counted while each round streams), {@code bytesCopied}
     * (their keys' and values' bytes), {@code rowsTotal} (the copy's rows; -1 before it is done), {@code lag} (the
     * last catch-up round's changes; -1 before), {@code startedAt} (ms since the epoch),
     * {@code writesPaused} (true from before the first fence attempt on: a datanode starting up then fences
     * {@code tableId} until the znode goes, RedistributionService#restoreFences).
     * {@code ./tessera status} prints it.
     */
    private byte[] jobJson(String jobId, TableDef t, int newId, RedistributionProgress p) {
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jobId", jobId);
            m.put("database", t.database());
            m.put("table", t.name());
            m.put("tableId", t.id());
            m.put("newTableId", newId);
            m.put("phase", p.phase);
            m.put("rowsCopied", p.rowsCopied);
            m.put("rowsTotal", p.rowsTotal);
            m.put("bytesCopied", p.bytesCopied);
            m.put("lag", p.lag);
            m.put("startedAt", p.startedAtMs);
            m.put("writesPaused", p.writesPaused);
            return json.writeValueAsBytes(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void writeJob(String path, String jobId, TableDef t, int newId, RedistributionProgress p) {
        try {
            catalog.zk().setData().forPath(path, jobJson(jobId, t, newId, p));
        } catch (KeeperException.NoNodeException e) {
            throw new TesseraException(SqlState.QUERY_CANCELED, "redistribution of \"" + t.name()
                    + "\" was cancelled");
        } catch (Exception e) {
            throw new TesseraException(SqlState.CONNECTION_FAILURE, "cannot record the redistribution job's phase in "
                    + "ZooKeeper: " + e.getMessage(), e);
        }
    }

    private static String enc(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The new layout's routing for the sources. */
    private static Layout layoutMessage(TableDef t, Distribution d, CatalogSnapshot s) {
        Layout.Builder b = Layout.newBuilder().setKind(switch (d.kind()) {
            case HASH -> Layout.Kind.HASH;
            case MODULO -> Layout.Kind.MODULO;
            case ROUNDROBIN -> Layout.Kind.ROUNDROBIN;
            case REPLICATION -> Layout.Kind.REPLICATION;
            case SHARD -> Layout.Kind.SHARD;
        }).setColumn(d.column() == null ? -1 : t.columnIndex(d.column()));
        for (String n : d.nodes()) {
            NodeDef node = DatanodeClients.require(s.nodes(), n);
            b.addTargets(Target.newBuilder().setName(n).setHost(node.host()).setPort(node.port()));
        }
        for (String n : d.shardNodes()) {
            b.addShardTargets(d.nodes().indexOf(n));
        }
        return b.build();
    }

    private static String describe(Distribution d) {
        return d.kind() + (d.column() == null ? "" : "(" + d.column() + ")") + " on " + String.join(", ", d.nodes());
    }

    /**
     * The table's layout after the statement, or null when it would not change. Postgres-XL's checks and errors:
     * ADD NODE of a node the table uses and DELETE NODE of one it does not are refused, as is a node list left
     * empty.
     */
    static Distribution layout(TableDef t, SqlAlterTable.Redistribute r, CatalogSnapshot s) {
        Distribution old = t.distribution();
        Distribution.Kind kind = old.kind();
        String column = old.column();
        List<String> nodes = new ArrayList<>(old.nodes());
        switch (r.form()) {
            case "DISTRIBUTE BY" -> {
                kind = Distribution.Kind.valueOf(r.distribution().kind().name());
                column = r.distribution().column();
            }
            case "TO NODE", "TO GROUP" -> {
                nodes = new ArrayList<>();
                for (String n : r.form().equals("TO GROUP") ? NodeGroupDdl.members(s, r.nodes().get(0)) : r.nodes()) {
                    DatanodeClients.require(s.nodes(), n);
                    if (!nodes.contains(n)) {
                        nodes.add(n);
                    }
                }
            }
            case "ADD NODE" -> {
                for (String n : r.nodes()) {
                    DatanodeClients.require(s.nodes(), n);
                    if (nodes.contains(n)) {
                        throw new TesseraException(SqlState.DUPLICATE_OBJECT, "PGXC Node " + n
                                + ": object already defined");
                    }
                    nodes.add(n);
                }
            }
            case "DELETE NODE" -> {
                for (String n : r.nodes()) {
                    DatanodeClients.require(s.nodes(), n);
                    if (!nodes.remove(n)) {
                        throw new TesseraException(SqlState.UNDEFINED_OBJECT, "PGXC Node " + n + ": object not defined");
                    }
                }
            }
            default -> throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "ALTER TABLE ... " + r.form()
                    + " is not supported");
        }
        if (nodes.isEmpty()) {
            throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "Node list is empty: one node at least is mandatory");
        }
        if (column != null) {
            int i = t.columnIndex(column);
            if (i < 0) {
                throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + column + "\" of relation \""
                        + t.name() + "\" does not exist");
            }
            ColumnDef c = t.columns().get(i);
            if (!c.type().hashable()) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "column \"" + c.name() + "\" of type "
                        + c.formatType() + " cannot be a distribution column", null,
                        "Distribute by a column of type integer, bigint, smallint, numeric, text, varchar, char, "
                                + "boolean, date, timestamp or bytea, or use ROUNDROBIN or REPLICATION.", 0, null);
            }
            if (kind == Distribution.Kind.MODULO && c.type() != PgType.INT2 && c.type() != PgType.INT4
                    && c.type() != PgType.INT8) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "column \"" + c.name() + "\" of type "
                        + c.formatType() + " cannot be a MODULO distribution column", null,
                        "MODULO distributes by integer columns (smallint, integer, bigint).", 0, null);
            }
        }
        if (!t.primaryKey().isEmpty() && kind != Distribution.Kind.REPLICATION
                && (column == null || !t.primaryKey().contains(column))) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "a PRIMARY KEY on a table distributed by "
                    + kind + (column == null ? "" : "(" + column + ")") + " must contain the distribution column", null,
                    "Distribute the table by a column of its primary key, or by REPLICATION.", 0, null);
        }
        if (kind == old.kind() && java.util.Objects.equals(column, old.column())
                && new HashSet<>(nodes).equals(new HashSet<>(old.nodes()))) {
            return null;
        }
        Distribution next = Distribution.create(kind, column, nodes);
        // the table's unique indexes must stay enforceable where its rows go (as CREATE UNIQUE INDEX requires)
        IndexDdl.checkEnforceable(t, next);
        return next;
    }
}

package io.tessera.datanode.redistribute;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.datanode.catalog.TableSchema;
import io.tessera.datanode.catalog.TableSchemas;
import io.tessera.datanode.txn.ChangeTracker;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.SstRuns;
import io.tessera.datanode.storage.IndexEntries;
import io.tessera.datanode.storage.IntentResolver;
import io.tessera.datanode.storage.ScanCursor;
import io.tessera.protocol.reduce.ReduceBatch;
import io.tessera.protocol.redistribute.CheckFenceRequest;
import io.tessera.protocol.redistribute.CheckFenceResponse;
import io.tessera.protocol.redistribute.EndJobRequest;
import io.tessera.protocol.redistribute.EndJobResponse;
import io.tessera.protocol.redistribute.FenceRequest;
import io.tessera.protocol.redistribute.FenceResponse;
import io.tessera.protocol.redistribute.IngestRequest;
import io.tessera.protocol.redistribute.IngestResponse;
import io.tessera.protocol.redistribute.ProgressRequest;
import io.tessera.protocol.redistribute.ProgressResponse;
import io.tessera.protocol.redistribute.ReceiveRequest;
import io.tessera.protocol.redistribute.ReceiveResponse;
import io.tessera.protocol.redistribute.RedistributeGrpc;
import io.tessera.protocol.redistribute.SendRequest;
import io.tessera.protocol.redistribute.SendResponse;
import io.tessera.protocol.redistribute.Target;
import io.tessera.reduce.Inbox;
import io.tessera.reduce.InboxKey;
import io.tessera.reduce.ReduceChannels;
import io.tessera.reduce.ReduceSender;
import io.tessera.reduce.ReduceService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This datanode's part in a redistribution job ({@code redistribute.proto}, docs/redistribution.md): as a source
 * it fences the table's writes and streams its rows through reduce to the nodes the new layout picks; as a target
 * it writes what arrives into sorted SST files under {@code <data dir>/redistribute/<job>/} and ingests them into
 * the new table id's key range.
 *
 * <p>A row travels as its storage key's row part (hidden row id or primary-key bytes), its visible version's
 * commit timestamp and its stored value, unchanged: the target builds the key
 * {@code [new table][new shard][index 0][row key][~commit_ts]}. Row ids carry the node that made them, so rows
 * from several sources never collide. For a table with secondary indexes the target also writes, into the same SST
 * runs, each received version's entry in every maintained index ({@link IndexEntries}: {@code [new table][0xFFFFFFFF]
 * [index id][values][new shard][row key]}); entries are re-checked against row versions by readers, so a catch-up round only
 * adds the entries of the versions it brings, and a tombstone brings none.
 *
 * <p>Batch payload: repeated {@code varint shard ‖ varint key length ‖ key ‖ i64 commit_ts ‖ varint value length ‖
 * value}.
 *
 * <p>A job's files do not survive a restart: start-up deletes the {@code redistribute} directory (the coordinator
 * fails and cleans up a job whose node restarted).
 */
public final class RedistributionService extends RedistributeGrpc.RedistributeImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(RedistributionService.class);
    /** A sent batch is flushed once it holds this many bytes. */
    static final int BATCH_BYTES = 256 * 1024;
    /** A receiver sorts and writes a run once it buffers this much. */
    static final long RUN_BYTES = 16L << 20;
    /** How long a source waits for its targets' acknowledgements at the end. */
    static final long FINISH_TIMEOUT_MS = 120_000;
    /**
     * The most changed keys a source tracks between two rounds (about 100 bytes of heap each); past it the next
     * round scans the table's shards again.
     */
    static final int TRACKED_KEYS = 200_000;

    private final String nodeName;
    private final DatanodeStorage storage;
    private final TableSchemas schemas;
    private final ReduceService reduce;
    private final ReduceChannels channels;
    private final WriteFences fences;
    private final CuratorFramework zk;
    private final Path jobsDir;
    private final Map<String, ReceiveJob> receiving = new ConcurrentHashMap<>();
    /** job → {the table's old id, its new id} for the jobs this node takes part in (0: not known here). */
    private final Map<String, int[]> jobTables = new ConcurrentHashMap<>();
    private final io.tessera.datanode.gc.GarbageCollector gc;
    private final io.tessera.datanode.txn.TransactionManager txns;
    private final java.util.function.LongSupplier timestamps;
    /** GC holds of the jobs this node is a source of: versions above them stay until the job ends. */
    private final Map<String, io.tessera.datanode.gc.GarbageCollector.Reader> holds = new ConcurrentHashMap<>();
    /** The rounds this node is sending now, by "job#round": what {@link #progress} reports. */
    private final Map<String, Outbox> sending = new ConcurrentHashMap<>();
    /** The change trackers of the jobs this node is a source of: what their catch-up rounds read. */
    private final Map<String, ChangeTracker> trackers = new ConcurrentHashMap<>();
    /** The znode of each job this node watches: {@link #sweep} checks them again, as a watch can be lost. */
    private final Map<String, String> jobPaths = new ConcurrentHashMap<>();
    /**
     * Ends the jobs whose znode went, one at a time, off ZooKeeper's event thread (reading the catalog waits for
     * ZooKeeper callbacks), and runs {@link #sweep}; null without ZooKeeper.
     */
    private final java.util.concurrent.ScheduledExecutorService jobEnds;

    /** How often this node checks its jobs' znodes and its job files by itself (ms). */
    static final long SWEEP_MS = 5_000;

    /**
     * @param zk the ZooKeeper client whose job znodes lift fences when they disappear; null: fences lift only by
     *     EndJob
     */
    public RedistributionService(String nodeName, DatanodeStorage storage, TableSchemas schemas, ReduceService reduce,
            ReduceChannels channels, WriteFences fences, CuratorFramework zk,
            io.tessera.datanode.txn.TransactionManager txns, io.tessera.datanode.gc.GarbageCollector gc,
            java.util.function.LongSupplier timestamps) {
        this.txns = txns;
        this.gc = gc;
        this.timestamps = timestamps;
        this.nodeName = nodeName;
        this.storage = storage;
        this.schemas = schemas;
        this.reduce = reduce;
        this.channels = channels;
        this.fences = fences;
        this.zk = zk;
        this.jobsDir = storage.directory().toAbsolutePath().resolveSibling("redistribute");
        deleteTree(jobsDir);
        this.jobEnds = zk == null ? null : java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redistribute-job-ends");
            t.setDaemon(true);
            return t;
        });
        if (zk != null) {
            jobEnds.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
            try {
                // a first read that waits for Curator's whole retry policy would hold the start-up for minutes
                // when ZooKeeper is down: give it a short connect, then leave the rest to the retry below
                if (!zk.blockUntilConnected(START_CONNECT_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    throw new java.io.IOException("no ZooKeeper connection after " + START_CONNECT_WAIT_MS + " ms");
                }
                restoreFences();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the running redistribution jobs", e);
            } catch (Exception e) {
                // fail closed: a job may pause a table's writes, and this node cannot tell which one yet
                LOG.warn("cannot read the running redistribution jobs at start-up; writes wait until ZooKeeper "
                        + "answers: {}", e.toString());
                fences.unknownUntilRead();
                Thread retry = new Thread(this::restoreFencesUntilRead, "restore-write-fences");
                retry.setDaemon(true);
                retry.start();
            }
        }
    }

    /** The row of a round's stream at which failpoint {@code redistribute.send.streaming} stops a source. */
    static final long STREAMING_FAILPOINT_ROWS = 1_000;
    /**
     * Failpoint (test only, {@link io.tessera.common.failpoint.Failpoints}): while armed, reading the running jobs at
     * start-up fails as if ZooKeeper did not answer.
     */
    public static final String RESTORE_UNREADABLE_FAILPOINT = "redistribute.restore-fences.unreadable";

    /** How long start-up waits for a ZooKeeper connection before it reads the running jobs in the background (ms). */
    static final int START_CONNECT_WAIT_MS = 3_000;

    /** How long to wait between two tries to read the running jobs when ZooKeeper did not answer (ms). */
    static final long RESTORE_RETRY_MS = 1_000;

    /** Tries {@link #restoreFences} again until ZooKeeper answers, then lets the writes go on. */
    private void restoreFencesUntilRead() {
        while (true) {
            try {
                Thread.sleep(RESTORE_RETRY_MS);
                restoreFences();
                fences.known();
                LOG.info("read the running redistribution jobs from ZooKeeper: writes go on");
                return;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warn("still cannot read the running redistribution jobs; writes keep waiting: {}", e.toString());
            }
        }
    }

    /** The parent znode of running jobs, {@code /tessera/redistribute/DB/TABLE} (the coordinator's RedistributeTable). */
    static final String JOBS = "/tessera/redistribute";

    /**
     * At start-up, before this node serves anything: fences again every table whose running job pauses its writes
     * (the job znode's {@code writesPaused}). A source that restarted during the switch lost its fence with its
     * memory; without this it would accept writes to the table's old layout between its restart and the catalog
     * switch, and the new layout would miss them. The fence goes as any other: when the job's znode does (the job
     * switched: the old id is retired, the waiting writes re-plan; it did not: they go on), or by EndJob. When
     * ZooKeeper cannot be read the node starts all the same but every write waits (fail closed) until a retry
     * reads the jobs ({@link WriteFences#unknownUntilRead}).
     *
     * @throws Exception when ZooKeeper cannot be read (fences restored so far stay: a retry restores them again)
     */
    private void restoreFences() throws Exception {
        if (io.tessera.common.failpoint.Failpoints.armed(RESTORE_UNREADABLE_FAILPOINT)) {
            throw new java.io.IOException("ZooKeeper unreadable (failpoint " + RESTORE_UNREADABLE_FAILPOINT + ")");
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String db : children(JOBS)) {
            for (String table : children(JOBS + "/" + db)) {
                String path = JOBS + "/" + db + "/" + table;
                byte[] data;
                try {
                    data = zk.getData().forPath(path);
                } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
                    continue; // ended meanwhile
                }
                com.fasterxml.jackson.databind.JsonNode j = data == null || data.length == 0 ? null
                        : json.readTree(data);
                if (j == null || !j.path("writesPaused").asBoolean(false)) {
                    continue;
                }
                String job = j.path("jobId").asText();
                int tableId = j.path("tableId").asInt();
                jobTables.putIfAbsent(job, new int[] {tableId, j.path("newTableId").asInt()});
                fences.restore(tableId, job);
                try {
                    watchJob(job, path);
                    LOG.warn("redistribution job {} pauses the writes to table {}: fenced again at start-up",
                            job, Integer.toUnsignedString(tableId));
                } catch (TesseraException e) {
                    if (e.sqlState() != SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE) {
                        throw e; // ZooKeeper did not answer: try again
                    }
                    jobGone(job); // ended meanwhile
                }
            }
        }
    }

    private List<String> children(String path) throws Exception {
        try {
            return zk.getChildren().forPath(path);
        } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    /** The directory of a job's files (tests check that nothing is left). */
    public Path jobsDirectory() {
        return jobsDir;
    }

    /** Jobs receiving on this node. */
    public int receivingJobs() {
        return receiving.size();
    }

    private static BooleanSupplier callCancelled() {
        Context ctx = Context.current();
        return ctx::isCancelled;
    }

    @Override
    public void fence(FenceRequest request, StreamObserver<FenceResponse> responseObserver) {
        try {
            String job = request.getJobId();
            fences.fence(request.getTableId(), request.getTableName(), job, timestamps.getAsLong(),
                    request.getTimeoutMs(), id -> !txns.hasIntents(id), callCancelled());
            try {
                watchJob(job, request.getJobPath());
            } catch (RuntimeException e) {
                fences.liftJob(job);
                throw e;
            }
            responseObserver.onNext(FenceResponse.getDefaultInstance());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    /**
     * Drops the job's state here (fence, GC hold, inboxes, files) once its znode disappears: the coordinator that ran
     * it died (its ZooKeeper session expired) or the job was cancelled ({@code pg_cancel_redistribute}). If the job
     * had not switched the catalog (the table's old id is still there), the rows this node ingested under the new id
     * go too; if it had, the old id is retired (the writes waiting at its fence re-plan). When the catalog cannot be
     * read, table data is left alone: the staging entry's removal (the next ALTER of the table) deletes it.
     *
     * @throws TesseraException 55000 when the znode is already gone, 08006 when ZooKeeper cannot be read
     */
    private void watchJob(String job, String path) {
        if (zk == null || path.isEmpty()) {
            return;
        }
        Watcher w = event -> {
            if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
                LOG.info("redistribution job {} ended (its znode is gone): dropping its state here", job);
                jobEnds.execute(() -> jobGone(job));
            }
        };
        boolean alive;
        try {
            alive = zk.checkExists().usingWatcher(w).forPath(path) != null;
        } catch (Exception e) {
            throw new TesseraException(SqlState.CONNECTION_FAILURE, "cannot read redistribution job " + job
                    + " from ZooKeeper: " + e.getMessage(), e);
        }
        if (!alive) {
            throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "redistribution job " + job
                    + " no longer exists");
        }
        jobPaths.put(job, path);
    }

    /**
     * Every {@value #SWEEP_MS} ms: ends the jobs whose znode is gone though no watch said so (a watch is lost with its
     * ZooKeeper session), and deletes the files of jobs that ended here (a receiving thread still writing when its
     * job ended may leave a file behind the deletion).
     */
    private void sweep() {
        try {
            for (Map.Entry<String, String> e : List.copyOf(jobPaths.entrySet())) {
                if (zk.checkExists().forPath(e.getValue()) == null) {
                    LOG.info("redistribution job {} ended (its znode is gone, found by the sweep): dropping its state "
                            + "here", e.getKey());
                    jobGone(e.getKey());
                }
            }
            if (Files.isDirectory(jobsDir)) {
                java.util.Set<String> running = new java.util.HashSet<>();
                jobTables.keySet().forEach(job -> running.add(safe(job)));
                try (var dirs = Files.list(jobsDir)) {
                    for (Path dir : dirs.toList()) {
                        if (!running.contains(dir.getFileName().toString())) {
                            LOG.info("deleting the files of ended redistribution job {}", dir.getFileName());
                            deleteTree(dir);
                        }
                    }
                }
            }
        } catch (Exception e) {
            LOG.warn("redistribution sweep: {}", e.toString());
        }
    }

    @Override
    public void unfence(FenceRequest request, StreamObserver<FenceResponse> responseObserver) {
        fences.lift(request.getTableId(), request.getJobId());
        responseObserver.onNext(FenceResponse.getDefaultInstance());
        responseObserver.onCompleted();
    }

    @Override
    public void checkFence(CheckFenceRequest request, StreamObserver<CheckFenceResponse> responseObserver) {
        responseObserver.onNext(CheckFenceResponse.newBuilder().setFenced(fences.holds(request.getJobId())).build());
        responseObserver.onCompleted();
    }

    @Override
    public void receive(ReceiveRequest request, StreamObserver<ReceiveResponse> responseObserver) {
        try {
            String job = request.getJobId();
            jobTables.putIfAbsent(job, new int[] {request.getTableId(), request.getNewTableId()});
            watchJob(job, request.getJobPath());
            IndexEntries indexEntries = indexEntries(request);
            Inbox inbox = reduce.open(new InboxKey(job, request.getRound()), request.getSenders(),
                    ReduceService.DEFAULT_CREDITS);
            ReceiveJob r = new ReceiveJob(job, request.getNewTableId(), inbox,
                    jobsDir.resolve(safe(job)).resolve("round-" + request.getRound()), indexEntries);
            if (receiving.putIfAbsent(job + "#" + request.getRound(), r) != null) {
                inbox.close();
                throw new TesseraException(SqlState.DUPLICATE_OBJECT, "redistribution job " + job
                        + " is already receiving here");
            }
            r.start();
            responseObserver.onNext(ReceiveResponse.getDefaultInstance());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    /**
     * The secondary-index maintenance of the rows a receiver gets: the indexes of the table's schema at the request's
     * version (the catalog's copy of the old table id, whose indexes the table keeps), or null when it has none.
     *
     * @throws TesseraException 42P01 when the table is no longer in the catalog, 08T03 when ZooKeeper is unreachable
     */
    private IndexEntries indexEntries(ReceiveRequest request) {
        if (request.getSchemaVersion() == 0) {
            return null;
        }
        TableSchema schema = schemas.atLeast(request.getTableId(), request.getSchemaVersion());
        return schema.maintainsIndexes() ? new IndexEntries(schema.codec(), schema.indexes(), null) : null;
    }

    @Override
    public void send(SendRequest request, StreamObserver<SendResponse> responseObserver) {
        try {
            long[] counts = sendRows(request, callCancelled());
            responseObserver.onNext(SendResponse.newBuilder().setRows(counts[0]).setBytes(counts[1])
                    .setSnapshotTs(counts[2]).build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            LOG.warn("redistribution job {}: sending failed: {}", request.getJobId(), e.getMessage());
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    /**
     * Streams this source's part of one round: every visible row of its shards (the first copy), or every change
     * since the previous round (a catch-up): read from the job's {@link ChangeTracker} when it has tracked this
     * source since before the previous round's snapshot, else by a scan of the shards for versions newer than that
     * snapshot. Returns {rows, bytes, snapshot}.
     */
    private long[] sendRows(SendRequest request, BooleanSupplier cancelled) {
        jobTables.putIfAbsent(request.getJobId(), new int[] {request.getTable().getTableId(), request.getNewTableId()});
        watchJob(request.getJobId(), request.getJobPath());
        TableSchema schema = schemas.resolve(request.getTable());
        RowRouter router = new RowRouter(request.getLayout(), schema.types());
        List<Target> targets = request.getLayout().getTargetsList();
        InboxKey key = new InboxKey(request.getJobId(), request.getRound());
        long since = request.getSinceTs();
        int tableId = request.getTable().getTableId();
        int[] shards = request.getShardsList().stream().mapToInt(Integer::intValue).toArray();
        // the tracker must be open before the snapshot is taken; one opened now serves the next round, not this one
        ChangeTracker tracker = trackers.get(request.getJobId());
        boolean tracked = since > 0 && tracker != null && !tracker.overflowed();
        if (!tracked) {
            ChangeTracker fresh = txns.trackChanges(tableId, TRACKED_KEYS);
            ChangeTracker before = trackers.put(request.getJobId(), fresh);
            if (before != null) {
                before.close();
            }
            tracker = fresh;
        }
        long snapshot = request.getSnapshotTs();
        if (snapshot == 0) {
            snapshot = timestamps.getAsLong();
            if (request.getHoldGc()) {
                io.tessera.datanode.gc.GarbageCollector.Reader hold = gc.enter(snapshot);
                io.tessera.datanode.gc.GarbageCollector.Reader before = holds.put(request.getJobId(), hold);
                if (before != null) {
                    before.close();
                }
            }
        }
        List<byte[]> changed = tracked ? tracker.take(snapshot) : null;
        CompletableFuture<Void> stop = new CompletableFuture<>();
        Outbox out = new Outbox(schema, router, since, targets.size(), request.getJobId(), cancelled);
        String sendKey = request.getJobId() + "#" + request.getRound();
        sending.put(sendKey, out);
        try {
            for (int i = 0; i < targets.size(); i++) {
                Target t = targets.get(i);
                out.senders.add(ReduceSender.open(channels.channel(t.getHost(), t.getPort()), t.getName(), key,
                        request.getSender().isEmpty() ? nodeName : request.getSender(), cancelled));
                out.buffers[i] = new ByteSink(BATCH_BYTES + 4096);
            }
            // crash tests stop a source here, its streams to the targets open, in the copy or in a catch-up round
            io.tessera.common.failpoint.Failpoints.pause(since > 0 ? "redistribute.send.catch-up"
                    : "redistribute.send.copy");
            IntentResolver resolver = txns.resolver(null, snapshot, stop);
            if (changed != null) {
                // a catch-up of the tracked keys only: each read as the scan would read it, at the snapshot
                for (byte[] intentKey : changed) {
                    byte[] rowKey = Arrays.copyOfRange(intentKey, KeyCodec.INDEX_PREFIX_LENGTH, intentKey.length);
                    try (ScanCursor cursor = storage.scan(tableId, new int[] {KeyCodec.shardOf(intentKey)}, snapshot,
                            resolver, schema.primaryKey(), rowKey)) {
                        cursor.includeTombstones();
                        if (cursor.next()) {
                            out.offer(cursor);
                        }
                    }
                }
            } else {
                try (ScanCursor cursor = storage.scan(tableId, shards, snapshot, resolver, schema.primaryKey())) {
                    if (since > 0) {
                        cursor.includeTombstones();
                    }
                    while (cursor.next()) {
                        out.offer(cursor);
                    }
                }
            }
            for (int i = 0; i < out.senders.size(); i++) {
                flush(out.senders.get(i), out.buffers[i], out.rowCounts, i);
            }
            for (ReduceSender s : out.senders) {
                s.finish(FINISH_TIMEOUT_MS);
            }
            LOG.info("redistribution job {} round {}: sent {} rows ({} bytes) of table {} at {} ({})",
                    request.getJobId(), request.getRound(), out.rows, out.bytes, Integer.toUnsignedString(tableId),
                    snapshot, changed != null ? changed.size() + " tracked keys read" : "shards scanned");
            return new long[] {out.rows, out.bytes, snapshot};
        } catch (RuntimeException e) {
            for (ReduceSender s : out.senders) {
                s.abort(e.getMessage() == null ? "source failed" : e.getMessage());
            }
            throw e;
        } finally {
            sending.remove(sendKey, out);
            stop.complete(null);
        }
    }

    @Override
    public void progress(ProgressRequest request, StreamObserver<ProgressResponse> responseObserver) {
        Outbox out = sending.get(request.getJobId() + "#" + request.getRound());
        responseObserver.onNext(out == null ? ProgressResponse.getDefaultInstance()
                : ProgressResponse.newBuilder().setRows(out.rows).setBytes(out.bytes).build());
        responseObserver.onCompleted();
    }

    /** One source's streams of one round: a batch buffer per target, and what was sent. */
    private final class Outbox {
        final TableSchema schema;
        final RowRouter router;
        final long since;
        final String jobId;
        final BooleanSupplier cancelled;
        final List<ReduceSender> senders = new ArrayList<>();
        final ByteSink[] buffers;
        final int[] rowCounts;
        final Object[] row;
        final Object[] oldRow;
        final byte[] tombstone = io.tessera.datanode.storage.RowValue.tombstone();
        /** Rows and bytes offered so far; written by the sending thread only, read by {@link #progress}. */
        volatile long rows;
        volatile long bytes;

        Outbox(TableSchema schema, RowRouter router, long since, int targets, String jobId,
                BooleanSupplier cancelled) {
            this.jobId = jobId;
            this.cancelled = cancelled;
            this.schema = schema;
            this.router = router;
            this.since = since;
            this.buffers = new ByteSink[targets];
            this.rowCounts = new int[targets];
            this.row = new Object[schema.types().size()];
            this.oldRow = new Object[schema.types().size()];
        }

        /**
         * Sends the cursor's row to the target its new shard lives on — in a catch-up, only a version newer than
         * the previous round, and a tombstone to where the previous round put the row when it moved.
         */
        void offer(ScanCursor cursor) {
            long ts = cursor.commitTs();
            if (since > 0 && ts <= since) {
                return; // unchanged since the previous round
            }
            byte[] rowKey = cursor.rowId();
            byte[] value = cursor.value();
            boolean deleted = io.tessera.datanode.storage.RowValue.isTombstone(value);
            int shard = -1;
            if (!deleted) {
                if (router.needsRow()) {
                    cursor.decode(schema.codec(), row);
                }
                shard = router.shardOf(row, rowKey);
            }
            if (router.replicated()) {
                for (int i = 0; i < senders.size(); i++) {
                    add(senders, buffers, rowCounts, i, 0, rowKey, ts, deleted ? tombstone : value);
                }
            } else {
                if (since > 0) {
                    // where the previous round put the key: a tombstone there if the row left it
                    byte[] old = storage.versionAt(cursor.intentKey(), since);
                    if (old != null && !io.tessera.datanode.storage.RowValue.isTombstone(old)) {
                        if (router.needsRow()) {
                            io.tessera.datanode.storage.RowValue.decode(old, schema.codec(), oldRow);
                        }
                        int oldShard = router.shardOf(oldRow, rowKey);
                        if (oldShard != shard) {
                            add(senders, buffers, rowCounts, router.targetOf(oldShard), oldShard, rowKey, ts,
                                    tombstone);
                        }
                    }
                }
                if (!deleted) {
                    add(senders, buffers, rowCounts, router.targetOf(shard), shard, rowKey, ts, value);
                }
            }
            long n = rows + 1;
            rows = n;
            bytes += rowKey.length + value.length;
            if (n == STREAMING_FAILPOINT_ROWS) {
                // tests stop a source here, in the middle of a round's stream, to watch its progress
                io.tessera.common.failpoint.Failpoints.pause("redistribute.send.streaming");
            }
            if ((n & 4095) == 0 && cancelled.getAsBoolean()) {
                throw new TesseraException(SqlState.QUERY_CANCELED, "redistribution job " + jobId
                        + " was cancelled");
            }
        }
    }

    private static void add(List<ReduceSender> senders, ByteSink[] buffers, int[] rowCounts, int i, int shard,
            byte[] rowKey, long commitTs, byte[] value) {
        append(buffers[i], shard, rowKey, commitTs, value);
        rowCounts[i]++;
        flushIfFull(senders.get(i), buffers[i], rowCounts, i);
    }

    private static void append(ByteSink sink, int shard, byte[] rowKey, long commitTs, byte[] value) {
        sink.writeVarInt(shard);
        sink.writeVarInt(rowKey.length);
        sink.write(rowKey);
        sink.writeLong(commitTs);
        sink.writeVarInt(value.length);
        sink.write(value);
    }

    private static void flushIfFull(ReduceSender sender, ByteSink sink, int[] rowCounts, int i) {
        if (sink.size() >= BATCH_BYTES) {
            flush(sender, sink, rowCounts, i);
        }
    }

    private static void flush(ReduceSender sender, ByteSink sink, int[] rowCounts, int i) {
        if (rowCounts[i] == 0) {
            return;
        }
        sender.send(ReduceBatch.newBuilder().setRowCount(rowCounts[i])
                .setData(UnsafeByteOperations.unsafeWrap(sink.toByteArray())).build());
        sink.reset();
        rowCounts[i] = 0;
    }

    @Override
    public void ingest(IngestRequest request, StreamObserver<IngestResponse> responseObserver) {
        try {
            // stays listed while it ingests: a job that ends meanwhile stops its receiving thread before deleting
            // the files that thread writes
            String key = request.getJobId() + "#" + request.getRound();
            ReceiveJob r = receiving.get(key);
            if (r == null) {
                throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "redistribution job "
                        + request.getJobId() + " is not receiving on datanode \"" + nodeName + "\"");
            }
            List<String> files;
            try {
                // crash tests stop a target here, with the rows of the copy or of a catch-up round received and
                // not yet ingested
                io.tessera.common.failpoint.Failpoints.pause(request.getRound() > 0
                        ? "redistribute.before-ingest.catch-up" : "redistribute.before-ingest");
                files = r.await(request.getTimeoutMs() > 0 ? request.getTimeoutMs() : FINISH_TIMEOUT_MS);
                // the rows keep their sources' commit timestamps: this node's own snapshots must reach them
                storage.ingest(files, r.newestCommitTs);
            } finally {
                r.stop();
                receiving.remove(key, r);
            }
            long entries = r.runs.entries() - r.rows;
            LOG.info("redistribution job {}: ingested {} rows and {} secondary-index entries in {} files into table {}",
                    r.job, r.rows, entries, files.size(), Integer.toUnsignedString(r.newTableId));
            responseObserver.onNext(IngestResponse.newBuilder().setRows(r.rows).setBytes(r.runs.bytes())
                    .setFiles(files.size()).setIndexEntries(entries).build());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void endJob(EndJobRequest request, StreamObserver<EndJobResponse> responseObserver) {
        try {
            endJob(request.getJobId(), request.getDropNewTable(), request.getNewTableId(),
                    request.getMovedTableId());
            responseObserver.onNext(EndJobResponse.getDefaultInstance());
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(GrpcErrors.toStatus(e));
        }
    }

    /** Ends job {@code job} here after its znode disappeared (see {@link #watchJob}). */
    private void jobGone(String job) {
        int[] ids = jobTables.get(job);
        int oldId = ids != null ? ids[0] : fences.fencedTable(job);
        if (ids == null && oldId == 0) {
            endJob(job, false, 0, 0); // ended here already (EndJob)
            return;
        }
        Boolean switched = switched(oldId);
        int newId = ids == null ? 0 : ids[1];
        endJob(job, Boolean.FALSE.equals(switched) && newId != 0, newId, Boolean.TRUE.equals(switched) ? oldId : 0);
        if (Boolean.TRUE.equals(switched)) {
            // the coordinator died between the catalog switch and its removal of the old layout: remove it here
            // (the catalog no longer has the id, nothing reads it, and the old id is retired first)
            storage.dropTable(oldId);
            LOG.info("redistribution job {} had switched: removed the old layout's keys (table id {})", job,
                    Integer.toUnsignedString(oldId));
        }
    }

    /**
     * Whether the job on table {@code oldId} switched the catalog: the old id is no longer in it. Null when that
     * cannot be told (no catalog, ZooKeeper unreachable).
     */
    private Boolean switched(int oldId) {
        if (oldId == 0) {
            return null;
        }
        try {
            return schemas.tableIdsInCatalog().map(ids -> !ids.contains(oldId)).orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the catalog after a redistribution job ended: {}", e.getMessage());
            return null;
        }
    }

    /**
     * Ends a job here: retires the table's old id (when the catalog switch is done: {@code movedTableId}), lifts its
     * fences, stops its receiver, deletes its files, and optionally its new rows.
     */
    void endJob(String job, boolean dropNewTable, int newTableId, int movedTableId) {
        jobTables.remove(job);
        jobPaths.remove(job);
        if (movedTableId != 0) {
            fences.retire(movedTableId);
        }
        fences.liftJob(job);
        for (String k : List.copyOf(receiving.keySet())) {
            if (k.startsWith(job + "#")) {
                ReceiveJob r = receiving.remove(k);
                if (r != null) {
                    r.stop();
                }
            }
        }
        io.tessera.datanode.gc.GarbageCollector.Reader hold = holds.remove(job);
        if (hold != null) {
            hold.close();
        }
        ChangeTracker tracker = trackers.remove(job);
        if (tracker != null) {
            tracker.close();
        }
        deleteTree(jobsDir.resolve(safe(job)));
        if (dropNewTable && newTableId != 0) {
            storage.dropTable(newTableId);
        }
    }

    /** A job id as a file name. */
    private static String safe(String job) {
        return job.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static void deleteTree(Path dir) {
        SstRuns.deleteTree(dir);
    }

    /** A target's receiving side of a job: a thread draining the inbox into sorted runs. */
    private static final class ReceiveJob {
        final String job;
        final int newTableId;
        final Inbox inbox;
        final SstRuns runs;
        final CompletableFuture<List<String>> done = new CompletableFuture<>();
        final Thread thread;
        /** The secondary-index entries to write for each received row, or null for none. */
        final IndexEntries indexEntries;
        /** The newest commit timestamp received (µs; 0: none); read once {@link #done} completed. */
        volatile long newestCommitTs;
        /** Rows (versions and tombstones) received; read once {@link #done} completed. */
        volatile long rows;

        ReceiveJob(String job, int newTableId, Inbox inbox, Path dir, IndexEntries indexEntries) {
            this.job = job;
            this.indexEntries = indexEntries;
            this.newTableId = newTableId;
            this.inbox = inbox;
            this.runs = new SstRuns(dir, RUN_BYTES);
            this.thread = new Thread(this::run, "redistribute-receive-" + job);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            ByteSink key = new ByteSink(64);
            try {
                for (ReduceBatch b = inbox.take(); b != null; b = inbox.take()) {
                    byte[] d = b.getData().toByteArray();
                    int[] p = {0};
                    for (int i = 0; i < b.getRowCount(); i++) {
                        int shard = readVarInt(d, p);
                        int keyLength = readVarInt(d, p);
                        key.reset();
                        KeyCodec.writeIndexPrefix(key, newTableId, shard, KeyCodec.PRIMARY_INDEX);
                        key.write(d, p[0], keyLength);
                        p[0] += keyLength;
                        byte[] intentKey = indexEntries == null ? null : key.toByteArray();
                        long commitTs = ByteSink.getLong(d, p[0]);
                        p[0] += 8;
                        KeyCodec.writeCommitTs(key, commitTs);
                        newestCommitTs = Math.max(newestCommitTs, commitTs);
                        int valueLength = readVarInt(d, p);
                        byte[] value = java.util.Arrays.copyOfRange(d, p[0], p[0] + valueLength);
                        p[0] += valueLength;
                        runs.add(key.toByteArray(), value);
                        rows++;
                        if (indexEntries != null) {
                            // the row's entries in the new layout's index key space (a tombstone has none)
                            indexEntries.addAll(intentKey, value, runs::add);
                        }
                    }
                    if (p[0] != d.length) {
                        throw new TesseraException(SqlState.DATA_CORRUPTED, "redistribution batch of "
                                + b.getRowCount() + " rows has " + (d.length - p[0]) + " bytes left over");
                    }
                }
                done.complete(runs.finish());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            } finally {
                inbox.close();
            }
        }

        List<String> await(long timeoutMs) {
            try {
                return done.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof TesseraException te ? te : new TesseraException(SqlState.INTERNAL_ERROR,
                        "redistribution job " + job + " failed receiving: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new TesseraException(SqlState.QUERY_CANCELED, "redistribution job " + job
                        + " did not receive all its rows within " + timeoutMs + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TesseraException(SqlState.QUERY_CANCELED, "redistribution job " + job + " interrupted");
            }
        }

        void stop() {
            inbox.abort(new TesseraException(SqlState.QUERY_CANCELED, "redistribution job " + job + " ended"));
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inbox.close();
            runs.close();
        }
    }

    private static int readVarInt(byte[] b, int[] p) {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte x = b[p[0]++];
            v |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new TesseraException(SqlState.DATA_CORRUPTED, "malformed varint in a redistribution batch");
    }
}

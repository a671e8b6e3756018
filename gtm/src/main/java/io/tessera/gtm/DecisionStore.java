package io.tessera.gtm;

import io.tessera.protocol.gtm.Decision;
import io.tessera.protocol.gtm.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GTM's durable commit log: for each decided GXID, COMMITTED with its commit timestamp or ABORTED. A decision
 * is compare-and-set (the first one for a GXID wins and every caller receives it), is never changed afterwards,
 * and nobody hears of it before it is on disk (fsync).
 *
 * <p>Why: DESIGN.md "Commit, the one invariant". A multi-participant transaction PREPAREs everywhere, then
 * {@link #decide} records the outcome here, then COMMIT PREPARED runs everywhere. The commit timestamp is taken
 * from the {@link TimestampOracle} in the same critical section that records the decision, i.e. after every
 * intent is prepared, so it is strictly greater than every timestamp issued before the decision: any snapshot
 * that might have missed a prepared intent is older than the commit and, reading the intent, waits for the
 * outcome. Participants whose coordinator is gone call {@link #decision} with {@code abortIfUndecided}
 * (presumed abort): that is itself a decision, so a late commit for the same GXID receives ABORTED and a
 * transaction can never be committed on one participant and aborted on another.
 *
 * <p>Storage: RocksDB in {@code <dataDir>/decisions}, written with {@code sync=true}. Key: the GXID as 8 bytes
 * big-endian (memcomparable, so decisions below a GC safe point can later be trimmed with one
 * {@code deleteRange}). Value: {@code [format 1][outcome 1=COMMITTED|2=ABORTED][commit ts: 8 bytes big-endian,
 * microseconds since the epoch, 0 when aborted]}. Why RocksDB and not an append-only log with a CRC per record:
 * the records accumulate with every transaction and must be found by GXID at any later time (in-doubt
 * resolution), so a log would need either an in-heap index of every decision ever made, reloaded at each start,
 * or an index and a compaction of its own — a small LSM tree written again. RocksDB already has them: point
 * lookups from disk behind a bloom filter, a CRC on every WAL record and block, recovery that drops only a torn
 * unsynced tail, and a {@code WriteBatch} that turns many decisions into one synced WAL append. Its cost — the
 * native library, ~0.3 s at start — is paid once per process, and DESIGN.md names it for GTM storage.
 * (The two high-water marks stay in {@link HighWaterMarks}: two numbers rewritten every few seconds.)
 *
 * <p>Group commit and threads. Calls arrive on gRPC transport threads and never block on the disk:
 *
 * <pre>
 *   transport thread:  decide(g) ─▶ lock { CAS: pending? on disk? else record; COMMIT: ts = oracle.next }
 *                                    └▶ queue, return the pending decision's future
 *   gtm-decision-sync: take the whole queue ─▶ WriteBatch.put × n ─▶ write(sync) = one fsync
 *                      ─▶ lock { drop them from pending } ─▶ complete the futures (the replies go out)
 * </pre>
 *
 * Decisions that arrive while an fsync runs are written together by the next one. A decision recorded but not
 * yet synced is in {@code pending}: a second caller for the same GXID receives the same future, so it too hears
 * the answer only once it is durable. States of a GXID: UNDECIDED → pending → durable; never back, never across.
 *
 * <p>Failures: a commit timestamp that cannot be taken fails that call and records nothing. A failed write is
 * ambiguous (the batch may or may not be on disk), so the store then fails every call until the GTM is
 * restarted and reads back what the disk holds (PostgreSQL's lesson from fsync errors: do not retry an fsync
 * and carry on). Failed futures hold an {@link IOException}; the service turns it into UNAVAILABLE.
 * Thread-safe.
 */
public final class DecisionStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionStore.class);
    /** The store's directory under the GTM's data directory. */
    public static final String DIR_NAME = "decisions";
    private static final byte FORMAT = 1;
    private static final byte COMMITTED = 1;
    private static final byte ABORTED = 2;
    private static final int VALUE_LENGTH = 10;

    private final Path dir;
    private final TimestampOracle oracle;
    private final BloomFilter filter;
    private final Options options;
    private final WriteOptions syncWrite;
    private final RocksDB db;
    private final Thread syncer;
    private final AtomicLong syncs = new AtomicLong();

    private final Object lock = new Object();
    /** Decisions made but not yet durable, by GXID; guarded by {@code lock}. */
    private final Map<Long, CompletableFuture<Decision>> pending = new HashMap<>();
    /** The pending decisions the syncer has not taken yet, in order; guarded by {@code lock}. */
    private List<Decision> queue = new ArrayList<>();
    /** Set when a write failed: every later call fails; guarded by {@code lock}. */
    private IOException failure;
    private boolean closed;

    /**
     * Opens (or creates) the store in {@code dataDir/decisions}; commit timestamps come from {@code oracle}.
     *
     * @throws IOException when RocksDB cannot open the directory (held by another process, damaged, no space)
     */
    public DecisionStore(Path dataDir, TimestampOracle oracle) throws IOException {
        this.dir = dataDir.resolve(DIR_NAME);
        this.oracle = oracle;
        Files.createDirectories(dir);
        RocksDB.loadLibrary();
        this.filter = new BloomFilter(10);
        BlockBasedTableConfig table = new BlockBasedTableConfig().setFilterPolicy(filter);
        this.options = new Options()
                .setCreateIfMissing(true)
                .setTableFormatConfig(table)
                .setWriteBufferSize(8L << 20)
                .setMaxWriteBufferNumber(2)
                .setKeepLogFileNum(2)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
        this.syncWrite = new WriteOptions().setSync(true);
        try {
            this.db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            syncWrite.close();
            options.close();
            filter.close();
            throw new IOException("cannot open the decision store in " + dir + ": " + e.getMessage(), e);
        }
        this.syncer = new Thread(this::syncLoop, "gtm-decision-sync");
        syncer.setDaemon(true);
        syncer.start();
    }

    /**
     * Records {@code commit ? COMMITTED : ABORTED} for {@code gxid} unless a decision exists, and returns the
     * recorded decision once it is durable — which may be the other outcome when another caller decided first.
     * A new COMMITTED decision carries a fresh timestamp from the oracle (microseconds since the epoch), greater
     * than every timestamp issued before this call; an ABORTED one carries commit ts 0.
     *
     * @param gxid a GXID, at least 1
     * @return a future completed after the fsync that made the decision durable (at once for one already
     *     durable), or failed with an {@link IOException} when the store or the oracle cannot make it durable
     * @throws IllegalArgumentException when {@code gxid < 1}
     */
    public CompletableFuture<Decision> decide(long gxid, boolean commit) {
        return lookupOrDecide(gxid, commit ? Outcome.COMMITTED : Outcome.ABORTED);
    }

    /**
     * The recorded decision for {@code gxid}. When there is none: with {@code abortIfUndecided}, ABORTED is
     * recorded (durably) and returned, as {@code decide(gxid, false)}; otherwise UNDECIDED (commit ts 0) is
     * returned and nothing is recorded. A decision still being synced is returned only once durable.
     *
     * @return a future as for {@link #decide}
     * @throws IllegalArgumentException when {@code gxid < 1}
     */
    public CompletableFuture<Decision> decision(long gxid, boolean abortIfUndecided) {
        return lookupOrDecide(gxid, abortIfUndecided ? Outcome.ABORTED : null);
    }

    /** The compare-and-set: returns the existing decision, or records {@code proposal} (null: record nothing). */
    private CompletableFuture<Decision> lookupOrDecide(long gxid, Outcome proposal) {
        if (gxid < 1) {
            throw new IllegalArgumentException("a GXID is at least 1, got " + gxid);
        }
        synchronized (lock) {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            if (closed) {
                return CompletableFuture.failedFuture(new IOException("the decision store in " + dir + " is closed"));
            }
            CompletableFuture<Decision> inFlight = pending.get(gxid);
            if (inFlight != null) {
                return inFlight;
            }
            Decision durable;
            try {
                durable = read(gxid);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (durable != null) {
                return CompletableFuture.completedFuture(durable);
            }
            if (proposal == null) {
                return CompletableFuture.completedFuture(Decision.newBuilder()
                        .setGxid(gxid).setOutcome(Outcome.UNDECIDED).build());
            }
            long commitTs = 0;
            if (proposal == Outcome.COMMITTED) {
                try {
                    // Under the lock: no other decision for this GXID can slip in between the check and the record.
                    commitTs = oracle.nextTimestamps(1);
                } catch (UncheckedIOException e) {
                    return CompletableFuture.failedFuture(e.getCause());
                }
            }
            Decision decided = Decision.newBuilder().setGxid(gxid).setOutcome(proposal).setCommitTs(commitTs).build();
            CompletableFuture<Decision> future = new CompletableFuture<>();
            pending.put(gxid, future);
            queue.add(decided);
            lock.notifyAll();
            return future;
        }
    }

    private Decision read(long gxid) throws IOException {
        byte[] value;
        try {
            value = db.get(key(gxid));
        } catch (RocksDBException e) {
            throw new IOException("cannot read the decision of GXID " + gxid + " in " + dir + ": " + e.getMessage(), e);
        }
        if (value == null) {
            return null;
        }
        if (value.length == VALUE_LENGTH && value[0] == FORMAT) {
            long commitTs = ByteBuffer.wrap(value, 2, Long.BYTES).getLong();
            if (value[1] == COMMITTED && commitTs > 0) {
                return Decision.newBuilder().setGxid(gxid).setOutcome(Outcome.COMMITTED).setCommitTs(commitTs).build();
            }
            if (value[1] == ABORTED && commitTs == 0) {
                return Decision.newBuilder().setGxid(gxid).setOutcome(Outcome.ABORTED).build();
            }
        }
        throw new IOException("the decision of GXID " + gxid + " in " + dir + " is damaged (" + value.length
                + " bytes, format " + (value.length > 0 ? value[0] : -1) + ")");
    }

    private static byte[] key(long gxid) {
        return ByteBuffer.allocate(Long.BYTES).putLong(gxid).array();
    }

    private static byte[] value(Decision d) {
        return ByteBuffer.allocate(VALUE_LENGTH).put(FORMAT)
                .put(d.getOutcome() == Outcome.COMMITTED ? COMMITTED : ABORTED)
                .putLong(d.getCommitTs()).array();
    }

    /** The syncer: one synced WriteBatch per turn for everything queued meanwhile (group commit). */
    private void syncLoop() {
        while (true) {
            List<Decision> batch;
            synchronized (lock) {
                while (queue.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // only close() stops this thread, after the queue is drained
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                batch = queue;
                queue = new ArrayList<>();
            }
            IOException error = null;
            try (WriteBatch writes = new WriteBatch()) {
                for (Decision d : batch) {
                    writes.put(key(d.getGxid()), value(d));
                }
                db.write(syncWrite, writes);
                syncs.incrementAndGet();
            } catch (RocksDBException | RuntimeException e) {
                error = new IOException("cannot make " + batch.size() + " decision(s) durable in " + dir
                        + "; the GTM must be restarted: " + e.getMessage(), e);
                LOG.error("{}", error.getMessage(), e);
            }
            List<CompletableFuture<Decision>> done = new ArrayList<>(batch.size());
            List<CompletableFuture<Decision>> failed = new ArrayList<>();
            synchronized (lock) {
                for (Decision d : batch) {
                    done.add(pending.remove(d.getGxid()));
                }
                if (error != null) {
                    failure = error;
                    for (Decision d : queue) {
                        failed.add(pending.remove(d.getGxid()));
                    }
                    queue = new ArrayList<>();
                }
            }
            // Outside the lock: completing a future sends its gRPC reply.
            for (int i = 0; i < batch.size(); i++) {
                if (error == null) {
                    done.get(i).complete(batch.get(i));
                } else {
                    done.get(i).completeExceptionally(error);
                }
            }
            for (CompletableFuture<Decision> f : failed) {
                f.completeExceptionally(error);
            }
        }
    }

    /** How many synced writes (fsyncs) have made decisions durable: fewer than decisions means group commit. */
    public long syncCount() {
        return syncs.get();
    }

    /**
     * Refuses new calls, writes and acknowledges the decisions already queued, then closes RocksDB. A SIGKILL
     * instead loses only decisions nobody was told of.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
        }
        boolean interrupted = false;
        while (syncer.isAlive()) {
            try {
                syncer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        db.close();
        syncWrite.close();
        options.close();
        filter.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

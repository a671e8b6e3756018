package io.tessera.coordinator.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Sequence values, unique cluster-wide, most of them without a network round trip.
 *
 * <p>Each sequence has a counter znode {@code /tessera/sequences/ID} holding PostgreSQL's {@code last_value} and
 * {@code is_called} plus the epoch of the definition that last set it. A coordinator reserves a block of values
 * with one compare-and-set of that znode (ZooKeeper's versioned setData, retried on conflict), then hands them out
 * from memory to all its sessions. The block is at least the sequence's CACHE and adapts to demand: it starts at
 * {@value #MIN_BLOCK} values and doubles (up to {@value #MAX_BLOCK}) while blocks run out within a second.
 *
 * <p>Gaps, as PostgreSQL has with CACHE &gt; 1: values reserved by a coordinator that stops are never used, and the
 * values of two coordinators interleave, so a value handed out later may be smaller than one handed out earlier on
 * another coordinator (unique, not ordered across coordinators). {@code setval} and {@code ALTER SEQUENCE} are
 * catalog changes that bump the sequence's epoch; every coordinator acknowledges the new catalog version before
 * they return and drops blocks of older epochs, so the next {@code nextval} anywhere continues from the new value.
 */
public final class SequenceStore {
    /** The counters' parent znode. */
    public static final String COUNTERS = "/tessera/sequences";
    static final int MIN_BLOCK = 32;
    static final int MAX_BLOCK = 8192;
    private static final int MAX_ATTEMPTS = 100;

    /** A counter znode's content: PostgreSQL's last_value and is_called, and the definition epoch that set it. */
    public record Counter(long value, boolean called, long epoch) {
    }

    private final CatalogStore catalog;
    private final ObjectMapper json = new ObjectMapper();
    private final ConcurrentHashMap<Integer, Block> blocks = new ConcurrentHashMap<>();

    /** Values reserved by this coordinator: next, then next+increment, ... for {@code remaining} values. */
    private static final class Block {
        long epoch = -1;
        long next;
        long remaining;
        /** The last value of the block, as written to the counter. */
        long last;
        int size = MIN_BLOCK;
        long reservedAtNanos;
    }

    public SequenceStore(CatalogStore catalog) {
        this.catalog = catalog;
    }

    /**
     * The sequence's next value (PostgreSQL's nextval).
     *
     * @throws TesseraException 2200H when a sequence without CYCLE reached its limit; 08T03 when ZooKeeper is away
     */
    public long next(SequenceDef q) {
        Block b = blocks.computeIfAbsent(q.id(), id -> new Block());
        synchronized (b) {
            if (b.epoch < q.epoch() || b.remaining == 0) {
                reserve(q, b);
            }
            long v = b.next;
            b.remaining--;
            if (b.remaining > 0) {
                b.next = v + q.increment();
            }
            return v;
        }
    }

    /**
     * Gives this coordinator's unused values of a sequence back when no one reserved after it (the counter still ends
     * at its block): ALTER SEQUENCE without RESTART then continues right after the last value handed out, as
     * PostgreSQL does. A block another coordinator reserved after stays a gap.
     */
    public void release(SequenceDef q) {
        Block b = blocks.get(q.id());
        if (b == null) {
            return;
        }
        synchronized (b) {
            if (b.remaining == 0) {
                return;
            }
            String path = COUNTERS + "/" + q.id();
            try {
                Stat stat = new Stat();
                Counter c = json.readValue(catalog.zk().getData().storingStatIn(stat).forPath(path), Counter.class);
                if (c.called() && c.value() == b.last) {
                    // the last value handed out, as PostgreSQL's last_value; the first one of a sequence is "not called"
                    long previous = b.next - q.increment();
                    boolean inRange = q.increment() > 0 ? previous < b.next && previous >= q.min()
                            : previous > b.next && previous <= q.max();
                    Counter back = inRange ? new Counter(previous, true, c.epoch()) : new Counter(b.next, false, c.epoch());
                    catalog.zk().setData().withVersion(stat.getVersion()).forPath(path, json.writeValueAsBytes(back));
                }
            } catch (Exception e) {
                // the values stay a gap
            }
            b.remaining = 0;
        }
    }

    /** Forgets this coordinator's block of a sequence (after setval here, before others acknowledge). */
    public void forget(SequenceDef q) {
        blocks.remove(q.id());
    }

    private void reserve(SequenceDef q, Block b) {
        long now = System.nanoTime();
        if (b.epoch == q.epoch() && b.reservedAtNanos != 0 && now - b.reservedAtNanos < 1_000_000_000L) {
            b.size = Math.min(MAX_BLOCK, b.size * 2);
        } else if (b.epoch == q.epoch() && now - b.reservedAtNanos > 10_000_000_000L) {
            b.size = MIN_BLOCK;
        }
        long want = Math.max(q.cache(), b.size);
        String path = COUNTERS + "/" + q.id();
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Stat stat = new Stat();
                Counter c;
                try {
                    c = json.readValue(catalog.zk().getData().storingStatIn(stat).forPath(path), Counter.class);
                } catch (KeeperException.NoNodeException e) {
                    throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + q.name() + "\" does not exist");
                }
                long first = c.called() ? step(q, c.value()) : c.value();
                // the last value of a block of up to `want` values, stopping at the limit (a cycle starts a new block)
                long count = 1;
                long last = first;
                while (count < want) {
                    long n = last + q.increment();
                    boolean overflow = q.increment() > 0 ? (n < last || n > q.max()) : (n > last || n < q.min());
                    if (overflow) {
                        break;
                    }
                    last = n;
                    count++;
                }
                try {
                    catalog.zk().setData().withVersion(stat.getVersion()).forPath(path,
                            json.writeValueAsBytes(new Counter(last, true, c.epoch())));
                } catch (KeeperException.BadVersionException e) {
                    continue;
                }
                b.epoch = Math.max(c.epoch(), q.epoch());
                b.next = first;
                b.remaining = count;
                b.last = last;
                b.reservedAtNanos = now;
                return;
            }
            throw new TesseraException(SqlState.OBJECT_IN_USE, "sequence \"" + q.name() + "\" is contended; try again");
        } catch (TesseraException e) {
            throw e;
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "sequence counter (ZooKeeper) unavailable: "
                    + e.getMessage(), e);
        }
    }

    /** The value after {@code v}: v + increment, wrapping with CYCLE, else 2200H at the limit. */
    public static long step(SequenceDef q, long v) {
        long n = v + q.increment();
        boolean overflow = q.increment() > 0 ? (n < v || n > q.max()) : (n > v || n < q.min());
        if (!overflow) {
            return n;
        }
        if (!q.cycle()) {
            throw new TesseraException(SqlState.SEQUENCE_GENERATOR_LIMIT_EXCEEDED, "nextval: reached "
                    + (q.increment() > 0 ? "maximum" : "minimum") + " value of sequence \"" + q.name() + "\" ("
                    + (q.increment() > 0 ? q.max() : q.min()) + ")");
        }
        return q.increment() > 0 ? q.min() : q.max();
    }

    /** Reads a counter (for tests and for ALTER SEQUENCE's checks). */
    public Counter read(SequenceDef q) {
        try {
            return json.readValue(catalog.zk().getData().forPath(COUNTERS + "/" + q.id()), Counter.class);
        } catch (Exception e) {
            throw new TesseraException(SqlState.CATALOG_UNAVAILABLE, "sequence counter (ZooKeeper) unavailable: "
                    + e.getMessage(), e);
        }
    }
}

package io.tessera.datanode.txn;

import io.tessera.common.error.TesseraException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the transactions on this datanode that nobody else will finish (DESIGN.md "Transactions", Recovery),
 * so nothing stays locked. Every {@code interval} it looks at each transaction with state here:
 * <pre>
 *   active,   owner gone                    roll back here (it was never prepared here, so it cannot have
 *                                           committed; a late Prepare of it fails)
 *   prepared, owner gone                    GTM GetDecision(abort_if_undecided): commit or roll back
 *   prepared, owner unknown (found at       GetDecision; after {@code unknownOwnerGrace} with abort_if_undecided
 *             start-up)
 *   prepared, owner alive, for longer than  GetDecision (a lost COMMIT PREPARED); after {@code abandonAfter} with
 *             {@code askAfter}              abort_if_undecided (the coordinator gave up: the GTM was unreachable)
 * </pre>
 * "Owner gone" means the owner gave up on it (a one-phase commit that answered 08007) or the coordinator
 * incarnation's ephemeral znode ({@code TransactionOwners}) is absent from a
 * successful read of the registry; when ZooKeeper cannot be read, only the rules that need no owner apply.
 * Recording an abort is always safe, even against a live coordinator: the GTM's decision is compare-and-set, and
 * the coordinator's own Decide then returns the abort.
 */
public final class InDoubtResolver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InDoubtResolver.class);

    private final TransactionManager txns;
    private final Supplier<Optional<Set<String>>> liveOwners;
    private final long unknownOwnerGraceNanos;
    private final long askAfterNanos;
    private final long abandonAfterNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "in-doubt-resolver");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param liveOwners the owner ids registered in ZooKeeper now, or empty when they cannot be read
     */
    public InDoubtResolver(TransactionManager txns, Supplier<Optional<Set<String>>> liveOwners,
                           Duration unknownOwnerGrace, Duration askAfter, Duration abandonAfter) {
        this.txns = txns;
        this.liveOwners = liveOwners;
        this.unknownOwnerGraceNanos = unknownOwnerGrace.toNanos();
        this.askAfterNanos = askAfter.toNanos();
        this.abandonAfterNanos = abandonAfter.toNanos();
    }

    /**
     * The defaults: 2 s grace for transactions found at start-up; a live owner's prepared transaction is asked about
     * after 2 s and aborted if undecided after 10 s (its coordinator answered 08007 or is stuck).
     */
    public InDoubtResolver(TransactionManager txns, Supplier<Optional<Set<String>>> liveOwners) {
        this(txns, liveOwners, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** Runs {@link #resolveOnce} every {@code interval} on a daemon thread until {@link #close}. */
    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                resolveOnce();
            } catch (RuntimeException e) {
                LOG.warn("in-doubt resolution failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over the transactions (see the class comment); returns how many it finished. */
    public int resolveOnce() {
        var statuses = txns.transactions();
        if (statuses.isEmpty()) {
            return 0;
        }
        Optional<Set<String>> live = liveOwners.get();
        int finished = 0;
        for (TransactionManager.TxnStatus s : statuses) {
            boolean unknownOwner = s.owner().isEmpty();
            boolean ownerGone = s.abandoned() || !unknownOwner && live.isPresent() && !live.get().contains(s.owner());
            try {
                if (!s.prepared()) {
                    if (ownerGone && txns.abandon(s.gxid())) {
                        LOG.info("rolled back transaction {}: its coordinator {} is gone and it was not prepared",
                                s.gxid(), s.owner());
                        finished++;
                    }
                    continue;
                }
                boolean ask;
                boolean abort;
                if (ownerGone) {
                    ask = abort = true;
                } else if (unknownOwner) {
                    ask = true;
                    abort = s.ageNanos() >= unknownOwnerGraceNanos;
                } else {
                    ask = s.ageNanos() >= askAfterNanos;
                    abort = s.ageNanos() >= abandonAfterNanos;
                }
                if (ask && txns.resolve(s.gxid(), abort) != io.tessera.protocol.gtm.Outcome.UNDECIDED) {
                    finished++;
                }
            } catch (TesseraException e) {
                LOG.debug("could not resolve transaction {} yet: {}", s.gxid(), e.getMessage());
            }
        }
        return finished;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

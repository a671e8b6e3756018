package io.tessera.datanode.txn;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.protocol.gtm.Decision;
import io.tessera.protocol.gtm.Outcome;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The GTM's decision log in memory: compare-and-set decisions, commit timestamps from one clock; {@code down} fails every call. */
final class FakeGtm implements GtmDecisions {
    final AtomicLong clock = new AtomicLong(100);
    final ConcurrentHashMap<Long, Decision> decisions = new ConcurrentHashMap<>();
    volatile boolean down;
    /** Runs at the start of every {@link #timestamp()} call (a test holds a one-phase commit there). */
    volatile Runnable beforeTimestamp = () -> { };

    @Override
    public long timestamp() {
        beforeTimestamp.run();
        check();
        return clock.incrementAndGet();
    }

    @Override
    public Decision decide(long gxid, boolean commit) {
        check();
        return decisions.computeIfAbsent(gxid, g -> Decision.newBuilder().setGxid(g)
                .setOutcome(commit ? Outcome.COMMITTED : Outcome.ABORTED)
                .setCommitTs(commit ? timestamp() : 0).build());
    }

    @Override
    public Decision decision(long gxid, boolean abortIfUndecided) {
        check();
        if (abortIfUndecided) {
            return decide(gxid, false);
        }
        return decisions.getOrDefault(gxid, Decision.newBuilder().setGxid(gxid).setOutcome(Outcome.UNDECIDED).build());
    }

    private void check() {
        if (down) {
            throw new TesseraException(SqlState.GTM_UNAVAILABLE, "GTM is unavailable (test)");
        }
    }
}

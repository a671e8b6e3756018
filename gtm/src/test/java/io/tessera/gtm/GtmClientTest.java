package io.tessera.gtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.gtm.GtmClient;
import io.tessera.protocol.gtm.Decision;
import io.tessera.protocol.gtm.Outcome;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GTM client against a real {@link GtmService} over gRPC on loopback. */
class GtmClientTest {
    @TempDir
    Path dir;

    @Test
    void sixtyFourConcurrentRequestersGetDistinctIncreasingTimestampsInFewerRpcs() throws Exception {
        try (GtmServer server = GtmServer.start(dir, "127.0.0.1", 0);
             GtmClient client = new GtmClient("127.0.0.1", server.port())) {
            int requesters = 64;
            int perRequester = 2_000;
            client.timestamp(); // warm up the channel
            CyclicBarrier go = new CyclicBarrier(requesters);
            ExecutorService pool = Executors.newFixedThreadPool(requesters);
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < requesters; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    long[] got = new long[perRequester];
                    for (int i = 0; i < perRequester; i++) {
                        got[i] = client.timestamp();
                    }
                    return got;
                }));
            }
            long started = System.nanoTime();
            Set<Long> all = new HashSet<>();
            for (Future<long[]> f : futures) {
                long[] got = f.get();
                for (int i = 0; i < got.length; i++) {
                    int at = i;
                    assertTrue(i == 0 || got[i] > got[i - 1], () -> "one requester saw " + got[at] + " after " + got[at - 1]);
                    assertTrue(all.add(got[i]), "timestamp handed out twice: " + got[i]);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            int total = requesters * perRequester;
            assertEquals(total, all.size());
            long rpcs = client.rpcCount() - 1;
            assertTrue(rpcs < total, "requests were not combined: " + rpcs + " RPCs for " + total);
            System.out.printf("GtmClient: %d requesters, %d timestamps in %.2f s = %.0f/s over %d RPCs%n",
                    requesters, total, seconds, total / seconds, rpcs);
        }
    }

    @Test
    void aTimestampIsGreaterThanAnyReceivedBeforeTheRequest() throws Exception {
        try (GtmServer server = GtmServer.start(dir, "127.0.0.1", 0);
             GtmClient a = new GtmClient("127.0.0.1", server.port());
             GtmClient b = new GtmClient("127.0.0.1", server.port())) {
            long previous = 0;
            for (int i = 0; i < 1000; i++) {
                long t = (i % 2 == 0 ? a : b).timestamp();
                assertTrue(t > previous);
                previous = t;
            }
            long g1 = a.gxid();
            long g2 = b.gxid();
            assertTrue(g2 > g1);
        }
    }

    @Test
    void aTransactionStartTakesANewGxidAndATimestampAfterEveryEarlierOneInOneRoundTrip() throws Exception {
        try (GtmServer server = GtmServer.start(dir, "127.0.0.1", 0);
             GtmClient client = new GtmClient("127.0.0.1", server.port())) {
            long ts = client.timestamp();
            long gxid = client.gxid();
            long rpcs = client.rpcCount();
            GtmClient.TransactionStart start = client.startTransaction();
            assertTrue(start.startTs() > ts, start + " after timestamp " + ts);
            assertTrue(start.gxid() > gxid, start + " after GXID " + gxid);
            assertEquals(rpcs + 2, client.rpcCount(), "one GetGxids and one GetTimestamps, sent together");
            assertTrue(client.timestamp() > start.startTs());
        }
    }

    /**
     * A start requested on one thread and waited for on another (a session's BEGIN and its first statement): the
     * waiting thread is the one woken, and the start follows every timestamp received before the request. A wake-up
     * sent to the requesting thread instead would leave the waiter parked until its deadline (08T02).
     */
    @Test
    void aTransactionStartRequestedOnOneThreadIsJoinedOnAnother() throws Exception {
        try (GtmServer server = GtmServer.start(dir, "127.0.0.1", 0);
             GtmClient client = new GtmClient("127.0.0.1", server.port(), Duration.ofSeconds(30))) {
            ExecutorService joiner = Executors.newSingleThreadExecutor();
            try {
                long previousGxid = 0;
                for (int i = 0; i < 200; i++) {
                    long before = client.timestamp();
                    GtmClient.PendingStart pending = client.requestTransactionStart();
                    GtmClient.TransactionStart start = joiner.submit(pending::join).get();
                    assertTrue(start.startTs() > before, start + " after timestamp " + before);
                    assertTrue(start.gxid() > previousGxid, start + " after GXID " + previousGxid);
                    assertTrue(client.timestamp() > start.startTs());
                    previousGxid = start.gxid();
                }
            } finally {
                joiner.shutdown();
            }
        }
    }

    @Test
    void anUnreachableGtmGivesGtmUnavailableWithinTheDeadline() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (GtmClient client = new GtmClient("127.0.0.1", port, Duration.ofMillis(500))) {
            long started = System.nanoTime();
            TesseraException e = assertThrows(TesseraException.class, client::timestamp);
            assertEquals(SqlState.GTM_UNAVAILABLE, e.sqlState());
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
            assertTrue(System.nanoTime() - started < 3_000_000_000L, "took too long");
            assertEquals(SqlState.GTM_UNAVAILABLE, assertThrows(TesseraException.class, client::gxid).sqlState());
        }
    }

    @Test
    void theClientRecoversWhenTheGtmComesBack() throws Exception {
        int port;
        long before;
        try (GtmServer server = GtmServer.start(dir, "127.0.0.1", 0)) {
            port = server.port();
        }
        try (GtmClient client = new GtmClient("127.0.0.1", port, Duration.ofSeconds(1))) {
            assertThrows(TesseraException.class, client::timestamp);
            try (GtmServer server = GtmServer.start(dir, "127.0.0.1", port)) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (true) {
                    try {
                        before = client.timestamp();
                        break;
                    } catch (TesseraException e) {
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                        Thread.sleep(50);
                    }
                }
                assertTrue(client.timestamp() > before);
            }
        }
    }

    @Test
    void decisionsOverGrpcAreCompareAndSetWithACommitTimestampAfterEarlierSnapshots() throws Exception {
        try (GtmServer server = GtmServer.start(dir, "127.0.0.1", 0);
             GtmClient a = new GtmClient("127.0.0.1", server.port());
             GtmClient b = new GtmClient("127.0.0.1", server.port())) {
            long gxid = a.gxid();
            long snapshot = b.timestamp();
            Decision commit = a.decide(gxid, true);
            assertEquals(Outcome.COMMITTED, commit.getOutcome());
            assertEquals(gxid, commit.getGxid());
            assertTrue(commit.getCommitTs() > snapshot, commit + " not above " + snapshot);
            assertTrue(b.timestamp() > commit.getCommitTs());
            assertEquals(commit, b.decide(gxid, false), "an abort overturned a commit");
            assertEquals(commit, b.decision(gxid, true));

            long inDoubt = a.gxid();
            assertEquals(Outcome.UNDECIDED, b.decision(inDoubt, false).getOutcome());
            Decision presumed = b.decision(inDoubt, true);
            assertEquals(Decision.newBuilder().setGxid(inDoubt).setOutcome(Outcome.ABORTED).build(), presumed);
            assertEquals(presumed, a.decide(inDoubt, true), "a late commit overturned a presumed abort");
            assertThrows(IllegalArgumentException.class, () -> a.decide(0, true));
        }
    }

    @Test
    void decideLatencyAndThroughputOverGrpc() throws Exception {
        try (GtmServer server = GtmServer.start(dir, "127.0.0.1", 0);
             GtmClient client = new GtmClient("127.0.0.1", server.port())) {
            AtomicLong gxids = new AtomicLong(client.gxid());
            client.decide(gxids.incrementAndGet(), true); // warm up
            int serial = 200;
            long started = System.nanoTime();
            for (int i = 0; i < serial; i++) {
                client.decide(gxids.incrementAndGet(), true);
            }
            double serialMicros = (System.nanoTime() - started) / 1e3 / serial;

            int requesters = 64;
            int perRequester = 100;
            long syncsBefore = server.decisions().syncCount();
            CyclicBarrier go = new CyclicBarrier(requesters);
            ExecutorService pool = Executors.newFixedThreadPool(requesters);
            List<Future<Long>> futures = new ArrayList<>();
            for (int t = 0; t < requesters; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    long nanos = 0;
                    for (int i = 0; i < perRequester; i++) {
                        long t0 = System.nanoTime();
                        client.decide(gxids.incrementAndGet(), i % 2 == 0);
                        nanos += System.nanoTime() - t0;
                    }
                    return nanos;
                }));
            }
            long began = System.nanoTime();
            long latencyNanos = 0;
            for (Future<Long> f : futures) {
                latencyNanos += f.get();
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            pool.shutdown();
            int total = requesters * perRequester;
            long syncs = server.decisions().syncCount() - syncsBefore;
            assertTrue(syncs < total, "no group commit: " + syncs + " fsyncs for " + total);
            System.out.printf("Decide: one caller %.0f us/decision; %d callers %d decisions in %.2f s = %.0f/s, "
                    + "mean latency %.0f us, %d fsyncs%n", serialMicros, requesters, total, seconds, total / seconds,
                    latencyNanos / 1e3 / total, syncs);
        }
    }

    @Test
    void decisionsFromAnUnreachableGtmGiveGtmUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (GtmClient client = new GtmClient("127.0.0.1", port, Duration.ofMillis(500))) {
            TesseraException e = assertThrows(TesseraException.class, () -> client.decide(1, true));
            assertEquals(SqlState.GTM_UNAVAILABLE, e.sqlState());
            assertTrue(e.getMessage().contains("GXID 1"), e.getMessage());
            assertEquals(SqlState.GTM_UNAVAILABLE,
                    assertThrows(TesseraException.class, () -> client.decision(1, true)).sqlState());
        }
    }
}

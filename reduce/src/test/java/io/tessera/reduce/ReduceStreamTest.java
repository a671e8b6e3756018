package io.tessera.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.protocol.reduce.PushAck;
import io.tessera.protocol.reduce.ReduceBatch;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reduce streams over real gRPC (Netty on a free local port): delivery, flow control, errors. */
class ReduceStreamTest {
    /** The server's HTTP/2 receive window: small, so the transport's own buffering is small and known. */
    private static final int WINDOW = 64 * 1024;
    private static final int BATCH_BYTES = 16 * 1024;

    private ReduceService service;
    private Server server;
    private ManagedChannel channel;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        service = new ReduceService();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .flowControlWindow(WINDOW)
                .addService(ServerInterceptors.intercept(service, GrpcErrors.interceptor()))
                .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
                .flowControlWindow(WINDOW).build();
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static ReduceBatch batch(int partition, int rows, int bytes) {
        return ReduceBatch.newBuilder().setPartition(partition).setRowCount(rows)
                .setData(ByteString.copyFrom(new byte[bytes])).build();
    }

    private static final BooleanSupplier NEVER = () -> false;

    @Test
    void everyBatchOfEverySenderArrivesAndTheStreamEnds() throws Exception {
        InboxKey key = new InboxKey("job-1", 0);
        Inbox inbox = service.open(key, 3, ReduceService.DEFAULT_CREDITS);
        List<Future<PushAck>> senders = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            int sender = s;
            senders.add(pool.submit(() -> {
                ReduceSender out = ReduceSender.open(channel, "receiver", key, "dn" + sender, NEVER);
                for (int i = 0; i < 200; i++) {
                    out.send(batch(sender, 10, 100));
                }
                return out.finish(30_000);
            }));
        }
        long[] perSender = new long[3];
        long rows = 0;
        for (ReduceBatch b = inbox.take(); b != null; b = inbox.take()) {
            perSender[b.getPartition()]++;
            rows += b.getRowCount();
        }
        for (Future<PushAck> f : senders) {
            PushAck ack = f.get(30, TimeUnit.SECONDS);
            assertEquals(200, ack.getBatches());
            assertEquals(2000, ack.getRows());
        }
        assertEquals(6000, rows);
        for (long n : perSender) {
            assertEquals(200, n);
        }
        assertNull(inbox.take(), "an ended inbox stays ended");
        inbox.close();
        assertEquals(0, service.openInboxes());
    }

    @Test
    void aSlowReceiverHoldsItsSenderToItsCreditsAndTheTransportWindow() throws Exception {
        int credits = 2;
        int total = 500;
        InboxKey key = new InboxKey("job-slow", 7);
        Inbox inbox = service.open(key, 1, credits);
        AtomicLong sent = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        Future<PushAck> sender = pool.submit(() -> {
            ReduceSender out = ReduceSender.open(channel, "receiver", key, "dn1", NEVER);
            for (int i = 0; i < total; i++) {
                out.send(batch(0, 1, BATCH_BYTES));
                sent.incrementAndGet();
            }
            return out.finish(60_000);
        });
        // The consumer takes nothing yet: the sender must stall. What can be out is bounded by the credits the
        // inbox granted, the server's receive window and gRPC's 32 KiB on-ready threshold on the client.
        long bound = credits + WINDOW / BATCH_BYTES + (32 * 1024) / BATCH_BYTES + 2;
        waitUntil(() -> inbox.buffered() == credits, "the inbox to fill its credits");
        // the sender stalls: its count stops below the bound (it cannot exceed it, whatever the timing)
        waitUntil(() -> sent.get() >= credits, "the first sends");
        assertTrue(sent.get() <= bound, "sent " + sent.get() + " batches to a receiver that took none (bound "
                + bound + ")");
        assertEquals(credits, inbox.buffered(), "an inbox holds at most its credits per sender");
        // now drain one at a time, checking at every step how much is in flight between the two sides
        long maxInFlight = 0;
        for (ReduceBatch b = inbox.take(); b != null; b = inbox.take()) {
            long t = taken.incrementAndGet();
            maxInFlight = Math.max(maxInFlight, sent.get() - t);
            assertTrue(inbox.buffered() <= credits);
        }
        assertEquals(total, taken.get());
        assertEquals(total, sender.get(30, TimeUnit.SECONDS).getBatches());
        assertTrue(maxInFlight <= bound, "in flight at most " + bound + ", saw " + maxInFlight);
        assertTrue(inbox.maxBuffered() <= credits, "buffered at most " + credits + ", saw " + inbox.maxBuffered());
    }

    @Test
    void pushingToAStreamThatIsNotOpenFailsWith55000() {
        ReduceSender out = ReduceSender.open(channel, "receiver", new InboxKey("nobody", 0), "dn1", NEVER);
        TesseraException e = assertThrows(TesseraException.class, () -> out.finish(10_000));
        assertEquals(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, e.sqlState());
    }

    @Test
    void anAbortedSenderFailsTheReceiversInbox() throws Exception {
        InboxKey key = new InboxKey("job-abort", 0);
        Inbox inbox = service.open(key, 2, 4);
        ReduceSender a = ReduceSender.open(channel, "receiver", key, "dn1", NEVER);
        a.send(batch(0, 1, 10));
        assertEquals(0, inbox.take().getPartition());
        a.abort("source failed");
        TesseraException e = assertThrows(TesseraException.class, inbox::take);
        assertTrue(e.getMessage().contains("dn1") || e.sqlState() == SqlState.QUERY_CANCELED, e.getMessage());
        inbox.close();
    }

    @Test
    void aSecondInboxWithTheSameKeyIsRefused() {
        InboxKey key = new InboxKey("job-dup", 0);
        try (Inbox first = service.open(key, 1, 1)) {
            TesseraException e = assertThrows(TesseraException.class, () -> service.open(key, 1, 1));
            assertEquals(SqlState.DUPLICATE_OBJECT, e.sqlState());
        }
        service.open(key, 1, 1).close();
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}

package io.tessera.reduce.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.types.PgType;
import io.tessera.executor.exec.KeyHash;
import io.tessera.executor.exec.RowSource;
import io.tessera.reduce.Inbox;
import io.tessera.reduce.InboxKey;
import io.tessera.reduce.ReduceService;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hash exchanges over real reduce streams between three "nodes" (a ReduceService each, on Netty on local ports):
 * every row reaches exactly one node, equal keys the same node, NULL keys their sender's; senders may start before
 * a receiver's inbox opens; a failure reaches the receivers and leaves no stream open.
 */
class ExchangeTest {
    private static final int NODES = 3;
    private static final List<PgType> TYPES = List.of(PgType.INT4, PgType.TEXT);
    private final List<ReduceService> services = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < NODES; i++) {
            ReduceService s = new ReduceService();
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(ServerInterceptors.intercept(s, GrpcErrors.interceptor())).build().start();
            services.add(s);
            servers.add(server);
            channels.add(NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build());
        }
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (Server s : servers) {
            s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private List<ExchangeSendNode.Target> targets() {
        List<ExchangeSendNode.Target> out = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            out.add(new ExchangeSendNode.Target("dn" + (i + 1), channels.get(i)));
        }
        return out;
    }

    /** A list of rows as a RowSource, recording whether it was closed. */
    private static final class ListSource implements RowSource {
        private final List<Object[]> rows;
        private int pos;
        volatile boolean closed;
        private final RuntimeException failAtEnd;

        ListSource(List<Object[]> rows, RuntimeException failAtEnd) {
            this.rows = rows;
            this.failAtEnd = failAtEnd;
        }

        @Override
        public Object[] next() {
            if (pos < rows.size()) {
                return rows.get(pos++);
            }
            if (failAtEnd != null) {
                throw failAtEnd;
            }
            return null;
        }

        @Override
        public List<PgType> types() {
            return TYPES;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Node i's rows: keys 0..n-1 with skew (half of them key 7) and some NULL keys. */
    private static List<Object[]> rowsOf(int node, int n) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Integer key = i % 10 == 9 ? null : i % 2 == 0 ? Integer.valueOf(7) : Integer.valueOf(i);
            out.add(new Object[] {key, "dn" + (node + 1) + "-" + i});
        }
        return out;
    }

    @Test
    void everyRowReachesTheNodeItsKeyHashesToAndNullKeysStayWhereTheyWereRead() throws Exception {
        InboxKey stream = new InboxKey("q-1", 0);
        List<ListSource> inputs = new ArrayList<>();
        List<Future<List<Object[]>>> received = new ArrayList<>();
        List<ExchangeSendNode> senders = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ListSource in = new ListSource(rowsOf(i, 5_000), null);
            inputs.add(in);
            senders.add(new ExchangeSendNode(in, 0, targets(), i, stream, "dn" + (i + 1), 100, () -> false,
                    e -> { }));
        }
        // the senders start first: the receivers' inboxes open afterwards (each Push waits for its inbox)
        senders.forEach(ExchangeSendNode::start);
        for (int i = 0; i < NODES; i++) {
            Inbox inbox = services.get(i).open(stream, NODES, 2);
            ExchangeReceiveNode receive = new ExchangeReceiveNode(inbox, TYPES, senders.get(i));
            received.add(pool.submit(() -> {
                List<Object[]> rows = new ArrayList<>();
                for (Object[] r = receive.next(); r != null; r = receive.next()) {
                    rows.add(r.clone());
                }
                receive.close();
                return rows;
            }));
        }
        Map<String, Integer> nodeOfRow = new HashMap<>();
        for (int i = 0; i < NODES; i++) {
            for (Object[] r : received.get(i).get(60, TimeUnit.SECONDS)) {
                assertEquals(null, nodeOfRow.put((String) r[1], i), "row " + r[1] + " arrived twice");
                int expected = r[0] == null ? Integer.parseInt(((String) r[1]).substring(2, 3)) - 1
                        : KeyHash.target(r[0], NODES);
                assertEquals(expected, i, "row " + r[1] + " with key " + r[0]);
            }
        }
        assertEquals(NODES * 5_000, nodeOfRow.size());
        for (int i = 0; i < NODES; i++) {
            assertTrue(inputs.get(i).closed, "the sender closes its input");
            assertEquals(0, services.get(i).openStreams());
        }
    }

    /** Runs one exchange of {@code partitioning} over every node's {@link #rowsOf} rows; the rows each node got. */
    private List<List<Object[]>> exchange(Partitioning partitioning, InboxKey stream, int rowsPerNode)
            throws Exception {
        List<ExchangeSendNode> senders = new ArrayList<>();
        List<Future<List<Object[]>>> received = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            senders.add(new ExchangeSendNode(new ListSource(rowsOf(i, rowsPerNode), null), partitioning, targets(), i,
                    stream, "dn" + (i + 1), 100, () -> false, e -> { }));
        }
        senders.forEach(ExchangeSendNode::start);
        for (int i = 0; i < NODES; i++) {
            ExchangeReceiveNode receive = new ExchangeReceiveNode(services.get(i).open(stream, NODES, 2), TYPES,
                    senders.get(i));
            received.add(pool.submit(() -> {
                List<Object[]> rows = new ArrayList<>();
                for (Object[] r = receive.next(); r != null; r = receive.next()) {
                    rows.add(r.clone());
                }
                receive.close();
                return rows;
            }));
        }
        List<List<Object[]>> out = new ArrayList<>();
        for (Future<List<Object[]>> f : received) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        for (ReduceService service : services) {
            assertEquals(0, service.openStreams());
        }
        return out;
    }

    @Test
    void aShardMapExchangeSendsEachRowToTheNodeOfItsShardAsTheTablesRouterPlacesIt() throws Exception {
        int[] shardTargets = {0, 1, 2, 0, 1, 2, 0, 1};
        List<List<Object[]>> received = exchange(new Partitioning.ShardMap(0, PgType.INT4, false, shardTargets),
                new InboxKey("q-shard", 0), 3_000);
        Map<String, Integer> nodeOfRow = new HashMap<>();
        for (int i = 0; i < NODES; i++) {
            for (Object[] r : received.get(i)) {
                assertEquals(null, nodeOfRow.put((String) r[1], i), "row " + r[1] + " arrived twice");
                int expected = r[0] == null ? Integer.parseInt(((String) r[1]).substring(2, 3)) - 1
                        : shardTargets[io.tessera.common.distribution.ShardMath.shardOf(
                                io.tessera.common.distribution.DistributionHash.hash(r[0], PgType.INT4), 8)];
                assertEquals(expected, i, "row " + r[1] + " with key " + r[0]);
            }
        }
        assertEquals(NODES * 3_000, nodeOfRow.size());
        // MODULO: |key| mod shard count
        List<List<Object[]>> modulo = exchange(new Partitioning.ShardMap(0, PgType.INT4, true, new int[] {2, 0, 1}),
                new InboxKey("q-mod", 0), 500);
        for (int i = 0; i < NODES; i++) {
            for (Object[] r : modulo.get(i)) {
                int expected = r[0] == null ? Integer.parseInt(((String) r[1]).substring(2, 3)) - 1
                        : new int[] {2, 0, 1}[(Integer) r[0] % 3];
                assertEquals(expected, i, "row " + r[1] + " with key " + r[0]);
            }
        }
    }

    @Test
    void aBroadcastSendsEveryRowToEveryNodeOnce() throws Exception {
        List<List<Object[]>> received = exchange(new Partitioning.Broadcast(), new InboxKey("q-bc", 0), 700);
        for (int i = 0; i < NODES; i++) {
            Map<String, Integer> seen = new HashMap<>();
            for (Object[] r : received.get(i)) {
                assertEquals(null, seen.put((String) r[1], i), "row " + r[1] + " arrived twice at node " + i);
            }
            assertEquals(NODES * 700, seen.size(), "node " + i + " has every row, NULL keys included");
        }
    }

    @Test
    void aFailingSenderFailsEveryReceiverAndNothingStaysOpen() throws Exception {
        InboxKey stream = new InboxKey("q-2", 3);
        List<ExchangeReceiveNode> receivers = new ArrayList<>();
        // the failing sender reports on its own thread, possibly after the receivers saw the forwarded failure
        java.util.concurrent.CompletableFuture<TesseraException> reported = new java.util.concurrent.CompletableFuture<>();
        List<ExchangeSendNode> senders = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            RuntimeException fail = i == 1 ? new TesseraException(SqlState.DIVISION_BY_ZERO, "division by zero") : null;
            senders.add(new ExchangeSendNode(new ListSource(rowsOf(i, 2_000), fail), 0, targets(), i, stream,
                    "dn" + (i + 1), 50, () -> false, reported::complete));
        }
        for (int i = 0; i < NODES; i++) {
            receivers.add(new ExchangeReceiveNode(services.get(i).open(stream, NODES, 2), TYPES, senders.get(i)));
        }
        senders.forEach(ExchangeSendNode::start);
        // the failing node's own receiver first: closing it stops that node's sender, possibly while the sender is
        // still forwarding its error to the other receivers, and the error must still be reported
        for (int i : new int[] {1, 0, 2}) {
            ExchangeReceiveNode r = receivers.get(i);
            TesseraException e = assertThrows(TesseraException.class, () -> {
                while (r.next() != null) {
                    // read until the failure arrives
                }
            }, "receiver " + i);
            // every receiver fails with the sender's own error (forwarded down the stream), not with a lost peer
            assertEquals(SqlState.DIVISION_BY_ZERO, e.sqlState(), "receiver " + i + ": " + e.getMessage());
            r.close();
        }
        assertEquals(SqlState.DIVISION_BY_ZERO, reported.get(30, java.util.concurrent.TimeUnit.SECONDS).sqlState());
        for (int i = 0; i < NODES; i++) {
            int node = i;
            awaitNoStreams(services.get(node));
        }
    }

    @Test
    void aPushForAnInboxThatNeverOpensFailsAfterItsWaitAndIsForgotten() {
        io.tessera.reduce.ReduceSender s = io.tessera.reduce.ReduceSender.open(channels.get(0), "dn1",
                new InboxKey("q-3", 0), "dn2", () -> false, 300);
        TesseraException e = assertThrows(TesseraException.class, () -> s.finish(30_000));
        assertEquals(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, e.sqlState(), e.getMessage());
        assertEquals(0, services.get(0).openStreams());
    }

    /** Waits (up to 30 s) for the node to have no inbox or waiting Push left: stream ends are asynchronous. */
    private static void awaitNoStreams(ReduceService s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.openStreams() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.sleep(10);
        }
        assertEquals(0, s.openStreams(), "reduce streams left open");
    }
}

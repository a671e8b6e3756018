package io.tessera.datanode;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.tessera.common.config.ClusterConfig;
import io.tessera.common.config.NodeIds;
import io.tessera.common.config.PidFile;
import io.tessera.common.error.TesseraException;
import io.tessera.common.failpoint.Failpoints;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.gtm.GtmClient;
import io.tessera.common.txn.TransactionOwners;
import io.tessera.datanode.gc.GarbageCollector;
import io.tessera.datanode.catalog.TableSchemas;
import io.tessera.datanode.service.DatanodeService;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.txn.GtmDecisions;
import io.tessera.datanode.txn.InDoubtResolver;
import io.tessera.datanode.txn.TransactionManager;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datanode process: {@code java ... io.tessera.datanode.DatanodeMain --home <dir> --name <node>}.
 *
 * <p>Start-up, in order: read {@code <home>/cluster.yaml} and find this node among {@code datanodes}; open RocksDB in
 * the node's data directory; start the gRPC server on its host:port; write {@code <dataDir>/tessera.pid}; register
 * the ephemeral znode {@code /tessera/members/datanode/<name>} (data {@code host:port}). Registration is a Curator
 * {@link PersistentNode}: it is created whenever ZooKeeper becomes reachable and re-created after a session
 * loss, so a datanode started before ZooKeeper still comes up and joins later.
 *
 * <p>SIGTERM (a JVM shutdown hook) leaves ZooKeeper first (so coordinators stop routing here), then stops the
 * gRPC server (in-flight calls get 5 s, then are cancelled), then the background resolution of committed intents
 * (a few seconds; start-up resolves what is left), then the garbage collector's purge thread, then closes
 * RocksDB, then removes the pid file. Handlers and background threads may still be running at that point (a
 * cancelled call's handler runs on): {@link DatanodeStorage#close} refuses new uses of the database (57P01, which
 * ends a long rollback or write between two of its batches) and waits for the ones in progress before it frees
 * anything native.
 *
 * <p>Exit codes: 2 for a bad argument or a missing/invalid cluster file or node (one line on stderr), 1 when the
 * port is in use or storage cannot be opened (one line), 0 after a clean shutdown.
 */
public final class DatanodeMain {
    private static final Logger LOG = LoggerFactory.getLogger(DatanodeMain.class);
    /** The parent of every datanode's membership znode. */
    public static final String MEMBERS_PATH = "/tessera/members/datanode";
    public static final String PID_FILE = PidFile.NAME;
    /** Deadline of one call to the GTM (Decide, GetDecision). */
    static final Duration GTM_DEADLINE = Duration.ofSeconds(5);
    /** How often the in-doubt resolver looks at this datanode's transactions. */
    static final Duration RESOLVER_INTERVAL = Duration.ofMillis(500);

    private final String name;
    private final DatanodeStorage storage;
    private final Server server;
    private final CuratorFramework curator;
    private final PersistentNode membership;
    private final Path pidFile;
    private final GtmClient gtm;
    private final InDoubtResolver resolver;
    private final GarbageCollector gc;
    private final TableSchemas schemas;
    private final TransactionManager txns;

    private DatanodeMain(String name, DatanodeStorage storage, Server server, CuratorFramework curator,
                         PersistentNode membership, Path pidFile, GtmClient gtm, InDoubtResolver resolver,
                         GarbageCollector gc, TableSchemas schemas, TransactionManager txns) {
        this.schemas = schemas;
        this.txns = txns;
        this.gtm = gtm;
        this.resolver = resolver;
        this.gc = gc;
        this.name = name;
        this.storage = storage;
        this.server = server;
        this.curator = curator;
        this.membership = membership;
        this.pidFile = pidFile;
    }

    /** A start-up failure with its exit code and one-line message. */
    static final class StartupException extends Exception {
        final int exitCode;

        StartupException(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    public static void main(String[] args) {
        DatanodeMain node;
        try {
            node = start(args);
        } catch (StartupException e) {
            System.err.println("tessera datanode: " + e.getMessage());
            System.exit(e.exitCode);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "datanode-shutdown"));
        try {
            node.server.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Parses arguments and starts the node. Package-private for tests, which call {@link #stop()} themselves. */
    static DatanodeMain start(String[] args) throws StartupException {
        String home = null;
        String name = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--home") || a.equals("--name")) && i + 1 < args.length) {
                if (a.equals("--home")) {
                    home = args[++i];
                } else {
                    name = args[++i];
                }
            } else if (a.startsWith("--home=")) {
                home = a.substring("--home=".length());
            } else if (a.startsWith("--name=")) {
                name = a.substring("--name=".length());
            } else {
                throw new StartupException(2, "unexpected argument \"" + a + "\"; usage: DatanodeMain --home <dir> --name <node>");
            }
        }
        if (home == null || name == null || home.isBlank() || name.isBlank()) {
            throw new StartupException(2, "usage: DatanodeMain --home <dir> --name <node>");
        }
        Path homePath = Path.of(home);
        ClusterConfig config;
        try {
            config = ClusterConfig.load(homePath);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new StartupException(2, "cannot read cluster file " + homePath.resolve(ClusterConfig.FILE_NAME) + ": " + why);
        }
        ClusterConfig.NodeConfig self = config.datanode(name);
        if (self == null) {
            throw new StartupException(2, "no datanode named \"" + name + "\" in " + homePath.resolve(ClusterConfig.FILE_NAME));
        }
        if (self.dataDir == null || self.port <= 0 || config.zookeeper == null) {
            throw new StartupException(2, "datanode \"" + name + "\" needs dataDir and port, and the cluster a zookeeper entry");
        }
        Path dataDir = self.dataPath(homePath);
        int nodeId = NodeIds.of(name);
        io.tessera.common.types.EngineUnit.init(config);
        Failpoints.init(name);

        DatanodeStorage storage;
        try {
            storage = DatanodeStorage.open(dataDir.resolve("rocksdb"), nodeId);
        } catch (TesseraException e) {
            throw new StartupException(1, e.getMessage().lines().findFirst().orElse("cannot open storage"));
        }
        // spill files of hash joins, hash aggregates and sorts; those of a crashed run are deleted here (the RocksDB
        // lock just taken guarantees no other process uses this data directory)
        io.tessera.executor.spill.TempDirectory.initProcess(dataDir.resolve("pgsql_tmp"));
        // the channel connects lazily: the GTM may come up after this datanode
        GtmClient gtm = config.gtm == null ? null
                : new GtmClient(config.gtm.host, config.gtm.port, GTM_DEADLINE);
        TransactionManager txns;
        try {
            txns = new TransactionManager(storage, gtm == null ? GtmDecisions.none()
                    : GtmDecisions.of(gtm));
        } catch (TesseraException e) {
            closeGtm(gtm);
            storage.close();
            throw new StartupException(1, "cannot read the intents in storage: " + e.getMessage());
        }
        ClusterConfig.GcConfig gcConfig = config.gc == null ? new ClusterConfig.GcConfig() : config.gc;
        GarbageCollector gc = new GarbageCollector(storage, name, gcConfig.autovacuum, gcConfig.naptimeMs)
                .withWalkThreshold(gcConfig.vacuumThreshold, gcConfig.vacuumScaleFactor);
        CuratorFramework curator = CuratorFrameworkFactory.builder()
                .connectString(config.zookeeperConnect())
                .retryPolicy(new BoundedExponentialBackoffRetry(100, 5_000, 29))
                .sessionTimeoutMs(15_000)
                .connectionTimeoutMs(5_000)
                .build();
        curator.getConnectionStateListenable().addListener((client, state) ->
                LOG.info("ZooKeeper {} at {}", state, config.zookeeperConnect()));
        curator.start();
        // this datanode's copy of the tables' schemas: requests are fenced by version and decoded with it
        TableSchemas schemas = TableSchemas.watching(curator);
        DatanodeService service = new DatanodeService(name, storage, txns, gc, schemas);
        // reduce: this node's endpoint for row streams from other datanodes, and its channels to theirs
        io.tessera.reduce.ReduceService reduce = new io.tessera.reduce.ReduceService();
        io.tessera.reduce.ReduceChannels reduceChannels = new io.tessera.reduce.ReduceChannels();
        io.tessera.datanode.redistribute.WriteFences fences = new io.tessera.datanode.redistribute.WriteFences();
        service.writeFences(fences);
        service.exchanges(reduce, reduceChannels); // redistributed joins: fragments' exchanges stream through reduce
        Server server;
        try {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(self.host, self.port));
            if (Boolean.parseBoolean(System.getProperty(DIRECT_READS_PROPERTY, "true"))) {
                // a point read runs on the transport thread that received it, other calls on workers (no hop for
                // a read that does not wait; DatanodeService.read)
                java.util.concurrent.Executor workers = callWorkers();
                service.withReadWorkers(workers);
                builder.directExecutor().callExecutor(DatanodeService.callExecutors(workers));
            }
            server = builder
                    .maxInboundMessageSize(DatanodeService.MAX_INBOUND_MESSAGE_BYTES)
                    // coordinators and reduce channels ping every 10 s during a call; gRPC's default (one ping per
                    // 5 min) answered a long call (the commit of a 1 M-row COPY) with GOAWAY too_many_pings
                    .permitKeepAliveTime(5, java.util.concurrent.TimeUnit.SECONDS)
                    .addService(ServerInterceptors.intercept(withTimestamps(service, gtm), GrpcErrors.interceptor(),
                            io.tessera.common.types.EngineUnit.serverInterceptor()))
                    .addService(ServerInterceptors.intercept(reduce, GrpcErrors.interceptor(),
                            io.tessera.common.types.EngineUnit.serverInterceptor()))
                    .addService(ServerInterceptors.intercept(new io.tessera.datanode.redistribute.RedistributionService(
                            name, storage, schemas, reduce, reduceChannels, fences, curator, txns, gc,
                            gtm == null ? () -> {
                                throw new TesseraException(io.tessera.common.error.SqlState.CONNECTION_FAILURE,
                                        "this datanode has no GTM configured");
                            } : gtm::timestamp), GrpcErrors.interceptor()))
                    .build()
                    .start();
        } catch (IOException e) {
            schemas.close();
            curator.close();
            closeGtm(gtm);
            storage.close();
            boolean inUse = false;
            for (Throwable c = e; c != null; c = c.getCause()) {
                // NIO throws BindException; Netty's native epoll transport an IOException saying so
                inUse |= c instanceof BindException
                        || (c.getMessage() != null && c.getMessage().contains("Address already in use"));
            }
            throw new StartupException(1, inUse ? "port " + self.port + " on " + self.host + " is already in use"
                    : "cannot listen on " + self.address() + ": " + e.getMessage());
        }
        Path pidFile = dataDir.resolve(PID_FILE);
        try {
            PidFile.write(pidFile);
        } catch (IOException e) {
            server.shutdownNow();
            schemas.close();
            curator.close();
            closeGtm(gtm);
            storage.close();
            throw new StartupException(1, "cannot write " + pidFile + ": " + e.getMessage());
        }
        String address = self.host + ":" + server.getPort();
        PersistentNode membership = new PersistentNode(curator, CreateMode.EPHEMERAL, false,
                MEMBERS_PATH + "/" + name, address.getBytes(StandardCharsets.UTF_8));
        membership.start();
        InDoubtResolver resolver = new InDoubtResolver(txns, () -> liveOwners(curator));
        resolver.start(RESOLVER_INTERVAL);
        gc.start();
        String nodeName = name;
        Thread sweep = new Thread(() -> removeDroppedTables(nodeName, storage, schemas), "dropped-table-sweep");
        sweep.setDaemon(true);
        sweep.start();
        LOG.info("datanode {} (node id {}) serving on {}, data in {}, zookeeper {}", name, nodeId, address, dataDir,
                config.zookeeperConnect());
        return new DatanodeMain(name, storage, server, curator, membership, pidFile, gtm, resolver, gc, schemas,
                txns);
    }

    /** Attempts of {@link #removeDroppedTables} to read the catalog, {@link #SWEEP_RETRY} apart. */
    private static final int SWEEP_ATTEMPTS = 150;
    private static final Duration SWEEP_RETRY = Duration.ofSeconds(2);

    /**
     * Removes the data of tables dropped while this datanode was away: DROP TABLE removes the table from the catalog
     * first and then asks every datanode to delete its keys, so a datanode that was down keeps them. The ids present
     * in storage are taken first and the catalog is read afterwards (after a sync): a table's rows are only written
     * after its CREATE TABLE committed, so an id in storage that the later catalog lacks was dropped. Nothing is
     * removed while the catalog cannot be read (retried for a while) or does not exist yet.
     */
    static void removeDroppedTables(String name, DatanodeStorage storage, TableSchemas schemas) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<Integer> stored = storage.tableIds();
                Optional<Set<Integer>> catalog = schemas.tableIdsInCatalog();
                if (catalog.isEmpty()) {
                    return;
                }
                for (int id : stored) {
                    if (!catalog.get().contains(id)) {
                        LOG.warn("datanode {}: removing the data of table id {}, dropped while this datanode was away",
                                name, Integer.toUnsignedString(id));
                        storage.dropTable(id);
                    }
                }
                return;
            } catch (TesseraException e) {
                if (attempt >= SWEEP_ATTEMPTS) {
                    LOG.warn("datanode {}: gave up comparing its tables with the catalog: {}", name, e.getMessage());
                    return;
                }
                LOG.info("datanode {}: cannot compare its tables with the catalog yet: {}", name, e.getMessage());
                try {
                    Thread.sleep(SWEEP_RETRY.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** The coordinator incarnations registered now ({@link TransactionOwners}); empty when ZooKeeper is not reachable. */
    private static Optional<Set<String>> liveOwners(CuratorFramework curator) {
        if (!curator.getZookeeperClient().isConnected()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Set.copyOf(curator.getChildren().forPath(TransactionOwners.PATH)));
        } catch (KeeperException.NoNodeException e) {
            return Optional.of(Set.of()); // no coordinator has ever started
        } catch (Exception e) {
            LOG.debug("cannot read the transaction owners: {}", e.toString());
            return Optional.empty();
        }
    }

    private static void closeGtm(GtmClient gtm) {
        if (gtm != null) {
            gtm.close();
        }
    }

    /** The port the gRPC server listens on. */
    int port() {
        return server.getPort();
    }

    /** Waits up to {@code timeout} for the membership znode to be created. */
    boolean awaitRegistered(long timeout, TimeUnit unit) throws InterruptedException {
        return membership.waitForInitialCreate(timeout, unit);
    }

    /** Leaves the cluster, stops serving, closes storage. Idempotent. */
    synchronized void stop() {
        LOG.info("datanode {} shutting down", name);
        resolver.close();
        try {
            membership.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("leaving ZooKeeper failed", e);
        }
        schemas.close();
        curator.close();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        txns.close(); // resolves the intents of acknowledged one-phase commits still queued, for a few seconds
        gc.close();
        closeGtm(gtm);
        storage.close();
        PidFile.deleteIfOurs(pidFile);
        LOG.info("datanode {} stopped", name);
    }

    /**
     * {@code -Dtessera.direct_reads=false}: every call runs on gRPC's default executor, a point read too (one
     * thread hand-off more per read; for an A/B measurement).
     */
    static final String DIRECT_READS_PROPERTY = "tessera.direct_reads";

    /** The threads calls run on when reads run on the transport's: as gRPC's default executor, cached, daemons. */
    private static java.util.concurrent.Executor callWorkers() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "datanode-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The service, taking the GTM's timestamps for snapshots it chooses when there is a GTM. */
    private static DatanodeService withTimestamps(DatanodeService service, GtmClient gtm) {
        return gtm == null ? service : service.withTimestamps(gtm::timestamp);
    }
}

package io.tessera.coordinator;

import io.tessera.common.config.ClusterConfig;
import io.tessera.common.config.NodeIds;
import io.tessera.common.config.PidFile;
import io.tessera.common.failpoint.Failpoints;
import io.tessera.common.gtm.GtmClient;
import io.tessera.common.txn.TransactionOwners;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.cluster.DatanodeClients;
import io.tessera.coordinator.gc.GcCoordinator;
import io.tessera.coordinator.pgwire.PgServer;
import io.tessera.coordinator.sql.TesseraSqlEngine;
import io.tessera.coordinator.txn.DeadlockDetector;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordinator process: {@code java io.tessera.coordinator.CoordinatorMain --home DIR --name NAME}.
 *
 * <p>Start-up order: read the cluster file; connect to ZooKeeper; create the catalog if this is the cluster's
 * first coordinator, load and watch it; register this process as a transaction owner ({@link TransactionOwners}: the
 * ephemeral znode whose disappearance lets datanodes resolve its transactions); connect to the GTM and (lazily)
 * the datanodes; publish the first GC report ({@link GcCoordinator}: the oldest snapshot this coordinator
 * holds); accept PostgreSQL clients on
 * the coordinator's port; register the ephemeral membership znode {@code /tessera/members/coordinator/NAME} — last,
 * so a coordinator is a member only once it can serve. SIGTERM closes the listener, then the rest.
 * Bad arguments exit with code 2 and a port in use with code 1, each with one line on stderr.
 */
public final class CoordinatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorMain.class);
    /**
     * The ZooKeeper session timeout: how long after this process dies its transactions' owner znode stays, i.e. how
     * long datanodes keep its unfinished transactions locked before resolving them.
     */
    static final int SESSION_TIMEOUT_MS = 5_000;

    private CoordinatorMain() {
    }

    public static void main(String[] args) {
        Path home = null;
        String name = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--home") && i + 1 < args.length) {
                home = Path.of(args[++i]).toAbsolutePath();
            } else if (args[i].equals("--name") && i + 1 < args.length) {
                name = args[++i];
            } else {
                fail(2, "usage: CoordinatorMain --home DIR --name NAME (unexpected argument \"" + args[i] + "\")");
            }
        }
        if (home == null || name == null) {
            fail(2, "usage: CoordinatorMain --home DIR --name NAME");
        }
        ClusterConfig config;
        try {
            config = ClusterConfig.load(home);
        } catch (IOException e) {
            fail(2, "cannot read the cluster file in " + home + ": " + e.getMessage());
            return;
        }
        ClusterConfig.NodeConfig self = config.coordinator(name);
        if (self == null) {
            fail(2, "no coordinator named \"" + name + "\" in " + home.resolve(ClusterConfig.FILE_NAME));
        }
        try {
            run(home, config, self);
        } catch (BindException e) {
            fail(1, "could not listen on " + self.address() + ": port already in use");
        } catch (Exception e) {
            LOG.error("coordinator {} failed", name, e);
            fail(1, "coordinator " + name + " failed: " + e);
        }
    }

    private static void run(Path home, ClusterConfig config, ClusterConfig.NodeConfig self) throws Exception {
        Failpoints.init(self.name);
        io.tessera.common.types.EngineUnit.init(config);
        Path dataDir = self.dataPath(home);
        Files.createDirectories(dataDir);
        Path pidFile = dataDir.resolve(PidFile.NAME);
        PidFile.write(pidFile);
        // the coordinator's own spill files (final aggregates, top-N); a crashed run's are deleted here
        io.tessera.executor.spill.TempDirectory.initProcess(dataDir.resolve("pgsql_tmp"));

        CuratorFramework zk = CuratorFrameworkFactory.builder()
                .connectString(config.zookeeperConnect())
                .sessionTimeoutMs(SESSION_TIMEOUT_MS)
                .connectionTimeoutMs(SESSION_TIMEOUT_MS)
                .retryPolicy(new BoundedExponentialBackoffRetry(100, 2_000, 29))
                .build();
        zk.start();
        zk.blockUntilConnected();

        List<NodeDef> nodes = new ArrayList<>();
        for (ClusterConfig.NodeConfig c : config.coordinators) {
            nodes.add(new NodeDef(c.name, 'C', c.host, c.port, NodeIds.of(c.name)));
        }
        for (ClusterConfig.NodeConfig d : config.datanodes) {
            nodes.add(new NodeDef(d.name, 'D', d.host, d.port, NodeIds.of(d.name)));
        }
        CatalogStore catalog = new CatalogStore(zk, self.name);
        catalog.start(nodes, config.superusers);

        // registered before any client can start a transaction stamped with this owner id
        String owner = TransactionOwners.newOwnerId(self.name);
        PersistentNode ownerNode = new PersistentNode(zk, CreateMode.EPHEMERAL, false, TransactionOwners.path(owner),
                new byte[0]);
        ownerNode.start();
        if (!ownerNode.waitForInitialCreate(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("could not register " + TransactionOwners.path(owner) + " in ZooKeeper");
        }

        GtmClient gtm = GtmClient.forCluster(config);
        DatanodeClients datanodes = new DatanodeClients();
        // the first GC report is published before clients can take snapshots here
        GcCoordinator gc = new GcCoordinator(zk, self.name, gtm, catalog, datanodes, config.gc);
        gc.start(60_000);
        TesseraSqlEngine engine = new TesseraSqlEngine(catalog, datanodes, gtm, owner, gc);
        PgServer server = new PgServer(engine, self.host, self.port);
        server.start();
        for (String dir : config.unixSocketDirectories) {
            try {
                LOG.info("coordinator {} accepting PostgreSQL connections on {}", self.name,
                        server.listenUnix(Path.of(dir)));
            } catch (IOException e) {
                // as PostgreSQL, which logs "could not create Unix-domain socket in directory" and goes on
                LOG.warn("could not create Unix-domain socket in directory \"{}\": {}", dir, e.getMessage());
            }
        }
        DeadlockDetector deadlocks = new DeadlockDetector(zk, self.name, catalog, datanodes)
                .withTableLocks(engine.tableLocks());
        deadlocks.start();

        // a PersistentNode also takes over a node left by this coordinator's previous session (after SIGKILL)
        PersistentNode member = new PersistentNode(zk, CreateMode.EPHEMERAL, false,
                "/tessera/members/coordinator/" + self.name, self.address().getBytes(StandardCharsets.UTF_8));
        member.start();
        member.waitForInitialCreate(30, java.util.concurrent.TimeUnit.SECONDS);
        LOG.info("coordinator {} accepting PostgreSQL connections on {}", self.name, self.address());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("coordinator {} shutting down", self.name);
            server.close();
            engine.close();
            deadlocks.close();
            gc.close();
            try {
                member.close();
                ownerNode.close();
            } catch (IOException e) {
                LOG.debug("leaving the membership", e);
            }
            datanodes.close();
            gtm.close();
            catalog.close();
            zk.close();
            PidFile.deleteIfOurs(pidFile);
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    private static void fail(int code, String message) {
        System.err.println(message);
        System.exit(code);
    }
}

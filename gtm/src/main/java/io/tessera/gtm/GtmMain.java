package io.tessera.gtm;

import io.tessera.common.config.ClusterConfig;
import io.tessera.common.config.PidFile;
import io.tessera.common.config.ClusterConfig.NodeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GTM process: {@code java ... io.tessera.gtm.GtmMain --home <absolute home> --name <gtm name>}.
 *
 * <p>Lifecycle: read {@code <home>/cluster.yaml}, write {@code <dataDir>/tessera.pid}, open the oracle and serve
 * gRPC on the configured port, then register the ephemeral znode {@code /tessera/members/gtm/<name>}
 * (data {@code host:port}) through Curator. Registration runs in the background and is re-created after a
 * session loss, so the GTM serves even while ZooKeeper is briefly away. SIGTERM stops the server, drops the
 * registration and removes the pid file. Bad arguments, an unreadable home or a port in use end the process
 * with one line on stderr and exit code 1 (2 for usage errors).
 */
public final class GtmMain {
    private static final Logger LOG = LoggerFactory.getLogger(GtmMain.class);
    /** The ZooKeeper path under which every role registers its members. */
    public static final String MEMBERS = "/tessera/members";

    private GtmMain() {
    }

    public static void main(String[] args) {
        Path home = null;
        String name = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--home") || a.equals("--name")) && i + 1 < args.length) {
                if (a.equals("--home")) {
                    home = Path.of(args[++i]);
                } else {
                    name = args[++i];
                }
            } else {
                die(2, "unexpected argument '" + a + "'; usage: GtmMain --home <absolute home> --name <name>");
            }
        }
        if (home == null || name == null) {
            die(2, "usage: GtmMain --home <absolute home> --name <name>");
        }
        ClusterConfig config;
        try {
            config = ClusterConfig.load(home);
        } catch (IOException e) {
            die(1, "cannot read the cluster file " + home.resolve(ClusterConfig.FILE_NAME) + ": " + e.getMessage());
            return;
        }
        NodeConfig node = config.gtm;
        if (node == null || !node.name.equals(name)) {
            die(1, "the cluster file in " + home + " has no GTM named '" + name + "'");
        }
        run(home, config, node);
    }

    private static void run(Path home, ClusterConfig config, NodeConfig node) {
        Path dataDir = node.dataPath(home);
        Path pidFile = dataDir.resolve("tessera.pid");
        GtmServer server;
        try {
            Files.createDirectories(dataDir);
            PidFile.write(pidFile);
            server = GtmServer.start(dataDir, node.host, node.port);
        } catch (GtmServer.PortInUseException e) {
            deleteQuietly(pidFile);
            die(1, "gtm " + node.name + ": " + e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(pidFile);
            die(1, "gtm " + node.name + ": cannot start: " + e.getMessage());
            return;
        }
        LOG.info("GTM {} serving on {}:{} (data {}), timestamps above {}", node.name, node.host, server.port(),
                dataDir, server.oracle().lastTimestamp());

        CuratorFramework zk = CuratorFrameworkFactory.builder()
                .connectString(config.zookeeperConnect())
                .sessionTimeoutMs(10_000)
                .connectionTimeoutMs(5_000)
                .retryPolicy(new ExponentialBackoffRetry(200, 10, 2_000))
                .build();
        zk.start();
        PersistentNode member = new PersistentNode(zk, CreateMode.EPHEMERAL, false,
                MEMBERS + "/gtm/" + node.name, node.address().getBytes(StandardCharsets.UTF_8));
        member.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("GTM {} stopping", node.name);
            server.close();
            // Closing the session removes the ephemeral znode. Deleting it explicitly first is only tried
            // while connected: with ZooKeeper gone, Curator would retry for half a minute.
            Thread cleanup = new Thread(() -> {
                try {
                    if (zk.getZookeeperClient().isConnected()) {
                        member.close();
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not remove the membership znode: {}", e.toString());
                }
                zk.close();
            }, "gtm-zk-close");
            cleanup.setDaemon(true);
            cleanup.start();
            try {
                cleanup.join(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            PidFile.deleteIfOurs(pidFile);
            stopped.countDown();
        }, "gtm-shutdown"));
        try {
            server.awaitTermination();
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a stale pid file is recognized by its command line check
        }
    }

    private static void die(int code, String message) {
        System.err.println(message);
        System.exit(code);
    }
}

package io.tessera.ctl;

import io.tessera.common.config.ClusterConfig;
import io.tessera.common.config.PidFile;
import io.tessera.common.config.ClusterConfig.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's embedded ZooKeeper as a process of its own:
 * {@code java ... io.tessera.ctl.ZooKeeperMain --home <absolute home> --name <name>}.
 *
 * <p>A single standalone ZooKeeper 3.9 server ({@link ZooKeeperServerEmbedded}) on the configured
 * host:port with its data in the node's data directory; the AdminServer (an HTTP port outside the
 * cluster's range) is off. Writes {@code <dataDir>/tessera.pid}; SIGTERM closes the server and removes it.
 * A production cluster would point {@code zookeeper} at an external ensemble instead.
 */
public final class ZooKeeperMain {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperMain.class);

    private ZooKeeperMain() {
    }

    public static void main(String[] args) {
        Path home = null;
        String name = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--home") && i + 1 < args.length) {
                home = Path.of(args[++i]);
            } else if (args[i].equals("--name") && i + 1 < args.length) {
                name = args[++i];
            } else {
                die(2, "unexpected argument '" + args[i] + "'; usage: ZooKeeperMain --home <absolute home> --name <name>");
            }
        }
        if (home == null || name == null) {
            die(2, "usage: ZooKeeperMain --home <absolute home> --name <name>");
        }
        ClusterConfig config;
        try {
            config = ClusterConfig.load(home);
        } catch (IOException e) {
            die(1, "cannot read the cluster file " + home.resolve(ClusterConfig.FILE_NAME) + ": " + e.getMessage());
            return;
        }
        NodeConfig node = config.zookeeper;
        if (node == null || !node.name.equals(name)) {
            die(1, "the cluster file in " + home + " has no ZooKeeper named '" + name + "'");
        }
        run(node.dataPath(home), node);
    }

    private static void run(Path dataDir, NodeConfig node) {
        Path pidFile = dataDir.resolve("tessera.pid");
        ZooKeeperServerEmbedded server;
        try {
            Files.createDirectories(dataDir);
            if (!ClusterControl.bindable(node.host, node.port)) {
                die(1, "zookeeper " + node.name + ": port " + node.port + " on " + node.host + " is already in use");
            }
            PidFile.write(pidFile);
            Properties p = new Properties();
            p.setProperty("clientPortAddress", node.host);
            p.setProperty("clientPort", Integer.toString(node.port));
            p.setProperty("dataDir", dataDir.resolve("data").toString());
            p.setProperty("admin.enableServer", "false");
            p.setProperty("tickTime", "2000");
            p.setProperty("maxClientCnxns", "0");
            p.setProperty("autopurge.snapRetainCount", "3");
            p.setProperty("autopurge.purgeInterval", "1");
            server = ZooKeeperServerEmbedded.builder()
                    .baseDir(dataDir)
                    .configuration(p)
                    .exitHandler(ExitHandler.LOG_ONLY)
                    .build();
            server.start(60_000);
        } catch (Exception e) {
            PidFile.deleteIfOurs(pidFile);
            String m = String.valueOf(e.getMessage());
            die(1, "zookeeper " + node.name + ": cannot start on " + node.address() + ": "
                    + (m.contains("in use") ? "port " + node.port + " is already in use" : e));
            return;
        }
        LOG.info("ZooKeeper {} serving on {}", node.name, node.address());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("ZooKeeper {} stopping", node.name);
            server.close();
            PidFile.deleteIfOurs(pidFile);
            stopped.countDown();
        }, "zookeeper-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void die(int code, String message) {
        System.err.println(message);
        System.exit(code);
    }
}

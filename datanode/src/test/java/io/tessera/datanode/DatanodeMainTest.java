package io.tessera.datanode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.tessera.common.config.ClusterConfig;
import io.tessera.protocol.datanode.DatanodeGrpc;
import io.tessera.protocol.datanode.PingRequest;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatanodeMainTest {
    @TempDir
    Path home;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    ClusterConfig config(int zkPort, int dnPort) throws Exception {
        ClusterConfig c = new ClusterConfig();
        c.basePort = 5432;
        c.zookeeper = new ClusterConfig.NodeConfig("zookeeper", "127.0.0.1", zkPort, 0, "zookeeper");
        c.gtm = new ClusterConfig.NodeConfig("gtm", "127.0.0.1", freePort(), 0, "gtm");
        c.datanodes.add(new ClusterConfig.NodeConfig("dn1", "127.0.0.1", dnPort, 0, "dn1"));
        c.save(home);
        return c;
    }

    static ZooKeeperServerEmbedded zookeeper(Path dir, int port) throws Exception {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("clientPort", Integer.toString(port));
        p.setProperty("clientPortAddress", "127.0.0.1");
        p.setProperty("dataDir", dir.toString());
        p.setProperty("admin.enableServer", "false");
        ZooKeeperServerEmbedded zk = ZooKeeperServerEmbedded.builder().baseDir(dir).configuration(p).build();
        zk.start();
        return zk;
    }

    @Test
    void badArgumentsAndMissingConfigExitWithTwo() throws Exception {
        assertEquals(2, assertThrows(DatanodeMain.StartupException.class,
                () -> DatanodeMain.start(new String[] {"--home"})).exitCode);
        assertEquals(2, assertThrows(DatanodeMain.StartupException.class,
                () -> DatanodeMain.start(new String[] {"--bogus", "x"})).exitCode);
        DatanodeMain.StartupException missing = assertThrows(DatanodeMain.StartupException.class,
                () -> DatanodeMain.start(new String[] {"--home", home.toString(), "--name", "dn1"}));
        assertEquals(2, missing.exitCode);
        assertTrue(missing.getMessage().startsWith("cannot read cluster file"), missing.getMessage());
        assertFalse(missing.getMessage().contains("\n"));
        config(freePort(), freePort());
        DatanodeMain.StartupException unknown = assertThrows(DatanodeMain.StartupException.class,
                () -> DatanodeMain.start(new String[] {"--home", home.toString(), "--name", "dn9"}));
        assertEquals(2, unknown.exitCode);
        assertTrue(unknown.getMessage().contains("dn9"));
    }

    @Test
    void portInUseExitsWithOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            config(freePort(), taken.getLocalPort());
            DatanodeMain.StartupException e = assertThrows(DatanodeMain.StartupException.class,
                    () -> DatanodeMain.start(new String[] {"--home", home.toString(), "--name", "dn1"}));
            assertEquals(1, e.exitCode);
            assertTrue(e.getMessage().contains("already in use"), e.getMessage());
        }
        // storage was closed again: a later start can open it
    }

    @Test
    void startedBeforeZooKeeperItRegistersOnceZooKeeperComesUpAndLeavesOnStop() throws Exception {
        int zkPort = freePort();
        int dnPort = freePort();
        ClusterConfig c = config(zkPort, dnPort);
        DatanodeMain node = DatanodeMain.start(new String[] {"--home", home.toString(), "--name", "dn1"});
        ZooKeeperServerEmbedded zk = null;
        try {
            Path pid = c.datanode("dn1").dataPath(home).resolve(DatanodeMain.PID_FILE);
            assertEquals(ProcessHandle.current().pid(), Long.parseLong(Files.readString(pid).trim()));
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", dnPort).usePlaintext().build();
            assertEquals("dn1", DatanodeGrpc.newBlockingStub(ch).ping(PingRequest.getDefaultInstance()).getNodeName());
            ch.shutdownNow();

            Thread.sleep(500); // ZooKeeper is not there yet
            zk = zookeeper(home.resolve("zk"), zkPort);
            assertTrue(node.awaitRegistered(30, TimeUnit.SECONDS), "membership znode not created");
            try (CuratorFramework client = CuratorFrameworkFactory.newClient("127.0.0.1:" + zkPort, new RetryOneTime(100))) {
                client.start();
                client.blockUntilConnected(10, TimeUnit.SECONDS);
                byte[] data = client.getData().forPath(DatanodeMain.MEMBERS_PATH + "/dn1");
                assertEquals("127.0.0.1:" + dnPort, new String(data, StandardCharsets.UTF_8));
                node.stop();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (client.checkExists().forPath(DatanodeMain.MEMBERS_PATH + "/dn1") != null) {
                    assertTrue(System.nanoTime() < deadline, "membership znode still there after stop");
                    Thread.sleep(20);
                }
            }
            assertFalse(Files.exists(pid));
        } finally {
            node.stop();
            if (zk != null) {
                zk.close();
            }
        }
    }
}

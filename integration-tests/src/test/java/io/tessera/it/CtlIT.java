package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tessera.common.config.ClusterConfig;
import io.tessera.it.ProcessCluster.CtlResult;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tessera init | start | status | stop} contract of issue 2, section 2, against real processes.
 *
 * <p>Tests that need coordinators run once {@code io.tessera.coordinator.CoordinatorMain} exists, and datanodes
 * are part of the clusters once {@code io.tessera.datanode.DatanodeMain} exists; until then the lifecycle is
 * checked on ZooKeeper + GTM (+ datanodes).
 */
class CtlIT {
    static final Pattern STATUS_LINE =
            Pattern.compile("(zookeeper|gtm|datanode|coordinator) (\\S+) 127\\.0\\.0\\.1:(\\d+) (\\d+|-) (up|down)");

    static boolean exists(String className) {
        try {
            Class.forName(className, false, CtlIT.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static final boolean HAVE_DATANODES = exists("io.tessera.datanode.DatanodeMain");
    static final boolean HAVE_COORDINATORS = exists("io.tessera.coordinator.CoordinatorMain");

    static int datanodes() {
        return HAVE_DATANODES ? 2 : 0;
    }

    /** name → pid of the up processes; asserts every line has the contract's shape. */
    static Map<String, String> parseStatus(CtlResult r) {
        Map<String, String> pids = new HashMap<>();
        for (String line : r.outLines()) {
            Matcher m = STATUS_LINE.matcher(line);
            assertTrue(m.matches(), () -> "not a status line: '" + line + "' in " + r);
            if (m.group(5).equals("up")) {
                pids.put(m.group(2), m.group(4));
            } else {
                assertEquals("-", m.group(4), () -> "a down process with a pid: " + line);
            }
        }
        return pids;
    }

    static void assertOneClearLine(CtlResult r) {
        assertNotEquals(0, r.exitCode(), () -> "expected a failure: " + r);
        assertEquals(1, r.errLines().size(), () -> "expected exactly one line on stderr: " + r);
        assertTrue(r.err().startsWith("tessera: "), r::toString);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), () -> "stack trace: " + r);
    }

    /** One cluster shared by the lifecycle tests, which run in order. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class Lifecycle {
        ProcessCluster cluster;

        @BeforeAll
        void startCluster() {
            long t0 = System.nanoTime();
            cluster = ProcessCluster.start(0, datanodes());
            System.out.printf("cluster of ZooKeeper, GTM and %d datanodes up in %.2f s%n", datanodes(),
                    (System.nanoTime() - t0) / 1e9);
        }

        @AfterAll
        void stopCluster() {
            if (cluster != null) {
                cluster.close();
            }
        }

        @Test
        @Order(1)
        void statusPrintsOneLinePerProcessRoleFirstAndExitsZeroWhenAllAreUp() {
            CtlResult r = cluster.status();
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("", r.err());
            List<String> lines = r.outLines();
            assertEquals(2 + datanodes(), lines.size(), r::toString);
            assertTrue(lines.get(0).startsWith("zookeeper zookeeper 127.0.0.1:" + (cluster.basePort() + 90) + " "));
            assertTrue(lines.get(1).startsWith("gtm gtm 127.0.0.1:" + (cluster.basePort() + 91) + " "));
            for (int j = 1; j <= datanodes(); j++) {
                assertTrue(lines.get(1 + j).startsWith("datanode dn" + j + " 127.0.0.1:" + (cluster.basePort() + 59 + j)
                        + " "), lines::toString);
            }
            Map<String, String> up = parseStatus(r);
            assertEquals(lines.size(), up.size(), r::toString);
            assertEquals(up.get("gtm"), Long.toString(cluster.pid("gtm").getAsLong()));
        }

        @Test
        @Order(2)
        void theGtmRegistersItsEphemeralMembershipZnode() throws Exception {
            ClusterConfig c = cluster.config();
            try (CuratorFramework zk = CuratorFrameworkFactory.newClient(c.zookeeperConnect(), new RetryOneTime(200))) {
                zk.start();
                assertTrue(zk.blockUntilConnected(20, TimeUnit.SECONDS));
                byte[] data = null;
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (data == null && System.nanoTime() < deadline) {
                    if (zk.checkExists().forPath("/tessera/members/gtm/gtm") != null) {
                        data = zk.getData().forPath("/tessera/members/gtm/gtm");
                    } else {
                        Thread.sleep(100);
                    }
                }
                assertTrue(data != null, "no /tessera/members/gtm/gtm");
                assertEquals(c.gtm.address(), new String(data, StandardCharsets.UTF_8));
                assertTrue(zk.checkExists().forPath("/tessera/members/gtm/gtm").getEphemeralOwner() != 0);
            }
        }

        @Test
        @Order(3)
        void startBringsBackASingleKilledProcessAndLeavesTheOthersAlone() {
            Map<String, String> before = parseStatus(cluster.status());
            String victim = HAVE_DATANODES ? "dn2" : "gtm";
            cluster.kill(victim);

            CtlResult down = cluster.status();
            assertEquals(3, down.exitCode(), down::toString);
            Map<String, String> after = parseStatus(down);
            assertFalse(after.containsKey(victim), down::toString);
            assertTrue(down.outLines().stream().anyMatch(l -> l.matches("\\w+ " + victim + " \\S+ - down")), down::toString);
            assertEquals(before.size() - 1, after.size());

            cluster.start();
            CtlResult up = cluster.status();
            assertEquals(0, up.exitCode(), up::toString);
            Map<String, String> restarted = parseStatus(up);
            for (String name : before.keySet()) {
                if (name.equals(victim)) {
                    assertNotEquals(before.get(name), restarted.get(name));
                } else {
                    assertEquals(before.get(name), restarted.get(name), name + " was restarted needlessly");
                }
            }
        }

        @Test
        @Order(4)
        void startOfARunningClusterIsANoOp() {
            Map<String, String> before = parseStatus(cluster.status());
            cluster.start();
            assertEquals(before, parseStatus(cluster.status()));
        }

        @Test
        @Order(5)
        void stopStopsAPartlyRunningClusterAndStartBringsItAllBack() {
            cluster.kill("zookeeper");
            cluster.stop();
            assertTrue(io.tessera.ctl.Processes.ofHome(cluster.home()).isEmpty(), "processes left after stop");
            CtlResult r = cluster.status();
            assertEquals(3, r.exitCode(), r::toString);
            assertTrue(parseStatus(r).isEmpty(), r::toString);

            CtlResult again = ProcessCluster.ctl("stop", "--home", cluster.home().toString());
            assertEquals(0, again.exitCode(), "stop of a stopped cluster: " + again);

            cluster.start();
            assertEquals(0, cluster.status().exitCode());
        }
    }

    @Test
    void initCreatesAHomeThatIsNotStartedAndStatusReportsEveryProcessDown(@TempDir Path tmp) {
        Path home = tmp.resolve("a/new/home");
        CtlResult init = ProcessCluster.ctl("init", "--home", home.toString(), "--base-port",
                Integer.toString(ProcessCluster.freeBasePort()));
        assertEquals(0, init.exitCode(), init::toString);
        assertTrue(Files.isRegularFile(home.resolve("cluster.yaml")));
        assertTrue(Files.isDirectory(home.resolve("log")));
        CtlResult status = ProcessCluster.ctl("status", "--home", home.toString());
        assertEquals(3, status.exitCode(), status::toString);
        assertEquals(6, status.outLines().size(), status::toString); // 1 ZooKeeper, 1 GTM, 2 datanodes, 2 coordinators
        assertTrue(parseStatus(status).isEmpty());
        assertTrue(status.outLines().get(4).startsWith("coordinator coord1 127.0.0.1:"), status::toString);

        assertOneClearLine(ProcessCluster.ctl("init", "--home", home.toString())); // already a home
    }

    @Test
    void initRefusesANonEmptyDirectoryThatIsNotATesseraHome(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("precious.txt"), "keep me");
        CtlResult r = ProcessCluster.ctl("init", "--home", dir.toString());
        assertOneClearLine(r);
        assertTrue(r.err().contains("not empty"), r::toString);
        assertEquals(List.of(dir.resolve("precious.txt")), Files.list(dir).toList());
    }

    @Test
    void badFlagsAndCommandsGiveOneClearLine() {
        assertOneClearLine(ProcessCluster.ctl("start", "--hoem", "/tmp/x"));
        assertOneClearLine(ProcessCluster.ctl("start"));
        assertOneClearLine(ProcessCluster.ctl("init", "--home", "/tmp/x", "--coordinators", "many"));
        assertOneClearLine(ProcessCluster.ctl("init", "--home", "/tmp/x", "--base-port", "65500"));
        assertOneClearLine(ProcessCluster.ctl("frobnicate"));
        assertOneClearLine(ProcessCluster.ctl());
        assertEquals(2, ProcessCluster.ctl("status", "--bogus").exitCode());
    }

    @Test
    void aMissingOrCorruptHomeGivesOneClearLine(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("nothing-here");
        for (String cmd : List.of("start", "status", "stop")) {
            assertOneClearLine(ProcessCluster.ctl(cmd, "--home", missing.toString()));
        }
        Path corrupt = tmp.resolve("corrupt");
        Files.createDirectories(corrupt);
        Files.writeString(corrupt.resolve("cluster.yaml"), "basePort: [not, a, number\n  gtm: {");
        for (String cmd : List.of("start", "status", "stop")) {
            CtlResult r = ProcessCluster.ctl(cmd, "--home", corrupt.toString());
            assertOneClearLine(r);
            assertTrue(r.err().contains("corrupt"), r::toString);
        }
    }

    @Test
    void aPortInUseFailsStartWithOneClearLineAndStartsNothing() throws Exception {
        ProcessCluster cluster = ProcessCluster.init(0, datanodes());
        try (cluster; ServerSocket squatter = new ServerSocket()) {
            int gtmPort = cluster.config().gtm.port;
            squatter.bind(new InetSocketAddress("127.0.0.1", gtmPort));
            CtlResult r = ProcessCluster.ctl("start", "--home", cluster.home().toString());
            assertOneClearLine(r);
            assertTrue(r.err().contains("port " + gtmPort) && r.err().contains("in use"), r::toString);
            assertTrue(io.tessera.ctl.Processes.ofHome(cluster.home()).isEmpty(), "start launched something");
        }
    }

    @Test
    void initRefusesARemoteHostInAClusterFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("remote.yaml");
        Files.writeString(file, """
                basePort: 30000
                zookeeper: {name: zookeeper, host: 127.0.0.1, port: 30090, dataDir: zookeeper}
                gtm: {name: gtm, host: 10.11.12.13, port: 30091, dataDir: gtm}
                coordinators: []
                datanodes: []
                """);
        CtlResult r = ProcessCluster.ctl("init", "--home", tmp.resolve("home").toString(), "--config", file.toString());
        assertOneClearLine(r);
        assertTrue(r.err().contains("remote host '10.11.12.13'"), r::toString);
        assertFalse(Files.exists(tmp.resolve("home/cluster.yaml")));
    }

    @Test
    void initTakesHostsPortsAndDataDirectoriesFromAClusterFile(@TempDir Path tmp) throws Exception {
        int p = ProcessCluster.freeBasePort();
        Path file = tmp.resolve("cluster.yaml");
        Files.writeString(file, "zookeeper: {name: zk, host: 127.0.0.1, port: " + (p + 7) + ", dataDir: zkdata}\n"
                + "gtm: {name: gtm1, host: localhost, port: " + (p + 8) + ", dataDir: " + tmp.resolve("gtmdata") + "}\n"
                + "coordinators:\n  - {name: c1, port: " + p + ", grpcPort: " + (p + 1) + ", dataDir: c1}\n"
                + "datanodes:\n  - {name: d1, port: " + (p + 2) + ", dataDir: d1}\n");
        Path home = tmp.resolve("home");
        CtlResult r = ProcessCluster.ctl("init", "--home", home.toString(), "--config", file.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.isDirectory(tmp.resolve("gtmdata")));
        assertTrue(Files.isDirectory(home.resolve("zkdata")));
        CtlResult status = ProcessCluster.ctl("status", "--home", home.toString());
        assertEquals(List.of("zookeeper zk 127.0.0.1:" + (p + 7) + " - down", "gtm gtm1 localhost:" + (p + 8) + " - down",
                "datanode d1 127.0.0.1:" + (p + 2) + " - down", "coordinator c1 127.0.0.1:" + p + " - down"),
                status.outLines());
        assertOneClearLine(ProcessCluster.ctl("init", "--home", tmp.resolve("h2").toString(), "--config",
                file.toString(), "--datanodes", "3"));
    }

    @Test
    void stopNeverSignalsAProcessThatMerelyHasTheNodesPid() throws Exception {
        ProcessCluster cluster = ProcessCluster.init(0, 0);
        Process bystander = new ProcessBuilder("sleep", "120").start();
        try (cluster) {
            Files.writeString(cluster.home().resolve("gtm/tessera.pid"), bystander.pid() + "\n");
            CtlResult status = cluster.status();
            assertTrue(status.outLines().contains("gtm gtm " + cluster.config().gtm.address() + " - down"),
                    status::toString);
            CtlResult stop = ProcessCluster.ctl("stop", "--home", cluster.home().toString());
            assertEquals(0, stop.exitCode(), stop::toString);
            assertFalse(bystander.waitFor(1, TimeUnit.SECONDS), "stop signalled a process that is not the GTM");
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    void aProcessDyingDuringStartFailsStartWithTheTailOfItsLog() throws Exception {
        ProcessCluster cluster = ProcessCluster.init(0, 0);
        try (cluster) {
            Files.writeString(cluster.home().resolve("gtm/gtm.state"), "this is not a GTM state file\n");
            CtlResult r = ProcessCluster.ctl("start", "--home", cluster.home().toString(), "--timeout", "60");
            assertEquals(1, r.exitCode(), r::toString);
            assertTrue(r.errLines().get(0).startsWith("tessera: gtm gtm exited while starting"), r::toString);
            assertTrue(r.err().contains("not a GTM state file"), "log tail missing: " + r);
            assertFalse(r.err().contains("\tat "), r::toString);
        }
    }

    @Test
    void everyCoordinatorCompletesAPostgresHandshakeWhenStartReturns() throws Exception {
        assumeTrue(HAVE_COORDINATORS, "io.tessera.coordinator.CoordinatorMain does not exist yet");
        long t0 = System.nanoTime();
        try (ProcessCluster cluster = ProcessCluster.start(2, 2)) {
            System.out.printf("full cluster (2 coordinators, 2 datanodes) up in %.2f s%n", (System.nanoTime() - t0) / 1e9);
            CtlResult status = cluster.status();
            assertEquals(0, status.exitCode(), status::toString);
            assertEquals(6, status.outLines().size());
            assertTrue(status.outLines().get(4).startsWith("coordinator coord1 127.0.0.1:" + cluster.port(1) + " "));
            assertTrue(status.outLines().get(5).startsWith("coordinator coord2 127.0.0.1:" + cluster.port(2) + " "));
            for (int i = 1; i <= 2; i++) {
                try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(i));
                     ResultSet rs = c.createStatement().executeQuery("select 1")) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getInt(1));
                }
                Psql.Result psql = Psql.command(cluster.port(i), "postgres", "select 1");
                assertEquals(0, psql.exitCode(), psql::toString);
            }
            cluster.kill("coord2");
            assertEquals(3, cluster.status().exitCode());
            cluster.start();
            assertEquals(0, cluster.status().exitCode());
        }
    }
}

package io.tessera.gtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.config.ClusterConfig;
import io.tessera.common.config.ClusterConfig.NodeConfig;
import io.tessera.common.error.TesseraException;
import io.tessera.common.gtm.GtmClient;
import io.tessera.protocol.gtm.Decision;
import io.tessera.protocol.gtm.Outcome;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GTM as a real process: SIGKILL and restart never reissue a timestamp nor lose or change an acknowledged
 * decision; a taken port is one clear line.
 */
class GtmMainTest {
    @TempDir
    Path home;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private ClusterConfig writeConfig(int gtmPort) throws Exception {
        ClusterConfig c = new ClusterConfig();
        c.basePort = gtmPort;
        c.zookeeper = new NodeConfig("zookeeper", "127.0.0.1", freePort(), 0, "zookeeper"); // nobody listens
        c.gtm = new NodeConfig("gtm", "127.0.0.1", gtmPort, 0, "gtm");
        c.save(home);
        return c;
    }

    private Process launch() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                GtmMain.class.getName(), "--home", home.toAbsolutePath().toString(), "--name", "gtm"))
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("gtm.log").toFile())
                .start();
    }

    private static long timestampWithin(GtmClient client, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                return client.timestamp();
            } catch (TesseraException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void timestampsAreNeverReissuedAfterSigkill() throws Exception {
        int port = freePort();
        writeConfig(port);
        long last = 0;
        for (int round = 0; round < 3; round++) {
            Process gtm = launch();
            try (GtmClient client = new GtmClient("127.0.0.1", port, Duration.ofSeconds(1))) {
                long first = timestampWithin(client, Duration.ofSeconds(30));
                assertTrue(first > last, "round " + round + ": " + first + " is not above " + last);
                for (int i = 0; i < 1000; i++) {
                    last = client.timestamp();
                }
                long pid = Long.parseLong(Files.readString(home.resolve("gtm/tessera.pid")).trim());
                assertEquals(gtm.pid(), pid);
            } finally {
                gtm.destroyForcibly(); // SIGKILL: no shutdown hook runs
                assertTrue(gtm.waitFor(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void acknowledgedDecisionsSurviveSigkillAndNeverChange() throws Exception {
        int port = freePort();
        writeConfig(port);
        Map<Long, Decision> acknowledged = new ConcurrentHashMap<>();
        for (int round = 0; round < 3; round++) {
            Process gtm = launch();
            try (GtmClient client = new GtmClient("127.0.0.1", port, Duration.ofSeconds(1))) {
                long first = timestampWithin(client, Duration.ofSeconds(30));
                // Everything acknowledged before the previous SIGKILL is still there, unchanged, and cannot be
                // overturned; the oracle restarted above every recorded commit timestamp.
                for (Decision d : acknowledged.values()) {
                    assertEquals(d, client.decision(d.getGxid(), false), "round " + round);
                    assertEquals(d, client.decide(d.getGxid(), d.getOutcome() != Outcome.COMMITTED), "round " + round);
                    assertTrue(first > d.getCommitTs(), "timestamp " + first + " not above commit " + d);
                }
                // Deciders run flat out while the process is killed under them.
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<Integer>> deciders = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    deciders.add(pool.submit(() -> {
                        int n = 0;
                        try {
                            while (true) {
                                long gxid = client.gxid();
                                Decision d = ThreadLocalRandom.current().nextInt(4) == 0
                                        ? client.decision(gxid, true) : client.decide(gxid, true);
                                acknowledged.put(gxid, d);
                                n++;
                            }
                        } catch (TesseraException e) {
                            return n; // the GTM is gone
                        }
                    }));
                }
                Thread.sleep(1_500);
                gtm.destroyForcibly(); // SIGKILL: no shutdown hook runs
                assertTrue(gtm.waitFor(10, TimeUnit.SECONDS));
                int decided = 0;
                for (Future<Integer> f : deciders) {
                    decided += f.get(30, TimeUnit.SECONDS);
                }
                pool.shutdown();
                assertTrue(decided > 0, "round " + round + ": nothing was decided before the kill");
            } finally {
                gtm.destroyForcibly();
                assertTrue(gtm.waitFor(10, TimeUnit.SECONDS));
            }
        }
        long commits = acknowledged.values().stream().filter(d -> d.getOutcome() == Outcome.COMMITTED).count();
        assertTrue(commits > 0 && commits < acknowledged.size(), "commits " + commits + " of " + acknowledged.size());
    }

    @Test
    void aPortInUseEndsTheProcessWithOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            writeConfig(taken.getLocalPort());
            Process gtm = launch();
            assertTrue(gtm.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, gtm.exitValue());
            String log = Files.readString(home.resolve("gtm.log"));
            List<String> errorLines = log.lines().filter(l -> l.contains("already in use")).toList();
            assertEquals(1, errorLines.size(), log);
            assertFalse(log.contains("\tat "), "stack trace in: " + log);
            assertFalse(Files.exists(home.resolve("gtm" + File.separator + "tessera.pid")));
        }
    }
}

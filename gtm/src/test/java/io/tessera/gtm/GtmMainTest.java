package io.tessera.gtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.config.ClusterConfig;
import io.tessera.common.config.ClusterConfig.NodeConfig;
import io.tessera.common.error.TesseraException;
import io.tessera.common.gtm.GtmClient;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GTM as a real process: SIGKILL and restart never reissue a timestamp; a taken port is one clear line. */
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

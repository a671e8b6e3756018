package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.tessera.common.config.ClusterConfig;
import io.tessera.common.failpoint.Failpoints;
import io.tessera.ctl.Cluster;
import io.tessera.ctl.Launcher;
import io.tessera.ctl.Node;
import io.tessera.ctl.Processes;
import io.tessera.ctl.TesseraCtl;
import io.tessera.protocol.datanode.DatanodeGrpc;
import io.tessera.protocol.datanode.GcStatsRequest;
import io.tessera.protocol.datanode.GcStatsResponse;
import io.tessera.protocol.datanode.PingRequest;
import io.tessera.protocol.datanode.PingResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real multi-process Tessera cluster for integration tests, started through the same ctl code as
 * {@code ./tessera} ({@link TesseraCtl#run}, in this JVM; the nodes are separate JVMs on the test classpath).
 *
 * <pre>
 * try (ProcessCluster cluster = ProcessCluster.start(2, 2)) {     // init + start, ready when this returns
 *     DriverManager.getConnection(cluster.jdbcUrl(1));              // coordinator 1
 *     cluster.kill("dn2");                                          // SIGKILL one node
 *     cluster.start();                                              // brings it back
 * }                                                                 // stop; asserts no process is left
 * </pre>
 *
 * The base port P is chosen at random so that all 100 ports [P, P+100) are free on 127.0.0.1; the home is a
 * fresh temporary directory, with every node's log in {@code home/log/<name>.log} (kept when the system
 * property {@code tessera.it.keep} is set, deleted otherwise; copied to
 * {@code <tessera.it.logs>/<home's name>/} when that system property names a directory). {@link #close()} runs {@code stop}, then
 * destroys whatever process of the home is still alive ({@code destroy()}, a timed wait,
 * {@code destroyForcibly()}) and fails if it had to.
 */
public final class ProcessCluster implements AutoCloseable {
    private final Path home;
    private final int basePort;
    private Cluster cluster;
    /**
     * JVM options of every test node: the client compiler only and the serial collector. A test cluster's nodes live
     * for seconds to minutes on a two-core machine shared by five or six JVMs, where C2's compiler threads and G1's
     * parallel workers take the cores the statements need (a class of DDL tests: 440 and 218 s with the defaults,
     * 170 and 186 s with these, same load). Production nodes keep the JVM's defaults.
     */
    static final String NODE_JVM_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    /** JVM options for every node this fixture starts ({@link Launcher#JVM_OPTS_PROPERTY}). */
    private String nodeJvmOpts = NODE_JVM_OPTS;

    private ProcessCluster(Path home, int basePort) {
        this.home = home;
        this.basePort = basePort;
    }

    /** What one ctl command printed and returned. */
    public record CtlResult(int exitCode, String out, String err) {
        public List<String> outLines() {
            return out.lines().toList();
        }

        public List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs one ctl command in this JVM, exactly as {@code ./tessera args...} would. */
    public static CtlResult ctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TesseraCtl.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CtlResult(code, out.toString(), err.toString());
    }

    /** Initializes (without starting) a cluster on free ports in a new temporary home. */
    public static ProcessCluster init(int coordinators, int datanodes) {
        return init(coordinators, datanodes, config -> { });
    }

    /**
     * Initializes (without starting) a cluster on free ports in a new temporary home, its cluster file changed by
     * {@code configure} (cluster settings such as {@code engine.microseconds}).
     */
    public static ProcessCluster init(int coordinators, int datanodes,
            java.util.function.Consumer<ClusterConfig> configure) {
        try {
            Path home = Files.createTempDirectory("tessera-it-").toRealPath();
            int base = freeBasePort();
            CtlResult r = ctl("init", "--home", home.toString(), "--coordinators", Integer.toString(coordinators),
                    "--datanodes", Integer.toString(datanodes), "--base-port", Integer.toString(base));
            assertEquals(0, r.exitCode(), () -> "init failed: " + r);
            // TCP only: test clusters leave no socket files in the system's socket directory (PgServerTest covers
            // the Unix-domain listener)
            ClusterConfig config = ClusterConfig.load(home);
            config.unixSocketDirectories.clear();
            configure.accept(config);
            config.save(home);
            ProcessCluster pc = new ProcessCluster(home, base);
            pc.cluster = Cluster.open(home);
            return pc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Initializes and starts a cluster; returns once every node is ready (start exited 0). */
    public static ProcessCluster start(int coordinators, int datanodes) {
        return start(coordinators, datanodes, config -> { });
    }

    /** Initializes a cluster with {@link #init(int, int, java.util.function.Consumer)} and starts it. */
    public static ProcessCluster start(int coordinators, int datanodes,
            java.util.function.Consumer<ClusterConfig> configure) {
        ProcessCluster pc = init(coordinators, datanodes, configure);
        try {
            pc.start();
        } catch (RuntimeException | Error e) {
            pc.close();
            throw e;
        }
        return pc;
    }

    /**
     * Initializes and starts a cluster whose nodes run with failpoints enabled ({@link Failpoints}; directory
     * {@code home/failpoints}): {@link #armFailpoint} stops a node at a failpoint, {@link #awaitFailpoint} waits
     * until it has stopped there.
     */
    public static ProcessCluster startWithFailpoints(int coordinators, int datanodes) {
        ProcessCluster pc = init(coordinators, datanodes);
        pc.nodeJvmOpts = NODE_JVM_OPTS + " -D" + Failpoints.PROPERTY + "=" + pc.home.resolve("failpoints");
        try {
            pc.start();
        } catch (RuntimeException | Error e) {
            pc.close();
            throw e;
        }
        return pc;
    }

    /** {@code tessera start --home}: starts whatever is not running; fails the test unless it exits 0. */
    public void start() {
        CtlResult r;
        synchronized (ProcessCluster.class) {
            System.setProperty(Launcher.JVM_OPTS_PROPERTY, nodeJvmOpts);
            try {
                r = ctl("start", "--home", home.toString());
            } finally {
                System.clearProperty(Launcher.JVM_OPTS_PROPERTY);
            }
        }
        assertEquals(0, r.exitCode(), () -> "start failed: " + r + logs());
    }

    /** Arms failpoint {@code name} of node {@code nodeName} once (see {@link Failpoints}). */
    public void armFailpoint(String nodeName, String name) {
        try {
            Path dir = home.resolve("failpoints").resolve(nodeName);
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(name + ".hit"));
            Files.createFile(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets the thread stopped at failpoint {@code name} of node {@code nodeName} go on (see {@link Failpoints}). */
    public void releaseFailpoint(String nodeName, String name) {
        try {
            Files.createFile(home.resolve("failpoints").resolve(nodeName).resolve(name + ".release"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Disarms every failpoint armed and not reached yet. */
    public void disarmFailpoints() {
        Path dir = home.resolve("failpoints");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until node {@code nodeName} has stopped at failpoint {@code name}; fails the test after {@code timeout}. */
    public void awaitFailpoint(String nodeName, String name, Duration timeout) {
        Path hit = home.resolve("failpoints").resolve(nodeName).resolve(name + ".hit");
        Awaits.until(timeout, () -> Files.exists(hit), () -> nodeName + " did not reach failpoint " + name + logs());
    }

    /** Datanode {@code nodeName}'s Ping: its open transactions, locked keys and intents. */
    public PingResponse ping(String nodeName) {
        Node node = cluster.node(nodeName);
        ManagedChannel ch = ManagedChannelBuilder.forAddress(node.config().host, node.config().port).usePlaintext().build();
        try {
            return DatanodeGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .ping(PingRequest.getDefaultInstance());
        } finally {
            ch.shutdownNow();
        }
    }

    /**
     * Keys with at least one committed version in datanode {@code nodeName}'s storage, counted exactly, once the
     * node holds no intent. A commit returns before its intents are resolved into versions (in the background), so
     * counting at once could miss rows committed a moment ago; a transaction left open fails the wait after 30 s.
     */
    public long storedKeys(String nodeName) {
        Node node = cluster.node(nodeName);
        ManagedChannel ch = ManagedChannelBuilder.forAddress(node.config().host, node.config().port).usePlaintext().build();
        try {
            DatanodeGrpc.DatanodeBlockingStub stub = DatanodeGrpc.newBlockingStub(ch);
            GcStatsRequest count = GcStatsRequest.newBuilder().setCountVersions(true).build();
            GcStatsResponse[] last = new GcStatsResponse[1];
            Awaits.until(Duration.ofSeconds(30), () -> {
                last[0] = stub.withDeadlineAfter(30, TimeUnit.SECONDS).gcStats(count);
                return last[0].getIntents() == 0;
            }, () -> nodeName + " still holds intents: " + last[0]);
            return last[0].getKeys();
        } finally {
            ch.shutdownNow();
        }
    }

    /** {@code tessera stop --home}; fails the test unless it exits 0. */
    public void stop() {
        CtlResult r = ctl("stop", "--home", home.toString(), "--timeout", "10");
        assertEquals(0, r.exitCode(), () -> "stop failed: " + r);
    }

    /** {@code tessera status --home}. */
    public CtlResult status() {
        return ctl("status", "--home", home.toString());
    }

    public Path home() {
        return home;
    }

    public int basePort() {
        return basePort;
    }

    public ClusterConfig config() {
        return cluster.config();
    }

    /** Coordinator i's (1-based) PostgreSQL port. */
    public int port(int i) {
        return cluster.config().coordinators.get(i - 1).port;
    }

    /** A pgjdbc URL for coordinator i (1-based), database postgres, user tessera. */
    public String jdbcUrl(int i) {
        return jdbcUrl(i, "postgres");
    }

    public String jdbcUrl(int i, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port(i) + "/" + database + "?user=tessera&connectTimeout=10"
                + "&socketTimeout=120";
    }

    /** The live pid of a node, if it runs. */
    public OptionalLong pid(String nodeName) {
        return Processes.find(cluster.node(nodeName));
    }

    /** SIGKILLs a node and waits until it is gone. */
    public void kill(String nodeName) {
        Node node = cluster.node(nodeName);
        OptionalLong pid = Processes.find(node);
        assertTrue(pid.isPresent(), nodeName + " is not running");
        ProcessHandle h = ProcessHandle.of(pid.getAsLong()).orElseThrow();
        h.destroyForcibly();
        try {
            h.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(nodeName + " (pid " + pid.getAsLong() + ") survived SIGKILL", e);
        }
    }

    /** A node's log so far. */
    public String log(String nodeName) {
        try {
            return Files.readString(cluster.node(nodeName).logFile());
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private String logs() {
        StringBuilder sb = new StringBuilder();
        for (Node n : cluster.nodes()) {
            String log = log(n.name());
            List<String> lines = log.lines().toList();
            sb.append("\n--- ").append(n).append(" log (last 40 lines)\n")
                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        return sb.toString();
    }

    /** Stops the cluster; any process of the home that survives is destroyed and the test fails. */
    @Override
    public void close() {
        List<String> survivors = new ArrayList<>();
        try {
            ctl("stop", "--home", home.toString(), "--timeout", "10");
        } finally {
            for (ProcessHandle p : Processes.ofHome(home)) {
                survivors.add(p.pid() + " " + p.info().commandLine().orElse("?"));
                p.destroy();
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                    try {
                        p.onExit().get(10, TimeUnit.SECONDS);
                    } catch (Exception ignored) {
                        // reported below
                    }
                }
            }
            String logsTo = System.getProperty("tessera.it.logs");
            if (logsTo != null) {
                copyLogs(Path.of(logsTo).resolve(home.getFileName()));
            }
            if (System.getProperty("tessera.it.keep") == null && survivors.isEmpty()) {
                deleteTree(home);
            }
        }
        assertTrue(survivors.isEmpty(), "processes left after stop: " + survivors);
    }

    /** Copies every node's log to {@code dir} (for reading a failure of a whole-suite run afterwards). */
    private void copyLogs(Path dir) {
        try (java.util.stream.Stream<Path> logs = Files.list(home.resolve("log"))) {
            Files.createDirectories(dir);
            for (Path log : logs.toList()) {
                Files.copy(log, dir.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("could not copy the logs of " + home + " to " + dir + ": " + e);
        }
    }

    /** A random base port P with [P, P+100) all free on 127.0.0.1. */
    public static int freeBasePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            // below Linux's ephemeral range (32768-60999): a port free now is not taken later by some outgoing
            // connection's local port before the cluster binds it
            int base = 20_000 + ThreadLocalRandom.current().nextInt(127) * 100;
            if (allFree(base, 100)) {
                return base;
            }
        }
        throw new IllegalStateException("no block of 100 free ports found");
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress("127.0.0.1", p));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    static void deleteTree(Path root) {
        try {
            if (!Files.exists(root)) {
                return;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a temp directory left behind is harmless
        }
    }
}

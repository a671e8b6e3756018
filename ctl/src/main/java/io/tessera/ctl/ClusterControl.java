package io.tessera.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Start, stop and status of one cluster's processes.
 *
 * <p>Start goes in groups — ZooKeeper, then the GTM, then all datanodes, then all coordinators — and waits for
 * each group to be ready before the next (later roles register in ZooKeeper and call the GTM). A node already
 * running is left alone, so start also brings back a single killed process. Before launching anything, every
 * port of every node to be launched is checked, so a taken port fails the whole start up front.
 *
 * <p>Stop goes in reverse: coordinators, datanodes, GTM, ZooKeeper. Each group gets SIGTERM, a grace period,
 * then SIGKILL. Only pids that {@link Processes#isNode} confirms are signalled.
 */
public final class ClusterControl {
    private static final long POLL_MILLIS = 100;
    private static final int LOG_TAIL_LINES = 30;

    private final Cluster cluster;
    private final PrintWriter out;

    public ClusterControl(Cluster cluster, PrintWriter out) {
        this.cluster = cluster;
        this.out = out;
    }

    /** One line of {@code tessera status}. */
    public record NodeStatus(Node node, OptionalLong pid, boolean up) {
        /** {@code ROLE NAME HOST:PORT PID up|down}; PID is {@code -} when no process runs. */
        public String line() {
            return node.role().label() + " " + node.name() + " " + node.config().address() + " "
                    + (pid.isPresent() ? Long.toString(pid.getAsLong()) : "-") + " " + (up ? "up" : "down");
        }
    }

    public List<NodeStatus> status() {
        List<NodeStatus> result = new ArrayList<>();
        for (Node n : cluster.nodes()) {
            OptionalLong pid = Processes.find(n);
            result.add(new NodeStatus(n, pid, pid.isPresent() && Probe.ready(n)));
        }
        return result;
    }

    /**
     * Starts every node that is not running and waits until all are ready.
     *
     * <p>Every missing process is launched at once, in start order (ZooKeeper, GTM, datanodes, coordinators), and the
     * nodes are then awaited in that order: a node whose dependency is still starting waits for it itself (Curator
     * retries ZooKeeper, a coordinator retries the GTM), so the JVMs' start-up overlaps instead of running one role
     * after another.
     *
     * @throws CtlException when a port is taken, a process dies while starting, or the deadline passes; the processes
     *     this call launched are stopped again before it throws
     */
    public void start(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Node> nodes = cluster.nodes();
        Map<Node, OptionalLong> running = new LinkedHashMap<>();
        for (Node n : nodes) {
            running.put(n, Processes.find(n));
        }
        for (Node n : nodes) {
            if (running.get(n).isEmpty()) {
                for (int port : n.ports()) {
                    if (!bindable(n.config().host, port)) {
                        throw new CtlException("cannot start " + n + ": port " + port + " on " + n.config().host
                                + " is already in use by another process");
                    }
                }
            }
        }
        Map<Node, Launched> launched = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (running.get(n).isEmpty()) {
                removeStalePidFile(n);
                long logOffset = logSize(n);
                launched.put(n, new Launched(Launcher.launch(n), logOffset));
                out.println("starting " + n + " on " + n.config().address());
                out.flush();
            }
        }
        try {
            for (Node n : nodes) {
                awaitReady(n, launched.get(n), deadline, timeout);
            }
        } catch (CtlException e) {
            // a failed start leaves the cluster as it found it: what it launched is stopped again
            for (Launched l : launched.values()) {
                l.process().destroy();
            }
            for (Launched l : launched.values()) {
                try {
                    if (!l.process().waitFor(10, TimeUnit.SECONDS)) {
                        l.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw e;
        }
    }

    private record Launched(Process process, long logOffset) {
    }

    private void awaitReady(Node n, Launched launched, long deadline, Duration timeout) {
        while (true) {
            OptionalLong pid = Processes.find(n);
            if (pid.isPresent() && Probe.ready(n)) {
                return;
            }
            if (pid.isEmpty() && launched != null && !launched.process().isAlive()) {
                // give a process that just forked (setsid) a moment to show up before declaring it dead
                if (Processes.find(n).isEmpty()) {
                    throw new CtlException(1, n + " exited while starting (exit code "
                            + launched.process().exitValue() + "); the end of " + n.logFile() + ":",
                            tail(n, launched.logOffset()));
                }
            }
            if (pid.isEmpty() && launched == null) {
                throw new CtlException(1, n + " stopped while the cluster was starting; the end of " + n.logFile()
                        + ":", tail(n, Math.max(0, logSize(n) - 8192)));
            }
            if (System.nanoTime() > deadline) {
                throw new CtlException(1, "timed out after " + timeout.toSeconds() + " s waiting for " + n
                        + " to become ready on " + n.config().address() + "; the end of " + n.logFile() + ":",
                        tail(n, launched == null ? Math.max(0, logSize(n) - 8192) : launched.logOffset()));
            }
            sleep(POLL_MILLIS);
        }
    }

    /**
     * Stops every running node: SIGTERM by group in reverse start order, SIGKILL after {@code grace}.
     *
     * @return how many processes were stopped
     */
    public int stop(Duration grace) {
        List<Node> nodes = cluster.nodes();
        int stopped = 0;
        Role[] roles = Role.values();
        for (int r = roles.length - 1; r >= 0; r--) {
            Map<Node, ProcessHandle> group = new LinkedHashMap<>();
            for (Node n : nodes) {
                if (n.role() == roles[r]) {
                    OptionalLong pid = Processes.find(n);
                    if (pid.isPresent()) {
                        Optional<ProcessHandle> h = ProcessHandle.of(pid.getAsLong());
                        if (h.isPresent() && Processes.isNode(pid.getAsLong(), n)) { // re-checked right before the signal
                            h.get().destroy();
                            group.put(n, h.get());
                        }
                    }
                }
            }
            long deadline = System.nanoTime() + grace.toNanos();
            for (Map.Entry<Node, ProcessHandle> e : group.entrySet()) {
                ProcessHandle h = e.getValue();
                while (Processes.isAlive(h) && System.nanoTime() < deadline) {
                    sleep(50);
                }
                if (Processes.isAlive(h)) {
                    out.println(e.getKey() + " (pid " + h.pid() + ") did not stop within " + grace.toSeconds()
                            + " s; killing it");
                    h.destroyForcibly();
                    long killDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (Processes.isAlive(h) && System.nanoTime() < killDeadline) {
                        sleep(50);
                    }
                }
                out.println("stopped " + e.getKey() + " (pid " + h.pid() + ")");
                out.flush();
                stopped++;
            }
            for (Node n : nodes) {
                if (n.role() == roles[r]) {
                    removeStalePidFile(n);
                }
            }
        }
        return stopped;
    }

    /** Removes a pid file that does not name this node's live process (after SIGKILL, or a reused pid). */
    private static void removeStalePidFile(Node n) {
        OptionalLong pid = Processes.readPidFile(n.pidFile());
        if (pid.isPresent() && !Processes.isNode(pid.getAsLong(), n)) {
            try {
                Files.deleteIfExists(n.pidFile());
            } catch (IOException ignored) {
                // harmless: the command line check never trusts it
            }
        }
    }

    static boolean bindable(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long logSize(Node n) {
        try {
            return Files.size(n.logFile());
        } catch (IOException e) {
            return 0;
        }
    }

    /** The last lines of the node's log written since {@code offset}. */
    static String tail(Node n, long offset) {
        try (RandomAccessFile f = new RandomAccessFile(n.logFile().toFile(), "r")) {
            long start = Math.max(offset, f.length() - 64 * 1024);
            f.seek(start);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.readFully(buf);
            List<String> lines = new String(buf, StandardCharsets.UTF_8).lines().toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return last.isEmpty() ? "  (the log is empty)" : "  " + String.join("\n  ", last);
        } catch (IOException e) {
            return "  (no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException("interrupted");
        }
    }
}

package io.tessera.common.failpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only failpoints: named places in a node's code where a crash test can stop the node, so that the test can
 * SIGKILL it in an exact window (after PREPARE, after the GTM's decision, ...). Off unless the JVM runs with the
 * system property {@value #PROPERTY} naming a directory; normal runs never set it and every {@link #pause} is then
 * a read of a static final field.
 *
 * <p>Arming: a test creates the empty file {@code <dir>/<node name>/<failpoint name>}. The first thread of that
 * node to reach the failpoint deletes the file (so a restarted node runs on), creates
 * {@code <dir>/<node name>/<failpoint name>.hit}, logs, and blocks forever; the test waits for the {@code .hit}
 * file and kills the node. A failpoint that is not armed costs one {@code Files.exists} when enabled. A test that
 * wants the stopped thread to go on instead (to act on other nodes meanwhile) creates
 * {@code <dir>/<node name>/<failpoint name>.release}: the thread deletes it and returns within 20 ms.
 */
public final class Failpoints {
    /** The system property naming the failpoint directory. */
    public static final String PROPERTY = "tessera.failpoints";
    private static final Logger LOG = LoggerFactory.getLogger(Failpoints.class);
    private static final Path DIR = dir();
    private static volatile String node = "";

    private Failpoints() {
    }

    private static Path dir() {
        String d = System.getProperty(PROPERTY);
        return d == null || d.isBlank() ? null : Path.of(d);
    }

    /** Names the node whose arming files this JVM reads; called once by the node's main. */
    public static void init(String nodeName) {
        node = nodeName;
        if (DIR != null) {
            LOG.warn("failpoints are enabled (test only): {}", DIR.resolve(nodeName));
        }
    }

    /** Whether failpoint {@code name} is armed for this node (always false unless enabled). */
    public static boolean armed(String name) {
        return DIR != null && Files.exists(DIR.resolve(node).resolve(name));
    }

    /**
     * Stops the calling thread if failpoint {@code name} is armed for this node, until the process is killed or the
     * test releases it; returns at once if not armed.
     */
    public static void pause(String name) {
        if (DIR == null) {
            return;
        }
        Path arm = DIR.resolve(node).resolve(name);
        try {
            if (!Files.deleteIfExists(arm)) {
                return;
            }
            LOG.warn("failpoint {} reached: pausing this thread until the process is killed", name);
            Files.createFile(DIR.resolve(node).resolve(name + ".hit"));
        } catch (IOException e) {
            LOG.error("failpoint {}: {}", name, e.toString());
        }
        Path release = DIR.resolve(node).resolve(name + ".release");
        while (true) {
            LockSupport.parkNanos(20_000_000L);
            try {
                if (Files.deleteIfExists(release)) {
                    LOG.warn("failpoint {} released: going on", name);
                    return;
                }
            } catch (IOException e) {
                LOG.error("failpoint {}: {}", name, e.toString());
            }
        }
    }
}

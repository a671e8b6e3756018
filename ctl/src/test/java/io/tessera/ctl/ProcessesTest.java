package io.tessera.ctl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessesTest {
    @Test
    void anExitedProcessNotYetReapedIsNotAlive() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
        // the shell starts a short child, prints its pid and becomes a long sleep that never reaps it: a zombie
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!; exec sleep 30").start();
        try {
            long child;
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII))) {
                child = Long.parseLong(r.readLine().trim());
            }
            Optional<ProcessHandle> h = ProcessHandle.of(child);
            assumeTrue(h.isPresent(), "the child exited and was reaped before it could be looked at");
            assertTrue(Processes.isAlive(h.get()), "a sleeping process is alive");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (Processes.isAlive(h.get()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(Processes.isAlive(h.get()), "the exited child still counts as alive");
            assertTrue(h.get().isAlive(), "the JDK's own check counts the unreaped child as alive (the case at hand)");
            assertTrue(parent.isAlive());
        } finally {
            parent.destroyForcibly();
        }
    }
}

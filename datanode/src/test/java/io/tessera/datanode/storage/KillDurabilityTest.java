package io.tessera.datanode.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged write survives SIGKILL of the writing process: the WAL is fsynced before the acknowledgement. */
class KillDurabilityTest {
    @TempDir
    Path dir;

    /** The child process: writes 100-row batches forever, printing the number of rows acknowledged after each. */
    public static void main(String[] args) {
        try (DatanodeStorage s = DatanodeStorage.open(Path.of(args[0]), 7)) {
            long acked = 0;
            for (int b = 0; ; b++) {
                acked += s.insert(1, b % 3, DatanodeStorageTest.CODEC, DatanodeStorageTest.rows(b * 100, b * 100 + 100),
                        1);
                System.out.println(acked);
                System.out.flush();
            }
        }
    }

    @Test
    void acknowledgedRowsSurviveSigkill() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KillDurabilityTest.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        long lastAcked = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.matches("\\d+")) {
                    lastAcked = Long.parseLong(line);
                    if (lastAcked >= 20_000) {
                        break;
                    }
                }
            }
            p.destroyForcibly(); // SIGKILL
            p.waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(lastAcked >= 20_000, "child did not write: " + lastAcked);
        try (DatanodeStorage s = DatanodeStorage.open(dir, 7)) {
            long n = 0;
            try (ScanCursor c = s.scan(1, new int[] {0, 1, 2}, 1)) {
                while (c.next()) {
                    n++;
                }
            }
            assertTrue(n >= lastAcked, "lost acknowledged rows: " + n + " < " + lastAcked);
            // row ids handed out after the restart do not collide with any written before the kill
            s.insert(1, 0, DatanodeStorageTest.CODEC, DatanodeStorageTest.rows(0, 10), 2);
            java.util.Set<String> ids = new java.util.HashSet<>();
            long total = 0;
            try (ScanCursor c = s.scan(1, new int[] {0, 1, 2}, 2)) {
                while (c.next()) {
                    ids.add(java.util.HexFormat.of().formatHex(c.rowId()));
                    total++;
                }
            }
            assertTrue(ids.size() == total, "duplicate row ids after restart");
        }
    }

}

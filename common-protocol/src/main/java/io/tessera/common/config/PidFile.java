package io.tessera.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A node's {@code <dataDir>/tessera.pid}: how {@code tessera status} and {@code tessera stop} find a node's
 * process (they also check {@code /proc/<pid>/cmdline}, so a stale file never gets another process signalled).
 */
public final class PidFile {
    /** The pid file's name inside a node's data directory. */
    public static final String NAME = "tessera.pid";

    private PidFile() {
    }

    /** Writes this process's pid atomically (temp file + rename), so a reader never sees a half-written file. */
    public static void write(Path pidFile) throws IOException {
        Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
        Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes the pid file if it still names this process (a newer process may have replaced it). */
    public static void deleteIfOurs(Path pidFile) {
        try {
            if (Files.readString(pidFile).trim().equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException ignored) {
            // already gone, or replaced by a newer process: leave it
        }
    }
}

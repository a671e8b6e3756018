package io.tessera.executor.spill;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The directory a node's operators spill into: PostgreSQL's {@code base/pgsql_tmp}. A datanode keeps it in its data
 * directory, a coordinator in its own; each {@link Tuplestore} is one file here, named
 * {@code tessera_tmp.<pid>.<n>} as PostgreSQL names {@code pgsql_tmp<pid>.<n>}, and deleted when its operator
 * closes. Files that outlive their process (a crash, a kill -9) are deleted by {@link #open} when the node starts
 * again, as PostgreSQL's {@code RemovePgTempFiles} does at postmaster start: nothing else writes here, so any file
 * present at start-up is stale.
 *
 * <p>One instance per process ({@link #initProcess}); tests may open their own. Thread-safe.
 */
public final class TempDirectory {
    private static final String PREFIX = "tessera_tmp.";
    private static volatile TempDirectory process;

    private final Path dir;
    private final long pid = ProcessHandle.current().pid();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private TempDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates {@code dir} if needed and deletes every file in it (left by an earlier process).
     *
     * @throws UncheckedIOException when the directory cannot be created or cleaned
     */
    public static TempDirectory open(Path dir) {
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the temporary directory " + dir, e);
        }
        return new TempDirectory(dir);
    }

    /** Makes {@code dir} (cleaned by {@link #open}) this process's temporary directory; a node calls it at start-up. */
    public static TempDirectory initProcess(Path dir) {
        TempDirectory d = open(dir);
        process = d;
        return d;
    }

    /**
     * This process's temporary directory: the one {@link #initProcess} set, else (in tests and tools) a fresh
     * directory under {@code java.io.tmpdir}, removed when the JVM exits if it is empty by then.
     */
    public static TempDirectory process() {
        TempDirectory d = process;
        if (d == null) {
            synchronized (TempDirectory.class) {
                if (process == null) {
                    try {
                        Path fresh = Files.createTempDirectory("tessera_tmp");
                        fresh.toFile().deleteOnExit(); // once its operators have deleted their files, it goes too
                        process = new TempDirectory(fresh);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                d = process;
            }
        }
        return d;
    }

    public Path path() {
        return dir;
    }

    /** A new file name in the directory (not yet created). */
    Path newFile() {
        return dir.resolve(PREFIX + pid + "." + next.incrementAndGet());
    }

    /** Temporary files created since this process started (PostgreSQL's {@code pg_stat_database.temp_files}). */
    public long filesCreated() {
        return next.get();
    }

    /** Bytes written to temporary files since this process started ({@code temp_bytes}). */
    public long bytesWritten() {
        return bytes.get();
    }

    void written(long n) {
        bytes.addAndGet(n);
    }

    /** How many files the directory holds now (tests check that operators leave none). */
    public long fileCount() {
        try (var s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            throw new TesseraException(SqlState.IO_ERROR, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}

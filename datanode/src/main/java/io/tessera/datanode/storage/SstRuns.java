package io.tessera.datanode.storage;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.rocksdb.CompressionType;
import org.rocksdb.EnvOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage keys and values that arrive in any order, written as sorted runs into SST files ({@code SstFileWriter},
 * RocksDB's bytewise key order, which is the data column family's), for {@link DatanodeStorage#ingest}: a
 * redistribution receiver's tuplestore, and an index backfill's entries ({@link IndexBackfill}). Memory stays
 * bounded: a run is sorted and written once it holds {@code runBytes} of keys and values. Runs may overlap each
 * other; RocksDB ingests overlapping files of one call together (a key in two runs: the later file's value wins).
 * A key added twice with equal values is written once per run; with different values it fails (XX000): callers
 * only repeat a key with its value (an index entry's value is a function of its key).
 *
 * <p>Not thread-safe (one consumer thread writes it).
 */
public final class SstRuns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SstRuns.class);

    private record Entry(byte[] key, byte[] value) {
    }

    private static final Comparator<Entry> ORDER = (a, b) -> Arrays.compareUnsigned(a.key, b.key);

    private final Path dir;
    private final long runBytes;
    private final List<Entry> run = new ArrayList<>();
    private final List<String> files = new ArrayList<>();
    private long bufferedBytes;
    private long entries;
    private long bytes;

    /**
     * @param dir the directory of the run files (created; the caller deletes it, {@link #deleteTree})
     * @param runBytes the keys and values (bytes) a run holds before it is written
     */
    public SstRuns(Path dir, long runBytes) {
        this.dir = dir;
        this.runBytes = runBytes;
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new TesseraException(SqlState.IO_ERROR, "cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Adds one key and its value (neither is copied: the caller does not change them afterwards). */
    public void add(byte[] key, byte[] value) {
        run.add(new Entry(key, value));
        bufferedBytes += key.length + value.length + 32;
        entries++;
        bytes += key.length + value.length;
        if (bufferedBytes >= runBytes) {
            flush();
        }
    }

    /** Writes the buffered entries as one sorted SST file. */
    private void flush() {
        if (run.isEmpty()) {
            return;
        }
        run.sort(ORDER);
        String file = dir.resolve(String.format("run-%05d.sst", files.size())).toString();
        try (Options o = new Options().setCompressionType(CompressionType.LZ4_COMPRESSION);
             EnvOptions env = new EnvOptions();
             SstFileWriter w = new SstFileWriter(env, o)) {
            w.open(file);
            Entry last = null;
            for (Entry e : run) {
                if (last != null && Arrays.equals(last.key, e.key)) {
                    if (!Arrays.equals(last.value, e.value)) {
                        throw new TesseraException(SqlState.INTERNAL_ERROR, "two values of one key in " + file);
                    }
                    continue;
                }
                w.put(e.key, e.value);
                last = e;
            }
            w.finish();
        } catch (RocksDBException e) {
            throw new TesseraException(SqlState.IO_ERROR, "cannot write " + file + ": " + e.getMessage(), e);
        }
        files.add(file);
        run.clear();
        bufferedBytes = 0;
    }

    /** Writes the last run and returns every file, in the order written. */
    public List<String> finish() {
        flush();
        return List.copyOf(files);
    }

    /** The entries added (a repeated key counted each time). */
    public long entries() {
        return entries;
    }

    /** The bytes of keys and values added. */
    public long bytes() {
        return bytes;
    }

    /** Drops the buffer (files stay: the caller deletes the directory). */
    @Override
    public void close() {
        run.clear();
    }

    /** Deletes {@code dir} and everything under it, if it exists; logs (does not throw) what it cannot delete. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.getMessage());
        }
    }
}

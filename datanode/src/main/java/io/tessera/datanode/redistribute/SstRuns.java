package io.tessera.datanode.redistribute;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
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

/**
 * A receiver's tuplestore: storage keys and values that arrive in any order, written as sorted runs into SST files
 * ({@code SstFileWriter}, RocksDB's bytewise key order, which is the data column family's). Memory stays bounded:
 * a run is sorted and written once it holds {@code runBytes} of keys and values. Runs may overlap each other;
 * RocksDB ingests overlapping files of one call together. Keys must be unique across all runs.
 *
 * <p>Not thread-safe (one consumer thread writes it).
 */
final class SstRuns implements AutoCloseable {
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

    SstRuns(Path dir, long runBytes) {
        this.dir = dir;
        this.runBytes = runBytes;
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new TesseraException(SqlState.IO_ERROR, "cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    void add(byte[] key, byte[] value) {
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
            for (Entry e : run) {
                w.put(e.key, e.value);
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
    List<String> finish() {
        flush();
        return List.copyOf(files);
    }

    long entries() {
        return entries;
    }

    long bytes() {
        return bytes;
    }

    /** Drops the buffer (files stay: the caller deletes the directory). */
    @Override
    public void close() {
        run.clear();
    }
}

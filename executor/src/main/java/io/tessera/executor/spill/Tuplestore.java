package io.tessera.executor.spill;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Rows spilled to one temporary file of the node's {@link TempDirectory}, written once and then read back in the
 * order they were written (PostgreSQL's {@code tuplestore.c} / {@code BufFile}, without its in-memory phase: the
 * operators keep their in-memory rows themselves and only hand a tuplestore what does not fit).
 *
 * <p>File format: per row a 4-byte big-endian length, then the row in {@link RowCodec}'s encoding for the store's
 * column types — the format rows have on the wire, so every type a fragment can carry can spill.
 *
 * <pre>
 *   new ──add()*──▶ writing ──reader()──▶ reading ──close()──▶ closed (file deleted)
 * </pre>
 * The file is created by the first {@link #add}, so an empty store leaves nothing on disk. {@link #close} deletes the
 * file in every state; operators close their stores when they close, also on error and cancellation. Not
 * thread-safe.
 */
public final class Tuplestore implements AutoCloseable {
    /** PostgreSQL's BufFile buffers a block, 8kB, per open file; a spilling operator keeps a few dozen open. */
    private static final int BUFFER = 8 * 1024;

    private final SpillContext owner;
    private final RowCodec codec;
    private final int columns;
    private final ByteSink sink = new ByteSink(256);
    private Path file;
    private DataOutputStream out;
    private DataInputStream in;
    private byte[] buffer = new byte[256];
    private long rows;
    private long bytes;
    private boolean closed;

    /** A store in {@code owner}'s temporary directory, counted in its temp_files / temp_bytes. */
    public Tuplestore(SpillContext owner, List<PgType> types) {
        this.owner = owner;
        this.codec = new RowCodec(types);
        this.columns = types.size();
    }

    /**
     * Appends a row (encoded at once: the caller may reuse the array).
     *
     * @throws TesseraException 58030 when the file cannot be written (a full disk)
     * @throws IllegalStateException once reading has begun
     */
    public void add(Object[] row) {
        if (in != null || closed) {
            throw new IllegalStateException("tuplestore " + file + " is no longer being written");
        }
        try {
            if (out == null) {
                file = owner.temp().newFile();
                owner.fileCreated();
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
            }
            sink.reset();
            codec.encode(row, sink);
            out.writeInt(sink.size());
            out.write(sink.array(), 0, sink.size());
            rows++;
            bytes += 4 + sink.size();
            owner.written(4 + sink.size());
        } catch (IOException e) {
            throw ioError("write", e);
        }
    }

    /** Rows added so far. */
    public long rows() {
        return rows;
    }

    /** Bytes written so far. */
    public long bytes() {
        return bytes;
    }

    /**
     * The next row, in the order written, as a fresh array; null after the last. The first call ends writing.
     *
     * @throws TesseraException 58030 when the file cannot be read
     */
    public Object[] next() {
        if (closed) {
            throw new IllegalStateException("tuplestore closed");
        }
        try {
            if (in == null) {
                if (out == null) {
                    return null;
                }
                out.close();
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
            }
            int len;
            try {
                len = in.readInt();
            } catch (EOFException e) {
                return null;
            }
            if (buffer.length < len) {
                buffer = new byte[Math.max(len, buffer.length * 2)];
            }
            in.readFully(buffer, 0, len);
            Object[] row = new Object[columns];
            codec.decodeRow(buffer, 0, len, columns, row);
            return row;
        } catch (IOException e) {
            throw ioError("read", e);
        }
    }

    private TesseraException ioError(String what, IOException e) {
        return new TesseraException(SqlState.IO_ERROR, "could not " + what + " temporary file \"" + file + "\": "
                + e.getMessage(), e);
    }

    /** Closes the file and deletes it; safe to call more than once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (in != null) {
                in.close();
            } else if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // the file is deleted next; a failed close loses nothing
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a file left behind is deleted at the next start-up (TempDirectory.open)
                }
            }
        }
    }
}

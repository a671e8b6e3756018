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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
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
 *
 * <p>Instead of {@link #next}, a store can be read by {@linkplain #pointer() read pointers} (PostgreSQL's
 * tuplestore read pointers, as {@code nodeWindowAgg.c} uses them): each reads row {@code i} by its number, cheaply
 * when it moves forward; a move backwards restarts from the nearest checkpoint (the byte offset of every
 * {@value #CHECKPOINT}th row, kept while writing: 8 bytes per {@value #CHECKPOINT} rows in memory).
 */
public final class Tuplestore implements AutoCloseable {
    /** PostgreSQL's BufFile buffers a block, 8kB, per open file; a spilling operator keeps a few dozen open. */
    private static final int BUFFER = 8 * 1024;
    /** Rows between two offsets a read pointer can restart from. */
    static final int CHECKPOINT = 64;

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
    private long[] checkpoints = new long[16];
    private FileChannel channel;
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
        if (in != null || channel != null || closed) {
            throw new IllegalStateException("tuplestore " + file + " is no longer being written");
        }
        try {
            if (out == null) {
                file = owner.temp().newFile();
                owner.fileCreated();
                out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
            }
            if (rows % CHECKPOINT == 0) {
                int k = (int) (rows / CHECKPOINT);
                if (k == checkpoints.length) {
                    checkpoints = Arrays.copyOf(checkpoints, k * 2);
                }
                checkpoints[k] = bytes;
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

    /**
     * A new read pointer over the rows written so far; the first call ends writing. Pointers and {@link #next} are
     * not to be mixed on one store.
     *
     * @throws TesseraException 58030 when the file cannot be opened
     */
    public Pointer pointer() {
        if (closed || in != null) {
            throw new IllegalStateException("tuplestore " + file + " is closed or read sequentially");
        }
        if (channel == null && out != null) {
            try {
                out.close();
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                throw ioError("read", e);
            }
        }
        return new Pointer();
    }

    /**
     * A position in a store's rows, read by row number with a buffer of its own (8kB): reading rows in increasing
     * order reads the file once, sequentially; a row before the pointer's position (or far ahead) restarts from the
     * checkpoint at or before it. Rows are returned as fresh arrays, the last one cached.
     */
    public final class Pointer {
        private byte[] buf = new byte[BUFFER];
        private long bufStart;
        private int bufLen;
        private long nextRow;
        private long nextPos;
        private long lastRow = -1;
        private Object[] last;

        /**
         * Row {@code index} (from 0) of the store; the array is not to be modified (a second call for the same row
         * returns it again).
         *
         * @throws IndexOutOfBoundsException unless {@code 0 <= index < rows()}
         * @throws TesseraException 58030 when the file cannot be read
         */
        public Object[] get(long index) {
            if (index < 0 || index >= rows) {
                throw new IndexOutOfBoundsException("row " + index + " of " + rows);
            }
            if (closed) {
                throw new IllegalStateException("tuplestore closed");
            }
            if (index == lastRow) {
                return last;
            }
            if (index < nextRow || index - nextRow >= CHECKPOINT) {
                int k = (int) (index / CHECKPOINT);
                nextRow = (long) k * CHECKPOINT;
                nextPos = checkpoints[k];
            }
            while (nextRow < index) {
                nextPos += 4 + readInt(nextPos);
                nextRow++;
            }
            int len = readInt(nextPos);
            int off = fill(nextPos + 4, len);
            Object[] row = new Object[columns];
            codec.decodeRow(buf, off, off + len, columns, row);
            nextPos += 4 + len;
            nextRow = index + 1;
            lastRow = index;
            last = row;
            return row;
        }

        private int readInt(long pos) {
            int off = fill(pos, 4);
            return ((buf[off] & 0xff) << 24) | ((buf[off + 1] & 0xff) << 16) | ((buf[off + 2] & 0xff) << 8)
                    | (buf[off + 3] & 0xff);
        }

        /** Makes bytes {@code [pos, pos + len)} of the file present in the buffer; returns their offset in it. */
        private int fill(long pos, int len) {
            if (pos >= bufStart && pos + len <= bufStart + bufLen) {
                return (int) (pos - bufStart);
            }
            if (buf.length < len) {
                buf = new byte[Math.max(len, buf.length * 2)];
            }
            try {
                ByteBuffer b = ByteBuffer.wrap(buf);
                while (b.position() < len) {
                    if (channel.read(b, pos + b.position()) < 0) {
                        throw new EOFException("at byte " + (pos + b.position()));
                    }
                }
                bufStart = pos;
                bufLen = b.position();
                return 0;
            } catch (IOException e) {
                throw ioError("read", e);
            }
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
            if (channel != null) {
                channel.close();
            }
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

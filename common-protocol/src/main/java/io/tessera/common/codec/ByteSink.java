package io.tessera.common.codec;

import java.util.Arrays;

/**
 * A growable byte buffer that row and key encoders append to: big-endian fixed-width integers, unsigned LEB128
 * varints and raw bytes. Not thread-safe; reuse one per thread with {@link #reset()} to avoid garbage.
 */
public final class ByteSink {
    private byte[] buf;
    private int pos;

    public ByteSink() {
        this(256);
    }

    public ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Number of bytes written so far. */
    public int size() {
        return pos;
    }

    /** Forgets the content, keeping the allocated capacity. */
    public ByteSink reset() {
        pos = 0;
        return this;
    }

    /** Truncates the content to its first {@code size} bytes. */
    public void truncate(int size) {
        assert size >= 0 && size <= pos : "size=" + size + " pos=" + pos;
        pos = size;
    }

    /** The backing array; valid bytes are {@code [0, size())}. Changes on the next write that grows it. */
    public byte[] array() {
        return buf;
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** A copy of {@code [from, size())}. */
    public byte[] copyFrom(int from) {
        return Arrays.copyOfRange(buf, from, pos);
    }

    /** Makes room for {@code n} more bytes. */
    public void ensure(int n) {
        int need = pos + n;
        if (need > buf.length) {
            int cap = Math.max(need, buf.length << 1);
            if (cap < 0) {
                cap = Integer.MAX_VALUE - 8;
            }
            buf = Arrays.copyOf(buf, cap);
        }
    }

    public void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    public void writeShort(int v) {
        ensure(2);
        buf[pos] = (byte) (v >>> 8);
        buf[pos + 1] = (byte) v;
        pos += 2;
    }

    public void writeInt(int v) {
        ensure(4);
        putInt(buf, pos, v);
        pos += 4;
    }

    public void writeLong(long v) {
        ensure(8);
        putLong(buf, pos, v);
        pos += 8;
    }

    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /** Unsigned LEB128 of a non-negative int (1–5 bytes). */
    public void writeVarInt(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Unsigned LEB128 of a long (1–10 bytes). */
    public void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Overwrites a big-endian int at an earlier position. */
    public void setInt(int at, int v) {
        assert at + 4 <= pos : "at=" + at + " pos=" + pos;
        putInt(buf, at, v);
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    /** Reads a big-endian int. */
    public static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    /** Reads a big-endian long. */
    public static long getLong(byte[] b, int at) {
        return ((long) getInt(b, at) << 32) | (getInt(b, at + 4) & 0xffffffffL);
    }
}

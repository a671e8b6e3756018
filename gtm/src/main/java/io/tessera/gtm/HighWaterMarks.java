package io.tessera.gtm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The GTM's durable state: the timestamp and GXID high-water marks, i.e. values the GTM may have handed out
 * values up to (inclusive) but never beyond. Stored in one small file, {@code gtm.state}, replaced atomically.
 *
 * <p>Why a file and not RocksDB: the state is two numbers written once every few seconds. A temp file written
 * and fsync'd, renamed over the old one, then the directory fsync'd gives all-or-nothing replacement with a
 * single well-understood fsync path, no native library to load at start (rocksdbjni costs ~0.3 s and 90 MB)
 * and a file an operator can read with {@code cat}. A CRC guards against a file damaged by other means: a
 * damaged file is refused rather than read as zero, since starting from zero could reissue timestamps.
 *
 * <pre>
 * tessera-gtm-state 1
 * timestamp 1764590000000000
 * gxid 100000
 * crc 1234567890
 * </pre>
 */
final class HighWaterMarks {
    static final String FILE_NAME = "gtm.state";
    private static final String MAGIC = "tessera-gtm-state 1";

    /** Highest timestamp (microseconds since the epoch) that may have been issued. */
    final long timestamp;
    /** Highest GXID that may have been issued. */
    final long gxid;

    HighWaterMarks(long timestamp, long gxid) {
        this.timestamp = timestamp;
        this.gxid = gxid;
    }

    /**
     * Reads the marks from {@code dir/gtm.state}; zeros when the file does not exist (a new GTM).
     *
     * @throws IOException when the file exists but is unreadable or damaged
     */
    static HighWaterMarks read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new HighWaterMarks(0, 0);
        }
        String[] lines = text.split("\n");
        if (lines.length < 4 || !lines[0].equals(MAGIC)) {
            throw new IOException(file + " is not a GTM state file");
        }
        try {
            long ts = Long.parseLong(field(lines[1], "timestamp"));
            long gxid = Long.parseLong(field(lines[2], "gxid"));
            long crc = Long.parseLong(field(lines[3], "crc"));
            if (crc != crc(ts, gxid)) {
                throw new IOException(file + " is damaged (checksum mismatch)");
            }
            return new HighWaterMarks(ts, gxid);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is damaged: " + e.getMessage());
        }
    }

    private static String field(String line, String name) {
        if (!line.startsWith(name + " ")) {
            throw new IllegalArgumentException("expected '" + name + "', found '" + line + "'");
        }
        return line.substring(name.length() + 1).trim();
    }

    private static long crc(long ts, long gxid) {
        CRC32 crc = new CRC32();
        crc.update((ts + "/" + gxid).getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    /** Durably replaces {@code dir/gtm.state} with these marks: write temp, fsync, rename, fsync directory. */
    void write(Path dir) throws IOException {
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        String text = MAGIC + "\ntimestamp " + timestamp + "\ngxid " + gxid + "\ncrc " + crc(timestamp, gxid) + "\n";
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + dir + " cannot rename atomically", e);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}

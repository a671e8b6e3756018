package io.tessera.datanode.analyze;

import io.tessera.common.codec.StoredRowCodec;
import io.tessera.datanode.storage.RowCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * ANALYZE's row sample on one datanode: counts the visible rows of a cursor and keeps a uniform random sample of at
 * most {@code targetRows} of them, reading the cursor once (Vitter's reservoir "Algorithm R": row t, counted from 0,
 * replaces a random slot of the reservoir with probability targetRows / (t + 1)).
 *
 * <p>PostgreSQL's {@code acquire_sample_rows} (src/backend/commands/analyze.c) samples blocks first and then rows
 * with Vitter's Algorithm Z, and estimates the row count from the blocks it read; {@code std_typanalyze} asks for
 * 300 x the statistics target rows (30,000 by default). Tessera reads every key of the table's shards anyway (its
 * rows are not in pages), so the row count is exact and only the sampled rows are decoded.
 */
public final class TableSampler {
    private TableSampler() {
    }

    /** A node's sample: every visible row counted, and the sampled rows (each a fresh array, table column order). */
    public record Sample(long totalRows, List<Object[]> rows) {
    }

    /**
     * Reads {@code cursor} to its end (it is not closed here).
     *
     * @param codec decodes the cursor's rows (the table's stored layout)
     * @param targetRows the largest sample, at least 1
     * @param seed the random numbers' seed
     * @param cancelled polled every 4,096 rows; when true the sample stops early (the caller discards it)
     */
    public static Sample sample(RowCursor cursor, StoredRowCodec codec, int targetRows, long seed,
            BooleanSupplier cancelled) {
        if (targetRows < 1) {
            throw new IllegalArgumentException("target rows must be at least 1: " + targetRows);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Object[]> reservoir = new ArrayList<>(Math.min(targetRows, 4096));
        long seen = 0;
        while (cursor.next()) {
            if (seen < targetRows) {
                Object[] row = new Object[codec.columnCount()];
                cursor.decode(codec, row);
                reservoir.add(row);
            } else {
                long slot = random.nextLong(seen + 1);
                if (slot < targetRows) {
                    Object[] row = new Object[codec.columnCount()];
                    cursor.decode(codec, row);
                    reservoir.set((int) slot, row);
                }
            }
            seen++;
            if ((seen & 4095) == 0 && cancelled.getAsBoolean()) {
                break;
            }
        }
        return new Sample(seen, reservoir);
    }
}

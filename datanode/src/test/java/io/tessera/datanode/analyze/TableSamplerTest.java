package io.tessera.datanode.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.types.PgType;
import io.tessera.datanode.storage.RowCursor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reservoir: every row counted, a small table sampled whole, a large one uniformly. */
class TableSamplerTest {
    private static final StoredRowCodec CODEC = StoredRowCodec.positional(List.of(PgType.INT4));

    /** Rows 0..n-1, one int column each; counts how many rows were decoded. */
    private static final class Rows implements RowCursor {
        private final int n;
        private int at = -1;
        int decoded;

        Rows(int n) {
            this.n = n;
        }

        @Override
        public boolean next() {
            return ++at < n;
        }

        @Override
        public byte[] intentKey() {
            return new byte[0];
        }

        @Override
        public void decode(StoredRowCodec codec, Object[] into) {
            into[0] = at;
            decoded++;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aSmallTableIsSampledWhole() {
        TableSampler.Sample s = TableSampler.sample(new Rows(50), CODEC, 100, 1, () -> false);
        assertEquals(50, s.totalRows());
        assertEquals(50, s.rows().size());
        for (int i = 0; i < 50; i++) {
            assertEquals(i, s.rows().get(i)[0]);
        }
    }

    @Test
    void aLargeTableIsCountedAndSampledUniformly() {
        int n = 100_000;
        int target = 1_000;
        Rows rows = new Rows(n);
        TableSampler.Sample s = TableSampler.sample(rows, CODEC, target, 42, () -> false);
        assertEquals(n, s.totalRows());
        assertEquals(target, s.rows().size());
        Set<Integer> distinct = new HashSet<>();
        int firstHalf = 0;
        for (Object[] r : s.rows()) {
            distinct.add((Integer) r[0]);
            if ((Integer) r[0] < n / 2) {
                firstHalf++;
            }
        }
        assertEquals(target, distinct.size(), "each row at most once");
        // uniform: about half from each half of the table (binomial, sd ~16)
        assertTrue(firstHalf > 400 && firstHalf < 600, "rows from the first half: " + firstHalf);
        // only the rows that entered the reservoir were decoded: about target * (1 + ln(n / target))
        assertTrue(rows.decoded < target * (2 + Math.log((double) n / target)), "decoded " + rows.decoded);
    }
}

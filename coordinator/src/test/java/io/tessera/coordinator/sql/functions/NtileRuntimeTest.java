package io.tessera.coordinator.sql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.junit.jupiter.api.Test;

/** {@link PgRuntime#ntile} and {@link PgRuntime#nthValuePosition} against PostgreSQL 15's answers. */
class NtileRuntimeTest {
    private static int[] buckets(int n, int rows) {
        int[] out = new int[rows];
        for (int r = 1; r <= rows; r++) {
            out[r - 1] = PgRuntime.ntile(n, r, rows);
        }
        return out;
    }

    @Test
    void moreBucketsThanRowsGivesOneRowEach() {
        // select ntile(10) over (order by x) from generate_series(1, 4) x: 1, 2, 3, 4
        assertEquals(java.util.List.of(1, 2, 3, 4), java.util.Arrays.stream(buckets(10, 4)).boxed().toList());
    }

    @Test
    void theFirstBucketsTakeTheRemainder() {
        // 7 rows in 3 buckets: 3, 2, 2 rows
        assertEquals(java.util.List.of(1, 1, 1, 2, 2, 3, 3), java.util.Arrays.stream(buckets(3, 7)).boxed().toList());
        // 6 rows in 3 buckets: 2 each
        assertEquals(java.util.List.of(1, 1, 2, 2, 3, 3), java.util.Arrays.stream(buckets(3, 6)).boxed().toList());
    }

    @Test
    void nonPositiveArgumentsAreErrors() {
        TesseraException ntile = assertThrows(TesseraException.class, () -> PgRuntime.ntile(0, 1, 4));
        assertEquals(SqlState.INVALID_ARGUMENT_FOR_NTILE_FUNCTION, ntile.sqlState());
        assertEquals("argument of ntile must be greater than zero", ntile.getMessage());
        TesseraException nth = assertThrows(TesseraException.class, () -> PgRuntime.nthValuePosition(0));
        assertEquals(SqlState.INVALID_ARGUMENT_FOR_NTH_VALUE_FUNCTION, nth.sqlState());
        assertEquals("argument of nth_value must be greater than zero", nth.getMessage());
    }
}

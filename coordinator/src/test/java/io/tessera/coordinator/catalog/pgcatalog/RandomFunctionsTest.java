package io.tessera.coordinator.catalog.pgcatalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.coordinator.session.SessionRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** setseed's message format and the session's seeded random() sequence. */
class RandomFunctionsTest {
    @Test
    void formatGPrintsAsPostgresqlSnprintf() {
        // the outputs of PostgreSQL 15's "setseed parameter %g is out of allowed range [-1,1]"
        assertEquals("2", RandomFunctions.formatG(2));
        assertEquals("-1.5", RandomFunctions.formatG(-1.5));
        assertEquals("1", RandomFunctions.formatG(1.0000001));
        assertEquals("1.00001", RandomFunctions.formatG(1.00001));
        assertEquals("-1.23457e+06", RandomFunctions.formatG(-1234567.5));
        assertEquals("NaN", RandomFunctions.formatG(Double.NaN));
        assertEquals("-Infinity", RandomFunctions.formatG(Double.NEGATIVE_INFINITY));
        assertEquals("1e-05", RandomFunctions.formatG(0.00001));
        assertEquals("999999", RandomFunctions.formatG(999999));
        assertEquals("1e+06", RandomFunctions.formatG(999999.7));
    }

    @Test
    void sameSeedRepeatsTheSequenceOtherSeedsDoNot() {
        SessionRandom r = new SessionRandom();
        double[] first = draw(r, 0.25);
        assertArrayEquals(first, draw(r, 0.25));
        // these seeds differ only in bits above the 48 java.util.Random would keep
        assertFalse(Arrays.equals(first, draw(r, -0.25)));
        assertFalse(Arrays.equals(first, draw(r, 0.5)));
        for (double d : first) {
            assertTrue(d >= 0 && d < 1, "value=" + d);
        }
    }

    private static double[] draw(SessionRandom r, double seed) {
        r.seed(seed);
        double[] out = new double[5];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.next();
        }
        return out;
    }
}

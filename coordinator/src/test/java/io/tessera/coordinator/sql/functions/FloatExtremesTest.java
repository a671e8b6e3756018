package io.tessera.coordinator.sql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PostgreSQL's float8smaller/float8larger order for the coordinator's min and max ({@link FloatExtremes}). */
class FloatExtremesTest {
    private static Double min(Double... values) {
        FloatExtremes.Min8 f = new FloatExtremes.Min8();
        FloatExtremes.State s = f.init();
        Arrays.stream(values).forEach(v -> f.add(s, v));
        return f.result(s);
    }

    private static Double max(Double... values) {
        FloatExtremes.Max8 f = new FloatExtremes.Max8();
        FloatExtremes.State s = f.init();
        Arrays.stream(values).forEach(v -> f.add(s, v));
        return f.result(s);
    }

    @Test
    void nanIsTheGreatestValue() {
        assertEquals(Double.NaN, max(1.0, Double.NaN, null, Double.POSITIVE_INFINITY));
        assertEquals(1.0, min(Double.NaN, 1.0, null));
        assertEquals(Double.NaN, min(Double.NaN, Double.NaN));
    }

    @Test
    void ofEqualValuesTheLastIsKept() {
        // float8smaller(a, b) is a only when a < b: min over 0, -0 is -0, over -0, 0 it is 0
        assertEquals(-0.0, min(0.0, -0.0));
        assertEquals(0.0, min(-0.0, 0.0));
        assertEquals(-0.0, max(0.0, -0.0));
    }

    @Test
    void float4ResultsAndNoValues() {
        FloatExtremes.Max4 f = new FloatExtremes.Max4();
        FloatExtremes.State s = f.init();
        assertNull(f.result(s));
        f.add(s, 2.5f);
        f.add(s, Float.NaN);
        assertEquals(Float.NaN, f.result(s));
        assertNull(min());
    }
}

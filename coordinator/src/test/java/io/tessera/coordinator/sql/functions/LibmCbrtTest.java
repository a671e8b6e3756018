package io.tessera.coordinator.sql.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** glibc's cbrt, bit for bit: the expected values are PostgreSQL 15's on glibc 2.36 (extra_float_digits 3). */
class LibmCbrtTest {
    private static void same(double expected, double x) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(LibmCbrt.cbrt(x)),
                "cbrt(" + x + ") = " + LibmCbrt.cbrt(x) + ", PostgreSQL's " + expected);
    }

    @Test
    void lastDigitIsGlibcs() {
        same(3.0000000000000004, 27);
        same(-3.0000000000000004, -27);
        same(2, 8);
        same(1.2599210498948734, 2);
        same(-10, -1000);
        same(1e100, 1e300);
        same(1e-100, 1e-300);
    }

    @Test
    void zerosInfinitiesAndNaNAreThemselves() {
        same(0.0, 0.0);
        same(-0.0, -0.0);
        same(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        same(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
        same(Double.NaN, Double.NaN);
        assertNull(LibmCbrt.cbrt((Number) null));
    }

    @Test
    void subnormalsAreNormalisedFirst() {
        same(4.641588833612775e-104, 1e-310); // PostgreSQL's cbrt(1e-310::float8)
    }
}

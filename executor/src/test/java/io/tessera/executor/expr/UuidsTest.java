package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** uuid input as PostgreSQL's uuid_in takes it; the corpus (27_uuid.sql) checks the same against PostgreSQL 15. */
class UuidsTest {
    private static final UUID A = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

    @Test
    void acceptsPostgresInputForms() {
        for (String s : new String[] {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
            "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
            "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "{A0EEBC999C0B4EF8BB6D6BB9BD380A11}"}) {
            assertEquals(A, Uuids.parse(s), s);
        }
    }

    @Test
    void rejectsWhatPostgresRejectsWith22P02() {
        for (String s : new String[] {"", " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 ",
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
            "a0eebc9-99c0b-4ef8-bb6d-6bb9bd380a11", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1-", "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11"}) {
            TesseraException e = assertThrows(TesseraException.class, () -> Uuids.parse(s), s);
            assertEquals("22P02", e.sqlState().code(), s);
            assertEquals("invalid input syntax for type uuid: \"" + s + "\"", e.getMessage(), s);
        }
    }

    @Test
    void binaryFormIsTheSixteenBytesInOrder() {
        byte[] b = Uuids.toBytes(A);
        assertEquals(16, b.length);
        assertEquals((byte) 0xa0, b[0]);
        assertEquals((byte) 0x11, b[15]);
        assertEquals(A, Uuids.fromBytes(b));
        assertArrayEquals(b, Uuids.toBytes(Uuids.fromBytes(b)));
    }

    @Test
    void orderIsBytewiseUnsignedNotUuidCompareTo() {
        UUID low = UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff");
        UUID high = UUID.fromString("80000000-0000-0000-0000-000000000000");
        assertTrue(PgType.compareUuid(low, high) < 0);
        assertTrue(low.compareTo(high) > 0, "java.util.UUID compares signed, which is why Tessera never uses it");
        assertTrue(Values.compare(high, low) > 0);
        assertTrue(PgType.compareUuid(UUID.fromString("00000000-0000-0000-7fff-ffffffffffff"),
                UUID.fromString("00000000-0000-0000-8000-000000000000")) < 0);
    }

    @Test
    void randomUuidsAreVersionFourAndDiffer() {
        UUID a = Uuids.random();
        assertEquals(4, a.version());
        assertNotEquals(a, Uuids.random());
    }
}

package io.tessera.coordinator.catalog.pgcatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Functions pg_dump's catalog queries call, with the answers PostgreSQL 15 gives for the same arguments
 * ({@code select quote_literal('it''s'), quote_literal(E'a\\b')}, {@code array_remove(...)} on a PostgreSQL 15.x).
 */
class PgDumpFunctionsTest {
    @Test
    void quoteLiteralDoublesQuotesAndEscapesBackslashes() {
        assertEquals("'it''s'", PgCatalogFunctions.quoteLiteral(null, "it's"));
        assertEquals("E'a\\\\b'", PgCatalogFunctions.quoteLiteral(null, "a\\b"));
    }

    @Test
    void arrayRemoveDropsEveryEqualElement() {
        assertEquals(List.of("a", "b"), PgCatalogFunctions.arrayRemove(null,
                List.of("a", "check_option=local", "b", "check_option=local"), "check_option=local"));
        assertEquals(List.of("a"), PgCatalogFunctions.arrayRemove(null, Arrays.asList("a", null), null));
        assertNull(PgCatalogFunctions.arrayRemove(null, null, "x"));
    }
}

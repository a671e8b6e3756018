package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanCacheTest {
    private static final PlanCache.Planned PLANNED = new PlanCache.Planned() {
    };

    private static PlanCache.Key key(String sql, long version) {
        return new PlanCache.Key(sql, List.of(23), "postgres", version, List.of("public"), true);
    }

    private static PlanCache.Entry entry() {
        return new PlanCache.Entry(PLANNED, null, List.of(), java.util.Set.of());
    }

    @Test
    void everyPartOfTheKeyTellsPlansApart() {
        PlanCache cache = new PlanCache();
        PlanCache.Entry e = entry();
        cache.put(key("select $1", 5), e);
        assertSame(e, cache.get(key("select $1", 5)));
        assertSame(e, cache.get(new PlanCache.Key("select $1", List.of(23), "postgres", 5, List.of("public"), true)),
                "an equal key made anew");
        assertNull(cache.get(new PlanCache.Key("select $1", List.of(20), "postgres", 5, List.of("public"), true)),
                "parameter types");
        assertNull(cache.get(new PlanCache.Key("select $1", List.of(23), "other", 5, List.of("public"), true)),
                "database");
        assertNull(cache.get(new PlanCache.Key("select $1", List.of(23), "postgres", 5, List.of("pg_catalog"), true)),
                "search path");
        assertNull(cache.get(new PlanCache.Key("select $1", List.of(23), "postgres", 5, List.of("public"), false)),
                "pushdown");
        assertEquals(2, cache.hits());
        assertEquals(4, cache.misses());
    }

    @Test
    void aPlanNoLongerCurrentIsDroppedAtItsLookup() {
        PlanCache cache = new PlanCache();
        boolean[] current = {true};
        PlanCache.Planned planned = new PlanCache.Planned() {
            @Override
            public boolean current() {
                return current[0];
            }
        };
        cache.put(key("select $1", 5), new PlanCache.Entry(planned, null, List.of(), java.util.Set.of()));
        assertEquals(true, cache.get(key("select $1", 5)) != null);
        current[0] = false; // e.g. an ANALYZE of a table it reads
        assertNull(cache.get(key("select $1", 5)), "a stale plan is a miss");
        assertEquals(0, cache.size(), "and is gone");
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
    }

    @Test
    void aNewerCatalogVersionDropsTheOlderPlansAndRefusesLateOnes() {
        PlanCache cache = new PlanCache();
        cache.put(key("a", 5), entry());
        cache.put(key("b", 5), entry());
        assertEquals(2, cache.size());
        assertNull(cache.get(key("a", 6)), "a DDL moved the catalog to version 6");
        assertEquals(0, cache.size(), "the plans of version 5 are gone");
        cache.put(key("a", 5), entry());
        assertNull(cache.get(key("a", 5)), "a plan made at an older version than one seen is not published");
        cache.put(key("a", 6), entry());
        assertEquals(1, cache.size());
    }

    @Test
    void theCacheIsBounded() {
        PlanCache cache = new PlanCache();
        for (int i = 0; i < PlanCache.CAPACITY * 2; i++) {
            cache.put(key("select " + i, 1), entry());
        }
        assertEquals(true, cache.size() <= PlanCache.CAPACITY, "size " + cache.size());
    }
}

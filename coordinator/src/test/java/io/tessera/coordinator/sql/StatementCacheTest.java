package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.QueryResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementCacheTest {
    static PreparedStatement statement() {
        return new PreparedStatement() {
            @Override
            public List<Integer> parameterTypes() {
                return List.of();
            }

            @Override
            public List<io.tessera.coordinator.session.Column> columns() {
                return List.of();
            }

            @Override
            public QueryResult execute(List<Object> params) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void theSameTextAndParameterTypesAtTheSameCatalogVersionHit() {
        StatementCache cache = new StatementCache();
        PreparedStatement s = statement();
        cache.put("select 1", List.of(), 7, s);
        assertSame(s, cache.get("select 1", List.of(), 7));
        assertNull(cache.get("select 1 ", List.of(), 7), "another text");
        cache.put("select $1", List.of(23), 7, s);
        assertNull(cache.get("select $1", List.of(20), 7), "other declared parameter types");
        assertSame(s, cache.get("select $1", List.of(23), 7));
    }

    @Test
    void aStatementWhosePlanIsNoLongerCurrentIsDropped() {
        StatementCache cache = new StatementCache();
        PreparedStatement s = statement();
        boolean[] current = {true};
        cache.put("select v from t where k = $1", List.of(23), 7, s, () -> current[0]);
        assertSame(s, cache.get("select v from t where k = $1", List.of(23), 7));
        current[0] = false; // a table it reads was analyzed
        assertNull(cache.get("select v from t where k = $1", List.of(23), 7));
        assertEquals(0, cache.size());
    }

    @Test
    void aNewCatalogVersionEmptiesTheCache() {
        StatementCache cache = new StatementCache();
        cache.put("insert into t values (1)", List.of(), 7, statement());
        assertNull(cache.get("insert into t values (1)", List.of(), 8));
        assertEquals(0, cache.size());
    }

    @Test
    void theLeastRecentlyUsedEntryIsEvictedBeyondCapacity() {
        StatementCache cache = new StatementCache();
        PreparedStatement first = statement();
        cache.put("q0", List.of(), 1, first);
        for (int i = 1; i < StatementCache.CAPACITY; i++) {
            cache.put("q" + i, List.of(), 1, statement());
        }
        assertSame(first, cache.get("q0", List.of(), 1)); // now the most recently used
        cache.put("one more", List.of(), 1, statement());
        assertEquals(StatementCache.CAPACITY, cache.size());
        assertSame(first, cache.get("q0", List.of(), 1));
        assertNull(cache.get("q1", List.of(), 1), "the least recently used went");
    }
}

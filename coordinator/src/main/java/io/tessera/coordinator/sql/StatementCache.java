package io.tessera.coordinator.sql;

import io.tessera.coordinator.session.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A session's bounded cache of planned statements by SQL text and declared parameter types, so that the same text
 * sent again — every simple-protocol query, every unnamed Parse of pgjdbc's first executions — skips parsing,
 * validation, Calcite planning and code generation (milliseconds) and runs the plan it already has.
 *
 * <p>Only statements whose plan depends on nothing but the text, the parameter types and the catalog are cached
 * (queries, INSERT, UPDATE, DELETE, SELECT ... FOR UPDATE; never transaction control, SET or DDL, whose effect is
 * taken when they are prepared). A cached statement already replans itself when the catalog version moves, or when
 * a table it reads is analyzed ({@link StatisticsStamp}: such an entry is dropped, so that the next lookup can find a
 * plan another session made with the new statistics in the {@link PlanCache}); the
 * cache is also emptied then, so a statement naming a table that was dropped and created again is prepared anew
 * rather than refused as redefined. Least recently used entries are evicted beyond {@link #CAPACITY}.
 *
 * <p>Not thread-safe: one per session, used from the session's thread.
 */
final class StatementCache {
    /** Entries per session: each holds a compiled plan (generated classes), so keep it modest. */
    static final int CAPACITY = 64;

    private record Key(String sql, List<Integer> parameterTypes) {
    }

    /** A cached statement and whether its plan is still current apart from the catalog version. */
    private record Entry(PreparedStatement statement, BooleanSupplier current) {
    }

    private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > CAPACITY;
        }
    };
    private long catalogVersion = Long.MIN_VALUE;

    /**
     * The statement prepared from {@code sql} with these parameter types at {@code catalogVersion}, or null (also
     * when its plan is no longer current: a table it reads was analyzed since; the entry is dropped).
     */
    PreparedStatement get(String sql, List<Integer> parameterTypes, long catalogVersion) {
        sync(catalogVersion);
        Key key = new Key(sql, List.copyOf(parameterTypes));
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (!e.current().getAsBoolean()) {
            entries.remove(key);
            return null;
        }
        return e.statement();
    }

    /** Caches a statement whose plan stays current as long as the catalog version does. */
    void put(String sql, List<Integer> parameterTypes, long catalogVersion, PreparedStatement statement) {
        put(sql, parameterTypes, catalogVersion, statement, () -> true);
    }

    /** @param current whether the statement's plan is still current (beyond the catalog version) */
    void put(String sql, List<Integer> parameterTypes, long catalogVersion, PreparedStatement statement,
            BooleanSupplier current) {
        sync(catalogVersion);
        entries.put(new Key(sql, List.copyOf(parameterTypes)), new Entry(statement, current));
    }

    /** Drops every entry (a setting the plans depend on changed). */
    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private void sync(long version) {
        if (version != catalogVersion) {
            entries.clear();
            catalogVersion = version;
        }
    }
}

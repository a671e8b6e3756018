package io.tessera.coordinator.sql;

import io.tessera.coordinator.session.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's bounded cache of planned statements by SQL text and declared parameter types, so that the same text
 * sent again — every simple-protocol query, every unnamed Parse of pgjdbc's first executions — skips parsing,
 * validation, Calcite planning and code generation (milliseconds) and runs the plan it already has.
 *
 * <p>Only statements whose plan depends on nothing but the text, the parameter types and the catalog are cached
 * (queries, INSERT, UPDATE, DELETE, SELECT ... FOR UPDATE; never transaction control, SET or DDL, whose effect is
 * taken when they are prepared). A cached statement already replans itself when the catalog version moves; the
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

    private final Map<Key, PreparedStatement> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, PreparedStatement> eldest) {
            return size() > CAPACITY;
        }
    };
    private long catalogVersion = Long.MIN_VALUE;

    /** The statement prepared from {@code sql} with these parameter types at {@code catalogVersion}, or null. */
    PreparedStatement get(String sql, List<Integer> parameterTypes, long catalogVersion) {
        sync(catalogVersion);
        return entries.get(new Key(sql, List.copyOf(parameterTypes)));
    }

    void put(String sql, List<Integer> parameterTypes, long catalogVersion, PreparedStatement statement) {
        sync(catalogVersion);
        entries.put(new Key(sql, List.copyOf(parameterTypes)), statement);
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

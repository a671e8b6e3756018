package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.SearchPath;
import io.tessera.coordinator.catalog.SequenceDef;
import io.tessera.coordinator.catalog.pgcatalog.NameParts;
import io.tessera.coordinator.sql.functions.SequenceFunctions;
import io.tessera.coordinator.catalog.SequenceStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One session's side of the sequence functions: nextval through the coordinator's {@code SequenceStore}, and the
 * values currval and lastval return (PostgreSQL keeps them per session: 55000 before the first nextval).
 *
 * <p>It also holds the restarts of {@code TRUNCATE ... RESTART IDENTITY} inside a transaction block, which
 * PostgreSQL makes transactional (the sequence gets a new relfilenode that COMMIT keeps and ROLLBACK drops): until
 * the block ends, this session's nextval and setval of a restarted sequence work on a counter of its own, from the
 * sequence's start; COMMIT sets the shared counter to where the block left it ({@link #commitRestarts}), ROLLBACK
 * forgets it ({@link #discardRestarts}). Other sessions meanwhile go on from the shared counter (PostgreSQL would make
 * them wait for the block's lock on the sequence).
 */
final class SessionSequences implements SequenceFunctions.Access {
    private final CatalogStore catalog;
    private final SequenceDdl ddl;
    private final String database;
    private final SearchPath.Binding searchPath;
    /** The last value nextval returned in this session, by sequence id. */
    private final Map<Integer, Long> current = new HashMap<>();
    private SequenceDef last;
    /** The block's restarted sequences: PostgreSQL's last_value and is_called, by sequence id. */
    private final Map<Integer, SequenceStore.Counter> restarted = new LinkedHashMap<>();

    SessionSequences(CatalogStore catalog, SequenceDdl ddl, String database, SearchPath.Binding searchPath) {
        this.catalog = catalog;
        this.ddl = ddl;
        this.database = database;
        this.searchPath = searchPath;
    }

    /**
     * The sequence a regclass text names at call time, as PostgreSQL's {@code nextval('q')} does: a qualified name in
     * its schema, an unqualified one through the session's current search path.
     */
    private SequenceDef resolve(String text) {
        java.util.List<String> names = NameParts.split(text);
        String name = SearchPath.resolve(names, searchPath);
        var s = catalog.snapshot();
        SequenceDef q = s.sequences(database).get(name);
        if (q == null) {
            throw SequenceDdl.missing(s, database, name, String.join(".", names));
        }
        return q;
    }

    @Override
    public synchronized long nextval(String name) {
        SequenceDef q = resolve(name);
        SequenceStore.Counter local = restarted.get(q.id());
        long v;
        if (local != null) {
            v = local.called() ? SequenceStore.step(q, local.value()) : local.value();
            restarted.put(q.id(), new SequenceStore.Counter(v, true, q.epoch()));
        } else {
            v = ddl.store().next(q);
        }
        current.put(q.id(), v);
        last = q;
        return v;
    }

    @Override
    public synchronized long currval(String name) {
        SequenceDef q = resolve(name);
        Long v = current.get(q.id());
        if (v == null) {
            throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "currval of sequence \"" + q.name()
                    + "\" is not yet defined in this session");
        }
        return v;
    }

    @Override
    public synchronized long setval(String name, long value, boolean isCalled) {
        SequenceDef q = resolve(name);
        if (restarted.containsKey(q.id())) {
            SequenceDdl.checkBounds(q, value);
            restarted.put(q.id(), new SequenceStore.Counter(value, isCalled, q.epoch()));
        } else {
            ddl.setval(database, q, value, isCalled);
        }
        if (isCalled) {
            current.put(q.id(), value);
        }
        return value;
    }

    /**
     * TRUNCATE ... RESTART IDENTITY inside a transaction block: the sequence starts over for this session now and for
     * everyone at COMMIT.
     */
    synchronized void restart(SequenceDef q) {
        restarted.put(q.id(), new SequenceStore.Counter(q.start(), false, q.epoch()));
    }

    /** The block committed: each restarted sequence's shared counter continues where the block left it. */
    synchronized void commitRestarts() {
        try {
            for (Map.Entry<Integer, SequenceStore.Counter> e : restarted.entrySet()) {
                SequenceDef q = catalog.snapshot().sequences(database).values().stream()
                        .filter(s -> s.id() == e.getKey()).findFirst().orElse(null);
                if (q != null) { // else dropped meanwhile
                    ddl.setval(database, q, e.getValue().value(), e.getValue().called());
                }
            }
        } finally {
            restarted.clear();
        }
    }

    /** The block rolled back: its restarts never happened. */
    synchronized void discardRestarts() {
        restarted.clear();
    }

    /**
     * The sequence's counter as PostgreSQL's {@code last_value} and {@code is_called}: this coordinator first gives
     * back the unused rest of its block ({@link SequenceStore#release}) when no one reserved after it, so the counter
     * holds the last value handed out (1 after one nextval, not the block's end). A block another coordinator holds
     * still shows as its end.
     */
    @Override
    public SequenceStore.Counter state(String name) {
        SequenceDef q = resolve(name);
        ddl.store().release(q);
        return ddl.store().read(q);
    }

    @Override
    public synchronized long lastval() {
        if (last == null) {
            throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "lastval is not yet defined in this session");
        }
        SequenceDef q = catalog.snapshot().sequences(database).get(last.key());
        if (q == null || q.id() != last.id()) {
            throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "lastval is not yet defined in this session");
        }
        return current.get(last.id());
    }
}

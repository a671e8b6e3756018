package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.SequenceDef;
import io.tessera.coordinator.sql.functions.SequenceFunctions;
import java.util.HashMap;
import java.util.Map;

/**
 * One session's side of the sequence functions: nextval through the coordinator's {@code SequenceStore}, and the
 * values currval and lastval return (PostgreSQL keeps them per session: 55000 before the first nextval).
 */
final class SessionSequences implements SequenceFunctions.Access {
    private final CatalogStore catalog;
    private final SequenceDdl ddl;
    private final String database;
    /** The last value nextval returned in this session, by sequence id. */
    private final Map<Integer, Long> current = new HashMap<>();
    private SequenceDef last;

    SessionSequences(CatalogStore catalog, SequenceDdl ddl, String database) {
        this.catalog = catalog;
        this.ddl = ddl;
        this.database = database;
    }

    private SequenceDef resolve(String text) {
        String name = SequenceDdl.regclassName(text);
        var s = catalog.snapshot();
        SequenceDef q = s.sequences(database).get(name);
        if (q == null) {
            throw SequenceDdl.missing(s, database, name);
        }
        return q;
    }

    @Override
    public synchronized long nextval(String name) {
        SequenceDef q = resolve(name);
        long v = ddl.store().next(q);
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
        ddl.setval(database, q, value, isCalled);
        if (isCalled) {
            current.put(q.id(), value);
        }
        return value;
    }

    @Override
    public io.tessera.coordinator.catalog.SequenceStore.Counter state(String name) {
        return ddl.store().read(resolve(name));
    }

    @Override
    public synchronized long lastval() {
        if (last == null) {
            throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "lastval is not yet defined in this session");
        }
        SequenceDef q = catalog.snapshot().sequences(database).get(last.name());
        if (q == null || q.id() != last.id()) {
            throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "lastval is not yet defined in this session");
        }
        return current.get(last.id());
    }
}

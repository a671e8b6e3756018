package io.tessera.coordinator.catalog.pgcatalog;

import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.RoleDef;
import io.tessera.coordinator.catalog.TableDef;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a catalog view is computed from: the statement's catalog snapshot and the session (its database, user and
 * settings).
 *
 * @param snapshot the catalog at the statement's version
 * @param session the session, or null when a statement runs outside one (tests); views then assume database
 *     {@code postgres} and the first superuser
 */
public record CatalogContext(CatalogSnapshot snapshot, SessionInfo session) {
    /** The OID of a schema of the connected database (built-in or made by CREATE SCHEMA), or 0 when none. */
    public int schemaOid(String name) {
        int builtIn = CatalogOids.schemaOid(name);
        if (builtIn != 0) {
            return builtIn;
        }
        io.tessera.coordinator.catalog.SchemaDef s = snapshot.schemas(database()).get(name);
        return s == null ? 0 : s.oid();
    }

    /** The name of a schema OID of the connected database, or null. */
    public String schemaName(int oid) {
        String builtIn = CatalogOids.schemaName(oid);
        if (builtIn != null) {
            return builtIn;
        }
        for (io.tessera.coordinator.catalog.SchemaDef s : snapshot.schemas(database()).values()) {
            if (s.oid() == oid) {
                return s.name();
            }
        }
        return null;
    }

    /** The connected database's name. */
    public String database() {
        return session == null ? "postgres" : session.database();
    }

    /** The connected database's tables, ordered by OID (the order PostgreSQL's sequential scans tend to show). */
    public List<TableDef> tables() {
        return snapshot.tables(database()).values().stream().sorted(Comparator.comparingInt(TableDef::oid)).toList();
    }

    /** The OID of the role that owns the connected database's tables (Tessera records no per-table owner). */
    public int tableOwner() {
        DatabaseDef db = snapshot.databases().get(database());
        RoleDef owner = db == null ? null : snapshot.roles().get(db.owner());
        return owner != null ? owner.oid() : bootstrapSuperuser();
    }

    /** The lowest-numbered superuser: PostgreSQL's bootstrap superuser has OID 10. */
    public int bootstrapSuperuser() {
        return snapshot.roles().values().stream().filter(RoleDef::superuser).mapToInt(RoleDef::oid).min().orElse(10);
    }

    /** The role with this OID, or null. */
    public RoleDef role(int oid) {
        for (RoleDef r : snapshot.roles().values()) {
            if (r.oid() == oid) {
                return r;
            }
        }
        return null;
    }

    /** The connected database's views, ordered by OID. */
    public List<io.tessera.coordinator.catalog.ViewDef> views() {
        return snapshot.views(database()).values().stream()
                .sorted(Comparator.comparingInt(io.tessera.coordinator.catalog.ViewDef::oid)).toList();
    }

    /**
     * A view's columns in a table's shape (same OID, columns 1..n with their types; no distribution), so the
     * catalog tables that list columns list a view's as PostgreSQL does. A type Tessera cannot store reads as text.
     */
    public static TableDef shape(io.tessera.coordinator.catalog.ViewDef v) {
        List<io.tessera.coordinator.catalog.ColumnDef> cols = new java.util.ArrayList<>();
        for (io.tessera.coordinator.catalog.ViewDef.Column c : v.columns()) {
            io.tessera.common.types.PgType t = io.tessera.common.types.PgType.ofOid(c.typeOid());
            cols.add(new io.tessera.coordinator.catalog.ColumnDef(c.name(),
                    t == null ? io.tessera.common.types.PgType.TEXT : t, t == null ? -1 : c.typmod(), false));
        }
        return new TableDef(v.id(), v.database(), v.schema(), v.name(), cols, null, List.of(), List.of(), 0, 1,
                v.comments());
    }

    /** The connected database's sequences (serial and identity columns' included), ordered by OID. */
    public List<io.tessera.coordinator.catalog.SequenceDef> sequences() {
        return snapshot.sequences(database()).values().stream()
                .sorted(Comparator.comparingInt(io.tessera.coordinator.catalog.SequenceDef::oid)).toList();
    }

    /** The tables' ANALYZE statistics (none outside a session). */
    public io.tessera.coordinator.stats.StatisticsSource statistics() {
        return session == null || session.statistics() == null ? io.tessera.coordinator.stats.StatisticsSource.NONE
                : session.statistics();
    }

    /** Every table of the connected database by name. */
    public Map<String, TableDef> tablesByName() {
        return snapshot.tables(database());
    }
}

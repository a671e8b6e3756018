package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.SequenceDef;
import io.tessera.coordinator.catalog.SearchPath;
import io.tessera.coordinator.catalog.SequenceStore;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.pgcatalog.NameParts;
import io.tessera.coordinator.catalog.pgcatalog.Relations;
import io.tessera.sql.parser.ddl.SequenceOptions;
import io.tessera.sql.parser.ddl.SqlAlterSequence;
import io.tessera.sql.parser.ddl.SqlCreateSequence;
import io.tessera.sql.parser.ddl.SqlDropSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * CREATE / ALTER / DROP SEQUENCE and setval, with PostgreSQL 15's defaults, checks and messages
 * (https://www.postgresql.org/docs/15/sql-createsequence.html, sequence.c's init_params). Each is one catalog change.
 */
final class SequenceDdl {
    private static final Pattern NEXTVAL = Pattern.compile("nextval\\s*\\(\\s*'([^']*)'", Pattern.CASE_INSENSITIVE);

    private final CatalogStore catalog;
    private final SequenceStore store;

    SequenceDdl(CatalogStore catalog, SequenceStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    SequenceStore store() {
        return store;
    }

    /** CREATE SEQUENCE; returns the notice of IF NOT EXISTS on an existing relation. */
    List<TesseraException> create(SqlCreateSequence stmt, String database) {
        refuseSequenceName(stmt.options());
        String schema = SearchPath.creationSchema(stmt.name().names);
        String name = stmt.name().names.get(stmt.name().names.size() - 1);
        String key = CatalogSnapshot.key(schema, name);
        List<TesseraException> notices = new ArrayList<>();
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            if (relationExists(snapshot, database, key)) {
                if (stmt.ifNotExists()) {
                    notices.add(new TesseraException(SqlState.DUPLICATE_TABLE,
                            "relation \"" + name + "\" already exists, skipping"));
                    return List.of();
                }
                throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
            }
            SequenceDef q = define(ops.allocateOid(), database, name, stmt.options(), null).withSchema(schema);
            List<CuratorOp> out = new ArrayList<>(ops.createSequence(ownedBy(q, stmt.options(), snapshot)));
            return out;
        });
        return notices;
    }

    /** 42601 for {@code SEQUENCE NAME}, an identity column's option only, as PostgreSQL. */
    private static void refuseSequenceName(SequenceOptions o) {
        if (o != null && o.sequenceName != null) {
            throw new TesseraException(SqlState.SYNTAX_ERROR, "invalid sequence option SEQUENCE NAME");
        }
    }

    /** Whether a table or a sequence of that name exists (they share PostgreSQL's relation namespace). */
    static boolean relationExists(CatalogSnapshot s, String database, String name) {
        return IndexDdl.relationExists(s, database, name); // tables, sequences, views and indexes
    }

    /**
     * A sequence's definition from options as written, over {@code base} (ALTER) or PostgreSQL's defaults (CREATE,
     * base null).
     */
    static SequenceDef define(int id, String database, String name, SequenceOptions o, SequenceDef base) {
        PgType type = base == null ? PgType.INT8 : base.type();
        if (o.type != null) {
            type = switch (o.type) {
                case "int2" -> PgType.INT2;
                case "int4" -> PgType.INT4;
                case "int8" -> PgType.INT8;
                default -> throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                        "sequence type must be smallint, integer, or bigint");
            };
        }
        long typeMin = type == PgType.INT2 ? Short.MIN_VALUE : type == PgType.INT4 ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long typeMax = type == PgType.INT2 ? Short.MAX_VALUE : type == PgType.INT4 ? Integer.MAX_VALUE : Long.MAX_VALUE;
        long increment = o.increment != null ? o.increment : base == null ? 1 : base.increment();
        if (increment == 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "INCREMENT must not be zero");
        }
        boolean typeChanged = base != null && o.type != null && base.type() != type;
        long max;
        if (o.maxValue != null) {
            max = o.maxValue;
        } else if (base == null || o.noMaxValue || (typeChanged && base.max() == limit(base.type(), true))) {
            max = increment > 0 ? typeMax : -1;
        } else {
            max = base.max();
        }
        long min;
        if (o.minValue != null) {
            min = o.minValue;
        } else if (base == null || o.noMinValue || (typeChanged && base.min() == limit(base.type(), false))) {
            min = increment > 0 ? 1 : typeMin;
        } else {
            min = base.min();
        }
        String typeName = type == PgType.INT2 ? "smallint" : type == PgType.INT4 ? "integer" : "bigint";
        if (max < typeMin || max > typeMax) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "MAXVALUE (" + max
                    + ") is out of range for sequence data type " + typeName);
        }
        if (min < typeMin || min > typeMax) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "MINVALUE (" + min
                    + ") is out of range for sequence data type " + typeName);
        }
        if (min >= max) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "MINVALUE (" + min
                    + ") must be less than MAXVALUE (" + max + ")");
        }
        long start = o.start != null ? o.start : base == null ? (increment > 0 ? min : max) : base.start();
        if (start < min) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "START value (" + start
                    + ") cannot be less than MINVALUE (" + min + ")");
        }
        if (start > max) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "START value (" + start
                    + ") cannot be greater than MAXVALUE (" + max + ")");
        }
        long cache = o.cache != null ? o.cache : base == null ? 1 : base.cache();
        if (cache <= 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "CACHE (" + cache
                    + ") must be greater than zero");
        }
        boolean cycle = o.cycle != null ? o.cycle : base != null && base.cycle();
        return new SequenceDef(id, database, name, type, increment, min, max, start, cache, cycle,
                base == null ? null : base.ownedByTable(), base == null ? null : base.ownedByColumn(),
                base == null ? 0 : base.epoch() + 1, base == null ? null : base.comment(),
                base == null ? null : base.schema());
    }

    private static long limit(PgType type, boolean upper) {
        return switch (type) {
            case INT2 -> upper ? Short.MAX_VALUE : 1;
            case INT4 -> upper ? Integer.MAX_VALUE : 1;
            default -> upper ? Long.MAX_VALUE : 1;
        };
    }

    /** Applies OWNED BY: the table must exist in the same database and have the column. */
    private static SequenceDef ownedBy(SequenceDef q, SequenceOptions o, CatalogSnapshot s) {
        if (o.ownedByNone) {
            return q.withOwnedBy(null, null);
        }
        if (o.ownedBy == null) {
            return q;
        }
        List<String> parts = o.ownedBy;
        if (parts.size() < 2) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "invalid OWNED BY option", null,
                    "Specify OWNED BY table.column or OWNED BY NONE.", 0, null);
        }
        String table = SearchPath.resolve(parts.subList(0, parts.size() - 1));
        String column = parts.get(parts.size() - 1);
        TableDef t = s.tables(q.database()).get(table);
        if (t == null) {
            throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + table + "\" does not exist");
        }
        if (!CatalogSnapshot.schemaOf(t.schema()).equals(q.schemaName())) {
            throw new TesseraException(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE,
                    "sequence must be in same schema as table it is linked to");
        }
        if (t.columnIndex(column) < 0) {
            throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + column + "\" of relation \""
                    + table + "\" does not exist");
        }
        return q.withOwnedBy(table, column);
    }

    /** ALTER SEQUENCE; returns the notice of IF EXISTS on a missing sequence. */
    List<TesseraException> alter(SqlAlterSequence stmt, String database) {
        refuseSequenceName(stmt.options());
        List<TesseraException> notices = new ArrayList<>();
        String name = DdlExecutor.alteredNameOrSkip(stmt.name(), stmt.ifExists(), notices);
        if (name == null) {
            return notices;
        }
        SequenceDef existing = catalog.snapshot().sequences(database).get(name);
        if (stmt.setSchema() != null && existing != null) {
            SetSchemaDdl.sequence(catalog, database, name, stmt.setSchema());
            return notices;
        }
        if (existing != null) {
            store.release(existing);
        }
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            SequenceDef q = snapshot.sequences(database).get(name);
            if (q == null) {
                if (stmt.ifExists()) {
                    notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION,
                            "relation \"" + name + "\" does not exist, skipping"));
                    return List.of();
                }
                throw missing(snapshot, database, name);
            }
            if (stmt.ownerTo() != null) {
                if (!snapshot.roles().containsKey(stmt.ownerTo())) {
                    throw new TesseraException(SqlState.UNDEFINED_OBJECT, "role \"" + stmt.ownerTo() + "\" does not exist");
                }
                return List.of();
            }
            if (stmt.renameTo() != null) {
                if (relationExists(snapshot, database, CatalogSnapshot.key(q.schemaName(), stmt.renameTo()))) {
                    throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + stmt.renameTo()
                            + "\" already exists");
                }
                SequenceDef renamed = q.withName(stmt.renameTo());
                List<CuratorOp> out = new ArrayList<>();
                out.add(ops.deleteSequence(q).get(0));
                out.add(ops.createSequence(renamed).get(0));
                // PostgreSQL's defaults hold the sequence's OID (nextval('s'::regclass)); ours hold its name, so
                // the defaults that use it follow the rename
                for (TableDef t : snapshot.tables(database).values()) {
                    List<ColumnDef> cols = new ArrayList<>(t.columns());
                    boolean touched = false;
                    for (int i = 0; i < cols.size(); i++) {
                        ColumnDef c = cols.get(i);
                        if (name.equals(sequenceOf(c.defaultExpr()))) {
                            cols.set(i, c.withDefault(renamedIn(c.defaultExpr(), name, renamed)));
                            touched = true;
                        }
                    }
                    if (touched) {
                        out.add(ops.updateTable(t.altered(t.name(), cols, t.primaryKey(), t.checks())));
                    }
                }
                return out;
            }
            SequenceOptions o = stmt.options();
            SequenceDef next = ownedBy(define(q.id(), database, q.name(), o, q), o, snapshot);
            List<CuratorOp> out = new ArrayList<>();
            out.add(ops.updateSequence(next));
            if (o.restart) {
                long v = o.restartWith != null ? o.restartWith : next.start();
                if (v < next.min()) {
                    throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "RESTART value (" + v
                            + ") cannot be less than MINVALUE (" + next.min() + ")");
                }
                if (v > next.max()) {
                    throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "RESTART value (" + v
                            + ") cannot be greater than MAXVALUE (" + next.max() + ")");
                }
                out.add(ops.setCounter(next, new SequenceStore.Counter(v, false, next.epoch())));
            }
            return out;
        });
        return notices;
    }

    /** DROP SEQUENCE; refuses (2BP01) one a column default still uses, unless CASCADE (which drops the default). */
    List<TesseraException> drop(SqlDropSequence stmt, String database) {
        List<TesseraException> notices = new ArrayList<>();
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            List<CuratorOp> out = new ArrayList<>();
            List<String> done = new ArrayList<>();
            List<TableDef> changed = new ArrayList<>();
            for (SqlIdentifier id : stmt.names()) {
                String name = DdlExecutor.tableNameOrSkip(id, stmt.ifExists(), notices);
                if (name == null) {
                    continue;
                }
                SequenceDef q = snapshot.sequences(database).get(name);
                if (q == null) {
                    if (stmt.ifExists()) {
                        notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION,
                                "sequence \"" + name + "\" does not exist, skipping"));
                        continue;
                    }
                    throw missing(snapshot, database, name);
                }
                if (done.contains(name)) {
                    continue;
                }
                done.add(name);
                for (TableDef t : snapshot.tables(database).values()) {
                    TableDef current = changed.stream().filter(c -> c.id() == t.id()).findFirst().orElse(t);
                    List<ColumnDef> cols = new ArrayList<>(current.columns());
                    boolean touched = false;
                    for (int i = 0; i < cols.size(); i++) {
                        ColumnDef c = cols.get(i);
                        if (name.equals(sequenceOf(c.defaultExpr()))) {
                            if (!stmt.cascade()) {
                                throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop sequence "
                                        + name + " because other objects depend on it", "default value for column "
                                        + c.name() + " of table " + t.name() + " depends on sequence " + name,
                                        "Use DROP ... CASCADE to drop the dependent objects too.", 0, null);
                            }
                            cols.set(i, c.withDefault(null));
                            touched = true;
                        }
                    }
                    if (touched) {
                        changed.removeIf(c -> c.id() == t.id());
                        changed.add(current.altered(current.name(), cols, current.primaryKey(), current.checks()));
                    }
                }
                out.addAll(ops.deleteSequence(q));
            }
            for (TableDef t : changed) {
                out.add(ops.updateTable(t));
            }
            return out;
        });
        return notices;
    }

    /** The catalog key of the sequence a DEFAULT of the form {@code nextval('s')} names, or null. */
    static String sequenceOf(String defaultExpr) {
        if (defaultExpr == null) {
            return null;
        }
        Matcher m = NEXTVAL.matcher(defaultExpr);
        return m.find() ? regclassKey(m.group(1)) : null;
    }

    /**
     * A DEFAULT's text as stored: each {@code nextval('name')} naming its sequence schema-qualified, as the name
     * resolves now through the session's search path. PostgreSQL turns the literal into a regclass constant (the
     * sequence's OID) when the default is made, so neither a later search path nor a RENAME or SET SCHEMA of the
     * sequence changes which sequence the default takes values from; the qualified name gives the same, as
     * {@link #renamedIn} keeps it current.
     *
     * @param catalog the catalog, for a thread that is not bound to a session (then names resolve in {@code public});
     *     null: the bound session's (the text is returned unchanged on an unbound thread)
     * @return the text, with the names of relations that are no sequence left as written (nextval refuses them)
     * @throws TesseraException 42P01 when no relation has the name, 3F000 when its schema does not exist, as
     *     PostgreSQL's regclass input
     */
    static String bound(String defaultExpr, CatalogSnapshot catalog, String database) {
        if (defaultExpr == null) {
            return null;
        }
        CatalogSnapshot s = SearchPath.catalog(catalog);
        if (s == null) {
            return defaultExpr;
        }
        Matcher m = NEXTVAL.matcher(defaultExpr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String written = m.group(1).replace("''", "'");
            String key = SearchPath.resolve(NameParts.split(written));
            SequenceDef q = s.sequences(database).get(key);
            if (q == null && !relationExists(s, database, key)) {
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + written + "\" does not exist");
            }
            String replacement = q == null ? m.group()
                    : m.group().substring(0, m.start(1) - m.start()) + regclassText(q).replace("'", "''") + "'";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * {@code defaultExpr} with its {@code nextval('fromKey')} calls naming sequence {@code to} instead (other text
     * unchanged), schema-qualified, so the default keeps naming it whatever the search path.
     */
    static String renamedIn(String defaultExpr, String fromKey, SequenceDef to) {
        Matcher m = NEXTVAL.matcher(defaultExpr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group();
            if (fromKey.equals(regclassKey(m.group(1)))) {
                replacement = replacement.substring(0, m.start(1) - m.start()) + regclassText(to).replace("'", "''")
                        + "'";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A serial or identity column's default: {@code nextval('s.q')}, schema-qualified even in public, so that it names
     * the same sequence under any search path, as PostgreSQL's default holds the sequence's OID.
     */
    static String nextvalOf(SequenceDef q) {
        return "nextval('" + regclassText(q).replace("'", "''") + "')";
    }

    /** The text a default's {@code nextval('...')} names {@code q} by: {@code s.q}, {@code public.q} included. */
    static String regclassText(SequenceDef q) {
        return Relations.quote(q.schemaName()) + "." + Relations.quote(q.name());
    }

    /**
     * The catalog key of a relation name given as text, as PostgreSQL's regclass input reads it: an unquoted name
     * folds to lower case, a double-quoted one keeps its case, a schema may precede it ({@code public.} is the bare
     * key). No search path: the key an unqualified name has in public.
     */
    static String regclassKey(String text) {
        List<String> parts = NameParts.split(text);
        return parts.size() == 2 ? CatalogSnapshot.key(parts.get(0), parts.get(1)) : parts.get(parts.size() - 1);
    }

    /** The error for a name that is no sequence: 42809 when a table has it, else 42P01. */
    static TesseraException missing(CatalogSnapshot s, String database, String name) {
        return missing(s, database, name, name);
    }

    /**
     * {@link #missing(CatalogSnapshot, String, String)} for catalog key {@code key}, reported as {@code written}
     * (PostgreSQL names the relation as the statement wrote it, qualified or not).
     */
    static TesseraException missing(CatalogSnapshot s, String database, String key, String written) {
        if (s.tables(database).containsKey(key)) {
            return new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + written + "\" is not a sequence");
        }
        return new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + written + "\" does not exist");
    }

    /** setval's check of its value: 22003 outside the sequence's MINVALUE..MAXVALUE. */
    static void checkBounds(SequenceDef q, long value) {
        if (value < q.min() || value > q.max()) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "setval: value " + value
                    + " is out of bounds for sequence \"" + q.name() + "\" (" + q.min() + ".." + q.max() + ")");
        }
    }

    /** setval: checks the bounds, then sets the counter in a catalog change that bumps the sequence's epoch. */
    long setval(String database, SequenceDef q, long value, boolean called) {
        checkBounds(q, value);
        catalog.apply((snapshot, root, ops) -> {
            SequenceDef current = snapshot.sequences(database).get(q.key());
            if (current == null || current.id() != q.id()) {
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + q.name() + "\" does not exist");
            }
            SequenceDef next = current.nextEpoch();
            return List.of(ops.updateSequence(next), ops.setCounter(next,
                    new SequenceStore.Counter(value, called, next.epoch())));
        });
        store.forget(q);
        return value;
    }
}

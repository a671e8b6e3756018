package io.tessera.coordinator.catalog;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Name resolution through a session's {@code search_path}, as PostgreSQL's {@code namespace.c} does it: an
 * unqualified table, view, sequence or type name denotes the object of that name in the first schema of the path
 * that has one; CREATE without a schema creates in the first schema of the path that exists (3F000 "no schema has
 * been selected to create in" when none does). A schema-qualified name denotes the object in that schema (3F000 when
 * the schema does not exist).
 *
 * <p>The statement being prepared or run binds its thread to its session ({@link #enter}): the session's database,
 * its {@code search_path} setting and the catalog as the session sees it (its transaction block's DDL included).
 * An unbound thread (a unit test, an internal statement) resolves through {@code public} alone, as Tessera did
 * before it had schemas.
 *
 * <p>The results are catalog keys ({@link CatalogSnapshot#key}): the bare name in {@code public},
 * {@code schema.name} elsewhere.
 */
public final class SearchPath {
    /** The default setting, PostgreSQL's: {@code "$user"} names the schema of the session user's name, if any. */
    public static final String DEFAULT = "\"$user\", public";

    /**
     * What a session resolves names against.
     *
     * @param catalog the catalog as the session sees it now
     * @param database the session's database
     * @param setting the session's {@code search_path} setting as SHOW prints it
     * @param user the session user, whose schema {@code "$user"} names when there is one
     * @param tempSchema the session's temporary schema ({@code pg_temp_N}), null until its first temporary table
     */
    public record Binding(Supplier<CatalogSnapshot> catalog, String database, Supplier<String> setting, String user,
            Supplier<String> tempSchema) {
        /** A session without temporary tables. */
        public Binding(Supplier<CatalogSnapshot> catalog, String database, Supplier<String> setting, String user) {
            this(catalog, database, setting, user, () -> null);
        }

        /** The session's temporary schema when the catalog it sees has it, else null. */
        String existingTempSchema(CatalogSnapshot s) {
            String temp = tempSchema.get();
            return temp != null && s.schemaExists(database, temp) ? temp : null;
        }
    }

    /** The alias of the session's own temporary schema in qualified names, as in PostgreSQL. */
    public static final String PG_TEMP = "pg_temp";

    /**
     * The schemas relation names (tables, views, sequences) resolve in: {@code path} with the session's temporary
     * schema first, as PostgreSQL searches it first unless {@code search_path} places {@code pg_temp} elsewhere.
     *
     * @param setting the {@code search_path} setting ({@code pg_temp} listed there keeps its place)
     * @param path the existing schemas of {@code setting} ({@link #existing})
     * @param tempSchema the session's temporary schema, or null when it has none
     */
    public static List<String> relationPath(String setting, List<String> path, String tempSchema) {
        if (tempSchema == null) {
            return path;
        }
        List<String> out = new ArrayList<>(path);
        out.remove(tempSchema);
        List<String> listed = listed(setting);
        int at = listed.indexOf(PG_TEMP);
        if (at < 0) {
            out.add(0, tempSchema);
        } else { // after the existing schemas listed before it
            int before = 0;
            for (String s : listed.subList(0, at)) {
                before += out.contains(s) ? 1 : 0;
            }
            out.add(Math.min(before, out.size()), tempSchema);
        }
        return out;
    }

    /** The bound session's temporary schema if it exists, else null (also on an unbound thread). */
    public static String tempSchema() {
        Binding b = BOUND.get();
        return b == null ? null : b.existingTempSchema(b.catalog().get());
    }

    private static final ThreadLocal<Binding> BOUND = new ThreadLocal<>();

    private SearchPath() {
    }

    /** Binds the calling thread to a session until the returned action runs. */
    public static Runnable enter(Binding binding) {
        Binding previous = BOUND.get();
        BOUND.set(binding);
        return () -> BOUND.set(previous);
    }

    /**
     * The schema names a {@code search_path} setting lists, in order: unquoted ones folded to lower case, quoted ones
     * as written, {@code $user} included (callers drop the schemas that do not exist).
     */
    public static List<String> listed(String setting) {
        return Arrays.stream(setting.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.startsWith("\"") && s.endsWith("\"") && s.length() >= 2
                        ? s.substring(1, s.length() - 1).replace("\"\"", "\"") : s.toLowerCase(Locale.ROOT))
                .toList();
    }

    /**
     * The schemas of {@code setting} that exist in {@code database} of {@code catalog}, in order
     * ({@code current_schemas(false)}), {@code "$user"} read as {@code user}; with a null catalog, the built-in schemas
     * only.
     */
    public static List<String> existing(String setting, CatalogSnapshot catalog, String database, String user) {
        Existing last = lastExisting;
        if (last != null && last.catalog == catalog && last.setting.equals(setting)
                && java.util.Objects.equals(last.database, database) && java.util.Objects.equals(last.user, user)) {
            return last.schemas;
        }
        List<String> out = List.copyOf(existingUncached(setting, catalog, database, user));
        lastExisting = new Existing(setting, catalog, database, user, out);
        return out;
    }

    /**
     * The last answer of {@link #existing(String, CatalogSnapshot, String, String)}: every statement of every session
     * asks it (the planner's search path), almost always with the same setting and catalog snapshot, so it is split
     * and looked up once per snapshot instead of once per call. Catalog snapshots are immutable and compared by
     * identity.
     */
    private record Existing(String setting, CatalogSnapshot catalog, String database, String user,
            List<String> schemas) {
    }

    private static volatile Existing lastExisting;

    private static List<String> existingUncached(String setting, CatalogSnapshot catalog, String database,
            String user) {
        List<String> out = new ArrayList<>();
        for (String listed : listed(setting)) {
            String s = listed.equals("$user") && user != null ? user : listed;
            boolean exists = catalog == null ? CatalogSnapshot.BUILT_IN_SCHEMAS.contains(s)
                    : catalog.schemaExists(database, s);
            if (exists && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The schemas of {@code setting} that exist, as the bound session's catalog has them (the built-in ones only on
     * an unbound thread).
     */
    public static List<String> existing(String setting) {
        Binding b = BOUND.get();
        return b == null ? existing(setting, null, null, null)
                : existing(setting, b.catalog().get(), b.database(), b.user());
    }

    /**
     * The catalog as the bound session sees it (its transaction block's DDL included); {@code unbound} on an unbound
     * thread.
     */
    public static CatalogSnapshot catalog(CatalogSnapshot unbound) {
        Binding b = BOUND.get();
        return b == null ? unbound : b.catalog().get();
    }

    /** The bound session's existing search-path schemas; {@code [public]} on an unbound thread. */
    public static List<String> current() {
        Binding b = BOUND.get();
        return b == null ? List.of(CatalogSnapshot.PUBLIC)
                : existing(b.setting().get(), b.catalog().get(), b.database(), b.user());
    }

    /**
     * The catalog key of the table, view, sequence or type a possibly schema-qualified name denotes: the first match
     * along the search path; when nothing matches, the key the name would have in the first schema of the path (so a
     * lookup by it finds nothing and reports the name).
     *
     * @throws TesseraException 3F000 when a qualifying schema does not exist; 0A000 for a cross-database name
     */
    public static String resolve(List<String> names) {
        return resolve(names, BOUND.get());
    }

    /**
     * {@link #resolve(List)} for session {@code b} (null: unbound), whatever thread runs it: the sequence functions
     * resolve their argument at call time, where the executing thread need not be bound.
     */
    public static String resolve(List<String> names, Binding b) {
        String name = names.get(names.size() - 1);
        if (names.size() > 2) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "cross-database references are not implemented: " + String.join(".", names));
        }
        if (names.size() == 2) {
            return CatalogSnapshot.key(existingSchema(b, names.get(0)), name);
        }
        if (b == null) {
            return name;
        }
        CatalogSnapshot s = b.catalog().get();
        List<String> path = existing(b.setting().get(), s, b.database(), b.user());
        for (String schema : relationPath(b.setting().get(), path, b.existingTempSchema(s))) {
            if (s.table(b.database(), schema, name) != null || s.view(b.database(), schema, name) != null
                    || s.sequence(b.database(), schema, name) != null || s.type(b.database(), schema, name) != null) {
                return CatalogSnapshot.key(schema, name);
            }
        }
        return path.isEmpty() ? name : CatalogSnapshot.key(path.get(0), name);
    }

    /**
     * The qualifying schema of {@code names} when it does not exist (for the bound session; the built-in schemas
     * only when unbound), else null: DROP ... IF EXISTS and ALTER ... IF EXISTS skip such a name with a NOTICE where
     * {@link #resolve} would fail with 3F000, as PostgreSQL's {@code RangeVarGetRelidExtended} with
     * {@code missing_ok} does.
     */
    public static String missingSchema(List<String> names) {
        if (names.size() != 2) {
            return null;
        }
        Binding b = BOUND.get();
        String schema = names.get(0);
        boolean exists = b == null ? CatalogSnapshot.BUILT_IN_SCHEMAS.contains(schema)
                : b.catalog().get().schemaExists(b.database(), schema);
        return exists ? null : schema;
    }

    /**
     * The schema a CREATE of a possibly schema-qualified name creates in: the named one, else the first existing
     * schema of the search path.
     *
     * @throws TesseraException 3F000 when the named schema does not exist, or no schema of the path does
     */
    public static String creationSchema(List<String> names) {
        return creationSchema(names, false);
    }

    /**
     * {@link #creationSchema(List)} of a relation that is temporary ({@code CREATE TEMP TABLE}) or not: a temporary
     * one is created in the session's temporary schema, which must exist by now; so is one qualified by
     * {@code pg_temp} or its temporary schema's own name, as in PostgreSQL.
     *
     * @throws TesseraException 42P16 for a temporary relation qualified by another schema
     */
    public static String creationSchema(List<String> names, boolean temporary) {
        Binding b = BOUND.get();
        String temp = b == null ? null : b.existingTempSchema(b.catalog().get());
        if (names.size() == 2 && temp != null && (names.get(0).equals(PG_TEMP) || names.get(0).equals(temp))) {
            return temp;
        }
        if (temporary) {
            if (names.size() == 2 || temp == null) {
                throw new TesseraException(SqlState.INVALID_TABLE_DEFINITION,
                        "cannot create temporary relation in non-temporary schema");
            }
            return temp;
        }
        if (names.size() > 2) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                    "cross-database references are not implemented: " + String.join(".", names));
        }
        if (names.size() == 2) {
            return existingSchema(b, names.get(0));
        }
        List<String> path = current();
        if (path.isEmpty()) {
            throw new TesseraException(SqlState.INVALID_SCHEMA_NAME, "no schema has been selected to create in");
        }
        return path.get(0);
    }

    /** {@code schema}, when it exists for {@code b} (the built-in ones only when unbound); else 3F000. */
    private static String existingSchema(Binding b, String schema) {
        if (schema.equals(PG_TEMP) && b != null) {
            String temp = b.existingTempSchema(b.catalog().get());
            if (temp != null) {
                return temp;
            }
        }
        boolean exists = b == null ? CatalogSnapshot.BUILT_IN_SCHEMAS.contains(schema)
                : b.catalog().get().schemaExists(b.database(), schema);
        if (!exists) {
            throw new TesseraException(SqlState.INVALID_SCHEMA_NAME, "schema \"" + schema + "\" does not exist");
        }
        return schema;
    }
}

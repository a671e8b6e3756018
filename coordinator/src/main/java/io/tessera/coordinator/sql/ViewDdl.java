package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.ViewDef;
import io.tessera.coordinator.catalog.pgcatalog.PgTypeCatalog;
import io.tessera.coordinator.session.Column;
import io.tessera.sql.parser.TesseraSqlParser;
import io.tessera.sql.parser.ddl.SqlAlterView;
import io.tessera.sql.parser.ddl.SqlCreateTesseraView;
import io.tessera.sql.parser.ddl.SqlDropTesseraView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.curator.framework.api.transaction.CuratorOp;

/**
 * CREATE [OR REPLACE] VIEW and DROP VIEW, and the view dependencies DROP TABLE must respect, as PostgreSQL 15
 * (https://www.postgresql.org/docs/15/sql-createview.html). A view is a catalog record ({@link ViewDef}): its query
 * text, its columns (validated and typed by planning the query once at CREATE) and the relations it reads. Queries
 * expand it in place ({@link ViewExpander}); it holds no rows.
 *
 * <p>Dependencies: a view records the tables and views its query reads, by name; DROP TABLE / DROP VIEW of one of
 * them is 2BP01 unless CASCADE, which drops the dependent views too (transitively). PostgreSQL's views follow their
 * relations by OID; here a rename of a relation rewrites the queries of the views that read it
 * ({@link #renamedRelation}), so they keep working and {@code pg_get_viewdef} shows the new name. Dropping or
 * retyping a column a view reads is refused ({@link #viewsReading}).
 */
final class ViewDdl {
    private final CatalogStore catalog;

    ViewDdl(CatalogStore catalog) {
        this.catalog = catalog;
    }

    /**
     * CREATE [OR REPLACE] VIEW.
     *
     * @param sql the statement's text (the query is stored as written, from its position in it)
     * @param describe plans a query and returns its output columns (throws its validation error: 42P01, 42703 ...)
     * @throws TesseraException 42P07 when the name is taken (by a table, sequence, or a view without OR REPLACE);
     *     42601 for more column names than columns; 42701 for a repeated column name; 42P16 when OR REPLACE would
     *     drop, rename or retype a column
     */
    void create(SqlCreateTesseraView stmt, String database, String sql, Function<String, List<Column>> describe) {
        String schema = io.tessera.coordinator.catalog.SearchPath.creationSchema(stmt.name().names);
        String name = stmt.name().names.get(stmt.name().names.size() - 1);
        String key = io.tessera.coordinator.catalog.CatalogSnapshot.key(schema, name);
        String query = queryText(stmt, sql);
        List<Column> described = describe.apply(query);
        if (stmt.columnNames().size() > described.size()) {
            throw new TesseraException(SqlState.SYNTAX_ERROR, "CREATE VIEW specifies more column names than columns");
        }
        List<ViewDef.Column> cols = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < described.size(); i++) {
            Column c = described.get(i);
            String n = i < stmt.columnNames().size() ? stmt.columnNames().get(i) : c.name();
            if (!seen.add(n)) {
                throw new TesseraException(SqlState.DUPLICATE_COLUMN, "column \"" + n + "\" specified more than once");
            }
            cols.add(new ViewDef.Column(n, c.typeOid(), c.typmod(), c.name()));
        }
        List<String> path = io.tessera.coordinator.catalog.SearchPath.current(); // binds the query's names
        SqlNode bound = TesseraSqlParser.parse(query);
        ViewExpander.bind(bound, path, io.tessera.coordinator.catalog.SearchPath.catalog(catalog.snapshot()),
                database); // the session's catalog: a table made earlier in its transaction block binds too
        List<String> relations = ViewExpander.relations(bound);
        catalog.apply((snapshot, root, ops) -> {
            if (snapshot.tables(database).containsKey(key) || snapshot.sequences(database).containsKey(key)) {
                throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
            }
            ViewDef old = snapshot.views(database).get(key);
            if (old != null && !stmt.orReplace()) {
                throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
            }
            if (old != null) {
                replaceable(old, cols);
                return List.of(ops.updateView(new ViewDef(old.id(), database, old.schema(), name, query, cols,
                        relations, old.comments(), path)));
            }
            return List.of(ops.createView(new ViewDef(ops.allocateOid(), database, schema, name, query, cols,
                    relations, null, path)));
        });
    }

    /** PostgreSQL's checks of CREATE OR REPLACE VIEW: the old columns stay, in order, with their names and types. */
    private static void replaceable(ViewDef old, List<ViewDef.Column> cols) {
        if (cols.size() < old.columns().size()) {
            throw new TesseraException(SqlState.INVALID_TABLE_DEFINITION, "cannot drop columns from view");
        }
        for (int i = 0; i < old.columns().size(); i++) {
            ViewDef.Column a = old.columns().get(i);
            ViewDef.Column b = cols.get(i);
            if (!a.name().equals(b.name())) {
                throw new TesseraException(SqlState.INVALID_TABLE_DEFINITION, "cannot change name of view column \""
                        + a.name() + "\" to \"" + b.name() + "\"", null,
                        "Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.", 0, null);
            }
            if (a.typeOid() != b.typeOid() || a.typmod() != b.typmod()) {
                throw new TesseraException(SqlState.INVALID_TABLE_DEFINITION, "cannot change data type of view column \""
                        + a.name() + "\" from " + typeName(a) + " to " + typeName(b));
            }
        }
    }

    private static String typeName(ViewDef.Column c) {
        PgTypeCatalog.TypeRow t = PgTypeCatalog.byOid(c.typeOid());
        return t == null ? String.valueOf(c.typeOid()) : t.formatName();
    }

    /**
     * The query as written: the statement's text from the query's first token to the end (a trailing semicolon
     * dropped); Calcite's unparse of the query when the text cannot be cut there.
     */
    private static String queryText(SqlCreateTesseraView stmt, String sql) {
        SqlNode q = stmt.query();
        int start = offset(sql, q.getParserPosition().getLineNum(), q.getParserPosition().getColumnNum());
        if (start >= 0) {
            String text = sql.substring(start).strip();
            while (text.endsWith(";")) {
                text = text.substring(0, text.length() - 1).strip();
            }
            try {
                TesseraSqlParser.parse("SELECT * FROM (" + text + ") AS v");
                return text;
            } catch (RuntimeException e) {
                // the position did not start the whole query (e.g. a parenthesised one): unparse it instead
            }
        }
        return DdlExecutor.sqlText(q);
    }

    private static int offset(String sql, int line, int column) {
        if (line < 1 || column < 1) {
            return -1;
        }
        int off = 0;
        for (int l = 1; l < line; l++) {
            off = sql.indexOf('\n', off);
            if (off < 0) {
                return -1;
            }
            off++;
        }
        off += column - 1;
        return off <= sql.length() ? off : -1;
    }

    /**
     * ALTER VIEW [IF EXISTS] name RENAME TO new | RENAME [COLUMN] a TO b | OWNER TO role | SET SCHEMA s
     * ({@link SetSchemaDdl}).
     *
     * @return the notice of IF EXISTS on a missing view
     * @throws TesseraException 42P01 for an unknown view; 42809 when the name is a table or sequence; 42P07 when the
     *     new name is taken; 42703 for an unknown column, 42701 when the new column name is taken; 0A000 for RENAME
     *     COLUMN of a column another view reads (Tessera's views name columns by name); 42704 for an unknown role
     */
    List<TesseraException> alter(SqlAlterView stmt, String database) {
        List<TesseraException> notices = new ArrayList<>();
        String name = DdlExecutor.alteredNameOrSkip(stmt.name(), stmt.ifExists(), notices);
        if (name == null) {
            return notices;
        }
        if (stmt.setSchema() != null && catalog.snapshot().views(database).containsKey(name)) {
            SetSchemaDdl.view(catalog, database, name, stmt.setSchema());
            return notices;
        }
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            ViewDef v = snapshot.views(database).get(name);
            if (v == null) {
                if (snapshot.tables(database).containsKey(name) || snapshot.sequences(database).containsKey(name)) {
                    throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a view");
                }
                if (stmt.ifExists()) {
                    notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "relation \"" + name
                            + "\" does not exist, skipping"));
                    return List.of();
                }
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
            }
            if (stmt.ownerTo() != null) {
                if (!snapshot.roles().containsKey(stmt.ownerTo())) {
                    throw new TesseraException(SqlState.UNDEFINED_OBJECT, "role \"" + stmt.ownerTo()
                            + "\" does not exist");
                }
                return List.of();
            }
            List<CuratorOp> out = new ArrayList<>();
            if (stmt.renameTo() != null) {
                String to = stmt.renameTo();
                if (SequenceDdl.relationExists(snapshot, database, to)) {
                    throw new TesseraException(SqlState.DUPLICATE_TABLE, "relation \"" + to + "\" already exists");
                }
                out.add(ops.deleteView(v));
                out.add(ops.createView(new ViewDef(v.id(), database, v.schema(), to, v.query(), v.columns(),
                        v.relations(), v.comments(), v.searchPath())));
                for (ViewDef w : renamedRelation(snapshot, database, name, to)) {
                    out.add(ops.updateView(w));
                }
                return out;
            }
            List<ViewDef.Column> cols = new ArrayList<>(v.columns());
            int i = 0;
            while (i < cols.size() && !cols.get(i).name().equals(stmt.column())) {
                i++;
            }
            if (i == cols.size()) {
                throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + stmt.column()
                        + "\" does not exist");
            }
            if (cols.stream().anyMatch(c -> c.name().equals(stmt.columnTo()))) {
                throw new TesseraException(SqlState.DUPLICATE_COLUMN, "column \"" + stmt.columnTo()
                        + "\" of relation \"" + name + "\" already exists");
            }
            List<String> readers = viewsReading(snapshot, database, name, stmt.column());
            if (!readers.isEmpty()) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "cannot rename column " + stmt.column()
                        + " of view " + name + " because view " + readers.get(0) + " reads it", null,
                        "Tessera's views read columns by name: drop view " + readers.get(0) + " first.", 0, null);
            }
            ViewDef.Column c = cols.get(i);
            cols.set(i, new ViewDef.Column(stmt.columnTo(), c.typeOid(), c.typmod(), c.source()));
            out.add(ops.updateView(new ViewDef(v.id(), database, v.schema(), name, v.query(), cols, v.relations(),
                    v.comments(), v.searchPath())));
            return out;
        });
        return notices;
    }

    /**
     * The views that read relation {@code from} (its catalog key) with their queries reading {@code to} (a name in the
     * same schema) instead: what PostgreSQL's
     * reference by OID gives when a table or view is renamed. In each FROM clause, {@code from} becomes
     * {@code to AS from} (so the query's {@code from.column} references still resolve) or, where it has an alias,
     * {@code to}. The query keeps its text otherwise; when the parser's positions cannot be matched to the text,
     * Calcite's unparse of the changed query is stored instead.
     */
    static List<ViewDef> renamedRelation(CatalogSnapshot snapshot, String database, String from, String to) {
        TableDef table = snapshot.tables(database).get(from);
        ViewDef view = snapshot.views(database).get(from);
        String schema = table != null ? table.schema() : view != null ? view.schema() : null;
        String fromName = table != null ? table.name() : view != null ? view.name() : from;
        // a name the view wrote qualified (or SET SCHEMA qualified) stays qualified
        return rebind(snapshot, database, from, io.tessera.coordinator.catalog.CatalogSnapshot.key(schema, to),
                fromName, id -> id.names.size() == 2 ? List.of(id.names.get(0), to) : List.of(to));
    }

    /**
     * The views that read relation {@code from} (its catalog key, a table or view of {@code snapshot}), with their
     * queries reading it in schema {@code toSchema} instead (ALTER TABLE | VIEW ... SET SCHEMA): what PostgreSQL's
     * reference by OID gives. Each FROM item that names it, as the view's own search path binds the name, becomes
     * {@code toSchema.name AS name} (so the query's {@code name.column} references still resolve) or, where it has an
     * alias, {@code toSchema.name}.
     */
    static List<ViewDef> movedRelation(CatalogSnapshot snapshot, String database, String from, String toSchema) {
        TableDef table = snapshot.tables(database).get(from);
        ViewDef view = snapshot.views(database).get(from);
        String name = table != null ? table.name() : view != null ? view.name() : from;
        return rebind(snapshot, database, from, io.tessera.coordinator.catalog.CatalogSnapshot.key(toSchema, name),
                name, id -> List.of(toSchema, name));
    }

    /**
     * The views that read relation {@code from}, reading it under catalog key {@code toKey} instead: each FROM item
     * that names it, as the view's own search path binds the name, names it {@code newName} gives for that item
     * ({@link #rebound}, {@code alias} where the item had none).
     */
    private static List<ViewDef> rebind(CatalogSnapshot snapshot, String database, String from, String toKey,
            String alias, java.util.function.Function<SqlIdentifier, List<String>> newName) {
        List<ViewDef> out = new ArrayList<>();
        for (ViewDef w : snapshot.views(database).values()) {
            if (!w.relations().contains(from) || w.key().equals(from)) {
                continue;
            }
            List<String> path = w.searchPath() == null ? List.of(io.tessera.coordinator.catalog.CatalogSnapshot.PUBLIC)
                    : w.searchPath();
            List<String> relations = new ArrayList<>(w.relations());
            relations.replaceAll(r -> r.equals(from) ? toKey : r);
            String query = rebound(w.query(), id -> from.equals(boundKey(snapshot, database, path, id))
                    ? newName.apply(id) : null, alias);
            out.add(new ViewDef(w.id(), database, w.schema(), w.name(), query, w.columns(), relations, w.comments(),
                    w.searchPath()));
        }
        return out;
    }

    /**
     * The catalog key of the relation {@code id} names when its schema-less name is looked up along {@code path} in
     * {@code s} (a view's query, bound where the view was made); null when no relation has the name.
     */
    private static String boundKey(CatalogSnapshot s, String database, List<String> path, SqlIdentifier id) {
        if (id.names.size() == 2) {
            return io.tessera.coordinator.catalog.CatalogSnapshot.key(id.names.get(0), id.names.get(1));
        }
        if (id.names.size() != 1) {
            return null;
        }
        String name = id.names.get(0);
        for (String schema : path) {
            if (s.table(database, schema, name) != null || s.view(database, schema, name) != null
                    || s.sequence(database, schema, name) != null) {
                return io.tessera.coordinator.catalog.CatalogSnapshot.key(schema, name);
            }
        }
        return null;
    }


    /**
     * {@code query} with its FROM items naming relation {@code from} (unqualified or in {@code public}, as the
     * session's search path resolves them) naming {@code to} instead.
     */
    static String renamedIn(String query, String from, String to) {
        return rebound(query, id -> from.equals(DdlExecutor.tableName(id)) && (id.names.size() == 1
                || id.names.size() == 2 && id.names.get(0).equals("public")) ? List.of(to) : null, from);
    }

    /**
     * {@code query} with each FROM item naming a relation {@code replacement} gives a new name for (null: none)
     * naming that instead: {@code new AS alias} where it had no alias, {@code new} where it had one. The query keeps
     * its text otherwise; when the parser's positions cannot be matched to the text, Calcite's unparse of the changed
     * query is returned instead.
     */
    private static String rebound(String query,
            java.util.function.Function<SqlIdentifier, List<String>> replacement, String alias) {
        SqlNode parsed = TesseraSqlParser.parse(query);
        record Span(int start, int end, String text) {
        }
        List<Span> spans = new ArrayList<>();
        boolean[] positioned = {true};
        parsed.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
            @Override
            public Void visit(org.apache.calcite.sql.SqlCall call) {
                if (call instanceof org.apache.calcite.sql.SqlSelect select && select.getFrom() != null) {
                    select.setFrom(rename(select.getFrom()));
                }
                return super.visit(call);
            }

            /**
             * A column named through the relation ({@code s.t.col}, {@code s.t.*}): the relation's FROM item is
             * now named {@code alias}, so the column is {@code alias.col}, as PostgreSQL prints such a view.
             */
            @Override
            public Void visit(SqlIdentifier id) {
                if (id.names.size() < 3 || replacement.apply(new SqlIdentifier(id.names.subList(0, 2),
                        id.getParserPosition())) == null) {
                    return null;
                }
                List<String> names = new ArrayList<>();
                names.add(alias);
                names.addAll(id.names.subList(2, id.names.size()));
                replace(id, String.join(".", names.stream().map(DdlExecutor::quote).toList()));
                id.setNames(names, null);
                return null;
            }

            /**
             * Records that {@code id}'s text in the query becomes {@code text}; when the parser's position of
             * {@code id} does not spell its names in the query, the query will be unparsed instead.
             */
            private void replace(SqlIdentifier id, String text) {
                org.apache.calcite.sql.parser.SqlParserPos pos = id.getParserPosition();
                int start = offset(query, pos.getLineNum(), pos.getColumnNum());
                int end = offset(query, pos.getEndLineNum(), pos.getEndColumnNum());
                if (start < 0 || end < start || end >= query.length() || !id.names.equals(
                        io.tessera.coordinator.catalog.pgcatalog.NameParts.split(query.substring(start, end + 1)))) {
                    positioned[0] = false;
                } else {
                    spans.add(new Span(start, end + 1, text));
                }
            }

            private SqlNode rename(SqlNode item) {
                if (item instanceof org.apache.calcite.sql.SqlJoin join) {
                    join.setLeft(rename(join.getLeft()));
                    join.setRight(rename(join.getRight()));
                    return join;
                }
                boolean aliased = item.getKind() == org.apache.calcite.sql.SqlKind.AS;
                SqlNode named = aliased ? ((org.apache.calcite.sql.SqlCall) item).operand(0) : item;
                List<String> to = named instanceof SqlIdentifier id0 ? replacement.apply(id0) : null;
                if (to == null) {
                    return item;
                }
                SqlIdentifier id = (SqlIdentifier) named;
                String toText = String.join(".", to.stream().map(DdlExecutor::quote).toList());
                String text = aliased ? toText : toText + " AS " + DdlExecutor.quote(alias);
                replace(id, text);
                SqlIdentifier renamed = new SqlIdentifier(to, id.getParserPosition());
                if (aliased) {
                    ((org.apache.calcite.sql.SqlCall) item).setOperand(0, renamed);
                    return item;
                }
                return org.apache.calcite.sql.fun.SqlStdOperatorTable.AS.createCall(id.getParserPosition(), renamed,
                        new SqlIdentifier(alias, id.getParserPosition()));
            }
        });
        if (!positioned[0]) {
            return DdlExecutor.sqlText(parsed);
        }
        StringBuilder out = new StringBuilder(query);
        spans.sort((a, b) -> Integer.compare(b.start(), a.start()));
        for (Span sp : spans) {
            out.replace(sp.start(), sp.end(), sp.text());
        }
        return out.toString();
    }

    /**
     * DROP VIEW [IF EXISTS] a, b [CASCADE].
     *
     * @return notices: skipped names under IF EXISTS, views dropped by CASCADE
     * @throws TesseraException 42P01 for an unknown view; 42809 when the name is a table; 2BP01 when another view
     *     reads one of them and CASCADE is not given
     */
    List<TesseraException> drop(SqlDropTesseraView stmt, String database) {
        List<TesseraException> notices = new ArrayList<>();
        catalog.apply((snapshot, root, ops) -> {
            notices.clear();
            Set<String> dropping = new LinkedHashSet<>();
            for (SqlIdentifier id : stmt.names()) {
                String name = DdlExecutor.tableNameOrSkip(id, stmt.ifExists(), notices);
                if (name == null) {
                    continue;
                }
                if (!snapshot.views(database).containsKey(name)) {
                    if (snapshot.tables(database).containsKey(name)) {
                        throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a view", null,
                                "Use DROP TABLE to remove a table.", 0, null);
                    }
                    if (stmt.ifExists()) {
                        notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "view \"" + name
                                + "\" does not exist, skipping"));
                        continue;
                    }
                    throw new TesseraException(SqlState.UNDEFINED_TABLE, "view \"" + name + "\" does not exist");
                }
                dropping.add(name);
            }
            List<CuratorOp> out = new ArrayList<>();
            for (String v : dependents(snapshot, database, dropping, "view", stmt.cascade(), notices)) {
                out.add(ops.deleteView(snapshot.views(database).get(v)));
            }
            for (String v : dropping) {
                out.add(ops.deleteView(snapshot.views(database).get(v)));
            }
            return out;
        });
        return notices;
    }

    /**
     * The views whose query reads {@code column} of {@code table}: the view reads the table and names the column
     * somewhere (by name, so a same-named column of another table counts too: this errs on the refusing side).
     */
    static List<String> viewsReading(CatalogSnapshot snapshot, String database, String table, String column) {
        List<String> out = new ArrayList<>();
        for (ViewDef v : snapshot.views(database).values()) {
            if (v.relations().contains(table) // catalog keys
                    && AlterColumnDdl.references(TesseraSqlParser.parse(v.query()), column)) {
                out.add(v.name());
            }
        }
        return out;
    }

    /**
     * The views that read the relations being dropped and are not among them, transitively: without CASCADE their
     * existence is 2BP01 ({@code cannot drop table t because other objects depend on it}, each dependency in the
     * detail, as PostgreSQL); with CASCADE they are returned to be dropped too, each with a notice.
     *
     * @param kind "table" or "view", for the message
     */
    static List<String> dependents(CatalogSnapshot snapshot, String database, Set<String> dropping, String kind,
            boolean cascade, List<TesseraException> notices) {
        List<String> found = new ArrayList<>();
        List<String> detail = new ArrayList<>();
        Set<String> gone = new LinkedHashSet<>(dropping);
        boolean more = true;
        while (more) {
            more = false;
            for (ViewDef v : snapshot.views(database).values()) {
                if (gone.contains(v.key())) {
                    continue;
                }
                for (String r : v.relations()) {
                    if (gone.contains(r)) {
                        gone.add(v.key());
                        found.add(v.key());
                        String what = snapshot.views(database).containsKey(r) ? "view" : "table";
                        detail.add("view " + v.key() + " depends on " + what + " " + r);
                        more = true;
                        break;
                    }
                }
            }
        }
        if (found.isEmpty()) {
            return found;
        }
        if (!cascade) {
            throw new TesseraException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop " + kind + " "
                    + dropping.iterator().next() + " because other objects depend on it", String.join("\n", detail),
                    "Use DROP ... CASCADE to drop the dependent objects too.", 0, null);
        }
        for (String v : found) {
            notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "drop cascades to view " + v));
        }
        return found;
    }
}

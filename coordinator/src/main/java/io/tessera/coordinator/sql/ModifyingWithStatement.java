package io.tessera.coordinator.sql;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.QueryResult;
import io.tessera.sql.parser.ModifyingWith;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A statement with data-modifying statements in its WITH, or a WITH heading an INSERT, UPDATE or DELETE
 * (PostgreSQL 15 documentation, 7.8.4 "Data-Modifying Statements in WITH"), run as PostgreSQL runs it: each
 * data-modifying WITH query once and to completion, read or not, then the main statement over their RETURNING rows:
 * <pre>
 *   with d as (delete from a where k &lt; 3 returning *) insert into b select * from d
 *   1. delete from a where k &lt; 3 returning *                            rows r1..rn (materialized)
 *   2. insert into b with d("k", "v") as (values ($1, $2), ..., ($2n-1, $2n)) select * from d
 * </pre>
 * Each part goes through the ordinary path ({@link Host#prepare}): its plan, privilege check and table locks. The
 * RETURNING rows reach the main statement as a {@code VALUES} list of parameters numbered after the client's, typed
 * by the RETURNING columns' types, so values, NULLs and types pass unchanged and the names are the RETURNING names
 * (or the WITH query's column list). A data-modifying query that reads an earlier WITH query, and an UPDATE or DELETE
 * as the main statement, get each such FROM item inlined as a sub-query ({@link ModifyingWith#inline}).
 *
 * <p>All parts are one statement ({@link Host#asOneStatement}): one transaction (outside a block, one that commits
 * at the end or rolls everything back), one snapshot and one command id, so no part sees another's writes — the
 * main statement reads the tables as they were, and the WITH queries' effects only through their RETURNING rows.
 *
 * <p>Not as PostgreSQL: a plain SELECT WITH query next to data-modifying ones is planned with the main statement
 * (inlined where the main statement is an UPDATE or DELETE); the parts' plans are made before any part runs, so the
 * RowDescription is known at Describe; error positions inside the main statement are those of the rewritten text.
 */
final class ModifyingWithStatement implements PreparedStatement {
    /** The session as this statement needs it. */
    interface Host {
        /** Prepares one part through the ordinary path. */
        PreparedStatement prepare(String sql, List<Integer> paramTypeOids);

        /**
         * Runs {@code body} as one statement: one transaction (begun and ended here outside a block), one snapshot
         * and one command id for every part it executes; a failure rolls back what the parts wrote.
         */
        <T> T asOneStatement(Supplier<T> body);

        /**
         * The SQL name of a type to cast to ({@code numeric(6,2)}, {@code "public"."mood"} for an enum), or null
         * when there is none.
         */
        String typeName(int oid, int typmod);
    }

    private final ModifyingWith with;
    private final Host host;
    private final int clientCount;
    private final List<Integer> clientTypes;
    /** The data-modifying WITH queries' statements by index in {@link ModifyingWith#ctes()}, prepared now. */
    private final Map<Integer, PreparedStatement> parts = new HashMap<>();
    private final List<Integer> parameterTypes;
    private final List<Column> columns;

    ModifyingWithStatement(ModifyingWith with, String sql, List<Integer> paramTypeOids, Host host) {
        this.with = with;
        this.host = host;
        int markers = TesseraSqlParser.rewriteParameters(sql).parameterNumbers().stream()
                .mapToInt(Integer::intValue).max().orElse(0);
        this.clientCount = Math.max(markers, paramTypeOids.size());
        this.clientTypes = paramTypeOids;
        List<Integer> types = new ArrayList<>(pad(paramTypeOids));
        Map<Integer, List<Object[]>> oneRow = new HashMap<>();
        for (int i = 0; i < with.ctes().size(); i++) {
            ModifyingWith.Cte c = with.ctes().get(i);
            if (!c.kind().modifies()) {
                continue;
            }
            Text body = inlined(c.body(), i, oneRow);
            PreparedStatement part = host.prepare(body.sql, body.types);
            parts.put(i, part);
            merge(types, part.parameterTypes());
            oneRow.put(i, List.<Object[]>of(new Object[part.columns().size()]));
        }
        Text main = main(oneRow);
        PreparedStatement describe = host.prepare(main.sql, main.types);
        merge(types, describe.parameterTypes());
        this.parameterTypes = List.copyOf(types.subList(0, clientCount));
        this.columns = describe.columns();
    }

    @Override
    public List<Integer> parameterTypes() {
        return parameterTypes;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public QueryResult execute(List<Object> params) {
        return host.asOneStatement(() -> {
            Map<Integer, List<Object[]>> returned = new HashMap<>();
            List<Object> bound = new ArrayList<>(params);
            while (bound.size() < clientCount) {
                bound.add(null);
            }
            for (int i = 0; i < with.ctes().size(); i++) {
                if (!parts.containsKey(i)) {
                    continue;
                }
                Text body = inlined(with.ctes().get(i).body(), i, returned);
                PreparedStatement part = body.values.isEmpty() ? parts.get(i) : host.prepare(body.sql, body.types);
                returned.put(i, drain(part.execute(concat(bound, body.values))).rows);
            }
            Text main = main(returned);
            Drained r = drain(host.prepare(main.sql, main.types).execute(concat(bound, main.values)));
            return new ListResult(columns, r.rows, r.tag);
        });
    }

    private record Drained(List<Object[]> rows, String tag) {
    }

    private static Drained drain(QueryResult r) {
        try (r) {
            List<Object[]> rows = new ArrayList<>();
            for (Object[] row = r.next(); row != null; row = r.next()) {
                rows.add(row);
            }
            return new Drained(rows, r.commandTag());
        }
    }

    /** A part's text, its parameter types (the client's, then the RETURNING values'), and those values. */
    private record Text(String sql, List<Integer> types, List<Object> values) {
    }

    /** Builds parameter markers for RETURNING rows after the client's. */
    private final class Values {
        final List<Integer> types = new ArrayList<>(pad(clientTypes));
        final List<Object> values = new ArrayList<>();

        /** The rows of WITH query {@code index} as a query text ({@code VALUES ...}). */
        String query(int index, List<Object[]> rows) {
            List<Column> cols = parts.get(index).columns();
            StringBuilder sb = new StringBuilder();
            List<Object[]> shown = rows.isEmpty() ? List.<Object[]>of(new Object[cols.size()]) : rows;
            sb.append(rows.isEmpty() ? "select * from (values " : "values ");
            for (int r = 0; r < shown.size(); r++) {
                sb.append(r == 0 ? "(" : ", (");
                for (int c = 0; c < cols.size(); c++) {
                    int oid = cols.get(c).typeOid();
                    String type = host.typeName(oid, cols.get(c).typmod());
                    types.add(PgType.ofOid(oid) != null ? oid : 0); // an enum's label is cast from unknown
                    values.add(shown.get(r)[c]);
                    sb.append(c == 0 ? "" : ", ").append(type != null ? "cast($" : "$").append(clientCount + values.size());
                    if (type != null) { // typed where no context types it (UPDATE ... FROM), its typmod kept
                        sb.append(" as ").append(type).append(')');
                    }
                }
                sb.append(')');
            }
            return rows.isEmpty() ? sb.append(") as v where false").toString() : sb.toString();
        }

        /** The column list a WITH query's rows get: its own list as written, else the RETURNING names. */
        String columnList(int index) {
            ModifyingWith.Cte c = with.ctes().get(index);
            if (c.columns() != null) {
                return c.columns();
            }
            StringBuilder sb = new StringBuilder("(");
            for (Column col : parts.get(index).columns()) {
                sb.append(sb.length() == 1 ? "" : ", ").append('"').append(col.name().replace("\"", "\"\""))
                        .append('"');
            }
            return sb.append(')').toString();
        }

        Text text(String sql) {
            return new Text(sql, types, values);
        }
    }

    /** The data-modifying WITH query {@code index} over the WITH queries before it. */
    private Text inlined(String body, int index, Map<Integer, List<Object[]>> returned) {
        return over(body, with.ctes().get(index).kind(), index, returned);
    }

    /** The WITH queries before {@code index} as relations to inline, those without RETURNING left out. */
    private Map<String, ModifyingWith.Relation> relations(int index, Map<Integer, List<Object[]>> returned,
            Values v) {
        Map<String, ModifyingWith.Relation> out = new HashMap<>();
        for (int i = 0; i < index; i++) {
            ModifyingWith.Cte c = with.ctes().get(i);
            if (!c.kind().modifies()) {
                out.put(c.name(), new ModifyingWith.Relation(c.body().strip(), c.columns()));
            } else if (c.returning()) {
                out.put(c.name(), new ModifyingWith.Relation(v.query(i, returned.get(i)), v.columnList(i)));
            }
        }
        return out;
    }

    /** The main statement over the WITH queries' rows ({@code returned}, by index). */
    private Text main(Map<Integer, List<Object[]>> returned) {
        return over(with.main(), with.mainKind(), with.ctes().size(), returned);
    }

    /**
     * {@code statement} (of {@code kind}) over the WITH queries before {@code upTo} and their rows
     * ({@code returned}, by index): a query or an INSERT's source gets them as its WITH, an UPDATE or DELETE its
     * FROM items naming them inlined; the statement as it is (its offsets kept) when it needs none.
     */
    private Text over(String statement, ModifyingWith.Kind kind, int upTo, Map<Integer, List<Object[]>> returned) {
        Values v = new Values();
        if (kind == ModifyingWith.Kind.UPDATE || kind == ModifyingWith.Kind.DELETE) {
            Map<String, ModifyingWith.Relation> relations = relations(upTo, returned, v);
            return v.text(relations.isEmpty() ? statement : ModifyingWith.inline(statement, relations));
        }
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < upTo; i++) {
            ModifyingWith.Cte c = with.ctes().get(i);
            String query;
            String name;
            if (!c.kind().modifies()) {
                query = c.body().strip();
                name = c.head();
            } else if (c.returning()) {
                query = v.query(i, returned.get(i));
                name = c.columns() != null ? c.head() : c.head() + v.columnList(i);
            } else {
                continue;
            }
            head.append(head.length() == 0 ? (with.recursive() ? "with recursive " : "with ") : ", ")
                    .append(name).append(" as (").append(query).append(')');
        }
        if (head.length() == 0) {
            return v.text(statement);
        }
        String text = statement.strip();
        if (kind == ModifyingWith.Kind.INSERT) {
            int source = ModifyingWith.insertSource(text);
            if (source < 0) {
                return v.text(statement); // DEFAULT VALUES reads nothing
            }
            return v.text(text.substring(0, source) + head + " " + text.substring(source));
        }
        return v.text(head + " " + text);
    }

    private List<Integer> pad(List<Integer> types) {
        List<Integer> out = new ArrayList<>(types);
        while (out.size() < clientCount) {
            out.add(0);
        }
        return out;
    }

    /** Fills the unknown (0) types of {@code into}'s first {@link #clientCount} with those {@code from} inferred. */
    private void merge(List<Integer> into, List<Integer> from) {
        for (int i = 0; i < clientCount && i < from.size(); i++) {
            if (into.get(i) == 0) {
                into.set(i, from.get(i));
            }
        }
    }

    private static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}

package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ViewDef;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Replaces every view named in a FROM clause by its defining query, before validation — what PostgreSQL's rewriter
 * does with a view's {@code _RETURN} rule:
 * <pre>
 *   SELECT x FROM v WHERE ...   →   SELECT x FROM (SELECT "q1" AS "a", "q2" AS "b" FROM (&lt;v's query&gt;) AS "v") AS "v" WHERE ...
 * </pre>
 * The inner select reads the columns the query had at CREATE (so a {@code SELECT *} view keeps its columns when its
 * table gains one) under the view's column names (its CREATE VIEW column list). A view's query
 * may name other views: they are expanded in turn (the visitor walks into the inserted subquery), up to
 * {@value #MAX_DEPTH} levels. The tree is changed in place.
 *
 * <p>A view's relations are bound as at CREATE VIEW, not through the reading session's {@code search_path}: each
 * unqualified table or view name of its query's FROM clauses (a WITH query's name aside) is qualified by the first
 * schema of the view's creation path ({@link ViewDef#searchPath}) that has a relation of that name, before the
 * query is expanded further. PostgreSQL binds by OID; binding by schema keeps the same relation unless it is dropped
 * and created again.
 */
public final class ViewExpander {
    private static final int MAX_DEPTH = 64;
    private static final SqlParserPos POS = SqlParserPos.ZERO;

    private ViewExpander() {
    }

    /** The query with the views of {@code database} expanded (the same node, changed in place, unless top-level). */
    static SqlNode expand(SqlNode query, CatalogSnapshot catalog, String database) {
        Map<String, ViewDef> views = catalog.views(database);
        if (views.isEmpty() || query == null) {
            return query;
        }
        int[] expanded = {0};
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() != null) {
                    select.setFrom(from(select.getFrom(), views, expanded, catalog, database));
                }
                return super.visit(call);
            }
        });
        return query;
    }

    /**
     * The tables and views a query reads in its FROM clauses, for dependency tracking: a qualified name as its catalog
     * key ({@link CatalogSnapshot#key}), an unqualified one as written (a {@link #bind bound} query has none that
     * names a relation).
     */
    static List<String> relations(SqlNode query) {
        List<String> out = new ArrayList<>();
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() != null) {
                    names(select.getFrom(), n -> {
                        if (!out.contains(n)) {
                            out.add(n);
                        }
                    });
                }
                return super.visit(call);
            }
        });
        return out;
    }

    private static void names(SqlNode from, Consumer<String> sink) {
        if (from instanceof SqlIdentifier id) {
            sink.accept(key(id));
        } else if (from instanceof SqlJoin join) {
            names(join.getLeft(), sink);
            names(join.getRight(), sink);
        } else if (from.getKind() == SqlKind.AS && ((SqlCall) from).operand(0) instanceof SqlIdentifier id) {
            sink.accept(key(id));
        }
    }

    private static String key(SqlIdentifier id) {
        return id.names.size() == 2 ? CatalogSnapshot.key(id.names.get(0), id.names.get(1))
                : id.names.get(id.names.size() - 1);
    }

    private static SqlNode from(SqlNode from, Map<String, ViewDef> views, int[] expanded, CatalogSnapshot catalog,
            String database) {
        if (from instanceof SqlIdentifier id) {
            ViewDef v = view(id, views);
            return v == null ? from : SqlStdOperatorTable.AS.createCall(POS, body(v, expanded, catalog, database),
                    new SqlIdentifier(v.name(), POS));
        }
        if (from instanceof SqlJoin join) {
            join.setLeft(from(join.getLeft(), views, expanded, catalog, database));
            join.setRight(from(join.getRight(), views, expanded, catalog, database));
            return join;
        }
        if (from.getKind() == SqlKind.AS && from instanceof SqlCall as && as.operand(0) instanceof SqlIdentifier id) {
            ViewDef v = view(id, views);
            if (v != null) {
                as.setOperand(0, body(v, expanded, catalog, database));
            }
        }
        return from;
    }

    /**
     * Qualifies the unqualified relation names of {@code query}'s FROM clauses (its WITH queries' names aside) by the
     * first schema of {@code path} that has a table or view of that name, in place; a name no schema of the path has
     * stays as it is (the planner reports it).
     */
    public static void bind(SqlNode query, List<String> path, CatalogSnapshot catalog, String database) {
        java.util.Set<String> withNames = new java.util.HashSet<>();
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof org.apache.calcite.sql.SqlWithItem item) {
                    withNames.add(item.name.getSimple());
                }
                return super.visit(call);
            }
        });
        java.util.function.UnaryOperator<SqlNode> qualify = new java.util.function.UnaryOperator<>() {
            @Override
            public SqlNode apply(SqlNode from) {
                if (from instanceof SqlIdentifier id && id.names.size() == 1 && !withNames.contains(id.getSimple())) {
                    for (String schema : path) {
                        if (catalog.table(database, schema, id.getSimple()) != null
                                || catalog.view(database, schema, id.getSimple()) != null) {
                            return new SqlIdentifier(List.of(schema, id.getSimple()), id.getParserPosition());
                        }
                    }
                } else if (from instanceof SqlJoin join) {
                    join.setLeft(apply(join.getLeft()));
                    join.setRight(apply(join.getRight()));
                } else if (from.getKind() == SqlKind.AS && from instanceof SqlCall as
                        && as.operand(0) instanceof SqlIdentifier) {
                    as.setOperand(0, apply(as.operand(0)));
                }
                return from;
            }
        };
        query.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() != null) {
                    select.setFrom(qualify.apply(select.getFrom()));
                }
                return super.visit(call);
            }
        });
    }

    /** The view a FROM item names, through the session's search path ({@code SearchPath#resolve}), or null. */
    private static ViewDef view(SqlIdentifier id, Map<String, ViewDef> views) {
        if (id.names.size() > 2 || views.isEmpty()) {
            return null;
        }
        String key;
        try {
            key = io.tessera.coordinator.catalog.SearchPath.resolve(id.names);
        } catch (TesseraException noSuchSchema) {
            return null; // the planner reports the relation as missing (42P01), as PostgreSQL does
        }
        ViewDef v = views.get(key);
        String schema = id.names.size() == 2 ? id.names.get(0) : null;
        return v != null && (schema == null || schema.equals(io.tessera.coordinator.catalog.CatalogSnapshot
                .schemaOf(v.schema()))) ? v : null;
    }

    /** {@code SELECT * FROM (<query>) AS "v"(columns)}, freshly parsed (validation rewrites trees in place). */
    private static SqlNode body(ViewDef v, int[] expanded, CatalogSnapshot catalog, String database) {
        if (++expanded[0] > MAX_DEPTH * 16) {
            throw new TesseraException(SqlState.INVALID_OBJECT_DEFINITION, "infinite recursion detected in rules for relation \""
                    + v.name() + "\"");
        }
        StringBuilder cols = new StringBuilder();
        for (ViewDef.Column c : v.columns()) {
            cols.append(cols.length() > 0 ? ", " : "").append(DdlExecutor.quote(c.source())).append(" AS ")
                    .append(DdlExecutor.quote(c.name()));
        }
        SqlNode q = TesseraSqlParser.parse("SELECT " + cols + " FROM (" + v.query() + ") AS "
                + DdlExecutor.quote(v.name()));
        if (v.searchPath() != null) {
            bind(q, v.searchPath(), catalog, database);
        }
        return PgRewriter.rewrite(q);
    }
}

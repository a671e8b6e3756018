package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.SequenceDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.ViewDef;
import io.tessera.sql.parser.ddl.SqlComment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code COMMENT ON TABLE | VIEW | COLUMN | INDEX | SEQUENCE ... IS 'text' | NULL} (https://www.postgresql.org/docs/15/sql-comment.html).
 * A comment is kept in its table's or view's catalog record ({@link TableDef#comments}, {@link ViewDef#comments}),
 * keyed by the column's id (its attnum), so it follows renames; {@code pg_description}, {@code obj_description} and
 * {@code col_description} read it there. An empty text removes the comment, as in PostgreSQL. A table's comment
 * does not change its schema version: datanodes are not concerned.
 */
final class CommentDdl {
    private final CatalogStore catalog;

    CommentDdl(CatalogStore catalog) {
        this.catalog = catalog;
    }

    /**
     * Sets or removes a comment.
     *
     * @throws TesseraException 42P01 for an unknown relation, 42703 for an unknown column, 42809 for TABLE naming a
     *     view or VIEW naming a table, INDEX or SEQUENCE naming another relation
     */
    void comment(SqlComment stmt, String database) {
        String type = stmt.objectType();
        if (type.equals("SEQUENCE")) {
            commentSequence(qualifiedName(stmt.name().names), stmt.text() == null || stmt.text().isEmpty() ? null
                    : stmt.text(), database);
            return;
        }
        if (type.equals("INDEX")) {
            commentIndex(qualifiedName(stmt.name().names), stmt.text() == null || stmt.text().isEmpty() ? null
                    : stmt.text(), database);
            return;
        }
        List<String> names = stmt.name().names;
        String relation;
        String column = null;
        if (type.equals("COLUMN")) {
            if (names.size() < 2) {
                throw new TesseraException(SqlState.SYNTAX_ERROR, "column name must be qualified");
            }
            column = names.get(names.size() - 1);
            relation = qualifiedName(names.subList(0, names.size() - 1));
        } else {
            relation = qualifiedName(names);
        }
        String text = stmt.text() == null || stmt.text().isEmpty() ? null : stmt.text();
        String col = column;
        catalog.apply((snapshot, root, ops) -> {
            TableDef t = snapshot.tables(database).get(relation);
            ViewDef v = snapshot.views(database).get(relation);
            if (t == null && v == null) {
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + relation + "\" does not exist");
            }
            if (t != null) {
                RedistributionJobs.refuseDdl(database, relation);
            }
            if (type.equals("TABLE") && t == null) {
                throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + relation + "\" is not a table");
            }
            if (type.equals("VIEW") && v == null) {
                throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + relation + "\" is not a view");
            }
            String key = "";
            if (col != null) {
                int attnum = 0;
                if (t != null) {
                    attnum = t.attnum(col);
                } else {
                    for (int i = 0; i < v.columns().size(); i++) {
                        if (v.columns().get(i).name().equals(col)) {
                            attnum = i + 1;
                        }
                    }
                }
                if (attnum == 0) {
                    throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + col + "\" of relation \""
                            + relation + "\" does not exist");
                }
                key = Integer.toString(attnum);
            }
            Map<String, String> comments = new HashMap<>(t != null ? t.comments() : v.comments());
            if (text == null) {
                comments.remove(key);
            } else {
                comments.put(key, text);
            }
            return List.of(t != null ? ops.updateTable(t.withComments(comments))
                    : ops.updateView(v.withComments(comments)));
        });
    }

    /**
     * COMMENT ON INDEX: kept in the comments of the index's table under {@link TableDef#commentKey} (a secondary
     * index) or {@link TableDef#PRIMARY_KEY_COMMENT} (the primary key's index), so it survives the ALTER TABLEs that rebuild the table (they keep
     * index ids) and goes with the index (readers skip keys of indexes that are gone).
     *
     * @throws TesseraException 42P01 for an unknown relation, 42809 for a relation that is not an index
     */
    private void commentIndex(String index, String text, String database) {
        catalog.apply((snapshot, root, ops) -> {
            for (TableDef t : snapshot.tables(database).values()) {
                String key = !t.primaryKey().isEmpty()
                        && io.tessera.coordinator.catalog.pgcatalog.CatalogOids.primaryKeyName(t).equals(index)
                        ? TableDef.PRIMARY_KEY_COMMENT : t.index(index) != null ? TableDef.commentKey(t.index(index)) : null;
                if (key != null) {
                    Map<String, String> comments = new HashMap<>(t.comments());
                    if (text == null) {
                        comments.remove(key);
                    } else {
                        comments.put(key, text);
                    }
                    return List.of(ops.updateTable(t.withComments(comments)));
                }
            }
            if (SequenceDdl.relationExists(snapshot, database, index)) {
                throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + index + "\" is not an index");
            }
            throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + index + "\" does not exist");
        });
    }

    /**
     * COMMENT ON SEQUENCE: kept in the sequence's catalog record ({@link SequenceDef#comment}), which keeps it through
     * setval, ALTER SEQUENCE and RENAME.
     *
     * @throws TesseraException 42P01 for an unknown relation, 42809 for a relation that is not a sequence
     */
    private void commentSequence(String sequence, String text, String database) {
        catalog.apply((snapshot, root, ops) -> {
            SequenceDef q = snapshot.sequences(database).get(sequence);
            if (q == null) {
                if (SequenceDdl.relationExists(snapshot, database, sequence)) {
                    throw new TesseraException(SqlState.WRONG_OBJECT_TYPE, "\"" + sequence + "\" is not a sequence");
                }
                throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + sequence + "\" does not exist");
            }
            return List.of(ops.updateSequence(q.withComment(text)));
        });
    }

    private static String qualifiedName(List<String> names) {
        return DdlExecutor.tableName(new org.apache.calcite.sql.SqlIdentifier(names,
                org.apache.calcite.sql.parser.SqlParserPos.ZERO));
    }
}

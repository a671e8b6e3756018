package io.tessera.coordinator.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A view as the catalog stores it (one znode per view, JSON, under {@code /tessera/catalog/views/DB/NAME}). A query
 * naming the view reads its {@link #query} in its place (the coordinator expands it before validation), so a view
 * holds no data and datanodes never see it.
 *
 * @param id the view's object id (from the catalog's OID counter, never reused); its OID is
 *     {@link TableDef#FIRST_NORMAL_OID} + id, like a table's
 * @param database the database it belongs to
 * @param schema the schema it is in ({@code public} unless created in another: {@link SchemaDef})
 * @param name the view's name
 * @param query the defining SELECT as SQL text our parser reads back (the text {@code pg_get_viewdef} shows)
 * @param columns the view's columns in order: the names (the column list of CREATE VIEW, else the query's) and the
 *     types the query had when the view was created
 * @param relations the tables and views the query names (for DROP ... CASCADE / 2BP01), by name
 * @param comments COMMENT ON's texts: key {@code ""} the view's, a column's attnum (as text) that column's
 * @param searchPath the schemas of its creator's {@code search_path} that existed at CREATE VIEW, in order: the
 *     query's unqualified relation names are bound through them, not through the reading session's path, as
 *     PostgreSQL binds a view's relations when it is created; null in views created before views kept it (their
 *     names resolve through the reader's path)
 */
public record ViewDef(int id, String database, String schema, String name, String query, List<Column> columns,
        List<String> relations, java.util.Map<String, String> comments, List<String> searchPath) {

    /** A view whose names resolve through the reader's search path (see {@link #searchPath}). */
    public ViewDef(int id, String database, String schema, String name, String query, List<Column> columns,
            List<String> relations, java.util.Map<String, String> comments) {
        this(id, database, schema, name, query, columns, relations, comments, null);
    }

    /** A view without comments. */
    public ViewDef(int id, String database, String schema, String name, String query, List<Column> columns,
            List<String> relations) {
        this(id, database, schema, name, query, columns, relations, null);
    }

    /** This view with other comments. */
    public ViewDef withComments(java.util.Map<String, String> newComments) {
        return new ViewDef(id, database, schema, name, query, columns, relations, newComments, searchPath);
    }

    public ViewDef {
        comments = comments == null ? java.util.Map.of() : java.util.Map.copyOf(comments);
        columns = List.copyOf(columns);
        relations = relations == null ? List.of() : List.copyOf(relations);
        searchPath = searchPath == null ? null : List.copyOf(searchPath);
    }

    /**
     * A view column.
     *
     * @param name the column name
     * @param typeOid its type's OID (pg_type)
     * @param typmod its atttypmod (-1 when none)
     * @param source the name the query gave the column at CREATE: a view reads these columns of its query, so a
     *     {@code SELECT *} view keeps its columns when its table gains one, as in PostgreSQL
     */
    public record Column(String name, int typeOid, int typmod, String source) {
    }

    /** Its key in the catalog's view map and znode name ({@link CatalogSnapshot#key}). */
    @JsonIgnore
    public String key() {
        return CatalogSnapshot.key(schema, name);
    }

    /** The view's OID as pg_class reports it. */
    @JsonIgnore
    public int oid() {
        return TableDef.FIRST_NORMAL_OID + id;
    }
}

package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.EnumTypeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.pgcatalog.PgTypeCatalog;
import io.tessera.coordinator.session.Column;
import io.tessera.sql.parser.TesseraSqlParser;
import io.tessera.sql.parser.ddl.SqlCreateTableAs;
import io.tessera.sql.parser.ddl.SqlCreateTesseraTable;
import java.util.List;

/**
 * The two statements {@code CREATE TABLE ... AS query} and {@code SELECT ... INTO table} are made of: the CREATE
 * TABLE of the query's columns and the INSERT of its rows. The session runs them in one transaction
 * ({@code TesseraSession.createTableAs}).
 *
 * <p>Columns as PostgreSQL's {@code intorel_startup} makes them: the query's column names, the first ones replaced
 * by the statement's column name list (42601 {@code too many column names were specified} when it is longer), and
 * the query's result types with their typmods ({@code numeric(p,s)}, {@code varchar(n)}, {@code timestamp(p)} stay
 * what they were); an untyped literal ({@code unknown}) becomes {@code text}. Nothing else carries over: no NOT
 * NULL, defaults or keys. The distribution is the statement's {@code DISTRIBUTE BY} clause, else CREATE TABLE's
 * default.
 */
final class CreateTableAs {
    private static final int UNKNOWN_OID = 705;

    private CreateTableAs() {
    }

    /**
     * The CREATE TABLE of {@code as} with the columns of its query.
     *
     * @param columns the query's result columns, as RowDescription describes them
     * @throws TesseraException 42601 for more names than columns, 0A000 for a query without columns or of a type
     *     that is no column type
     */
    static SqlCreateTesseraTable table(SqlCreateTableAs as, List<Column> columns, CatalogSnapshot catalog,
            String database) {
        if (as.columnNames().size() > columns.size()) {
            throw new TesseraException(SqlState.SYNTAX_ERROR, "too many column names were specified");
        }
        if (columns.isEmpty()) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "tables without columns are not supported");
        }
        // Calcite types a string literal char(n): PostgreSQL's unknown, which CREATE TABLE AS makes text
        boolean[] untyped = AssignmentTyping.untyped(as.query(), columns.size());
        StringBuilder sql = new StringBuilder("CREATE TABLE t (");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            String name = i < as.columnNames().size() ? as.columnNames().get(i) : c.name();
            sql.append(i > 0 ? ", " : "").append(DdlExecutor.quote(name)).append(' ')
                    .append(untyped[i] ? "text" : typeName(c, catalog, database));
        }
        SqlCreateTesseraTable shape = (SqlCreateTesseraTable) TesseraSqlParser.parse(sql.append(')').toString());
        return as.shape().withColumns(shape.columns());
    }

    /** {@code INSERT INTO table (its columns) query}: the statement that fills the new table. */
    /**
     * CREATE TABLE AS's query text as the parser cut it out of the rewritten statement (each parameter a {@code ?}),
     * with PostgreSQL's {@code $n} markers back in place: the {@code i}-th {@code ?} outside string constants, quoted
     * identifiers and comments becomes {@code $paramNumbers[i]}. Null when the text holds a different number of them
     * (the parameters then lie outside the query, or a {@code ?} is no parameter).
     */
    static String withParameterMarkers(String query, List<Integer> paramNumbers) {
        if (paramNumbers.isEmpty()) {
            return query;
        }
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < query.length()) {
            int skipped = io.tessera.sql.parser.SqlLexer.skipNonCode(query, i);
            if (skipped > i) {
                out.append(query, i, skipped);
                i = skipped;
                continue;
            }
            char c = query.charAt(i);
            if (c == '?') {
                if (next >= paramNumbers.size()) {
                    return null;
                }
                out.append('$').append(paramNumbers.get(next++));
            } else {
                out.append(c);
            }
            i++;
        }
        return next == paramNumbers.size() ? out.toString() : null;
    }

    static String insert(TableDef table, String query) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(DdlExecutor.relation(table)).append(" (");
        for (int i = 0; i < table.columns().size(); i++) {
            sql.append(i > 0 ? ", " : "").append(DdlExecutor.quote(table.columns().get(i).name()));
        }
        return sql.append(")\n").append(query).toString();
    }

    /** The type of a result column as CREATE TABLE reads it: format_type's name, an enum's qualified name. */
    private static String typeName(Column c, CatalogSnapshot catalog, String database) {
        if (c.typeOid() == UNKNOWN_OID) {
            return "text";
        }
        if (PgTypeCatalog.byOid(c.typeOid()) != null) {
            return PgTypeCatalog.formatType(c.typeOid(), c.typmod());
        }
        EnumTypeDef e = catalog.enumType(database, c.typeOid());
        if (e != null) {
            return DdlExecutor.quote(e.schemaName()) + "." + DdlExecutor.quote(e.name());
        }
        PgType t = PgType.ofOid(c.typeOid());
        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "column \"" + c.name() + "\" has type "
                + (t == null ? "oid " + c.typeOid() : t.sqlName()) + ", which is not a column type yet");
    }
}

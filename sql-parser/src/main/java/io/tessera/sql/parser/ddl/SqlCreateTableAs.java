package io.tessera.sql.parser.ddl;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code CREATE TABLE ... AS query} and {@code SELECT ... INTO table ...}, PostgreSQL's two spellings of one
 * statement, with Postgres-XL's distribution clauses:
 * <pre>
 * CREATE TABLE [IF NOT EXISTS] name [ ( column_name [, ...] ) ]
 *     [WITH ( option [= value] [, ...] )]
 *     [{DISTRIBUTE | DIST} BY ...] [TO {NODE (node [, ...]) | GROUP group}]
 *     AS query [WITH [NO] DATA]
 * SELECT ... INTO [TABLE] name FROM ...
 * </pre>
 *
 * <p>The node keeps the query both as a tree and as its text ({@link #queryText()}: the characters the client wrote,
 * for SELECT INTO with the {@code INTO} clause blanked out), which the coordinator plans once for the new table's
 * columns and once more as the INSERT that fills it. The table itself is the coordinator's decision, as for
 * {@link SqlCreateTesseraTable}.
 */
public final class SqlCreateTableAs extends SqlCreate {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE AS", SqlKind.CREATE_TABLE);

    private final SqlIdentifier name;
    private final List<String> columnNames;
    private final SqlCreateTesseraTable shape;
    private final SqlNode query;
    private final boolean withData;
    private final boolean selectInto;
    private final SqlParserPos queryStart;
    private final SqlParserPos queryEnd;
    private String queryText;

    /**
     * @param columnNames the column name list, empty when absent (the query's names)
     * @param withOptions the WITH ( ... ) storage options as {@link SqlCreateTesseraTable#optionMap} makes them
     * @param distribution the DISTRIBUTE BY clause, or null
     * @param toNodes the TO NODE list, or null
     * @param toGroup the TO GROUP name, or null
     * @param withData false for {@code WITH NO DATA}: the table is created empty
     * @param queryStart the position of the query's first token
     * @param queryEnd the position of the query's last token (its end line and column)
     */
    public SqlCreateTableAs(SqlParserPos pos, boolean ifNotExists, SqlIdentifier name, List<String> columnNames,
            Map<String, String> withOptions, Distribution distribution, List<SqlIdentifier> toNodes,
            SqlIdentifier toGroup, SqlNode query, boolean withData, SqlParserPos queryStart, SqlParserPos queryEnd) {
        this(pos, ifNotExists, name, columnNames, new SqlCreateTesseraTable(pos, ifNotExists, name, List.of(),
                List.of(), withOptions, distribution, toNodes, toGroup), query, withData, false, queryStart, queryEnd);
    }

    private SqlCreateTableAs(SqlParserPos pos, boolean ifNotExists, SqlIdentifier name, List<String> columnNames,
            SqlCreateTesseraTable shape, SqlNode query, boolean withData, boolean selectInto, SqlParserPos queryStart,
            SqlParserPos queryEnd) {
        super(OPERATOR, pos, false, ifNotExists);
        this.name = Objects.requireNonNull(name, "name");
        this.columnNames = List.copyOf(columnNames);
        this.shape = shape;
        this.query = Objects.requireNonNull(query, "query");
        this.withData = withData;
        this.selectInto = selectInto;
        this.queryStart = queryStart;
        this.queryEnd = queryEnd;
    }

    /**
     * {@code SELECT ... INTO name ...}: the query is the SELECT without its INTO clause, {@code queryText} its text
     * with the clause blanked out.
     */
    public static SqlCreateTableAs selectInto(SqlParserPos pos, SqlIdentifier name, SqlNode query, String queryText) {
        SqlCreateTableAs node = new SqlCreateTableAs(pos, false, name, List.of(), new SqlCreateTesseraTable(pos, false,
                name, List.of(), List.of(), Map.of(), null, null, null), query, true, true, null, null);
        node.queryText = queryText;
        return node;
    }

    /** The new table's name, possibly schema-qualified. */
    public SqlIdentifier name() {
        return name;
    }

    public boolean ifNotExists() {
        return ifNotExists;
    }

    /** The column name list; empty when absent. It may name fewer columns than the query has (the rest keep theirs). */
    public List<String> columnNames() {
        return columnNames;
    }

    /**
     * The statement's CREATE TABLE clauses (WITH options, DISTRIBUTE BY, TO NODE / GROUP) as a CREATE TABLE without
     * columns, for the coordinator to complete with the query's.
     */
    public SqlCreateTesseraTable shape() {
        return shape;
    }

    /**
     * Sets TEMP and the ON COMMIT action on the table's clauses ({@link SqlCreateTesseraTable#withTemporary});
     * returns this.
     */
    public SqlCreateTableAs withTemporary(boolean temp, String action) {
        shape.withTemporary(temp, action);
        return this;
    }

    /** The query as parsed. */
    public SqlNode query() {
        return query;
    }

    /** False for {@code WITH NO DATA}. */
    public boolean withData() {
        return withData;
    }

    /** Whether the statement was written {@code SELECT ... INTO} (its command tag is then always {@code SELECT n}). */
    public boolean selectInto() {
        return selectInto;
    }

    /** The position of the query's first token, or null for SELECT INTO (whose {@link #queryText} is set). */
    public SqlParserPos queryStart() {
        return queryStart;
    }

    /** The end position of the query's last token, or null for SELECT INTO. */
    public SqlParserPos queryEnd() {
        return queryEnd;
    }

    /** The query's text as the client wrote it, or null until the parser set it ({@link #withQueryText}). */
    public String queryText() {
        return queryText;
    }

    /** Sets the query's text (the parser's, from the statement's text and {@link #queryStart}/{@link #queryEnd}). */
    public SqlCreateTableAs withQueryText(String text) {
        this.queryText = text;
        return this;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, query);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE TABLE");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        if (!columnNames.isEmpty()) {
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (String c : columnNames) {
                writer.sep(",");
                writer.identifier(c, true);
            }
            writer.endList(frame);
        }
        writer.keyword("AS");
        query.unparse(writer, 0, 0);
        if (!withData) {
            writer.keyword("WITH NO DATA");
        }
    }
}

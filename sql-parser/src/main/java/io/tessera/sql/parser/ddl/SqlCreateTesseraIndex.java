package io.tessera.sql.parser.ddl;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON table [USING method] (element [, ...])
 * [INCLUDE (column [, ...])] [WHERE predicate]} (PostgreSQL 15's IndexStmt).
 */
public final class SqlCreateTesseraIndex extends SqlCreate {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE INDEX", SqlKind.CREATE_INDEX);

    /**
     * One key element.
     *
     * @param expression the column (an {@link SqlIdentifier}) or an expression
     * @param descending DESC
     * @param nullsFirst NULLS FIRST (true), NULLS LAST (false), or null when not written (PostgreSQL's default:
     *     NULLS LAST for ASC, NULLS FIRST for DESC)
     */
    public record Element(SqlNode expression, boolean descending, Boolean nullsFirst) {
        /** The column's name, or null when the element is an expression. */
        public String column() {
            return expression instanceof SqlIdentifier id && id.isSimple() ? id.getSimple() : null;
        }
    }

    private final boolean unique;
    private final boolean concurrently;
    private final SqlIdentifier name;
    private final SqlIdentifier table;
    private final String method;
    private final List<Element> elements;
    private final List<String> include;
    private final SqlNode where;

    public SqlCreateTesseraIndex(SqlParserPos pos, boolean unique, boolean concurrently, boolean ifNotExists,
            SqlIdentifier name, SqlIdentifier table, String method, List<Element> elements, List<String> include,
            SqlNode where) {
        super(OPERATOR, pos, false, ifNotExists);
        this.unique = unique;
        this.concurrently = concurrently;
        this.name = name;
        this.table = table;
        this.method = method;
        this.elements = List.copyOf(elements);
        this.include = List.copyOf(include);
        this.where = where;
    }

    public boolean unique() {
        return unique;
    }

    public boolean concurrently() {
        return concurrently;
    }

    public boolean ifNotExists() {
        return ifNotExists;
    }

    /** The index's name, or null when PostgreSQL's default name is to be chosen. */
    public SqlIdentifier name() {
        return name;
    }

    /** The indexed table, possibly schema-qualified. */
    public SqlIdentifier table() {
        return table;
    }

    /** The access method as written (USING), or null. */
    public String method() {
        return method;
    }

    /** The key elements in order. */
    public List<Element> elements() {
        return elements;
    }

    /** INCLUDE's columns (empty when absent). */
    public List<String> include() {
        return include;
    }

    /** The partial index's predicate, or null. */
    public SqlNode where() {
        return where;
    }

    @Override
    public List<SqlNode> getOperandList() {
        List<SqlNode> out = new ArrayList<>();
        if (name != null) {
            out.add(name);
        }
        out.add(table);
        return out;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX");
        if (name != null) {
            name.unparse(writer, 0, 0);
        }
        writer.keyword("ON");
        table.unparse(writer, 0, 0);
    }
}

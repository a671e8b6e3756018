package io.tessera.sql.parser.dml;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A top-level query with PostgreSQL's locking clause:
 * <pre>
 *   query [ ORDER BY ... ] [ LIMIT ... ]
 *       FOR { UPDATE | NO KEY UPDATE | SHARE | KEY SHARE } [ OF table [, ...] ] [ NOWAIT | SKIP LOCKED ]
 * </pre>
 * {@link #query()} is the node the parser builds for the statement without the clause ({@code SqlSelect},
 * or {@code SqlOrderBy} / {@code SqlWith} around one), to validate as any query; the clause itself is not
 * known to Calcite's validator, so the coordinator unwraps this node first.
 *
 * <p>The parser refuses a second locking clause, set operations and VALUES (0A000); it leaves to the
 * coordinator what PostgreSQL's analysis also refuses (DISTINCT, GROUP BY, HAVING, aggregates, window
 * functions, {@code OF} names that are not FROM items).
 *
 * <p>Operands, for shuttles and visitors: the query, the strength and wait policy as symbol literals, the
 * {@code OF} names as a {@link SqlNodeList}.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE">PostgreSQL
 *     documentation</a>
 */
public final class SqlLockingQuery extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("LOCKING QUERY", SqlKind.OTHER) {
        @Override
        public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos,
                SqlNode... operands) {
            return new SqlLockingQuery(pos, Objects.requireNonNull(operands[0], "query"),
                    ((SqlLiteral) Objects.requireNonNull(operands[1], "strength")).getValueAs(LockStrength.class),
                    (SqlNodeList) Objects.requireNonNull(operands[2], "tables"),
                    ((SqlLiteral) Objects.requireNonNull(operands[3], "waitPolicy"))
                            .getValueAs(LockWaitPolicy.class));
        }
    };

    private final SqlNode query;
    private final LockStrength strength;
    private final SqlNodeList tables;
    private final LockWaitPolicy waitPolicy;

    /**
     * @param tables the {@code OF} names, {@link SqlIdentifier}s; empty when there is no {@code OF}
     */
    public SqlLockingQuery(SqlParserPos pos, SqlNode query, LockStrength strength, SqlNodeList tables,
            LockWaitPolicy waitPolicy) {
        super(pos);
        this.query = Objects.requireNonNull(query, "query");
        this.strength = Objects.requireNonNull(strength, "strength");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.waitPolicy = Objects.requireNonNull(waitPolicy, "waitPolicy");
        for (SqlNode table : tables) {
            if (!(table instanceof SqlIdentifier)) {
                throw new IllegalArgumentException("OF names a table: " + table);
            }
        }
    }

    /** The query without the clause, as the parser produced it. */
    public SqlNode query() {
        return query;
    }

    public LockStrength strength() {
        return strength;
    }

    /**
     * The tables (FROM items: names or aliases) of {@code OF}, unquoted names folded to lower case; empty when
     * the clause has no {@code OF}, i.e. it locks the rows of every table of the query.
     */
    public List<SqlIdentifier> tables() {
        return tables.getList().stream().map(SqlIdentifier.class::cast).toList();
    }

    /** {@link LockWaitPolicy#WAIT} when neither NOWAIT nor SKIP LOCKED is written. */
    public LockWaitPolicy waitPolicy() {
        return waitPolicy;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public SqlKind getKind() {
        return SqlKind.OTHER;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(query, strength.symbol(SqlParserPos.ZERO), tables, waitPolicy.symbol(SqlParserPos.ZERO));
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        // Inside a query frame a SELECT is written without the parentheses of a sub-query.
        SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.ORDER_BY);
        query.unparse(writer, 0, 0);
        writer.endList(frame);
        writer.keyword(strength.sql());
        if (!tables.isEmpty()) {
            writer.keyword("OF");
            SqlWriter.Frame list = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE);
            for (SqlNode table : tables) {
                writer.sep(",");
                table.unparse(writer, 0, 0);
            }
            writer.endList(list);
        }
        if (waitPolicy.sql() != null) {
            writer.keyword(waitPolicy.sql());
        }
    }
}

package io.tessera.sql.parser.ddl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Postgres-XL's {@code CREATE NODE GROUP name WITH ( node [, ...] )} (the parentheses may be left out, as
 * Postgres-XC's examples write it): a named list of datanodes that {@code CREATE TABLE ... TO GROUP} and
 * {@code ALTER TABLE ... TO GROUP} stand for (https://www.postgres-xl.org/documentation/sql-createnodegroup.html).
 */
public final class SqlCreateNodeGroup extends SqlCreate {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE NODE GROUP", SqlKind.OTHER_DDL);

    private final SqlIdentifier name;
    private final List<String> nodes;

    /**
     * @param name the group's name
     * @param nodes its members as written (at least one)
     */
    public SqlCreateNodeGroup(SqlParserPos pos, SqlIdentifier name, List<String> nodes) {
        super(OPERATOR, pos, false, false);
        this.name = Objects.requireNonNull(name, "name");
        this.nodes = List.copyOf(nodes);
    }

    /** The group's name. */
    public String name() {
        return name.getSimple();
    }

    /** The member nodes, in written order (duplicates kept: the executor decides). */
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE NODE GROUP");
        name.unparse(writer, 0, 0);
        writer.keyword("WITH");
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (String n : nodes) {
            writer.sep(",");
            writer.identifier(n, true);
        }
        writer.endList(frame);
    }
}

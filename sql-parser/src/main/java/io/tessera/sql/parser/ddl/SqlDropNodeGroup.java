package io.tessera.sql.parser.ddl;

import java.util.List;
import java.util.Objects;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Postgres-XL's {@code DROP NODE GROUP name} (https://www.postgres-xl.org/documentation/sql-dropnodegroup.html).
 */
public final class SqlDropNodeGroup extends SqlDrop {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP NODE GROUP", SqlKind.OTHER_DDL);

    private final SqlIdentifier name;

    public SqlDropNodeGroup(SqlParserPos pos, SqlIdentifier name) {
        super(OPERATOR, pos, false);
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The group's name. */
    public String name() {
        return name.getSimple();
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("DROP NODE GROUP");
        name.unparse(writer, 0, 0);
    }
}

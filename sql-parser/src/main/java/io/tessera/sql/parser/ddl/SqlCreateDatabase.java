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

/** {@code CREATE DATABASE name} (PostgreSQL's options — OWNER, ENCODING, TEMPLATE ... — are not accepted). */
public final class SqlCreateDatabase extends SqlCreate {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE DATABASE", SqlKind.OTHER_DDL);

    private final SqlIdentifier name;

    public SqlCreateDatabase(SqlParserPos pos, SqlIdentifier name) {
        super(OPERATOR, pos, false, false);
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The database name (unquoted names folded to lower case). */
    public String name() {
        return name.getSimple();
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE DATABASE");
        name.unparse(writer, 0, 0);
    }
}

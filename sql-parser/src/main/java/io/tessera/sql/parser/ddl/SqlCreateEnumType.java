package io.tessera.sql.parser.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CREATE TYPE name AS ENUM ( [ 'label' [, ...] ] )} (PostgreSQL 15, https://www.postgresql.org/docs/15/sql-createtype.html). */
public final class SqlCreateEnumType extends SqlCreate {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TYPE", SqlKind.CREATE_TYPE);

    private final SqlIdentifier name;
    private final List<String> labels;

    public SqlCreateEnumType(SqlParserPos pos, SqlIdentifier name, List<String> labels) {
        super(OPERATOR, pos, false, false);
        this.name = name;
        this.labels = List.copyOf(labels);
    }

    /** The type name, possibly schema-qualified. */
    public SqlIdentifier name() {
        return name;
    }

    /** The labels in their sort order, as written (possibly empty). */
    public List<String> labels() {
        return labels;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE TYPE");
        name.unparse(writer, 0, 0);
        writer.keyword("AS ENUM");
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (String l : labels) {
            writer.sep(",");
            writer.literal("'" + l.replace("'", "''") + "'");
        }
        writer.endList(frame);
    }
}

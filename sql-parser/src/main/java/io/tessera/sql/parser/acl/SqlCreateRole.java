package io.tessera.sql.parser.acl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CREATE { ROLE | USER } name [ [WITH] option ...]} (PostgreSQL 15, sql-createrole.html). */
public final class SqlCreateRole extends SqlCreate {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE ROLE", SqlKind.OTHER_DDL);

    private final String name;
    private final Map<String, Object> options;
    private final boolean user;

    /**
     * @param options the options given, by keyword ({@link SqlAlterRole#options()} says the shapes)
     * @param user CREATE USER (LOGIN unless NOLOGIN is given)
     */
    public SqlCreateRole(SqlParserPos pos, String name, Map<String, Object> options, boolean user) {
        super(OPERATOR, pos, false, false);
        this.name = Objects.requireNonNull(name, "name");
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.user = user;
    }

    public String name() {
        return name;
    }

    /** The options given, in written order: as {@link SqlAlterRole#options()}. */
    public Map<String, Object> options() {
        return options;
    }

    /** CREATE USER rather than CREATE ROLE. */
    public boolean user() {
        return user;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(user ? "CREATE USER" : "CREATE ROLE");
        writer.identifier(name, true);
        SqlAlterRole.unparseOptions(writer, options);
    }
}

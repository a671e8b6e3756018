package io.tessera.sql.parser.acl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code ALTER { ROLE | USER } name [WITH] option ...} or {@code ALTER { ROLE | USER } name RENAME TO new}
 * (PostgreSQL 15, sql-alterrole.html).
 */
public final class SqlAlterRole extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER ROLE", SqlKind.OTHER_DDL);

    private final String name;
    private final Map<String, Object> options;
    private final String renameTo;

    /**
     * @param options the options given (empty with {@code renameTo})
     * @param renameTo RENAME TO's new name, or null
     */
    public SqlAlterRole(SqlParserPos pos, String name, Map<String, Object> options, String renameTo) {
        super(pos);
        this.name = Objects.requireNonNull(name, "name");
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.renameTo = renameTo;
    }

    public String name() {
        return name;
    }

    /**
     * The options given, in written order, by keyword: {@code superuser}, {@code createdb}, {@code createrole},
     * {@code inherit}, {@code login}, {@code replication}, {@code bypassrls} as Boolean (false for the NO form),
     * {@code password} as a String or null (PASSWORD NULL), {@code connection limit} as an Integer.
     */
    public Map<String, Object> options() {
        return options;
    }

    /** RENAME TO's new name, or null. */
    public String renameTo() {
        return renameTo;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("ALTER ROLE");
        writer.identifier(name, true);
        if (renameTo != null) {
            writer.keyword("RENAME TO");
            writer.identifier(renameTo, true);
        }
        unparseOptions(writer, options);
    }

    /** Writes role options back as PostgreSQL spells them. */
    static void unparseOptions(SqlWriter writer, Map<String, Object> options) {
        options.forEach((k, v) -> {
            if (v instanceof Boolean b) {
                writer.keyword((b ? "" : "NO") + k.toUpperCase(Locale.ROOT));
            } else if (k.equals("password")) {
                writer.keyword("PASSWORD");
                writer.literal(v == null ? "NULL" : "'" + v.toString().replace("'", "''") + "'");
            } else {
                writer.keyword(k.toUpperCase(Locale.ROOT));
                writer.literal(String.valueOf(v));
            }
        });
    }
}

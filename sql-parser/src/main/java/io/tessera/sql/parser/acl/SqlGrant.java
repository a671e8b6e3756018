package io.tessera.sql.parser.acl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * GRANT or REVOKE of table or schema privileges (PostgreSQL 15, sql-grant.html, sql-revoke.html):
 * <pre>
 * GRANT { privilege [, ...] | ALL [PRIVILEGES] }
 *     ON { [TABLE] name [, ...] | ALL TABLES IN SCHEMA s | SCHEMA s [, ...] }
 *     TO grantee [, ...] [WITH GRANT OPTION]
 * REVOKE [GRANT OPTION FOR] { privilege [, ...] | ALL [PRIVILEGES] } ON ... FROM grantee [, ...] [RESTRICT]
 * </pre>
 * where privilege is SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES or TRIGGER (USAGE or CREATE on
 * schemas; the coordinator checks that they fit the object) and grantee
 * {@code [GROUP] role | PUBLIC}.
 */
public final class SqlGrant extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("GRANT", SqlKind.OTHER_DDL);

    private final boolean grant;
    private final List<String> privileges;
    private final List<List<String>> tables;
    private final String allInSchema;
    private final List<String> grantees;
    private final boolean grantOption;
    private List<String> schemas = List.of();

    /**
     * @param grant GRANT (else REVOKE)
     * @param privileges the privileges in lower case ({@code select}, ...) in written order; empty for ALL
     * @param tables the tables named, each as its folded name parts (empty with {@code allInSchema})
     * @param allInSchema the schema of ON ALL TABLES IN SCHEMA, or null
     * @param grantees role names; a {@code null} entry stands for PUBLIC
     * @param grantOption WITH GRANT OPTION (GRANT), GRANT OPTION FOR (REVOKE)
     */
    public SqlGrant(SqlParserPos pos, boolean grant, List<String> privileges, List<List<String>> tables,
            String allInSchema, List<String> grantees, boolean grantOption) {
        super(pos);
        this.grant = grant;
        this.privileges = List.copyOf(privileges);
        this.tables = tables.stream().map(List::copyOf).toList();
        this.allInSchema = allInSchema;
        this.grantees = Collections.unmodifiableList(new ArrayList<>(grantees));
        this.grantOption = grantOption;
    }

    /** Sets the schemas of {@code ON SCHEMA s [, ...]} (the parser's; then no tables are named); returns this. */
    public SqlGrant onSchemas(List<String> names) {
        this.schemas = List.copyOf(names);
        return this;
    }

    /** The schemas of {@code ON SCHEMA s [, ...]}; empty for privileges on tables. */
    public List<String> schemas() {
        return schemas;
    }

    /** GRANT rather than REVOKE. */
    public boolean grant() {
        return grant;
    }

    /** The privileges named, in lower case; empty for ALL [PRIVILEGES]. */
    public List<String> privileges() {
        return privileges;
    }

    /** The tables named, each as its folded name parts; empty with {@link #allInSchema()}. */
    public List<List<String>> tables() {
        return tables;
    }

    /** The schema of ON ALL TABLES IN SCHEMA, or null. */
    public String allInSchema() {
        return allInSchema;
    }

    /** The grantees; null stands for PUBLIC. */
    public List<String> grantees() {
        return grantees;
    }

    /** WITH GRANT OPTION, or REVOKE's GRANT OPTION FOR. */
    public boolean grantOption() {
        return grantOption;
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
        writer.keyword(grant ? "GRANT" : "REVOKE");
        if (!grant && grantOption) {
            writer.keyword("GRANT OPTION FOR");
        }
        writer.keyword(privileges.isEmpty() ? "ALL" : String.join(", ", privileges).toUpperCase(Locale.ROOT));
        writer.keyword("ON");
        if (allInSchema != null) {
            writer.keyword("ALL TABLES IN SCHEMA");
            writer.identifier(allInSchema, true);
        } else if (!schemas.isEmpty()) {
            writer.keyword("SCHEMA");
            SqlWriter.Frame frame = writer.startList("", "");
            for (String n : schemas) {
                writer.sep(",");
                writer.identifier(n, true);
            }
            writer.endList(frame);
        } else {
            SqlWriter.Frame frame = writer.startList("", "");
            for (List<String> t : tables) {
                writer.sep(",");
                for (int i = 0; i < t.size(); i++) {
                    if (i > 0) {
                        writer.print(".");
                    }
                    writer.identifier(t.get(i), true);
                }
            }
            writer.endList(frame);
        }
        writer.keyword(grant ? "TO" : "FROM");
        SqlWriter.Frame frame = writer.startList("", "");
        for (String g : grantees) {
            writer.sep(",");
            if (g == null) {
                writer.keyword("PUBLIC");
            } else {
                writer.identifier(g, true);
            }
        }
        writer.endList(frame);
        if (grant && grantOption) {
            writer.keyword("WITH GRANT OPTION");
        }
    }
}

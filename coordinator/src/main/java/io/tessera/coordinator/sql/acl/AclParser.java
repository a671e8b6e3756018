package io.tessera.coordinator.sql.acl;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.AclItem;
import io.tessera.coordinator.catalog.SchemaDef;
import io.tessera.sql.parser.TesseraSqlParser;
import io.tessera.sql.parser.acl.SqlAlterRole;
import io.tessera.sql.parser.acl.SqlCreateRole;
import io.tessera.sql.parser.acl.SqlDropRole;
import io.tessera.sql.parser.acl.SqlGrant;
import java.util.List;
import org.apache.calcite.sql.SqlNode;

/**
 * The role and privilege statements ({@link AclStatement}) from the parse trees of Tessera's grammar
 * ({@code io.tessera.sql.parser.acl}: CREATE/ALTER/DROP ROLE and USER, GRANT, REVOKE). The grammar folds names as
 * PostgreSQL's scanner does and refuses what Tessera does not run (role membership, column, sequence and schema
 * privileges, VALID UNTIL) with 0A000; this class only turns the trees into the statements {@link RoleDdl} and
 * {@link GrantDdl} run, the privilege names into {@link AclItem}'s letters.
 */
public final class AclParser {
    private AclParser() {
    }

    /**
     * The statement {@code sql} is, when it is one of {@link AclStatement}'s kinds; null for any other statement.
     *
     * @throws TesseraException 42601 for a syntax error; 0A000 for an unsupported form
     */
    public static AclStatement parse(String sql) {
        return of(TesseraSqlParser.parse(sql));
    }

    /** The statement a parse tree is, when it is one of {@link AclStatement}'s kinds; null for any other tree. */
    public static AclStatement of(SqlNode node) {
        if (node instanceof SqlCreateRole c) {
            return new AclStatement.CreateRole(c.name(), c.options(), c.user());
        }
        if (node instanceof SqlAlterRole a) {
            return new AclStatement.AlterRole(a.name(), a.options(), a.renameTo());
        }
        if (node instanceof SqlDropRole d) {
            return new AclStatement.DropRole(d.names(), d.ifExists());
        }
        if (node instanceof SqlGrant g && !g.schemas().isEmpty()) {
            return new AclStatement.GrantSchemas(g.grant(), letters(g.privileges(), true), g.schemas(),
                    g.grantees(), g.grantOption());
        }
        if (node instanceof SqlGrant g) {
            return new AclStatement.GrantTables(g.grant(), letters(g.privileges(), false), g.tables(),
                    g.allInSchema(), g.grantees(), g.grantOption());
        }
        return null;
    }

    /**
     * Privilege names as {@link AclItem#TABLE_RIGHTS}' (or {@link SchemaDef#RIGHTS}') letters, in written order; all
     * of them for none (ALL).
     *
     * @throws TesseraException 0LP01 for a privilege the object does not have (USAGE on a table, SELECT on a schema)
     */
    private static String letters(List<String> privileges, boolean schema) {
        if (privileges.isEmpty()) {
            return schema ? SchemaDef.RIGHTS : AclItem.TABLE_RIGHTS;
        }
        StringBuilder out = new StringBuilder();
        for (String p : privileges) {
            String letter = switch (p) {
                case "select" -> "r";
                case "insert" -> "a";
                case "update" -> "w";
                case "delete" -> "d";
                case "truncate" -> "D";
                case "references" -> "x";
                case "trigger" -> "t";
                case "usage" -> "U";
                case "create" -> "C";
                default -> throw new IllegalArgumentException("not a table or schema privilege: " + p);
            };
            if ((schema ? SchemaDef.RIGHTS : AclItem.TABLE_RIGHTS).indexOf(letter.charAt(0)) < 0) {
                throw new TesseraException(SqlState.INVALID_GRANT_OPERATION, "invalid privilege type "
                        + p.toUpperCase(java.util.Locale.ROOT) + " for " + (schema ? "schema" : "table"));
            }
            out.append(letter);
        }
        return out.toString();
    }
}

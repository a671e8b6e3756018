package io.tessera.coordinator.sql.acl;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.Acls;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.RoleDef;
import io.tessera.coordinator.catalog.SearchPath;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.ViewDef;
import io.tessera.sql.parser.DmlClauses;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;

/**
 * The table privileges a statement needs, and the check of them against the current catalog.
 *
 * <p>{@link #needs} reads them off the parsed statement once, when it is prepared: SELECT ({@code r}) on every table
 * a query reads (in FROM, joins, subqueries, and the tables behind a view), INSERT ({@code a}), UPDATE ({@code w}),
 * DELETE ({@code d}) on a DML target (plus SELECT when the statement reads the target's columns: a WHERE, SET
 * expressions over columns, RETURNING), TRUNCATE ({@code D}), COPY FROM ({@code a}) and TO ({@code r}), and
 * ownership for ALTER TABLE, DROP TABLE, CREATE/DROP INDEX and COMMENT. {@link #check} runs at every execution
 * against the catalog of that moment (so a cached plan or a client's prepared statement sees a REVOKE at once), as
 * PostgreSQL checks at executor start ({@code ExecCheckRTPerms}), with its messages: 42501 {@code permission denied
 * for table t}, {@code must be owner of table t}.
 *
 * <p>Views have no privileges of their own in Tessera: reading one needs SELECT on the tables it reads, for the
 * session's role (PostgreSQL checks them for the view's owner; Tessera's rule is never more permissive).
 */
public final class Privileges {
    /** Privilege letter {@code O}: ownership (DDL). */
    public static final char OWNER = 'O';

    /**
     * One requirement: {@code privilege} (an ACL letter or {@link #OWNER}) on the table named {@code table} of the
     * session's database.
     */
    public record Need(String table, char privilege, String role) {
        Need(String table, char privilege) {
            this(table, privilege, null);
        }
    }

    /** Privilege letter {@code S}: ownership, and the right to give the table to {@link Need#role} (OWNER TO). */
    public static final char SET_OWNER = 'S';

    private final CatalogSnapshot snapshot;
    private final String database;
    private final Set<Need> needs = new LinkedHashSet<>();
    private final Set<String> cteNames = new HashSet<>();
    private int viewDepth;

    private Privileges(CatalogSnapshot snapshot, String database) {
        this.snapshot = snapshot;
        this.database = database;
    }

    /**
     * Privilege letter {@code C}: CREATE on the schema that {@link Need#table} names (CREATE TABLE, VIEW, SEQUENCE,
     * TYPE and INDEX create there).
     */
    public static final char CREATE_IN_SCHEMA = 'C';

    /** PostgreSQL's error for a missing schema privilege (USAGE to reach a table, CREATE to create in it). */
    public static TesseraException deniedSchema(String schema) {
        return new TesseraException(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied for schema " + schema);
    }

    /** PostgreSQL's error for a missing table privilege. */
    public static TesseraException denied(String table) {
        return new TesseraException(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied for table " + table);
    }

    /**
     * What {@code node} needs, resolved against {@code snapshot} (names that are no table of {@code database} need
     * nothing: planning reports them).
     *
     * @param clauses the statement's ON CONFLICT and RETURNING clauses, or null
     */
    public static List<Need> needs(SqlNode node, DmlClauses clauses, CatalogSnapshot snapshot, String database) {
        Privileges p = new Privileges(snapshot, database);
        p.statement(node, clauses);
        return List.copyOf(p.needs);
    }

    /**
     * Checks {@code needs} for role {@code user} against {@code snapshot}.
     *
     * @throws TesseraException 42501 for the first one the role lacks
     */
    public static void check(List<Need> needs, CatalogSnapshot snapshot, String database, String user) {
        if (needs.isEmpty()) {
            return;
        }
        RoleDef role = snapshot.roles().get(user);
        if (role != null && role.superuser()) {
            return;
        }
        // USAGE on a table's schema first: PostgreSQL checks it when it looks the name up
        for (Need n : needs) {
            TableDef t = snapshot.tables(database).get(n.table());
            String schema = n.privilege() == CREATE_IN_SCHEMA ? n.table()
                    : t == null ? null : CatalogSnapshot.schemaOf(t.schema());
            if (schema != null && !Acls.mayUse(snapshot, role, database, schema, 'U')) {
                throw deniedSchema(schema);
            }
        }
        for (Need n : needs) {
            if (n.privilege() == CREATE_IN_SCHEMA) {
                if (!Acls.mayUse(snapshot, role, database, n.table(), 'C')) {
                    throw deniedSchema(n.table());
                }
                continue;
            }
            TableDef t = snapshot.tables(database).get(n.table());
            if (t == null) {
                continue; // dropped meanwhile: execution reports it
            }
            if (n.privilege() == OWNER || n.privilege() == SET_OWNER) {
                if (!Acls.isOwner(snapshot, role, t)) {
                    throw new TesseraException(SqlState.INSUFFICIENT_PRIVILEGE, "must be owner of table " + t.name());
                }
                if (n.privilege() == SET_OWNER && !n.role().equals(user) && snapshot.roles().containsKey(n.role())) {
                    throw new TesseraException(SqlState.INSUFFICIENT_PRIVILEGE, "must be member of role \""
                            + n.role() + "\"");
                }
            } else if (!Acls.has(snapshot, role, t, n.privilege(), false)) {
                throw denied(t.name());
            }
        }
    }

    /** CREATE on the schema a CREATE of {@code name} creates in (none when it does not resolve: execution says so). */
    private void createIn(SqlIdentifier name) {
        try {
            needs.add(new Need(SearchPath.creationSchema(name.names), CREATE_IN_SCHEMA));
        } catch (TesseraException e) {
            // 3F000 and friends: the statement's execution raises them
        }
    }

    private void statement(SqlNode node, DmlClauses clauses) {
        boolean returning = clauses != null && clauses.returning() != null;
        if (node instanceof SqlInsert insert) {
            target(insert.getTargetTable(), 'a');
            if (returning) {
                target(insert.getTargetTable(), 'r');
            }
            if (clauses != null && clauses.onConflict() != null && clauses.onConflict().doUpdate()) {
                target(insert.getTargetTable(), 'w');
            }
            walk(insert.getSource());
        } else if (node instanceof SqlUpdate update) {
            target(update.getTargetTable(), 'w');
            boolean reads = returning || update.getCondition() != null;
            for (SqlNode e : update.getSourceExpressionList()) {
                reads |= mentionsColumn(e);
                walk(e);
            }
            if (reads) {
                target(update.getTargetTable(), 'r');
            }
            walk(update.getCondition());
            if (update instanceof io.tessera.sql.parser.dml.SqlUpdateFrom withFrom) {
                from(withFrom.from()); // UPDATE ... FROM reads its FROM items
            }
        } else if (node instanceof SqlDelete delete) {
            target(delete.getTargetTable(), 'd');
            if (returning || delete.getCondition() != null) {
                target(delete.getTargetTable(), 'r');
            }
            walk(delete.getCondition());
            if (delete instanceof io.tessera.sql.parser.dml.SqlDeleteUsing using) {
                from(using.using()); // DELETE ... USING reads its USING items
            }
        } else if (node instanceof io.tessera.sql.parser.copy.SqlCopy copy) {
            if (copy.table() != null) {
                target(copy.table(), copy.isFrom() ? 'a' : 'r');
            }
            walk(copy.query());
        } else if (node instanceof io.tessera.sql.parser.copy.SqlTruncateTables truncate) {
            truncate.names().forEach(n -> target(n, 'D'));
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlAlterTable alter) {
            target(alter.name(), OWNER);
            for (io.tessera.sql.parser.ddl.SqlAlterTable.Action a : alter.actions()) {
                if (a instanceof io.tessera.sql.parser.ddl.SqlAlterTable.OwnerTo o) {
                    String table = tableName(alter.name());
                    if (table != null && snapshot.tables(database).containsKey(table)) {
                        needs.add(new Need(table, SET_OWNER, o.role()));
                    }
                }
            }
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlDropTesseraTable drop) {
            drop.names().forEach(n -> target(n, OWNER));
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlCreateTesseraIndex create) {
            target(create.table(), OWNER);
            String table = tableName(create.table());
            TableDef t = table == null ? null : snapshot.tables(database).get(table);
            if (t != null) {
                needs.add(new Need(CatalogSnapshot.schemaOf(t.schema()), CREATE_IN_SCHEMA));
            }
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlCreateTesseraTable create) {
            createIn(create.name());
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlCreateTesseraView create) {
            createIn(create.name());
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlCreateSequence create) {
            createIn(create.name());
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlCreateEnumType create) {
            createIn(create.name());
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlDropTesseraIndex drop) {
            for (SqlIdentifier n : drop.names()) {
                String index = n.names.get(n.names.size() - 1);
                for (TableDef t : snapshot.tables(database).values()) {
                    for (IndexDef i : t.indexes()) {
                        if (i.name().equals(index)) {
                            needs.add(new Need(t.key(), OWNER));
                        }
                    }
                }
            }
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlAlterIndex alter) {
            String index = alter.indexName();
            for (TableDef t : snapshot.tables(database).values()) {
                if (t.index(index) != null || index.equals(t.primaryKeyConstraint())) {
                    needs.add(new Need(t.key(), OWNER));
                }
            }
        } else if (node instanceof io.tessera.sql.parser.ddl.SqlComment comment) {
            String type = comment.objectType().toLowerCase(java.util.Locale.ROOT);
            SqlIdentifier n = comment.name();
            if (type.equals("table") || (type.equals("column") && n.names.size() >= 2)) {
                SqlIdentifier table = type.equals("table") ? n
                        : new SqlIdentifier(n.names.subList(0, n.names.size() - 1), n.getParserPosition());
                target(table, OWNER);
            }
        } else if (node != null && node.getKind().belongsTo(SqlKind.QUERY)
                || node instanceof io.tessera.sql.parser.dml.SqlLockingQuery) {
            walk(node);
        }
    }

    /** A DML target, COPY's or TRUNCATE's table: an identifier (maybe aliased). */
    private void target(SqlNode target, char privilege) {
        if (target instanceof SqlBasicCall call && call.getKind() == SqlKind.AS) {
            target = call.operand(0);
        }
        if (target instanceof SqlIdentifier id) {
            String table = tableName(id);
            if (table != null && snapshot.tables(database).containsKey(table)) {
                needs.add(new Need(table, privilege));
            }
        }
    }

    /**
     * The catalog key of the table or view an identifier names, through the session's search path
     * ({@link SearchPath#resolve}); null for a name in a schema that does not exist (the statement reports it).
     */
    private static String tableName(SqlIdentifier id) {
        if (id.names.size() > 2 || SearchPath.missingSchema(id.names) != null) {
            return null;
        }
        return SearchPath.resolve(id.names);
    }

    private void walk(SqlNode n) {
        if (n == null) {
            return;
        }
        if (n instanceof SqlNodeList list) {
            for (SqlNode e : list) {
                walk(e);
            }
        } else if (n instanceof SqlWith with) {
            for (SqlNode item : with.withList) {
                SqlWithItem w = (SqlWithItem) item;
                cteNames.add(w.name.getSimple());
                walk(w.query);
            }
            walk(with.body);
        } else if (n instanceof SqlSelect select) {
            from(select.getFrom());
            walk(select.getSelectList());
            walk(select.getWhere());
            walk(select.getGroup());
            walk(select.getHaving());
            walk(select.getOrderList());
        } else if (n instanceof SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                walk(operand);
            }
        }
    }

    private void from(SqlNode n) {
        if (n == null) {
            return;
        }
        if (n instanceof SqlIdentifier id) {
            if (id.names.size() == 1 && cteNames.contains(id.getSimple())) {
                return;
            }
            String name = tableName(id);
            if (name == null) {
                return;
            }
            if (snapshot.tables(database).containsKey(name)) {
                needs.add(new Need(name, 'r'));
            } else {
                ViewDef v = snapshot.views(database).get(name);
                if (v != null && viewDepth < 16) {
                    viewDepth++;
                    try {
                        SqlNode query = TesseraSqlParser.parse(v.query());
                        if (v.searchPath() != null) {
                            io.tessera.coordinator.sql.ViewExpander.bind(query, v.searchPath(), snapshot, database);
                        }
                        walk(query);
                    } catch (RuntimeException unparsable) {
                        // the view's own planning reports it
                    } finally {
                        viewDepth--;
                    }
                }
            }
        } else if (n instanceof SqlJoin join) {
            from(join.getLeft());
            from(join.getRight());
            walk(join.getCondition());
        } else if (n instanceof SqlBasicCall call && call.getKind() == SqlKind.AS) {
            from(call.operand(0));
        } else if (n instanceof SqlBasicCall call && call.getKind() == SqlKind.LATERAL) {
            from(call.operand(0));
        } else {
            walk(n);
        }
    }

    private static boolean mentionsColumn(SqlNode n) {
        if (n instanceof SqlIdentifier) {
            return true;
        }
        if (n instanceof SqlSelect) {
            return true; // a correlated subquery may read the target
        }
        if (n instanceof SqlNodeList list) {
            for (SqlNode e : list) {
                if (mentionsColumn(e)) {
                    return true;
                }
            }
        }
        if (n instanceof SqlCall call) {
            for (SqlNode operand : new ArrayList<>(call.getOperandList())) {
                if (operand != null && mentionsColumn(operand)) {
                    return true;
                }
            }
        }
        return false;
    }
}

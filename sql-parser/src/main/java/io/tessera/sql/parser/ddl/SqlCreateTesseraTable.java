package io.tessera.sql.parser.ddl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

/**
 * {@code CREATE TABLE} with Postgres-XL's distribution clauses:
 * <pre>
 * CREATE TABLE [IF NOT EXISTS] name ( column_def [, ...] [, PRIMARY KEY (col [, ...])] )
 *     [WITH ( option [= value] [, ...] )]
 *     [{DISTRIBUTE | DIST} BY {HASH(col) | MODULO(col) | SHARD(col) | ROUNDROBIN | REPLICATION}]
 *     [TO {NODE (node [, ...]) | GROUP group}]
 * </pre>
 *
 * <p>The node records what was written; it does not pick a default distribution, nor read the PolarDB form
 * {@code WITH (dist_type='shard', dist_col='c')}: both are the coordinator's DDL decisions (DESIGN.md
 * "Data distribution"), made from {@link #distribution()} and {@link #withOptions()}.
 */
public final class SqlCreateTesseraTable extends SqlCreate {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

    private final SqlIdentifier name;
    private final List<SqlColumnDef> columns;
    private final List<SqlIdentifier> primaryKey;
    private final Map<String, String> withOptions;
    private final Distribution distribution;
    private final List<SqlIdentifier> toNodes;
    private final SqlIdentifier toGroup;
    private final List<SqlColumnDef.Check> checks;
    private List<TableConstraint> constraints = List.of();
    private String primaryKeyName;
    private boolean temporary;
    private String onCommit;

    /**
     * @param primaryKey the table-level PRIMARY KEY columns, empty when absent
     * @param withOptions WITH options with lower-case keys, in written order; null or empty when absent
     * @param distribution the DISTRIBUTE BY clause, or null
     * @param toNodes the TO NODE list, or null
     * @param toGroup the TO GROUP name, or null
     */
    public SqlCreateTesseraTable(SqlParserPos pos, boolean ifNotExists, SqlIdentifier name,
            List<SqlColumnDef> columns, List<SqlIdentifier> primaryKey, Map<String, String> withOptions,
            Distribution distribution, List<SqlIdentifier> toNodes, SqlIdentifier toGroup) {
        this(pos, ifNotExists, name, columns, primaryKey, withOptions, distribution, toNodes, toGroup, List.of());
    }

    /** As above, with the table-level CHECK constraints in written order. */
    public SqlCreateTesseraTable(SqlParserPos pos, boolean ifNotExists, SqlIdentifier name,
            List<SqlColumnDef> columns, List<SqlIdentifier> primaryKey, Map<String, String> withOptions,
            Distribution distribution, List<SqlIdentifier> toNodes, SqlIdentifier toGroup,
            List<SqlColumnDef.Check> checks) {
        super(OPERATOR, pos, false, ifNotExists);
        this.checks = List.copyOf(checks);
        this.name = Objects.requireNonNull(name, "name");
        this.columns = List.copyOf(columns);
        this.primaryKey = List.copyOf(primaryKey);
        this.withOptions = withOptions == null
                ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(withOptions));
        this.distribution = distribution;
        this.toNodes = toNodes == null ? null : List.copyOf(toNodes);
        this.toGroup = toGroup;
    }

    /** The table name, possibly schema-qualified. */
    public SqlIdentifier name() {
        return name;
    }

    public boolean ifNotExists() {
        return ifNotExists;
    }

    public List<SqlColumnDef> columns() {
        return columns;
    }

    /**
     * The table-level PRIMARY KEY columns in order; empty when the key is absent or given on a column
     * (see {@link SqlColumnDef#primaryKey()}). Use {@link #primaryKeyColumns()} for either form.
     */
    public List<String> primaryKey() {
        return primaryKey.stream().map(SqlIdentifier::getSimple).toList();
    }

    /** The primary key columns whether declared at table or column level; empty when there is none. */
    public List<String> primaryKeyColumns() {
        if (!primaryKey.isEmpty()) {
            return primaryKey();
        }
        return columns.stream().filter(SqlColumnDef::primaryKey).map(SqlColumnDef::name).toList();
    }

    /**
     * The WITH options in written order, keys lower-cased, values as text (a string literal's value, a
     * number's digits, an identifier's name; "true" for an option written without a value). Empty when absent.
     */
    public Map<String, String> withOptions() {
        return withOptions;
    }

    /** The DISTRIBUTE BY clause, or null when the statement has none. */
    public Distribution distribution() {
        return distribution;
    }

    /** The table-level CHECK constraints in written order. */
    /**
     * The table-level UNIQUE and FOREIGN KEY constraints in written order (column-level ones are on the columns,
     * {@link SqlColumnDef#constraints()}).
     */
    public List<TableConstraint> constraints() {
        return constraints;
    }

    /**
     * The primary key constraint's name as written ({@code CONSTRAINT c PRIMARY KEY}, at table or column level), or
     * null when the key is unnamed or absent (the table's {@code t_pkey} is chosen then).
     */
    public String primaryKeyName() {
        return primaryKeyName != null ? primaryKeyName : columns.stream().filter(SqlColumnDef::primaryKey)
                .map(SqlColumnDef::primaryKeyName).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** Sets the table-level PRIMARY KEY's name (the parser's; null: unnamed); returns this. */
    public SqlCreateTesseraTable withPrimaryKeyName(String name) {
        this.primaryKeyName = name;
        return this;
    }

    /**
     * This statement with {@code newColumns} as its columns and every other clause kept: CREATE TABLE AS's table,
     * whose columns come from its query ({@link SqlCreateTableAs#shape()}).
     */
    public SqlCreateTesseraTable withColumns(List<SqlColumnDef> newColumns) {
        return new SqlCreateTesseraTable(getParserPosition(), ifNotExists, name, newColumns, primaryKey, withOptions,
                distribution, toNodes, toGroup, checks).withConstraints(constraints).withPrimaryKeyName(primaryKeyName)
                .withTemporary(temporary, onCommit);
    }

    /**
     * Sets whether the table is temporary ({@code CREATE [GLOBAL | LOCAL] TEMP[ORARY] TABLE}) and its ON COMMIT
     * action ({@code "PRESERVE ROWS"}, {@code "DELETE ROWS"} or {@code "DROP"}; null when the clause is absent); returns
     * this.
     */
    public SqlCreateTesseraTable withTemporary(boolean temp, String action) {
        this.temporary = temp;
        this.onCommit = action;
        return this;
    }

    /** Whether TEMP or TEMPORARY was written. */
    public boolean temporary() {
        return temporary;
    }

    /** The ON COMMIT action as written ({@code PRESERVE ROWS}, {@code DELETE ROWS}, {@code DROP}), or null. */
    public String onCommit() {
        return onCommit;
    }

    /** Sets the table-level UNIQUE and FOREIGN KEY constraints (the parser's); returns this. */
    public SqlCreateTesseraTable withConstraints(List<TableConstraint> list) {
        this.constraints = List.copyOf(list);
        return this;
    }

    public List<SqlColumnDef.Check> checks() {
        return checks;
    }

    /** The TO NODE list, or an empty list when absent. */
    public List<String> toNodes() {
        return toNodes == null ? List.of() : toNodes.stream().map(SqlIdentifier::getSimple).toList();
    }

    /** The TO GROUP name, or null when absent. */
    public String toGroup() {
        return toGroup == null ? null : toGroup.getSimple();
    }

    /**
     * A WITH-option map from alternating keys and values, as the grammar collects them; a repeated key keeps
     * its last value. Null in, empty map out.
     */
    public static Map<String, String> optionMap(List<String> keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        if (keyValues != null) {
            assert keyValues.size() % 2 == 0 : "keyValues=" + keyValues;
            for (int i = 0; i + 1 < keyValues.size(); i += 2) {
                map.put(keyValues.get(i), keyValues.get(i + 1));
            }
        }
        return map;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, new SqlNodeList(columns, SqlParserPos.ZERO));
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE TABLE");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlColumnDef column : columns) {
            writer.sep(",");
            column.unparse(writer, 0, 0);
        }
        if (!primaryKey.isEmpty()) {
            writer.sep(",");
            writer.keyword("PRIMARY KEY");
            unparseIdentifiers(writer, primaryKey);
        }
        writer.endList(frame);
        if (!withOptions.isEmpty()) {
            writer.keyword("WITH");
            SqlWriter.Frame with = writer.startList("(", ")");
            for (Map.Entry<String, String> option : withOptions.entrySet()) {
                writer.sep(",");
                writer.identifier(option.getKey(), false);
                writer.keyword("=");
                writer.literal("'" + option.getValue().replace("'", "''") + "'");
            }
            writer.endList(with);
        }
        if (distribution != null) {
            writer.keyword("DISTRIBUTE BY");
            writer.keyword(distribution.kind().name());
            if (distribution.column() != null) {
                SqlWriter.Frame col = writer.startList(SqlWriter.FrameTypeEnum.FUN_CALL, "(", ")");
                writer.identifier(distribution.column(), false);
                writer.endList(col);
            }
        }
        if (toNodes != null) {
            writer.keyword("TO NODE");
            unparseIdentifiers(writer, toNodes);
        }
        if (toGroup != null) {
            writer.keyword("TO GROUP");
            toGroup.unparse(writer, 0, 0);
        }
    }

    static void unparseIdentifiers(SqlWriter writer, List<SqlIdentifier> ids) {
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlIdentifier id : new ArrayList<>(ids)) {
            writer.sep(",");
            id.unparse(writer, 0, 0);
        }
        writer.endList(frame);
    }
}

package io.tessera.sql.parser.ddl;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code ALTER TABLE [IF EXISTS] [ONLY] name action [, ...]} (PostgreSQL 15's actions that Tessera knows, plus
 * Postgres-XL's {@code DISTRIBUTE BY} / {@code TO NODE} / {@code ADD NODE} / {@code DELETE NODE}). The actions are
 * kept as written; the coordinator decides what each means.
 */
public final class SqlAlterTable extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER TABLE", SqlKind.ALTER_TABLE);

    /** One action of an ALTER TABLE. */
    public sealed interface Action {
    }

    /** {@code ADD [COLUMN] [IF NOT EXISTS] column_def}. */
    public record AddColumn(SqlColumnDef column, boolean ifNotExists) implements Action {
    }

    /** {@code DROP [COLUMN] [IF EXISTS] name [CASCADE | RESTRICT]}. */
    public record DropColumn(String column, boolean ifExists, boolean cascade) implements Action {
    }

    /** {@code ALTER [COLUMN] name SET DEFAULT expr} ({@code expression} non-null) or {@code DROP DEFAULT}. */
    public record ColumnDefault(String column, SqlNode expression) implements Action {
    }

    /** {@code ALTER [COLUMN] name SET NOT NULL} or {@code DROP NOT NULL}. */
    public record ColumnNotNull(String column, boolean notNull) implements Action {
    }

    /** {@code ALTER [COLUMN] name [SET DATA] TYPE type [USING expr]}; {@code using} null when not written. */
    public record ColumnType(String column, PgTypeName type, SqlNode using) implements Action {
    }

    /** {@code ADD [CONSTRAINT name] CHECK (expr) [NOT VALID]}; {@code name} null when not written. */
    public record AddCheck(String name, SqlNode expression, boolean notValid) implements Action {
    }

    /** {@code ADD [CONSTRAINT name] PRIMARY KEY (col, ...)}; {@code name} null when not written. */
    public record AddPrimaryKey(String name, List<String> columns) implements Action {
    }

    /** {@code ADD [CONSTRAINT name] UNIQUE (...)} or {@code ADD [CONSTRAINT name] FOREIGN KEY ... [NOT VALID]}. */
    public record AddConstraint(TableConstraint constraint) implements Action {
    }

    /** {@code DROP CONSTRAINT [IF EXISTS] name [CASCADE | RESTRICT]}. */
    public record DropConstraint(String name, boolean ifExists) implements Action {
    }

    /**
     * {@code ALTER CONSTRAINT name [[NOT] DEFERRABLE] [INITIALLY {DEFERRED | IMMEDIATE}]}: the constraint's timing
     * becomes what the clauses say, absent ones at their defaults (NOT DEFERRABLE, INITIALLY IMMEDIATE; INITIALLY
     * DEFERRED alone implies DEFERRABLE), as PostgreSQL's processCASbits reads them.
     */
    public record AlterConstraint(String name, boolean deferrable, boolean initiallyDeferred) implements Action {
    }

    /** {@code VALIDATE CONSTRAINT name}. */
    public record ValidateConstraint(String name) implements Action {
    }

    /** {@code RENAME TO name}. */
    public record RenameTable(String newName) implements Action {
    }

    /** {@code RENAME [COLUMN] from TO to}. */
    public record RenameColumn(String from, String to) implements Action {
    }

    /** {@code RENAME CONSTRAINT from TO to}. */
    public record RenameConstraint(String from, String to) implements Action {
    }

    /**
     * {@code ALTER [COLUMN] name ADD GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [ ( options ) ]}, as pg_dump
     * writes an identity column; {@code identity} is {@code 'a'} (ALWAYS) or {@code 'd'} (BY DEFAULT), the options
     * may name the sequence ({@code SEQUENCE NAME}).
     */
    public record AddIdentity(String column, char identity, SequenceOptions options) implements Action {
    }

    /** {@code OWNER TO role}. */
    public record OwnerTo(String role) implements Action {
    }

    /**
     * {@code SET SCHEMA schema}: PostgreSQL's AlterObjectSchemaStmt, so the grammar takes it only as the statement's
     * sole action.
     */
    public record SetSchema(String schema) implements Action {
    }

    /** {@code SET ( option = value, ... )} (values as text) or {@code RESET ( option, ... )} (values null). */
    public record StorageOptions(Map<String, String> options, boolean reset) implements Action {
    }

    /**
     * Postgres-XL's redistribution forms: {@code DISTRIBUTE BY ...}, {@code TO NODE (...)}, {@code TO GROUP g}
     * ({@code nodes} then holds the group's name alone), {@code ADD NODE (...)}, {@code DELETE NODE (...)};
     * {@code form} names which, as written.
     */
    public record Redistribute(String form, Distribution distribution, List<String> nodes) implements Action {
    }

    private final boolean ifExists;
    private final SqlIdentifier name;
    private final List<Action> actions;

    public SqlAlterTable(SqlParserPos pos, boolean ifExists, SqlIdentifier name, List<Action> actions) {
        super(pos);
        this.ifExists = ifExists;
        this.name = Objects.requireNonNull(name, "name");
        this.actions = List.copyOf(actions);
    }

    public boolean ifExists() {
        return ifExists;
    }

    /** The table name, possibly schema-qualified. */
    public SqlIdentifier name() {
        return name;
    }

    /** The actions in written order (at least one). */
    public List<Action> actions() {
        return actions;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("ALTER TABLE");
        name.unparse(writer, 0, 0);
    }
}

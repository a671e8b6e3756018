package io.tessera.coordinator.sql.exec;

import java.util.TimeZone;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The {@link DataContext} a compiled plan runs with: Calcite's variables (parameters {@code ?0..}, the current
 * time, the cancel flag) plus the {@link StatementContext} under {@link #STATEMENT}, which is how table scans
 * reach the datanodes.
 */
public final class TesseraDataContext implements DataContext {
    /** Key under which {@link #get} returns the {@link StatementContext}. */
    public static final String STATEMENT = "tessera.statement";
    /**
     * The variable holding when the statement began, since the epoch in the engine's unit
     * ({@code statement_timestamp()}; {@link io.tessera.common.types.EngineUnit}).
     */
    public static final String STATEMENT_TIMESTAMP = "tessera.statementTimestamp";

    private final SchemaPlus rootSchema;
    private final JavaTypeFactory typeFactory;
    private final StatementContext statement;
    private final java.util.Map<String, Object> stash;
    /** When the statement began, since the epoch in the engine's unit. */
    private final long now = io.tessera.common.types.EngineUnit.now();

    /**
     * @param stash the plan's stashed objects ({@code QueryPlanner.Plan#stash})
     */
    public TesseraDataContext(SchemaPlus rootSchema, JavaTypeFactory typeFactory, StatementContext statement,
            java.util.Map<String, Object> stash) {
        this.rootSchema = rootSchema;
        this.typeFactory = typeFactory;
        this.statement = statement;
        this.stash = stash;
    }

    /** The statement context of a data context created by Tessera. */
    public static StatementContext statement(DataContext root) {
        Object s = root.get(STATEMENT);
        if (s == null) {
            throw new IllegalStateException("not a Tessera statement");
        }
        return (StatementContext) s;
    }

    @Override
    public SchemaPlus getRootSchema() {
        return rootSchema;
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
        return typeFactory;
    }

    @Override
    public QueryProvider getQueryProvider() {
        return null;
    }

    @Override
    public Object get(String name) {
        Object stashed = stash.get(name);
        if (stashed != null) {
            return stashed;
        }
        if (name.startsWith("?")) {
            return statement == null ? null : statement.param(Integer.parseInt(name.substring(1)));
        }
        return switch (name) {
            case STATEMENT -> statement;
            case "cancelFlag" -> statement == null ? new java.util.concurrent.atomic.AtomicBoolean() // a constant's
                    : statement.cancelFlag();
            // PostgreSQL's CURRENT_TIMESTAMP and LOCALTIMESTAMP are the transaction's start, like now()
            case "currentTimestamp", "localTimestamp", "utcTimestamp" -> statement != null && statement.txn() != null
                    ? statement.txn().startTime() : now;
            case STATEMENT_TIMESTAMP, "sysTimestamp" -> now;
            case "timeZone" -> TimeZone.getTimeZone("UTC");
            case "user", "systemUser" -> statement.session() == null ? null : statement.session().user();
            default -> null;
        };
    }
}

package io.tessera.coordinator.sql.exec;

import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.TypeMapping;
import io.tessera.protocol.datanode.UpdateOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Writes the rows of an UPDATE or DELETE that a query chose (a WHERE or SET with subqueries, {@code UPDATE ...
 * FROM}, {@code DELETE ... USING}) by their keys, on the datanodes, in the statement's transaction and at its
 * snapshot:
 * <pre>
 *   the query's rows: key values ‖ computed values (the parts of SET a datanode cannot evaluate from the row)
 *     → one entry per key, the first row met winning (PostgreSQL updates a target row joined to several source
 *       rows once, with one of them)
 *     → grouped by their computed values, MAX_KEYS keys per request
 *     → ModifyExecutor: WHERE (key = k1 OR key = k2 ...) AND local_filter, SET col = expr(row, computed values)
 * </pre>
 * The key is the primary key ({@code =}) or, for a table without one, every column ({@code IS NOT DISTINCT FROM}):
 * equal rows then qualify together, since the query's verdict depends only on a row's values. Each datanode locks
 * the rows it writes as for a plain UPDATE or DELETE, and re-checks {@code local_filter} — the WHERE's conjuncts
 * over the target row alone — and recomputes the SET expressions on the newest version of a row changed since the
 * snapshot (PostgreSQL's EvalPlanQual under READ COMMITTED; 40001 under REPEATABLE READ): {@code SET v = v + 1
 * WHERE k IN (SELECT ...)} run concurrently loses no increment. The computed values, unlike PostgreSQL's
 * re-evaluation, stay those of the snapshot.
 *
 * <p>Cost: a few keys of a table with a primary key are written one request each (the datanode seeks to the row on
 * its one shard); more keys go {@code MAX_KEYS} to a request, which scans every shard with the disjunction: one
 * round per distinct tuple of computed values per {@code MAX_KEYS} keys. The chosen keys are held on the
 * coordinator.
 */
public final class KeyedModify {
    /** Keys per Modify request: bounds the filter's size (and the datanodes' work per row). */
    static final int MAX_KEYS = 500;
    /**
     * Up to this many keys of a group, a table with a primary key gets one request per key: the filter then pins
     * the key, so the datanode seeks to the row (PrimaryKey.prefixFor) on the one shard that holds it instead of
     * scanning every shard with a disjunction of keys.
     */
    static final int SEEK_KEYS = 32;

    private KeyedModify() {
    }

    /**
     * What to write.
     *
     * @param keyColumns the key's columns (indexes into the table's columns)
     * @param primaryKey whether they are the primary key (else every column: matched with IS NOT DISTINCT FROM)
     * @param statementParams the statement's own markers: parameter indexes {@code 0..statementParams-1}
     * @param computed how many computed values follow the key in each query row; the SET values refer to them as
     *     parameters {@code statementParams..statementParams+computed-1}
     * @param returnedValues how many of the computed values, the last ones, the SET values do not read: values
     *     only a RETURNING list reads, handed back with each row written
     * @param localFilter the WHERE's conjuncts over the target row alone (statement parameters only), or null
     * @param columns the assigned columns (UPDATE), else empty
     * @param values the assigned values over the table's row type, with the computed values as parameters
     * @param template the UpdateOp fields requests start from (CHECK constraints), or null
     * @param movesRows the UPDATE assigns a primary-key or distribution column: each batch is deleted (returning
     *     the old rows), and the new rows, computed on the coordinator, are inserted after the last batch
     *     ({@link KeyChangingUpdate})
     */
    public record Spec(int[] keyColumns, boolean primaryKey, int statementParams, int computed, int returnedValues,
            RexNode localFilter,
            int[] columns, List<RexNode> values, UpdateOp template, boolean delete, boolean movesRows) {
    }

    /**
     * @param rows the query's rows: the key's values, then the computed values
     * @param returned when not null, receives the rows written (all columns): new rows of an update, old rows of a
     *     delete
     * @param oldRows when not null and the update moves rows, receives the old rows, the i-th the old version of
     *     {@code returned}'s i-th
     * @param returnedValues when not null (and {@code returned} not null), receives for each row added to
     *     {@code returned} the last {@link Spec#returnedValues} computed values of the query row that chose it
     * @return the number of rows updated or deleted
     * @throws io.tessera.common.error.TesseraException the datanodes' errors: 23505, 23514, 55P03, 40001, 40P01, 57014
     */
    public static long run(TableDef table, Spec spec, Iterable<Object[]> rows, StatementContext ctx,
            RexBuilder rex, List<Object[]> returned, List<Object[]> oldRows, List<Object[]> returnedValues) {
        int k = spec.keyColumns().length;
        Map<List<Object>, List<Object>> chosen = new LinkedHashMap<>();
        for (Object[] row : rows) {
            ctx.checkCancelled();
            chosen.putIfAbsent(Arrays.asList(Arrays.copyOf(row, k)),
                    Arrays.asList(Arrays.copyOfRange(row, k, k + spec.computed())));
        }
        Map<List<Object>, List<List<Object>>> byValues = new LinkedHashMap<>();
        chosen.forEach((key, values) -> byValues.computeIfAbsent(values, v -> new ArrayList<>()).add(key));
        List<Object> statementParams = new ArrayList<>(spec.statementParams());
        for (int i = 0; i < spec.statementParams(); i++) {
            statementParams.add(ctx.param(i));
        }
        long n = 0;
        List<Object[]> moved = spec.movesRows() ? new ArrayList<>() : null;
        List<Object[]> movedFrom = spec.movesRows() ? new ArrayList<>() : null;
        List<Object[]> movedValues = spec.movesRows() ? new ArrayList<>() : null;
        for (Map.Entry<List<Object>, List<List<Object>>> group : byValues.entrySet()) {
            List<List<Object>> keys = group.getValue();
            Object[] forReturning = group.getKey().subList(spec.computed() - spec.returnedValues(), spec.computed())
                    .toArray();
            int perRequest = spec.primaryKey() && keys.size() <= SEEK_KEYS ? 1 : MAX_KEYS;
            for (int from = 0; from < keys.size(); from += perRequest) {
                List<Object> params = new ArrayList<>(statementParams);
                params.addAll(group.getKey());
                RexNode match = match(table, spec, keys.subList(from, Math.min(keys.size(), from + perRequest)),
                        params, rex);
                RexNode filter = spec.localFilter() == null ? match
                        : rex.makeCall(SqlStdOperatorTable.AND, match, spec.localFilter());
                StatementContext write = ctx.withParams(params);
                if (moved != null) {
                    List<Object[]> old = new ArrayList<>();
                    n += ModifyExecutor.run(table, filter, new int[0], List.of(), true, write, rex, null, old);
                    io.tessera.executor.expr.Assignments set = KeyChangingUpdate.assignments(table, spec.columns(),
                            spec.values(), write);
                    for (Object[] row : old) {
                        moved.add(set.apply(row));
                        movedValues.add(forReturning);
                    }
                    movedFrom.addAll(old);
                    if (oldRows != null) {
                        oldRows.addAll(old);
                    }
                    continue;
                }
                int before = returned == null ? 0 : returned.size();
                n += ModifyExecutor.run(table, filter, spec.columns(), spec.values(), spec.delete(), write, rex,
                        spec.delete() ? null : spec.template(), returned);
                for (int i = before; returnedValues != null && returned != null && i < returned.size(); i++) {
                    returnedValues.add(forReturning);
                }
            }
        }
        if (moved != null) {
            KeyChangingUpdate.refuseKeyCycles(table, movedFrom, moved);
            int before = returned == null ? 0 : returned.size();
            KeyChangingUpdate.insert(table, moved, spec.template() == null ? List.of()
                    : spec.template().getChecksList(), ctx, returned);
            if (returnedValues != null && returned != null) { // the rows come back in the order they were given
                assert returned.size() - before == movedValues.size() : "returned=" + returned.size() + " moved="
                        + movedValues.size();
                returnedValues.addAll(movedValues);
            }
        }
        return n;
    }

    /** {@code (key = ?) OR ...} over {@code keys}, whose values are appended to {@code params}. */
    private static RexNode match(TableDef table, Spec spec, List<List<Object>> keys, List<Object> params,
            RexBuilder rex) {
        List<RexNode> disjuncts = new ArrayList<>(keys.size());
        for (List<Object> key : keys) {
            List<RexNode> conjuncts = new ArrayList<>(key.size());
            for (int j = 0; j < key.size(); j++) {
                ColumnDef col = table.columns().get(spec.keyColumns()[j]);
                RelDataType type = rex.getTypeFactory().createTypeWithNullability(
                        TypeMapping.toRelType(rex.getTypeFactory(), col.type(), col.typmod()), true);
                RexNode ref = rex.makeInputRef(type, spec.keyColumns()[j]);
                RexNode value = rex.makeDynamicParam(type, params.size());
                params.add(key.get(j));
                conjuncts.add(rex.makeCall(spec.primaryKey() ? SqlStdOperatorTable.EQUALS
                        : SqlStdOperatorTable.IS_NOT_DISTINCT_FROM, ref, value));
            }
            disjuncts.add(conjuncts.size() == 1 ? conjuncts.get(0) : rex.makeCall(SqlStdOperatorTable.AND, conjuncts));
        }
        return disjuncts.size() == 1 ? disjuncts.get(0) : rex.makeCall(SqlStdOperatorTable.OR, disjuncts);
    }
}

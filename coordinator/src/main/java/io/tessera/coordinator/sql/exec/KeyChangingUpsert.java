package io.tessera.coordinator.sql.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.protocol.datanode.CheckConstraint;
import io.tessera.protocol.datanode.OnConflict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * {@code INSERT ... ON CONFLICT (key) DO UPDATE} whose SET assigns a primary-key or the distribution column: the
 * updated row's key changes, perhaps its datanode, which a datanode's upsert cannot do in place. The coordinator
 * takes the proposed rows one by one, in order, as PostgreSQL's ExecInsert does:
 * <pre>
 *   insert the row, ON CONFLICT DO NOTHING            → inserted: done
 *   else UPDATE t SET ... WHERE key = the row's key [AND condition], excluded.* bound to the proposed row
 *        ({@link KeyChangingUpdate}: delete and insert; 23505 when the new key is taken)   → updated: done
 *   no row updated: the row was deleted meanwhile (insert again), or the condition is false (done, not counted:
 *        seen as a second conflict right after)
 * </pre>
 * Unlike PostgreSQL's speculative insertion, the two steps are separate writes: with a DO UPDATE condition, a row
 * deleted and inserted again by other transactions between them is taken for one the condition rejects (the
 * proposed row is then neither inserted nor updated); without one the loop retries until either step succeeds.
 * A proposed row whose key is one this statement inserted or updated a row to fails with 21000, PostgreSQL's
 * "cannot affect row a second time". Each proposed row costs a round trip or two: the form is for the odd
 * statement, not for bulk loads.
 */
public final class KeyChangingUpsert {
    private static final OnConflict DO_NOTHING = OnConflict.newBuilder().setDoUpdate(false).build();

    private KeyChangingUpsert() {
    }

    /**
     * @param targets the INSERT's target columns (indexes into the table's columns), one per source value
     * @param sourceTypes the source columns' types where a cast is needed ({@code InsertExecutor#withSourceTypes}),
     *     or null
     * @param checkNames the CHECK constraints whose verdicts follow the targets in each source row
     * @param source the proposed rows
     * @param columns DO UPDATE's assigned columns
     * @param values their values over the existing row followed by the proposed one ({@code excluded}), cast to the
     *     columns' types
     * @param filter DO UPDATE's WHERE over the same two rows, or null
     * @param checks the table's CHECK constraints, tested on each updated row
     * @param returned when not null, receives each row inserted or updated (all columns, in table order)
     * @return the number of rows inserted or updated
     * @throws TesseraException 21000 (see the class comment), and what an INSERT and a key-changing UPDATE throw
     */
    public static long run(TableDef table, int[] targets, PgType[] sourceTypes, List<String> checkNames,
            Enumerator<Object[]> source, int[] columns, List<RexNode> values, RexNode filter,
            List<CheckConstraint> checks, StatementContext ctx, RexBuilder rex, List<Object[]> returned) {
        int stored = table.columns().size();
        int[] key = table.primaryKey().stream().mapToInt(table::columnIndex).toArray();
        int[] all = new int[stored];
        for (int c = 0; c < stored; c++) {
            all[c] = c;
        }
        InsertExecutor coercion = new InsertExecutor(table, targets, ctx).withChecks(checkNames)
                .withSourceTypes(sourceTypes);
        int base = ctx.params().size();
        // excluded.c becomes parameter base + c, the key's values follow: base + stored + j
        RexShuttle bindExcluded = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return ref.getIndex() < stored ? ref : rex.makeDynamicParam(ref.getType(), base + ref.getIndex()
                        - stored);
            }
        };
        List<RexNode> set = values.stream().map(v -> v.accept(bindExcluded)).toList();
        List<RexNode> match = new ArrayList<>();
        for (int j = 0; j < key.length; j++) {
            io.tessera.coordinator.catalog.ColumnDef col = table.columns().get(key[j]);
            RelDataType type = rex.getTypeFactory().createTypeWithNullability(io.tessera.coordinator.sql.TypeMapping.toRelType(
                    rex.getTypeFactory(), col.type(), col.typmod()), true);
            match.add(rex.makeCall(SqlStdOperatorTable.EQUALS, rex.makeInputRef(type, key[j]),
                    rex.makeDynamicParam(type, base + stored + j)));
        }
        if (filter != null) {
            match.add(filter.accept(bindExcluded));
        }
        RexNode where = match.size() == 1 ? match.get(0) : rex.makeCall(SqlStdOperatorTable.AND, match);
        Set<List<Object>> touched = new HashSet<>();
        long n = 0;
        try {
            while (source.moveNext()) {
                ctx.checkCancelled();
                Object[] row = coercion.toRow(source.current());
                List<Object> proposedKey = keyOf(row, key);
                boolean updatedNothing = false;
                while (true) {
                    List<Object[]> inserted = new ArrayList<>();
                    InsertExecutor insert = new InsertExecutor(table, all, ctx).withOnConflict(DO_NOTHING)
                            .returning(inserted);
                    insert.addSourceRow(row);
                    if (insert.finish() > 0) {
                        touched.add(proposedKey);
                        if (returned != null) {
                            returned.addAll(inserted);
                        }
                        n++;
                        break;
                    }
                    if (touched.contains(proposedKey)) {
                        throw new TesseraException(SqlState.CARDINALITY_VIOLATION,
                                "ON CONFLICT DO UPDATE command cannot affect row a second time", null,
                                "Ensure that no rows proposed for insertion within the same command have duplicate"
                                        + " constrained values.", 0, null);
                    }
                    if (updatedNothing && filter != null) {
                        break; // the existing row fails DO UPDATE's WHERE (or was replaced meanwhile: see above)
                    }
                    List<Object> params = new ArrayList<>(ctx.params());
                    params.addAll(Arrays.asList(row));
                    params.addAll(proposedKey);
                    List<Object[]> updated = new ArrayList<>();
                    long u = KeyChangingUpdate.run(table, where, columns, set, checks, ctx.withParams(params), rex,
                            updated, null);
                    if (u > 0) {
                        for (Object[] r : updated) {
                            touched.add(keyOf(r, key));
                        }
                        if (returned != null) {
                            returned.addAll(updated);
                        }
                        n += u;
                        break;
                    }
                    updatedNothing = true;
                }
            }
        } finally {
            source.close();
        }
        return n; // each insert and update counted its rows for auto-analyze
    }

    private static List<Object> keyOf(Object[] row, int[] key) {
        List<Object> k = new ArrayList<>(key.length);
        for (int c : key) {
            k.add(row[c]);
        }
        return k;
    }
}

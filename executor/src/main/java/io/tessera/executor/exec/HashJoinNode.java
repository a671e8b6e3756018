package io.tessera.executor.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.CompiledExpr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An equi-join by hashing, in the shape of PostgreSQL's {@code nodeHashjoin.c}: the right (inner) input is read whole
 * into a hash table on its keys, then each left (outer) row probes it. A pair matches when every key pair is equal —
 * SQL equality, so a NULL key matches nothing, and numerics compare by value whatever their scale — and the residual
 * condition (over the left row followed by the right row) is TRUE.
 *
 * <p>Phases, each entered once, in order:
 * <pre>
 *   BUILD      first next(): read the right input to its end; rows with a NULL key are kept only for RIGHT/FULL
 *   PROBE      per left row: emit left ++ right for each match (INNER/LEFT/RIGHT/FULL), or the left row once if it
 *              has a match (SEMI) or none (ANTI); LEFT/FULL emit left ++ NULLs for a row without a match;
 *              RIGHT/FULL mark each right row that matched
 *   UNMATCHED  RIGHT/FULL: NULLs ++ right for every right row never marked
 *   DONE
 * </pre>
 * The build side lives in memory (no spilling to disk yet): the planner puts the side it expects to be smaller on
 * the right only in so far as the query's join order allows. Not thread-safe.
 */
public final class HashJoinNode implements RowSource {
    private enum Phase { BUILD, PROBE, UNMATCHED, DONE }

    /** A right row in the hash table, and whether any left row matched it (RIGHT and FULL joins). */
    private static final class BuildRow {
        final Object[] row;
        boolean matched;

        BuildRow(Object[] row) {
            this.row = row;
        }
    }

    private final RowSource left;
    private final RowSource right;
    private final JoinType type;
    private final int[] leftKeys;
    private final int[] rightKeys;
    private final CompiledExpr residual;
    private final int leftWidth;
    private final int rightWidth;
    private final List<PgType> types;
    private final Map<GroupKey, List<BuildRow>> table = new HashMap<>();
    /** Every right row kept, in input order: RIGHT and FULL emit the unmatched ones at the end. */
    private final List<BuildRow> all = new ArrayList<>();
    /** Left row ++ right row, for the residual and as the output row. */
    private final Object[] pair;
    private Phase phase = Phase.BUILD;
    private Object[] probe;
    private List<BuildRow> matches;
    private int matchPos;
    private boolean probeMatched;
    private int unmatchedPos;

    /**
     * @param leftKeys the left row's key columns; key i is compared with {@code rightKeys[i]}
     * @param rightKeys the right row's key columns, of the same types as the left ones
     * @param residual a boolean condition over the left row followed by the right row, or null for none
     * @throws TesseraException XX000 when the keys differ in number or type, or the residual is not boolean
     */
    public HashJoinNode(RowSource left, RowSource right, JoinType type, int[] leftKeys, int[] rightKeys,
            CompiledExpr residual) {
        if (leftKeys.length != rightKeys.length || leftKeys.length == 0) {
            throw new TesseraException(SqlState.INTERNAL_ERROR,
                    "a hash join needs the same number of keys on both sides, at least one: " + leftKeys.length
                            + " and " + rightKeys.length);
        }
        for (int i = 0; i < leftKeys.length; i++) {
            PgType l = left.types().get(leftKeys[i]);
            PgType r = right.types().get(rightKeys[i]);
            if (l != r) {
                throw new TesseraException(SqlState.INTERNAL_ERROR,
                        "hash join key " + i + " compares " + l.sqlName() + " with " + r.sqlName());
            }
        }
        if (residual != null && residual.type() != PgType.BOOL) {
            throw new TesseraException(SqlState.INTERNAL_ERROR,
                    "a join condition must be boolean, not " + residual.type().sqlName());
        }
        this.left = left;
        this.right = right;
        this.type = type;
        this.leftKeys = leftKeys.clone();
        this.rightKeys = rightKeys.clone();
        this.residual = residual;
        this.leftWidth = left.types().size();
        this.rightWidth = right.types().size();
        List<PgType> t = new ArrayList<>(left.types());
        if (!type.leftOnly()) {
            t.addAll(right.types());
        }
        this.types = List.copyOf(t);
        this.pair = new Object[leftWidth + rightWidth];
    }

    @Override
    public List<PgType> types() {
        return types;
    }

    @Override
    public Object[] next() {
        while (true) {
            switch (phase) {
                case BUILD -> {
                    build();
                    phase = Phase.PROBE;
                }
                case PROBE -> {
                    Object[] out = probeNext();
                    if (out != null) {
                        return out;
                    }
                    phase = type == JoinType.RIGHT || type == JoinType.FULL ? Phase.UNMATCHED : Phase.DONE;
                }
                case UNMATCHED -> {
                    while (unmatchedPos < all.size()) {
                        BuildRow b = all.get(unmatchedPos++);
                        if (!b.matched) {
                            java.util.Arrays.fill(pair, 0, leftWidth, null);
                            System.arraycopy(b.row, 0, pair, leftWidth, rightWidth);
                            return pair;
                        }
                    }
                    phase = Phase.DONE;
                }
                case DONE -> {
                    return null;
                }
            }
        }
    }

    private void build() {
        boolean keepUnmatchable = type == JoinType.RIGHT || type == JoinType.FULL;
        for (Object[] row = right.next(); row != null; row = right.next()) {
            Object[] key = key(row, rightKeys);
            if (key == null && !keepUnmatchable) {
                continue; // a NULL key matches nothing, and nothing reports an unmatched right row
            }
            BuildRow b = new BuildRow(row.clone());
            if (keepUnmatchable) {
                all.add(b);
            }
            if (key != null) {
                table.computeIfAbsent(new GroupKey(key), k -> new ArrayList<>(1)).add(b);
            }
        }
    }

    /** The next output row of the probe phase, or null once the left input is exhausted. */
    private Object[] probeNext() {
        while (true) {
            if (probe == null) {
                Object[] row = left.next();
                if (row == null) {
                    return null;
                }
                probe = row;
                Object[] key = key(row, leftKeys);
                matches = key == null ? List.of() : table.getOrDefault(new GroupKey(key), List.of());
                matchPos = 0;
                probeMatched = false;
                System.arraycopy(row, 0, pair, 0, leftWidth);
            }
            while (matchPos < matches.size()) {
                BuildRow b = matches.get(matchPos++);
                System.arraycopy(b.row, 0, pair, leftWidth, rightWidth);
                if (residual != null && !residual.test(pair)) {
                    continue;
                }
                probeMatched = true;
                b.matched = true;
                switch (type) {
                    case SEMI -> {
                        probe = null;
                        return leftOnly();
                    }
                    case ANTI -> matchPos = matches.size(); // one match is enough to drop the row
                    default -> {
                        return pair;
                    }
                }
            }
            boolean emitUnmatched = !probeMatched && (type == JoinType.LEFT || type == JoinType.FULL
                    || type == JoinType.ANTI);
            probe = null;
            if (emitUnmatched) {
                if (type == JoinType.ANTI) {
                    return leftOnly();
                }
                java.util.Arrays.fill(pair, leftWidth, leftWidth + rightWidth, null);
                return pair;
            }
        }
    }

    /** The left row alone (SEMI and ANTI), from {@code pair}. */
    private Object[] leftOnly() {
        Object[] out = new Object[leftWidth];
        System.arraycopy(pair, 0, out, 0, leftWidth);
        return out;
    }

    /** The row's key values, or null when one of them is NULL (such a row matches nothing). */
    private static Object[] key(Object[] row, int[] keys) {
        Object[] k = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            Object v = row[keys[i]];
            if (v == null) {
                return null;
            }
            k[i] = v;
        }
        return k;
    }

    @Override
    public void close() {
        try {
            left.close();
        } finally {
            right.close();
        }
    }
}

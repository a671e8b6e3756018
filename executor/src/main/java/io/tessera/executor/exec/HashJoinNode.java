package io.tessera.executor.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.expr.CompiledExpr;
import io.tessera.executor.spill.RowSize;
import io.tessera.executor.spill.SpillContext;
import io.tessera.executor.spill.Tuplestore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An equi-join by hashing, in the shape of PostgreSQL's {@code nodeHashjoin.c}: the right (inner) input is read whole
 * into a hash table on its keys, then each left (outer) row probes it. A pair matches when every key pair is equal —
 * SQL equality, so a NULL key matches nothing, and numerics compare by value whatever their scale — and the residual
 * condition (over the left row followed by the right row) is TRUE.
 *
 * <p>Phases:
 * <pre>
 *   BUILD      first next(): read the right input to its end; rows with a NULL key are kept only for RIGHT/FULL
 *              (aside: they match nothing and come out in NULL_RIGHT)
 *   PROBE      per left row of the current batch: emit left ++ right for each match (INNER/LEFT/RIGHT/FULL), or the
 *              left row once if it has a match (SEMI) or none (ANTI); LEFT/FULL emit left ++ NULLs for a row
 *              without a match; RIGHT/FULL mark each right row that matched
 *   UNMATCHED  RIGHT/FULL: NULLs ++ right for every right row of the batch never marked
 *   NEXT_BATCH load the next batch's right rows from disk and go to PROBE over its left rows; none left: NULL_RIGHT
 *   NULL_RIGHT RIGHT/FULL: NULLs ++ right for the right rows with a NULL key
 *   DONE
 * </pre>
 *
 * <p><b>Batches</b> (a hybrid Grace hash join, PostgreSQL's {@code nbatch} in {@code nodeHash.c}): built with a
 * {@link SpillContext}, the node estimates the size of the right rows it holds ({@link RowSize}). When they pass
 * {@code work_mem} it doubles the number of batches ({@code ExecHashIncreaseNumBatches}): a row's batch is the low
 * bits of {@link SpillHash} of its key, so doubling moves a row of batch b to b or b + nbatch, and the rows of the
 * batch in memory that now belong to a later batch are written to that batch's right-side file
 * ({@link Tuplestore}). Right rows of later batches go to their files as they arrive; during the probe of batch 0
 * each left row of a later batch goes to that batch's left-side file. Each later batch is then joined alone: its
 * right file is loaded (rows whose batch moved on while it was written go forward to their file), may double
 * nbatch again, and its left file probes it. Equal keys share a batch, so every outer-join rule holds per batch.
 * A doubling that moves no row or every row means one hash value holds the batch (skew); as PostgreSQL, the node
 * then stops doubling and lets that batch exceed work_mem, up to a quarter of the heap, past which it fails with
 * 53200 instead of letting the node die of OutOfMemoryError.
 *
 * <p>{@link #close} deletes every batch file, also before the end (an error, a cancellation). Not thread-safe.
 */
public final class HashJoinNode implements RowSource {
    private enum Phase { BUILD, PROBE, UNMATCHED, NEXT_BATCH, NULL_RIGHT, DONE }

    /** Estimated bytes a right row costs in memory beyond the row itself: its BuildRow, list and map entries. */
    private static final int ROW_OVERHEAD = 64;

    /** A right row in the hash table, and whether any left row matched it (RIGHT and FULL joins). */
    private static final class BuildRow {
        final Object[] row;
        final GroupKey key;
        boolean matched;

        BuildRow(Object[] row, GroupKey key) {
            this.row = row;
            this.key = key;
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
    private final SpillContext spill;
    /** Whether {@link #all} is kept: for RIGHT/FULL's unmatched rows, and to move rows when batches double. */
    private final boolean keepAll;
    private final long hardLimitBytes;
    private final Map<GroupKey, List<BuildRow>> table = new HashMap<>();
    /** Every right row of the batch in memory, in input order. */
    private final List<BuildRow> all = new ArrayList<>();
    /** RIGHT/FULL: right rows with a NULL key, in memory until the join first spills, then in {@link #nullStore}. */
    private final List<Object[]> nullRows = new ArrayList<>();
    private Tuplestore nullStore;
    /** Per batch (index = batch number), the right and left rows waiting on disk; null where there are none yet. */
    private final List<Tuplestore> rightFiles = new ArrayList<>();
    private final List<Tuplestore> leftFiles = new ArrayList<>();
    private int nbatch = 1;
    private int curbatch;
    private boolean growEnabled = true;
    private long memoryBytes;
    private long peakBytes;
    /** Where the current batch's left rows come from: the left input (batch 0) or the batch's file. */
    private Tuplestore leftFile;
    /** Left row ++ right row, for the residual and as the output row. */
    private final Object[] pair;
    private Phase phase = Phase.BUILD;
    private Object[] probe;
    private List<BuildRow> matches;
    private int matchPos;
    private boolean probeMatched;
    private int unmatchedPos;
    private int nullPos;

    /**
     * @param leftKeys the left row's key columns; key i is compared with {@code rightKeys[i]}
     * @param rightKeys the right row's key columns, of the same types as the left ones
     * @param residual a boolean condition over the left row followed by the right row, or null for none
     * @param spill work_mem and the temporary directory; null keeps the whole right input in memory
     * @throws TesseraException XX000 when the keys differ in number or type, or the residual is not boolean
     */
    public HashJoinNode(RowSource left, RowSource right, JoinType type, int[] leftKeys, int[] rightKeys,
            CompiledExpr residual, SpillContext spill) {
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
        this.spill = spill;
        this.keepAll = spill != null || type == JoinType.RIGHT || type == JoinType.FULL;
        this.hardLimitBytes = spill == null ? Long.MAX_VALUE
                : Math.max(spill.workMemBytes(), Runtime.getRuntime().maxMemory() / 4);
        this.leftWidth = left.types().size();
        this.rightWidth = right.types().size();
        List<PgType> t = new ArrayList<>(left.types());
        if (!type.leftOnly()) {
            t.addAll(right.types());
        }
        this.types = List.copyOf(t);
        this.pair = new Object[leftWidth + rightWidth];
    }

    /** A join that keeps the whole right input in memory (no {@link SpillContext}). */
    public HashJoinNode(RowSource left, RowSource right, JoinType type, int[] leftKeys, int[] rightKeys,
            CompiledExpr residual) {
        this(left, right, type, leftKeys, rightKeys, residual, null);
    }

    @Override
    public List<PgType> types() {
        return types;
    }

    /** The number of batches (1 while the right side fits work_mem). */
    public int batches() {
        return nbatch;
    }

    /** The largest estimated size of the right rows held in memory at once, in bytes. */
    public long peakMemoryBytes() {
        return peakBytes;
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
                    unmatchedPos = 0;
                    phase = type == JoinType.RIGHT || type == JoinType.FULL ? Phase.UNMATCHED : Phase.NEXT_BATCH;
                }
                case UNMATCHED -> {
                    while (unmatchedPos < all.size()) {
                        BuildRow b = all.get(unmatchedPos++);
                        if (!b.matched) {
                            return rightOnly(b.row);
                        }
                    }
                    phase = Phase.NEXT_BATCH;
                }
                case NEXT_BATCH -> phase = nextBatch() ? Phase.PROBE : Phase.NULL_RIGHT;
                case NULL_RIGHT -> {
                    if (nullPos < nullRows.size()) {
                        return rightOnly(nullRows.get(nullPos++));
                    }
                    Object[] r = nullStore == null ? null : nullStore.next();
                    if (r != null) {
                        return rightOnly(r);
                    }
                    phase = Phase.DONE;
                }
                case DONE -> {
                    return null;
                }
            }
        }
    }

    private Object[] rightOnly(Object[] row) {
        Arrays.fill(pair, 0, leftWidth, null);
        System.arraycopy(row, 0, pair, leftWidth, rightWidth);
        return pair;
    }

    private void build() {
        boolean keepUnmatchable = type == JoinType.RIGHT || type == JoinType.FULL;
        for (Object[] row = right.next(); row != null; row = right.next()) {
            Object[] key = key(row, rightKeys);
            if (key == null) {
                if (keepUnmatchable) {
                    addNullRight(row); // a NULL key matches nothing, and only RIGHT/FULL report an unmatched right row
                }
                continue;
            }
            GroupKey k = new GroupKey(key);
            int b = batchOf(k);
            if (b != curbatch) {
                file(rightFiles, b, right.types()).add(row);
            } else {
                insert(new BuildRow(row.clone(), k), RowSize.of(row));
            }
        }
    }

    private void addNullRight(Object[] row) {
        if (nullStore != null) {
            nullStore.add(row);
            return;
        }
        nullRows.add(row.clone());
        if (spill != null) {
            account(RowSize.of(row));
        }
    }

    private int batchOf(GroupKey k) {
        return nbatch == 1 ? 0 : SpillHash.of(k.hashCode(), 0) & (nbatch - 1);
    }

    /** Puts a right row of the current batch into the hash table, doubling nbatch if memory runs out. */
    private void insert(BuildRow b, long rowBytes) {
        if (keepAll) {
            all.add(b);
        }
        table.computeIfAbsent(b.key, k -> new ArrayList<>(1)).add(b);
        if (spill != null) {
            account(rowBytes);
        }
    }

    private void account(long rowBytes) {
        memoryBytes += rowBytes + ROW_OVERHEAD;
        peakBytes = Math.max(peakBytes, memoryBytes);
        if (memoryBytes > spill.workMemBytes() && growEnabled) {
            increaseBatches();
        }
        if (memoryBytes > hardLimitBytes) {
            throw new TesseraException(SqlState.OUT_OF_MEMORY, "hash join batch exceeds memory: " + all.size()
                    + " rows of the join's inner side share one join key hash, about " + (memoryBytes >> 10)
                    + " kB", null, "Join in the other order, or filter the most common key value out of the join.",
                    0, null);
        }
    }

    /** ExecHashIncreaseNumBatches: doubles nbatch and writes the rows that left the current batch to their files. */
    private void increaseBatches() {
        if (nbatch > (1 << 29)) {
            growEnabled = false;
            return;
        }
        nbatch *= 2;
        if (nullStore == null && (type == JoinType.RIGHT || type == JoinType.FULL)) {
            nullStore = new Tuplestore(spill, right.types());
            for (Object[] r : nullRows) {
                nullStore.add(r);
            }
            nullRows.clear();
        }
        List<BuildRow> kept = new ArrayList<>(all.size());
        long keptBytes = 0;
        for (BuildRow b : all) {
            int batch = batchOf(b.key);
            if (batch == curbatch) {
                kept.add(b);
                keptBytes += RowSize.of(b.row) + ROW_OVERHEAD;
            } else {
                file(rightFiles, batch, right.types()).add(b.row);
            }
        }
        int moved = all.size() - kept.size();
        if (moved == 0 || kept.isEmpty()) {
            growEnabled = false; // one hash value holds the batch: splitting cannot help (nodeHash.c does the same)
        }
        if (moved > 0) {
            all.clear();
            all.addAll(kept);
            table.clear();
            for (BuildRow b : kept) {
                table.computeIfAbsent(b.key, k -> new ArrayList<>(1)).add(b);
            }
        }
        memoryBytes = keptBytes;
    }

    private Tuplestore file(List<Tuplestore> files, int batch, List<PgType> rowTypes) {
        while (files.size() <= batch) {
            files.add(null);
        }
        Tuplestore t = files.get(batch);
        if (t == null) {
            t = new Tuplestore(spill, rowTypes);
            files.set(batch, t);
        }
        return t;
    }

    private static Tuplestore take(List<Tuplestore> files, int batch) {
        if (batch >= files.size()) {
            return null;
        }
        Tuplestore t = files.get(batch);
        files.set(batch, null);
        return t;
    }

    /** Moves to the next batch with work to do and loads its right rows; false when none is left. */
    private boolean nextBatch() {
        if (leftFile != null) {
            leftFile.close();
            leftFile = null;
        }
        table.clear();
        all.clear();
        memoryBytes = 0; // NULL-key rows went to nullStore with the first doubling
        boolean outer = type == JoinType.LEFT || type == JoinType.FULL || type == JoinType.ANTI;
        while (++curbatch < nbatch) {
            Tuplestore inner = take(rightFiles, curbatch);
            Tuplestore outerRows = take(leftFiles, curbatch);
            if (inner == null && (outerRows == null || !outer)) {
                if (outerRows != null) {
                    outerRows.close(); // nothing for these left rows to match, and nothing to report them for
                }
                continue;
            }
            if (inner != null) {
                try {
                    for (Object[] r = inner.next(); r != null; r = inner.next()) {
                        GroupKey k = new GroupKey(key(r, rightKeys));
                        int b = batchOf(k);
                        if (b != curbatch) {
                            file(rightFiles, b, right.types()).add(r); // nbatch grew after r was written
                        } else {
                            insert(new BuildRow(r, k), RowSize.of(r));
                        }
                    }
                } finally {
                    inner.close();
                }
            }
            leftFile = outerRows;
            probe = null;
            return true;
        }
        return false;
    }

    /** The next left row of the current batch, writing rows of later batches to their files; null at the end. */
    private Object[] nextLeft() {
        while (true) {
            Object[] row;
            if (curbatch == 0) {
                row = left.next();
            } else {
                row = leftFile == null ? null : leftFile.next();
            }
            if (row == null || nbatch == 1) {
                return row;
            }
            Object[] key = key(row, leftKeys);
            if (key == null) {
                return row; // matches nothing; probed at once
            }
            int b = batchOf(new GroupKey(key));
            if (b == curbatch) {
                return row;
            }
            file(leftFiles, b, left.types()).add(row);
        }
    }

    /** The next output row of the probe phase, or null once the batch's left rows are exhausted. */
    private Object[] probeNext() {
        while (true) {
            if (probe == null) {
                Object[] row = nextLeft();
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
                Arrays.fill(pair, leftWidth, leftWidth + rightWidth, null);
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

    /** Deletes every batch file and closes both inputs; safe to call more than once. */
    @Override
    public void close() {
        phase = Phase.DONE;
        table.clear();
        all.clear();
        nullRows.clear();
        try {
            closeAll(rightFiles);
            closeAll(leftFiles);
            if (leftFile != null) {
                leftFile.close();
            }
            if (nullStore != null) {
                nullStore.close();
            }
        } finally {
            try {
                left.close();
            } finally {
                right.close();
            }
        }
    }

    private static void closeAll(List<Tuplestore> files) {
        for (Tuplestore t : files) {
            if (t != null) {
                t.close();
            }
        }
        files.clear();
    }
}

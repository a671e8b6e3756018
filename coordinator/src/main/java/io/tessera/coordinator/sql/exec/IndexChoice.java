package io.tessera.coordinator.sql.exec;

import io.tessera.coordinator.catalog.IndexDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the secondary index a table scan reads through, from the filter the datanodes evaluate. Without
 * statistics the cost model is the shape of the conditions on an index's leading columns, cheapest first:
 * <ol>
 *   <li>the primary key's leading column is pinned ({@code k = c}): no index — the datanodes seek the rows
 *       themselves, which is cheaper than an index entry plus a row read;</li>
 *   <li>an index whose leading columns are all pinned by equalities, the most such columns first (a point lookup);</li>
 *   <li>an IN list or OR of equalities on an index's first column (a few point lookups);</li>
 *   <li>a range with both bounds on its first column (a bounded slice);</li>
 * </ol>
 * and otherwise the full scan, which reads each row once in key order instead of seeking per row (a one-sided range
 * or a condition on a later column of the index may select most of the table). The datanode derives the key ranges
 * itself ({@code io.tessera.datanode.index.IndexRanges}) and still applies the whole filter, so the choice affects
 * cost only, never results. Only PUBLIC indexes are candidates.
 */
public final class IndexChoice {
    private IndexChoice() {
    }

    /** The index to read {@code table} through for {@code filter} (null: none), or null for a full scan. */
    public static IndexDef choose(TableDef table, Expr filter) {
        if (filter == null || table.indexes().isEmpty()) {
            return null;
        }
        List<Expr> conjuncts = new ArrayList<>();
        flatten(filter, conjuncts);
        if (!table.primaryKey().isEmpty() && pinned(conjuncts, table.columnIndex(table.primaryKey().get(0)))) {
            return null;
        }
        IndexDef best = null;
        int bestScore = 0;
        for (IndexDef i : table.indexes()) {
            if (i.state() != IndexDef.State.PUBLIC) {
                continue;
            }
            int score = score(table, i, conjuncts);
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    /** Higher is cheaper: 100 + pinned columns, 50 for an IN list, 20 for a two-sided range; 0 unusable. */
    private static int score(TableDef t, IndexDef i, List<Expr> conjuncts) {
        int pinnedColumns = 0;
        for (IndexDef.Column c : i.columns()) {
            if (!pinned(conjuncts, t.columnIndex(c.name()))) {
                break;
            }
            pinnedColumns++;
        }
        if (pinnedColumns > 0) {
            return 100 + pinnedColumns;
        }
        int first = t.columnIndex(i.columns().get(0).name());
        for (Expr e : conjuncts) {
            if (inList(e, first)) {
                return 50;
            }
        }
        boolean lower = false;
        boolean upper = false;
        for (Expr e : conjuncts) {
            Op op = comparison(e, first);
            lower |= op == Op.GT || op == Op.GE;
            upper |= op == Op.LT || op == Op.LE;
        }
        return lower && upper ? 20 : 0;
    }

    /**
     * Whether {@code filter} pins every primary-key column of {@code table} by {@code column = constant} on the
     * column itself (no cast: a cast's equality may match several keys), so that at most one row passes it.
     */
    static boolean pinsPrimaryKey(TableDef table, Expr filter) {
        if (filter == null || table.primaryKey().isEmpty()) {
            return false;
        }
        List<Expr> conjuncts = new ArrayList<>();
        flatten(filter, conjuncts);
        for (String k : table.primaryKey()) {
            int column = table.columnIndex(k);
            boolean pinned = false;
            for (Expr e : conjuncts) {
                pinned |= e.getKindCase() == Expr.KindCase.CALL && e.getCall().getOp() == Op.EQ
                        && comparison(e, column) == Op.EQ
                        && (e.getCall().getOperands(0).getKindCase() == Expr.KindCase.COLUMN
                                || e.getCall().getOperands(1).getKindCase() == Expr.KindCase.COLUMN);
            }
            if (!pinned) {
                return false;
            }
        }
        return true;
    }

    private static void flatten(Expr e, List<Expr> out) {
        if (e.getKindCase() == Expr.KindCase.CALL && e.getCall().getOp() == Op.AND) {
            for (Expr operand : e.getCall().getOperandsList()) {
                flatten(operand, out);
            }
        } else {
            out.add(e);
        }
    }

    private static boolean pinned(List<Expr> conjuncts, int column) {
        for (Expr e : conjuncts) {
            if (comparison(e, column) == Op.EQ) {
                return true;
            }
        }
        return false;
    }

    /** {@code column IN (constants)} or an OR of {@code column = constant}. */
    private static boolean inList(Expr e, int column) {
        if (e.getKindCase() != Expr.KindCase.CALL) {
            return false;
        }
        Call c = e.getCall();
        if (c.getOp() == Op.IN && c.getOperandsCount() >= 2 && isColumn(c.getOperands(0), column)) {
            for (int k = 1; k < c.getOperandsCount(); k++) {
                if (!constant(c.getOperands(k))) {
                    return false;
                }
            }
            return true;
        }
        if (c.getOp() == Op.OR) {
            for (Expr d : c.getOperandsList()) {
                if (comparison(d, column) != Op.EQ) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** The operator of {@code column op constant} (flipped for {@code constant op column}), or null. */
    private static Op comparison(Expr e, int column) {
        if (e.getKindCase() != Expr.KindCase.CALL || e.getCall().getOperandsCount() != 2) {
            return null;
        }
        Call c = e.getCall();
        Op op = c.getOp();
        if (op != Op.EQ && op != Op.LT && op != Op.LE && op != Op.GT && op != Op.GE) {
            return null;
        }
        if (isColumn(c.getOperands(0), column) && constant(c.getOperands(1))) {
            return op;
        }
        if (isColumn(c.getOperands(1), column) && constant(c.getOperands(0))) {
            return op == Op.LT ? Op.GT : op == Op.LE ? Op.GE : op == Op.GT ? Op.LT : op == Op.GE ? Op.LE : op;
        }
        return null;
    }

    /** The column itself, or through a cast (the datanode decides whether the cast keeps the key order). */
    private static boolean isColumn(Expr e, int column) {
        if (e.getKindCase() == Expr.KindCase.COLUMN) {
            return e.getColumn() == column;
        }
        return e.getKindCase() == Expr.KindCase.CALL && e.getCall().getOp() == Op.CAST
                && e.getCall().getOperandsCount() == 1 && isColumn(e.getCall().getOperands(0), column);
    }

    private static boolean constant(Expr e) {
        switch (e.getKindCase()) {
            case LITERAL:
                return true;
            case CALL:
                for (Expr operand : e.getCall().getOperandsList()) {
                    if (!constant(operand)) {
                        return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }
}

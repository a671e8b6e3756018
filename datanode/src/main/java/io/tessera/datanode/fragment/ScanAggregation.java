package io.tessera.datanode.fragment;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.exec.AggregateCall;
import io.tessera.executor.exec.AggregateFunction;
import io.tessera.executor.exec.HashAggregateNode;
import io.tessera.protocol.datanode.PartialAggregate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The datanode's half of a two-phase aggregation: a {@link HashAggregateNode} in PARTIAL mode over the scan's output
 * rows, built from a {@code ScanRequest.aggregate} ({@code datanode.proto}). Output rows are the group keys, then
 * each call's partial state, typed by {@link #outputTypes}.
 */
public final class ScanAggregation implements AutoCloseable {
    private final HashAggregateNode node;
    private final List<PgType> outputTypes;
    private Iterator<Object[]> results;

    /**
     * @param spec the request's aggregation
     * @param scanTypes the types of the scan's output row (after projection)
     * @param spill the request's work_mem and this datanode's temporary directory (the aggregate spills past it)
     * @throws TesseraException XX000 for a malformed spec (an index outside the row, an unknown function)
     */
    public ScanAggregation(PartialAggregate spec, List<PgType> scanTypes,
            io.tessera.executor.spill.SpillContext spill) {
        int[] keys = new int[spec.getGroupKeysCount()];
        List<PgType> types = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            keys[i] = checkIndex(spec.getGroupKeys(i), scanTypes, false);
            types.add(scanTypes.get(keys[i]));
        }
        List<AggregateCall> calls = new ArrayList<>();
        for (io.tessera.protocol.datanode.AggregateCall c : spec.getCallsList()) {
            AggregateFunction f = switch (c.getFunction()) {
                case COUNT -> AggregateFunction.COUNT;
                case SUM -> AggregateFunction.SUM;
                case SUM0 -> AggregateFunction.SUM0;
                case AVG -> AggregateFunction.AVG;
                case MIN -> AggregateFunction.MIN;
                case MAX -> AggregateFunction.MAX;
                case ARRAY_AGG -> AggregateFunction.ARRAY_AGG;
                case STRING_AGG -> AggregateFunction.STRING_AGG;
                default -> throw new TesseraException(SqlState.INTERNAL_ERROR,
                        "unknown aggregate function " + c.getFunction());
            };
            int arg = checkIndex(c.getArgument(), scanTypes, f == AggregateFunction.COUNT);
            PgType result = PgType.ofOid(c.getResultTypeOid());
            int delimiter = f == AggregateFunction.STRING_AGG ? checkIndex(c.getSecondArgument(), scanTypes, false)
                    : -1;
            List<io.tessera.executor.exec.SortKey> order = new ArrayList<>();
            List<PgType> orderTypes = new ArrayList<>();
            for (io.tessera.protocol.datanode.SortKey k : c.getOrderList()) {
                int column = checkIndex(k.getColumn(), scanTypes, false);
                order.add(new io.tessera.executor.exec.SortKey(column, k.getDescending(), k.getNullsFirst()));
                orderTypes.add(scanTypes.get(column));
            }
            if ((!order.isEmpty() || c.getDistinct())
                    && f != AggregateFunction.ARRAY_AGG && f != AggregateFunction.STRING_AGG) {
                throw new TesseraException(SqlState.INTERNAL_ERROR, "only array_agg and string_agg are ordered: " + f);
            }
            AggregateCall call = new AggregateCall(f, arg, result, delimiter, order, orderTypes, c.getDistinct());
            calls.add(call);
            types.addAll(HashAggregateNode.stateTypes(call));
        }
        this.node = new HashAggregateNode(keys, calls, HashAggregateNode.Mode.PARTIAL, scanTypes, spill);
        this.outputTypes = List.copyOf(types);
    }

    private static int checkIndex(int i, List<PgType> scanTypes, boolean mayBeStar) {
        if ((i < 0 && !(mayBeStar && i == -1)) || i >= scanTypes.size()) {
            throw new TesseraException(SqlState.INTERNAL_ERROR,
                    "aggregate column " + i + " is outside the scan's " + scanTypes.size() + " output columns");
        }
        return i;
    }

    /** The types of the result rows: group keys, then each call's result type. */
    public List<PgType> outputTypes() {
        return outputTypes;
    }

    /** Adds one scan output row (not retained). */
    public void add(Object[] row) {
        node.add(row);
    }

    /** The result rows, once every input row has been added; the same iterator on every call. */
    public Iterator<Object[]> results() {
        if (results == null) {
            results = new Iterator<>() {
                private Object[] ahead = node.next();

                @Override
                public boolean hasNext() {
                    return ahead != null;
                }

                @Override
                public Object[] next() {
                    Object[] r = ahead;
                    if (r == null) {
                        throw new java.util.NoSuchElementException();
                    }
                    ahead = node.next();
                    return r;
                }
            };
        }
        return results;
    }

    /** Deletes what the aggregate spilled; the scan calls it when it ends, fails or is cancelled. */
    @Override
    public void close() {
        node.close();
    }
}

package io.tessera.coordinator.sql.functions;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Subscripts of multi-dimensional arrays as PostgreSQL reads them, for {@link PgRexRewriter}: fewer subscripts than
 * the array has dimensions is NULL ({@code (array[[1,2],[3,4]])[2]}; array_ref's "a subscript count below the
 * dimensions", https://www.postgresql.org/docs/15/arrays.html#ARRAYS-ACCESSING), where Calcite's {@code ITEM} gave
 * the row {@code {3,4}}. A multi-dimensional constructor is typed as nested arrays ({@code INTEGER ARRAY ARRAY}),
 * so a chain of subscripts whose result is still an array of arrays stopped short. A chain over a slice
 * ({@code a[1:2][2]}, which PostgreSQL reads as slices of both dimensions) is left as it is.
 */
final class ArraySubscripts {
    private ArraySubscripts() {
    }

    /**
     * {@code call} rewritten when it is the outermost subscript of a chain ({@code a[i][j]}): NULL when the chain
     * stops short of the array's dimensions, else the chain with its array and subscripts visited by
     * {@code shuttle} (its inner subscripts are not visited as chains of their own); null when {@code call} is no
     * array subscript.
     */
    static RexNode rewrite(RexBuilder rb, RexCall call, RexShuttle shuttle) {
        if (call.getKind() != SqlKind.ITEM || !isArray(call.getOperands().get(0).getType())) {
            return null;
        }
        if (isArray(call.getType()) && !overSlice(call)) {
            return rb.makeNullLiteral(rb.getTypeFactory().createTypeWithNullability(call.getType(), true));
        }
        return chain(call, shuttle);
    }

    private static RexNode chain(RexCall call, RexShuttle shuttle) {
        RexNode array = call.getOperands().get(0);
        RexNode visited = array instanceof RexCall inner && inner.getKind() == SqlKind.ITEM
                && isArray(inner.getOperands().get(0).getType()) ? chain(inner, shuttle) : array.accept(shuttle);
        return call.clone(call.getType(), List.of(visited, call.getOperands().get(1).accept(shuttle)));
    }

    /** Whether the chain's array is a slice ({@code ArraySlice}), whose subscripts PostgreSQL reads as slices. */
    private static boolean overSlice(RexCall call) {
        RexNode array = call.getOperands().get(0);
        while (array instanceof RexCall inner && inner.getKind() == SqlKind.ITEM) {
            array = inner.getOperands().get(0);
        }
        return array instanceof RexCall c && c.getOperator() == PgRexRewriter.function("arraySlice", 5);
    }

    private static boolean isArray(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.ARRAY;
    }
}

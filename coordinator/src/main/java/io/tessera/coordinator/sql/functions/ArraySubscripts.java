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
 * Subscripts of multi-dimensional arrays as PostgreSQL reads them, for {@link PgRexRewriter}: a number of subscripts
 * other than the array's dimensions is NULL ({@code (array[[1,2],[3,4]])[2]}; array_ref's "a subscript count below the
 * dimensions", https://www.postgresql.org/docs/15/arrays.html#ARRAYS-ACCESSING), where Calcite's {@code ITEM} gave
 * the row {@code {3,4}}. A multi-dimensional constructor is typed as nested arrays ({@code INTEGER ARRAY ARRAY}),
 * so a chain of subscripts whose result is still an array of arrays stopped short; an array read from text is typed
 * one-dimensional whatever its value, so a chain giving an element asks the value
 * ({@code PgRuntime.arraySubscriptsReach}: {@code ('{{a,b},{c,d}}'::text[])[1]} gave the row as the text
 * {@code [a, b]}). A chain over a slice
 * ({@code a[1:2][2]}, which PostgreSQL reads as slices of both dimensions) is left as it is.
 */
final class ArraySubscripts {
    private static final org.apache.calcite.sql.SqlOperator REACH = PgRexRewriter.function("arraySubscriptsReach", 2);

    private ArraySubscripts() {
    }

    /**
     * {@code call} rewritten when it is the outermost subscript of a chain ({@code a[i][j]}): NULL when the chain
     * stops short of the array's type's dimensions, else the chain with its array and subscripts visited by
     * {@code shuttle} (its inner subscripts are not visited as chains of their own), NULL too when the array's value
     * has other dimensions; {@code call} itself when rewritten already; null when {@code call} is no array
     * subscript.
     */
    static RexNode rewrite(RexBuilder rb, RexCall call, RexShuttle shuttle) {
        if (call.getKind() == SqlKind.CASE && call.getOperands().get(0) instanceof RexCall test
                && test.getOperator() == REACH) {
            return call; // rewritten already (the rewrite runs on the logical and on the physical plan)
        }
        if (call.getKind() != SqlKind.ITEM || !isArray(call.getOperands().get(0).getType())) {
            return null;
        }
        if (isArray(call.getType()) && !overSlice(call)) {
            return rb.makeNullLiteral(rb.getTypeFactory().createTypeWithNullability(call.getType(), true));
        }
        RexNode chain = chain(call, shuttle);
        if (isArray(call.getType()) || overSlice(call)) {
            return chain;
        }
        // an array read from text is typed int[] whatever its dimensions ('{{1,2},{3,4}}'::int[]): its value
        // decides whether the subscripts reach an element
        int subscripts = 0;
        RexNode base = chain;
        while (base instanceof RexCall item && item.getKind() == SqlKind.ITEM) {
            base = item.getOperands().get(0);
            subscripts++;
        }
        RelDataType type = rb.getTypeFactory().createTypeWithNullability(call.getType(), true);
        RexNode reaches = rb.makeCall(rb.getTypeFactory().createSqlType(SqlTypeName.BOOLEAN), REACH,
                List.of(base, rb.makeExactLiteral(java.math.BigDecimal.valueOf(subscripts))));
        return rb.makeCall(type, org.apache.calcite.sql.fun.SqlStdOperatorTable.CASE, List.of(
                reaches, rb.ensureType(type, chain, true), rb.makeNullLiteral(type)));
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

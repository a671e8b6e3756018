package io.tessera.datanode.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.types.PgType;
import io.tessera.datanode.storage.SecondaryIndex;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Literal;
import io.tessera.protocol.expr.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entry encodings sort as PostgreSQL's btree orders values, and the ranges of a filter hold exactly its matches. */
class IndexRangesTest {
    private static final List<PgType> TYPES = List.of(PgType.INT4, PgType.TEXT);

    private static SecondaryIndex index(boolean desc, boolean nullsFirst) {
        return new SecondaryIndex(7, "i", new int[] {0}, new PgType[] {PgType.INT4}, new boolean[] {desc},
                new boolean[] {nullsFirst}, false, true, true);
    }

    private static Expr col(int i) {
        return Expr.newBuilder().setColumn(i).setTypeOid(PgType.INT4.oid()).build();
    }

    private static Expr lit(int v) {
        return Expr.newBuilder().setTypeOid(PgType.INT4.oid()).setLiteral(Literal.newBuilder().setIntValue(v)).build();
    }

    private static Expr call(Op op, Expr... operands) {
        return Expr.newBuilder().setTypeOid(PgType.BOOL.oid())
                .setCall(Call.newBuilder().setOp(op).addAllOperands(List.of(operands))).build();
    }

    /** The values among -5..5 and NULL whose encodings fall into one of the ranges. */
    private static List<Integer> matches(SecondaryIndex index, List<byte[][]> ranges) {
        List<Integer> out = new ArrayList<>();
        for (int v = -5; v <= 6; v++) {
            Integer value = v == 6 ? null : v;
            byte[] k = index.encodeValues(new Object[] {value, "x"});
            for (byte[][] r : ranges) {
                if (Arrays.compareUnsigned(k, r[0]) >= 0 && (r[1] == null || Arrays.compareUnsigned(k, r[1]) < 0)) {
                    out.add(value);
                }
            }
        }
        return out;
    }

    @Test
    void encodingsSortAsPostgresOrdersThem() {
        for (boolean desc : new boolean[] {false, true}) {
            for (boolean nullsFirst : new boolean[] {false, true}) {
                SecondaryIndex i = index(desc, nullsFirst);
                List<Integer> values = new ArrayList<>(Arrays.asList(3, -2, null, 0, 10, -7));
                values.sort((a, b) -> Arrays.compareUnsigned(i.encodeValues(new Object[] {a, null}),
                        i.encodeValues(new Object[] {b, null})));
                List<Integer> expected = new ArrayList<>(List.of(-7, -2, 0, 3, 10));
                if (desc) {
                    java.util.Collections.reverse(expected);
                }
                if (nullsFirst) {
                    expected.add(0, null);
                } else {
                    expected.add(null);
                }
                assertEquals(expected, values, "desc=" + desc + " nullsFirst=" + nullsFirst);
            }
        }
    }

    @Test
    void rangesHoldExactlyTheMatchingValues() {
        for (boolean desc : new boolean[] {false, true}) {
            for (boolean nullsFirst : new boolean[] {false, true}) {
                SecondaryIndex i = index(desc, nullsFirst);
                assertEquals(List.of(2), matches(i, IndexRanges.of(i, call(Op.EQ, col(0), lit(2)), TYPES)));
                assertEquals(List.of(-3, 0, 4), sorted(matches(i, IndexRanges.of(i,
                        call(Op.IN, col(0), lit(4), lit(-3), lit(0), lit(4)), TYPES))));
                assertEquals(List.of(-1, 0, 1, 2), sorted(matches(i, IndexRanges.of(i,
                        call(Op.AND, call(Op.GT, col(0), lit(-2)), call(Op.LE, col(0), lit(2))), TYPES))));
                assertEquals(List.of(3, 4, 5), sorted(matches(i, IndexRanges.of(i,
                        call(Op.LT, lit(2), col(0)), TYPES))));
                assertEquals(List.of(), matches(i, IndexRanges.of(i,
                        call(Op.AND, call(Op.GT, col(0), lit(3)), call(Op.LT, col(0), lit(2))), TYPES)));
                assertTrue(matches(i, IndexRanges.of(i, null, TYPES)).contains(null), "no filter: the whole index");
            }
        }
    }

    private static List<Integer> sorted(List<Integer> in) {
        List<Integer> out = new ArrayList<>(in);
        out.sort(null);
        return out;
    }
}

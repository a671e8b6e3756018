package io.tessera.datanode.txn;

import io.tessera.common.codec.StoredRowCodec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.KeyCodec;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.types.PgType;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.PrimaryKey;
import io.tessera.datanode.storage.ScanCursor;
import io.tessera.protocol.datanode.Assignment;
import io.tessera.protocol.datanode.ColumnDescriptor;
import io.tessera.protocol.datanode.InsertOp;
import io.tessera.protocol.datanode.Isolation;
import io.tessera.protocol.datanode.ModifyRequest;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.ShardRows;
import io.tessera.protocol.datanode.TableDescriptor;
import io.tessera.protocol.datanode.TxnContext;
import io.tessera.protocol.datanode.UpdateOp;
import io.tessera.protocol.expr.Call;
import io.tessera.protocol.expr.Expr;
import io.tessera.protocol.expr.Literal;
import io.tessera.protocol.expr.Op;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups by primary key: a filter that pins the key (or its leading columns) makes scans and UPDATE/DELETE read
 * only that key's range of the shard, and they return exactly what a full scan with the same filter returns —
 * including the newest committed version, a reader's own intent, and nothing for a deleted or absent key.
 * Tables {@code accounts(id int4 primary key, c int4)} and {@code pairs(a int4, b text, c int4, primary key (a, b))}.
 */
@Timeout(60)
class KeyLookupTest {
    static final List<PgType> TYPES = List.of(PgType.INT4, PgType.INT4);
    static final List<PgType> PAIR_TYPES = List.of(PgType.INT4, PgType.TEXT, PgType.INT4);
    static final TableDescriptor ACCOUNTS = PrimaryKeyTest.table(21, "accounts", TYPES, List.of("id", "c"), 0);
    static final TableDescriptor PAIRS = PrimaryKeyTest.table(22, "pairs", PAIR_TYPES, List.of("a", "b", "c"), 0, 1);
    static final CompletableFuture<Void> NEVER = new CompletableFuture<>();

    @TempDir
    Path dir;
    DatanodeStorage storage;
    FakeGtm gtm = new FakeGtm();
    TransactionManager tm;
    long nextGxid = 7000;

    @BeforeEach
    void open() {
        storage = DatanodeStorage.open(dir, 1);
        tm = new TransactionManager(storage, gtm, Duration.ofMillis(50));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void equalityOnTheWholeKeyIsTheKeysEncoding() {
        PrimaryKey pk = TransactionManager.primaryKey(ACCOUNTS, TYPES);
        assertArrayEquals(intKey(7), pk.prefixFor(eq(0, lit(7, PgType.INT4)), TYPES));
        assertArrayEquals(intKey(7), pk.prefixFor(eq(0, lit(7, PgType.INT8)), TYPES), "int4 column, int8 constant");
        assertArrayEquals(intKey(7), pk.prefixFor(and(eq(1, lit(3, PgType.INT4)), eq(0, lit(7, PgType.INT4))), TYPES));
        assertArrayEquals(intKey(7), pk.prefixFor(eq(0, call(Op.CAST, lit(7, PgType.INT8))
                .toBuilder().setTypeOid(PgType.INT4.oid()).build()), TYPES), "a bound parameter: a cast constant");
        assertNull(pk.prefixFor(eq(0, call(Op.PLUS, col(1), lit(1, PgType.INT4))), TYPES), "not a constant");
        assertNull(pk.prefixFor(eq(1, lit(7, PgType.INT4)), TYPES), "not a key column");
        assertNull(pk.prefixFor(eq(0, lit(1L << 40, PgType.INT8)), TYPES), "outside int4: left to the filter");
        assertNull(pk.prefixFor(call(Op.OR, eq(0, lit(7, PgType.INT4)), eq(0, lit(8, PgType.INT4))), TYPES));
        assertNull(pk.prefixFor(call(Op.NOT, eq(0, lit(7, PgType.INT4))), TYPES));
        assertNull(pk.prefixFor(call(Op.LT, col(0), lit(7, PgType.INT4)), TYPES));
    }

    @Test
    void scansByKeyReturnWhatAFullScanWithTheFilterReturns() {
        Txn t = new Txn();
        for (int i = 1; i <= 50; i++) {
            t.insert(ACCOUNTS, r(i, i * 10));
        }
        t.commit();
        Txn u = new Txn();
        assertEquals(1, u.update(ACCOUNTS, eq(0, lit(7, PgType.INT4)), 1, lit(71, PgType.INT4)));
        u.commit();
        Txn own = new Txn();
        assertEquals(1, own.update(ACCOUNTS, eq(0, lit(8, PgType.INT4)), 1, lit(81, PgType.INT4)));
        own.cid++; // its next statement sees the update

        for (int k : new int[] {1, 7, 8, 50, 51}) {
            Expr f = eq(0, lit(k, PgType.INT4));
            long snap = gtm.timestamp();
            assertEquals(scan(ACCOUNTS, f, null, snap, false), scan(ACCOUNTS, f, null, snap, true), "key " + k);
            TxnContext ctx = own.ctx();
            assertEquals(scan(ACCOUNTS, f, ctx, snap, false), scan(ACCOUNTS, f, ctx, snap, true), "own, key " + k);
        }
        assertEquals(List.of("7,71"), scan(ACCOUNTS, eq(0, lit(7, PgType.INT4)), null, gtm.timestamp(), true));
        assertEquals(List.of("8,81"), scan(ACCOUNTS, eq(0, lit(8, PgType.INT4)), own.ctx(), gtm.timestamp(), true),
                "the reader's own intent");
        assertEquals(List.of("8,80"), scan(ACCOUNTS, eq(0, lit(8, PgType.INT4)), null, gtm.timestamp(), true),
                "others see the committed version");
        own.rollback();
    }

    @Test
    void leadingKeyColumnsSelectTheirRange() {
        Txn t = new Txn();
        t.insert(PAIRS, r(1, "a", 1), r(2, "a", 2), r(2, "b", 3), r(2, "bb", 4), r(3, "a", 5), r(20, "a", 6));
        t.commit();
        long snap = gtm.timestamp();
        assertEquals(List.of("2,a,2", "2,b,3", "2,bb,4"), scan(PAIRS, eq(0, lit(2, PgType.INT4)), null, snap, true));
        Expr both = and(eq(0, lit(2, PgType.INT4)), eq(1, text("b")));
        assertEquals(List.of("2,b,3"), scan(PAIRS, both, null, snap, true), "'b' is not a prefix of 'bb' in the key");
        assertEquals(List.of(), scan(PAIRS, and(eq(0, lit(4, PgType.INT4)), eq(1, text("a"))), null, snap, true));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Rows passing {@code filter}, read with the key prefix the filter pins ({@code seek}) or the whole shard. */
    List<String> scan(TableDescriptor table, Expr filter, TxnContext ctx, long snapshot, boolean seek) {
        List<PgType> types = table == PAIRS ? PAIR_TYPES : TYPES;
        RowCodec codec = new RowCodec(types);
        PrimaryKey pk = TransactionManager.primaryKey(table, types);
        var compiled = io.tessera.executor.expr.CompiledExpr.compile(filter, types);
        List<String> out = new ArrayList<>();
        try (ScanCursor c = storage.scan(table.getTableId(), new int[] {0}, snapshot, tm.resolver(ctx, snapshot, NEVER),
                pk, seek ? pk.prefixFor(filter, types) : null)) {
            while (c.next()) {
                Object[] row = new Object[types.size()];
                c.decode(StoredRowCodec.positional(codec.types()), row);
                if (!compiled.test(row)) {
                    continue;
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    sb.append(i == 0 ? "" : ",").append(row[i]);
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    static byte[] intKey(int v) {
        ByteSink s = new ByteSink(4);
        KeyCodec.writeValue(s, v, PgType.INT4);
        return s.toByteArray();
    }

    static Object[] r(Object... values) {
        return values;
    }

    static Expr col(int i) {
        return Expr.newBuilder().setColumn(i).build();
    }

    static Expr lit(long v, PgType type) {
        return Expr.newBuilder().setTypeOid(type.oid()).setLiteral(Literal.newBuilder().setIntValue(v)).build();
    }

    static Expr text(String v) {
        return Expr.newBuilder().setTypeOid(PgType.TEXT.oid()).setLiteral(Literal.newBuilder().setStringValue(v)).build();
    }

    static Expr call(Op op, Expr... operands) {
        Call.Builder c = Call.newBuilder().setOp(op);
        for (Expr e : operands) {
            c.addOperands(e);
        }
        return Expr.newBuilder().setTypeOid(PgType.BOOL.oid()).setCall(c).build();
    }

    static Expr eq(int column, Expr value) {
        return call(Op.EQ, col(column), value);
    }

    static Expr and(Expr a, Expr b) {
        return call(Op.AND, a, b);
    }

    final class Txn {
        final long gxid = nextGxid++;
        final long start = gtm.timestamp();
        int cid;

        TxnContext ctx() {
            return TxnContext.newBuilder().setGxid(gxid).setStartTs(start).setCommandId(cid)
                    .setIsolation(Isolation.READ_COMMITTED).setCoordinator("cn1").build();
        }

        long insert(TableDescriptor table, Object[]... rows) {
            cid++;
            RowCodec codec = new RowCodec(table == PAIRS ? PAIR_TYPES : TYPES);
            ShardRows shard = ShardRows.newBuilder().setShard(0).setRows(RowBatch.newBuilder().setRowCount(rows.length)
                    .setData(ByteString.copyFrom(codec.encodeBatch(List.of(rows))))).build();
            return tm.modify(ModifyRequest.newBuilder().setTable(table).setTxn(ctx()).setSnapshotTs(gtm.timestamp())
                    .setInsert(InsertOp.newBuilder().addShards(shard)).build(), table == PAIRS ? PAIR_TYPES : TYPES, NEVER);
        }

        long update(TableDescriptor table, Expr filter, int column, Expr value) {
            cid++;
            UpdateOp.Builder u = UpdateOp.newBuilder().setFilter(filter)
                    .addAssignments(Assignment.newBuilder().setColumn(column).setValue(value));
            return tm.modify(ModifyRequest.newBuilder().setTable(table).setTxn(ctx()).setSnapshotTs(gtm.timestamp())
                    .addShards(0).setUpdate(u).build(), TYPES, NEVER);
        }

        void commit() {
            tm.prepare(gxid);
            tm.commitPrepared(gxid, gtm.decide(gxid, true).getCommitTs());
        }

        void rollback() {
            tm.rollback(gxid);
        }
    }
}

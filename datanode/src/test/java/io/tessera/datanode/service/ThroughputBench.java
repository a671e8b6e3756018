package io.tessera.datanode.service;

import io.tessera.common.codec.StoredRowCodec;
import io.tessera.datanode.storage.ScanCursor;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.ScanRequest;
import io.tessera.protocol.datanode.ShardRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Measurements, not assertions: {@code mvn -pl datanode test -Dtest=ThroughputBench -Dtessera.bench=true}.
 */
@EnabledIfSystemProperty(named = "tessera.bench", matches = "true")
class ThroughputBench extends DatanodeServiceTest {
    @Test
    void durabilityModes() throws Exception {
        RocksDB.loadLibrary();
        for (String mode : List.of("sync=true", "sync=false+flushWal(true)", "sync=false (no fsync)")) {
            Path d = Files.createTempDirectory("bench");
            try (Options o = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(o, d.toString());
                 WriteOptions wo = new WriteOptions().setSync(mode.equals("sync=true"))) {
                int n = 300;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    try (WriteBatch b = new WriteBatch()) {
                        for (int r = 0; r < 100; r++) {
                            b.put(("k" + i + "/" + r).getBytes(), new byte[100]);
                        }
                        db.write(wo, b);
                    }
                    if (mode.startsWith("sync=false+")) {
                        db.flushWal(true);
                    }
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf("BENCH %s: %.3f ms per 100-row batch%n", mode, ms / n);
            }
        }
    }

    @Test
    void writeAndScanThroughput() {
        int total = 1_000_000;
        int perRequest = 10_000;
        ShardRows[] requests = new ShardRows[total / perRequest];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = shard(i % 4, rows(i * perRequest, (i + 1) * perRequest, 20));
        }
        long t0 = System.nanoTime();
        for (ShardRows r : requests) {
            write(1, r);
        }
        double writeS = (System.nanoTime() - t0) / 1e9;
        System.out.printf("BENCH gRPC Write: %d rows (~40 B each) in %.2f s = %.0f rows/s%n", total, writeS, total / writeS);

        t0 = System.nanoTime();
        long n = 0;
        try (ScanCursor c = storage.scan(42, new int[] {0, 1, 2, 3}, 1)) {
            Object[] row = new Object[3];
            while (c.next()) {
                c.decode(StoredRowCodec.positional(CODEC.types()), row);
                n++;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("BENCH storage scan+decode: %d rows in %.2f s = %.0f rows/s%n", n, s, n / s);

        t0 = System.nanoTime();
        n = 0;
        Iterator<RowBatch> it = stub.scan(ScanRequest.newBuilder().setTable(TABLE).addShards(0).addShards(1)
                .addShards(2).addShards(3).setSnapshotTs(1).build());
        long bytes = 0;
        while (it.hasNext()) {
            RowBatch b = it.next();
            n += CODEC.decodeBatch(b.getData().toByteArray(), b.getRowCount()).size();
            bytes += b.getData().size();
        }
        s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("BENCH gRPC Scan (client decodes): %d rows, %d MB in %.2f s = %.0f rows/s%n", n, bytes >> 20, s, n / s);

        t0 = System.nanoTime();
        n = 0;
        it = stub.scan(ScanRequest.newBuilder().setTable(TABLE).addShards(0).addShards(1).addShards(2).addShards(3)
                .setSnapshotTs(1).setFilter(call(io.tessera.protocol.expr.Op.LT, io.tessera.common.types.PgType.BOOL,
                        col(0), intLit(1000))).addProjection(0).build());
        while (it.hasNext()) {
            n += it.next().getRowCount();
        }
        s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("BENCH gRPC Scan with filter c0 < 1000 over 1M rows: %d rows out in %.2f s = %.0f rows/s scanned%n",
                n, s, total / s);
    }

    @Test
    void smallWriteLatency() {
        long t0 = System.nanoTime();
        int n = 300;
        for (int i = 0; i < n; i++) {
            write(1, shard(0, rows(i, i + 1, 20)));
        }
        System.out.printf("BENCH single-row gRPC Write: %.3f ms each%n", (System.nanoTime() - t0) / 1e6 / n);
    }

}

package io.tessera.datanode.analyze;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.StreamObserver;
import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.datanode.catalog.TableSchema;
import io.tessera.datanode.catalog.TableSchemas;
import io.tessera.datanode.gc.GarbageCollector;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.RowCursor;
import io.tessera.datanode.txn.TransactionManager;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.SampleChunk;
import io.tessera.protocol.datanode.SampleRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The datanode's side of ANALYZE ({@code Datanode.Sample}): a {@link TableSampler} sample of the request's shards at
 * its snapshot, sent back in chunks of at most {@value #CHUNK_ROWS} rows or about {@value #CHUNK_BYTES} bytes, the
 * last chunk carrying the number of rows counted. The read is registered with the garbage collector like a scan's
 * (72000 when the snapshot is older than the horizon); intents are resolved as a snapshot read outside any
 * transaction does.
 */
public final class SampleCall {
    static final int CHUNK_ROWS = 2048;
    static final int CHUNK_BYTES = 1 << 20;
    /** The largest sample a request may ask for. */
    public static final int MAX_TARGET_ROWS = 300_000;

    private SampleCall() {
    }

    /** Serves one Sample call on the calling (gRPC) thread. */
    public static void run(DatanodeStorage storage, TransactionManager txns, GarbageCollector gc,
            TableSchemas schemas, SampleRequest request, StreamObserver<SampleChunk> out,
            CompletableFuture<Void> cancelled) {
        try {
            TableSchema schema = schemas.resolve(request.getTable());
            int target = Math.max(1, Math.min(MAX_TARGET_ROWS, request.getTargetRows()));
            int[] shards = request.getShardsList().stream().mapToInt(Integer::intValue).toArray();
            long snapshotTs = request.getSnapshotTs();
            long seed = request.getSeed() != 0 ? request.getSeed() : System.nanoTime();
            TableSampler.Sample sample;
            try (GarbageCollector.Reader reading = gc.enter(snapshotTs);
                    RowCursor cursor = storage.scan(request.getTable().getTableId(), shards, snapshotTs,
                            txns.resolver(null, snapshotTs, cancelled), schema.primaryKey())) {
                sample = TableSampler.sample(cursor, schema.codec(), target, seed, cancelled::isDone);
            }
            if (cancelled.isDone()) {
                return; // the caller is gone
            }
            RowCodec codec = new RowCodec(schema.types());
            ByteSink sink = new ByteSink(64 * 1024);
            List<Object[]> rows = sample.rows();
            int i = 0;
            do {
                sink.reset();
                int count = 0;
                while (i < rows.size() && count < CHUNK_ROWS && sink.size() < CHUNK_BYTES) {
                    codec.encode(rows.get(i++), sink);
                    count++;
                }
                SampleChunk.Builder chunk = SampleChunk.newBuilder().setRows(RowBatch.newBuilder().setRowCount(count)
                        .setData(UnsafeByteOperations.unsafeWrap(sink.toByteArray())));
                if (i >= rows.size()) {
                    chunk.setLast(true).setTotalRows(sample.totalRows());
                }
                out.onNext(chunk.build());
            } while (i < rows.size());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }
}

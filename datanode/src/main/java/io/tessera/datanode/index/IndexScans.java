package io.tessera.datanode.index;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.datanode.catalog.TableSchema;
import io.tessera.datanode.catalog.TableSchemas;
import io.tessera.datanode.storage.DatanodeStorage;
import io.tessera.datanode.storage.IndexEntries;
import io.tessera.datanode.storage.IntentResolver;
import io.tessera.datanode.storage.RowCursor;
import io.tessera.datanode.storage.SecondaryIndex;
import io.tessera.protocol.datanode.BuildIndexRequest;
import io.tessera.protocol.datanode.ScanRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The datanode's two index requests: a scan through an index, and an online build's backfill. */
public final class IndexScans {
    private static final Logger LOG = LoggerFactory.getLogger(IndexScans.class);
    /** How long a backfill waits for writes planned before the index was maintained. */
    private static final long DRAIN_TIMEOUT_MS = 60_000;

    private IndexScans() {
    }

    /**
     * Opens the cursor of a Scan that names a secondary index ({@code ScanRequest.index_id}): the index's key ranges
     * from the request's filter ({@link IndexRanges}), each entry's row read at {@code snapshotTs}.
     *
     * @throws TesseraException XX000 when the table's schema at the request's version has no such readable index
     *     (the coordinator plans index scans only for public indexes of the version it sends)
     */
    public static RowCursor open(DatanodeStorage storage, TableSchema schema, ScanRequest request, int[] shards,
            long snapshotTs, IntentResolver resolver) {
        SecondaryIndex index = schema.index(request.getIndexId());
        if (index == null || !index.readable()) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "relation \"" + schema.name() + "\" at schema version "
                    + schema.version() + " has no usable index with id " + request.getIndexId());
        }
        List<byte[][]> ranges = IndexRanges.of(index, request.hasFilter() ? request.getFilter() : null,
                schema.types());
        return storage.indexScan(schema.tableId(), shards, snapshotTs, resolver, index, schema.codec(), ranges);
    }

    /**
     * The backfill of {@code request}'s index: waits until this datanode's copy of the table's schema is at the
     * request's version and every write planned with an older version has finished, then adds the entries of every
     * stored row version and intent ({@link DatanodeStorage#backfillIndex}).
     *
     * @return the entries written
     * @throws TesseraException 42704 when the index is not in the table's schema at that version, 55P03 when older
     *     writes do not finish in time
     */
    public static long build(DatanodeStorage storage, TableSchemas schemas, IndexWriteBarrier writes,
            BuildIndexRequest request) {
        TableSchema schema = schemas.atLeast(request.getTableId(), request.getSchemaVersion());
        SecondaryIndex index = schema.index(request.getIndexId());
        if (index == null || !index.maintained()) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "index with id " + request.getIndexId()
                    + " is not maintained by relation \"" + schema.name() + "\" at schema version " + schema.version());
        }
        writes.awaitOlderDone(request.getTableId(), request.getSchemaVersion(), DRAIN_TIMEOUT_MS);
        long started = System.nanoTime();
        long n = storage.backfillIndex(schema.tableId(), schema.primaryKey(),
                new IndexEntries(schema.codec(), List.of(index), null));
        LOG.info("built index {} of {}: {} entries in {} ms", index.name(), schema.name(), n,
                (System.nanoTime() - started) / 1_000_000);
        return n;
    }
}

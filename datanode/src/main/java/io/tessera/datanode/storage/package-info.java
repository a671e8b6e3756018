/**
 * The datanode's storage: one RocksDB instance holding every shard of every table this datanode stores, with
 * multi-version rows.
 *
 * <h2>Key layout (DESIGN.md "Storage")</h2>
 * <pre>
 *   column family "data":
 *     [table_id u32][shard u32][index_id u32][key][~commit_ts u64]  →  kind byte ‖ ...
 *         kind 2 (row):        the row in {@link io.tessera.common.codec.StoredRowCodec} form: its column ids and
 *                              storage classes, then the values in {@link io.tessera.common.codec.RowCodec} format
 *                              (kind 0 was the positional row before column ids; it is refused)
 *         kind 1 (tombstone):  nothing
 *     [table_id u32][shard u32][index_id u32][key]                   →  intent of an uncommitted write:
 *         gxid u64 ‖ start_ts u64 ‖ command_id u32 ‖ state u8 (0 pending, 1 prepared) ‖ the future version's value
 *     [table_id u32][0xFFFFFFFF][index_id ≠ 0][indexed values][shard u32][row key] →  row key: a secondary-index
 *         entry, not versioned; readers re-check it against the row ({@link io.tessera.datanode.storage.SecondaryIndex})
 *   column family "meta":
 *     "rowid.hwm"  →  u64, the row-id counter's durable high-water mark
 *     "gc.horizon" →  u64, the highest GC safe point purged at (stored, synced, before the purge deletes anything)
 *     "index.layout" → u8 2: secondary-index entries are in the layout above ({@code IndexLayout} moved those of
 *                      the first, shard-first layout)
 *   column family "intents":
 *     gxid u64 ‖ intent key  →  ∅   (one per intent, same WriteBatch: start-up finds intents without a full scan)
 *   column family "history":
 *     gxid u64 ‖ intent key ‖ command_id u32  →  the transaction's own intent that the write of command_id
 *         overwrote (ROLLBACK TO SAVEPOINT restores it; see {@link io.tessera.datanode.storage.IntentBatch}).
 *         Only active transactions have entries: Prepare, commit and rollback remove them, start-up clears all.
 *   column family "row_locks":
 *     gxid u64 ‖ intent key  →  mode u8 (1 FOR KEY SHARE … 4 FOR UPDATE): a row lock (SELECT ... FOR SHARE / FOR
 *         UPDATE) of a prepared transaction, written by Prepare, removed by its commit or rollback. A lock is no
 *         write, so it is not an intent: several transactions may share one key, and readers never wait for it.
 * </pre>
 * Byte layouts are {@link io.tessera.common.codec.KeyCodec}'s. Why this shape:
 * <ul>
 *   <li><b>Table first, then shard</b>: a table and each of its shards are contiguous key ranges, so a shard can
 *       be scanned with iterate bounds, exported with {@code SstFileWriter}, ingested with
 *       {@code ingestExternalFile} and dropped with {@code deleteRange} as a unit — redistribution and shard moves
 *       are file operations, not row-by-row copies.</li>
 *   <li><b>index_id</b> 0 is the primary index (the rows). Local secondary indexes get their own id, written in the
 *       same {@code WriteBatch} as the row, but their entries are not in the shard's range: they follow all the
 *       table's shards, under shard number 0xFFFFFFFF ({@link io.tessera.common.codec.KeyCodec#INDEX_ENTRIES}), keyed
 *       by values and then the row's shard, so a lookup is one seek per datanode instead of one per shard
 *       (docs/architecture.md "Storage keys", a deviation from DESIGN.md). A shard's range is its rows.</li>
 *   <li><b>Complemented commit timestamp last</b>: versions of a key sort newest first, so a reader at snapshot
 *       {@code S} seeks to {@code key ‖ ~S} and the first entry it meets is its version. The intent (the key with no
 *       timestamp) sorts before every version of the key, so a reader always meets a pending write before the
 *       committed versions it might shadow (CockroachDB's layout).</li>
 *   <li><b>Primary keys</b>: a table with one stores each row under the memcomparable encoding of its key
 *       columns ({@link io.tessera.datanode.storage.PrimaryKey}; prefix-free, so a version key is its intent key
 *       plus the timestamp). Key lengths vary, so scans are told the key's shape to find where a key ends.
 *       Uniqueness is the transaction layer's: it checks the key's intent and newest committed version while
 *       holding the key's lock.</li>
 *   <li><b>Hidden row ids</b> (tables without a primary key): node id (4 bytes) ‖ a
 *       per-datanode counter (8 bytes). The node id makes them unique across the cluster, so rows keep their keys
 *       when shards move between datanodes. The counter is reserved in blocks whose high-water mark is written
 *       with a synced write before any id of the block is used, so a restart (even after SIGKILL) never reuses an
 *       id; at most one block of ids is skipped.</li>
 *   <li>The row value names its columns by stable column ids, so {@code ADD COLUMN} and {@code DROP COLUMN}
 *       rewrite nothing: a reader skips dropped ids and reads absent ones as their missing value
 *       (docs/storage-format.md).</li>
 * </ul>
 *
 * <h2>Durability</h2>
 * Every write request is one {@code WriteBatch} written with the WAL on and {@code sync=true} (an fsync of the
 * WAL before the write is acknowledged; concurrent writers share the fsync through RocksDB's group commit). A
 * SIGKILL or power loss after the acknowledgement loses nothing.
 *
 * <h2>Threads and lifecycle</h2>
 * {@link io.tessera.datanode.storage.DatanodeStorage} is thread-safe: writes and scans run concurrently on the
 * gRPC executor threads. A {@link io.tessera.datanode.storage.ScanCursor} belongs to one scan at a time and pins a
 * RocksDB snapshot until it is closed, so one scan reads one consistent state across all its shards. Closing the
 * storage waits for nothing: the service must stop first.
 *
 * <h2>Intents</h2>
 * Storage knows the layout of intents ({@link io.tessera.datanode.storage.Intent},
 * {@link io.tessera.datanode.storage.IntentBatch}, {@link io.tessera.datanode.storage.DatanodeStorage#latest}) but
 * not their meaning: a scan asks an {@link io.tessera.datanode.storage.IntentResolver} what each intent it meets
 * means to its reader ({@code io.tessera.datanode.txn} supplies it). Pending intents are written without fsync —
 * a crash loses only writes of transactions that were never prepared, which start-up discards anyway — and
 * prepare, commit and rollback of prepared work are synced.
 *
 * <h2>Garbage collection</h2>
 * {@link io.tessera.datanode.storage.DatanodeStorage#purgeVersions} deletes the versions below a GC safe point that
 * no reader can need (the rule, and why intents are safe from it: {@code VersionPurge}); the GC horizon is stored
 * under {@code "gc.horizon"} in the meta column family. {@code io.tessera.datanode.gc.GarbageCollector} decides
 * when and up to where to purge, and refuses snapshots below the horizon.
 */
package io.tessera.datanode.storage;

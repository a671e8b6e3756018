/**
 * The global transaction manager (GTM): global timestamps, GXIDs and transaction decisions over gRPC
 * ({@code gtm.proto}).
 *
 * <p>Layers: {@link io.tessera.gtm.TimestampOracle} (the numbers, with a durable high-water mark in
 * {@link io.tessera.gtm.HighWaterMarks}) and {@link io.tessera.gtm.DecisionStore} (the compare-and-set commit log
 * in RocksDB, commit timestamps taken from the oracle) ← {@link io.tessera.gtm.GtmService} (the gRPC service) ←
 * {@link io.tessera.gtm.GtmServer} (the Netty server) ← {@link io.tessera.gtm.GtmMain} (the process: cluster file,
 * pid file, ZooKeeper membership). Calls run on gRPC's transport threads and serialize on the oracle; the only
 * blocking there is one fsync every few seconds when the mark is renewed. Decisions are fsync'd in groups by the
 * store's own thread, which also sends their replies, so a Decide never holds a transport thread on the disk.
 * Clients combine concurrent timestamp and GXID requests ({@code io.tessera.common.gtm.GtmClient}), so the GTM
 * sees one RPC per batch, not per transaction.
 */
package io.tessera.gtm;

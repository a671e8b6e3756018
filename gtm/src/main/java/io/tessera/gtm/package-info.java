/**
 * The global transaction manager (GTM): global timestamps and GXIDs over gRPC ({@code gtm.proto}).
 *
 * <p>Layers: {@link io.tessera.gtm.TimestampOracle} (the numbers, with a durable high-water mark in
 * {@link io.tessera.gtm.HighWaterMarks}) ← {@link io.tessera.gtm.GtmService} (the gRPC service) ←
 * {@link io.tessera.gtm.GtmServer} (the Netty server) ← {@link io.tessera.gtm.GtmMain} (the process: cluster file,
 * pid file, ZooKeeper membership). Calls run on gRPC's transport threads and serialize on the oracle; the only
 * blocking is one fsync every few seconds when the mark is renewed. Clients combine concurrent requests
 * ({@code io.tessera.common.gtm.GtmClient}), so the GTM sees one RPC per batch, not per transaction.
 */
package io.tessera.gtm;

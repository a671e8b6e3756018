/**
 * The datanode's MVCC garbage collector ({@link io.tessera.datanode.gc.GarbageCollector}): the GC horizon and the
 * "snapshot too old" check, the reads in progress that hold purges back, the background purge thread (autovacuum)
 * and VACUUM's synchronous purge. The purge itself is storage's ({@code DatanodeStorage#purgeVersions}); where the
 * safe point comes from is the coordinators' business ({@code io.tessera.coordinator.gc}).
 */
package io.tessera.datanode.gc;

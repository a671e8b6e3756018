/**
 * Runs executor operators over a datanode's local shards, fed by the MVCC scan cursor ({@code storage.ScanCursor})
 * with its visibility rules (snapshot, the transaction's own intents, prepared intents waited for) untouched: the
 * operators see exactly the rows a plain scan would return, after its filter and projection.
 *
 * <p>Today one fragment shape exists: a scan with a partial (or, when grouped by the distribution column, complete)
 * hash aggregation, {@link io.tessera.datanode.fragment.ScanAggregation}. It runs inside the Scan call's serialised
 * callbacks: the aggregation consumes the whole cursor (checking for cancellation as it goes), then its result
 * rows are sent under gRPC flow control like any scan's rows.
 */
package io.tessera.datanode.fragment;

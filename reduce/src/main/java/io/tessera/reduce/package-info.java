/**
 * Reduce: streams of row batches between nodes over gRPC, with credit-based flow control (DESIGN.md "Query
 * processing" step 5 and "Redistribution").
 *
 * <pre>
 *   sender node                                    receiver node
 *   ReduceSender ── Push(header, batch, batch, …) ──▶ ReduceService ──▶ Inbox(job, stream) ──▶ consumer.take()
 *        ▲ isReady()/onReady                              request(1) per batch the consumer took ◀──┘
 * </pre>
 * <ul>
 *   <li>A receiver {@link io.tessera.reduce.ReduceService#open opens} an {@link io.tessera.reduce.Inbox} for a
 *       (job id, stream id) and the number of senders it expects, before the senders start.</li>
 *   <li>A {@link io.tessera.reduce.ReduceSender} opens one Push call per receiver and sends batches only while
 *       the call is ready; it blocks otherwise.</li>
 *   <li>The receiver disables gRPC's automatic message requests and grants each call {@code credits} messages at
 *       first, then one more each time its consumer takes a batch: an inbox holds at most {@code credits} batches
 *       per sender, and the transport's HTTP/2 window bounds what is in flight, so a slow consumer slows its
 *       senders and no side buffers without bound.</li>
 * </ul>
 * The payload of a batch is the job's: the redistribution job sends storage keys and values, a query's exchange
 * ({@link io.tessera.reduce.exchange}) {@code RowCodec} rows. Nothing here spills to disk yet (the consumer decides
 * where rows go).
 *
 * <p>A redistribution opens its inboxes before its senders start, and a Push for an inbox that is not open fails at
 * once. An exchange's receivers open theirs as their own fragment starts, possibly after a peer's sender began: its
 * Push header asks the receiver to hold the call ({@code wait_for_open_ms}) until the inbox opens, the call's sender
 * cancels, or the wait runs out (55000). {@link io.tessera.reduce.ReduceService#openStreams} counts inboxes and held
 * calls.
 */
package io.tessera.reduce;

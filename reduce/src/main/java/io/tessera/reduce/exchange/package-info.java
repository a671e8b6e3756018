/**
 * Exchanges of a distributed query: the operators that move a plan fragment's rows between datanodes over reduce
 * streams, for redistributed joins (Postgres-XL's "Distribute results by H: key").
 *
 * <pre>
 *   datanode i                                                   datanode j
 *   input subtree ─▶ ExchangeSendNode ── hash(key) mod n ──▶ Push ─▶ Inbox(query, stream) ─▶ ExchangeReceiveNode ─▶ join
 *                    (own thread)      └──▶ its own inbox, and every other datanode's
 * </pre>
 * Each datanode of the fragment is both a sender (of its own rows) and a receiver (of the rows hashed to it) of every
 * exchange; an inbox expects all n datanodes as senders. The sender runs on its own thread so that a datanode's join
 * can build its hash table from one exchange while its rows of the other wait for credit; memory stays bounded by
 * the credits (a few batches per sender per inbox) and one batch per target being filled.
 */
package io.tessera.reduce.exchange;

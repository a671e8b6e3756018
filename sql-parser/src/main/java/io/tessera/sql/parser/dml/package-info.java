/**
 * Query clauses of PostgreSQL that Calcite's query nodes do not hold: the locking clause
 * ({@code FOR UPDATE | FOR NO KEY UPDATE | FOR SHARE | FOR KEY SHARE [OF ...] [NOWAIT | SKIP LOCKED]}) of a
 * top-level query, parsed to a {@link io.tessera.sql.parser.dml.SqlLockingQuery} around Calcite's own
 * {@code SqlSelect} / {@code SqlOrderBy} / {@code SqlWith}.
 */
package io.tessera.sql.parser.dml;

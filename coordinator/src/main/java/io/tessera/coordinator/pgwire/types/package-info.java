/**
 * One codec class per PostgreSQL type ({@code BoolType}, {@code Int4Type}, {@code NumericType}, {@code DateType},
 * ...), each converting between {@link io.tessera.common.types.PgType}'s Java representation and PostgreSQL's text
 * and binary wire forms exactly as PostgreSQL 15's output/input and send/receive functions do.
 * {@link io.tessera.coordinator.pgwire.types.PgWireTypes} maps OIDs to codecs. Stateless and thread-safe.
 *
 * @see <a href="https://www.postgresql.org/docs/current/datatype.html">PostgreSQL: Data Types</a>
 */
package io.tessera.coordinator.pgwire.types;

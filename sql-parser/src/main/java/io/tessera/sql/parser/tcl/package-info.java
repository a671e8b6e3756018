/**
 * Transaction-control statements that Babel's PostgreSQL nodes ({@code SqlBegin}, {@code SqlCommit},
 * {@code SqlRollback} in {@code org.apache.calcite.sql.babel.postgres}) do not cover: savepoints.
 * START TRANSACTION parses to Babel's {@code SqlBegin} and END to its {@code SqlCommit}.
 */
package io.tessera.sql.parser.tcl;

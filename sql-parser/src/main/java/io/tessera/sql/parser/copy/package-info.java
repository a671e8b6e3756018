/**
 * Parse-tree nodes of PostgreSQL's bulk statements: {@link io.tessera.sql.parser.copy.SqlCopy} (COPY) and
 * {@link io.tessera.sql.parser.copy.SqlTruncateTables} (TRUNCATE). The grammar is {@code pgCopy.ftl}; what the
 * options mean and which ones are valid is the coordinator's business (it must answer with PostgreSQL's
 * SQLSTATEs), so these nodes only keep what was written.
 */
package io.tessera.sql.parser.copy;

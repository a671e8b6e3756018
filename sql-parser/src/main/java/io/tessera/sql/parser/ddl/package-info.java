/**
 * Parse trees of Tessera's DDL: {@link io.tessera.sql.parser.ddl.SqlCreateTesseraTable} (with Postgres-XL's
 * DISTRIBUTE BY / TO NODE / TO GROUP and PostgreSQL's WITH options), {@link
 * io.tessera.sql.parser.ddl.SqlDropTesseraTable}, {@link io.tessera.sql.parser.ddl.SqlCreateDatabase},
 * {@link io.tessera.sql.parser.ddl.SqlDropDatabase}.
 *
 * <p>The nodes record what the statement says, with identifiers folded as PostgreSQL folds them; defaults
 * (the distribution chosen when none is written, the PolarDB {@code dist_type}/{@code dist_col} options) and
 * checks against the catalog are the coordinator's. Column types are {@link io.tessera.sql.parser.ddl.PgTypeName}:
 * PostgreSQL's canonical type name and modifiers, because the catalog stores PostgreSQL types.
 */
package io.tessera.sql.parser.ddl;

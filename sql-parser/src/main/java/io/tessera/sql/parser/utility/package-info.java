/**
 * PostgreSQL utility statements that are neither DDL nor transaction control: {@code VACUUM}, {@code ANALYZE}.
 */
package io.tessera.sql.parser.utility;

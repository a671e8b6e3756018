/**
 * PostgreSQL utility statements that are neither DDL nor transaction control: {@code VACUUM}.
 */
package io.tessera.sql.parser.utility;

package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.sql.parser.acl.SqlAlterRole;
import io.tessera.sql.parser.acl.SqlCreateRole;
import io.tessera.sql.parser.acl.SqlDropRole;
import io.tessera.sql.parser.acl.SqlGrant;
import io.tessera.sql.parser.ddl.SqlAlterSchema;
import io.tessera.sql.parser.ddl.SqlComment;
import io.tessera.sql.parser.ddl.SqlCreateSchema;
import io.tessera.sql.parser.ddl.SqlDropSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Roles, GRANT/REVOKE on tables and schema DDL parse as PostgreSQL 15 writes them (pgRoles.ftl). */
class RoleAndSchemaParsingTest {
    @Test
    void createUserCarriesItsOptionsInWrittenOrder() {
        SqlCreateRole c = (SqlCreateRole) TesseraSqlParser.parse(
                "CREATE USER \"Bob\" WITH CREATEDB NOINHERIT PASSWORD 'it''s' CONNECTION LIMIT -1;");
        assertEquals("Bob", c.name());
        assertTrue(c.user());
        assertEquals(Map.of("createdb", true, "inherit", false, "password", "it's", "connection limit", -1),
                c.options());
        assertEquals(List.of("createdb", "inherit", "password", "connection limit"), List.copyOf(c.options().keySet()));
        SqlCreateRole r = (SqlCreateRole) TesseraSqlParser.parse("create role r login encrypted password null");
        assertFalse(r.user());
        assertTrue(r.options().containsKey("password"));
        assertNull(r.options().get("password"));
    }

    @Test
    void alterAndDropRole() {
        SqlAlterRole a = (SqlAlterRole) TesseraSqlParser.parse("alter role bob rename to Carol");
        assertEquals("bob", a.name());
        assertEquals("carol", a.renameTo());
        SqlAlterRole o = (SqlAlterRole) TesseraSqlParser.parse("alter user bob with superuser");
        assertEquals(Map.of("superuser", true), o.options());
        SqlDropRole d = (SqlDropRole) TesseraSqlParser.parse("drop role if exists a, \"B\"");
        assertEquals(List.of("a", "B"), d.names());
        assertTrue(d.ifExists());
    }

    @Test
    void grantAndRevokeOnTables() {
        SqlGrant g = (SqlGrant) TesseraSqlParser.parse(
                "grant select, update on table public.t, u to bob, group public, current_user with grant option");
        assertTrue(g.grant());
        assertEquals(List.of("select", "update"), g.privileges());
        assertEquals(List.of(List.of("public", "t"), List.of("u")), g.tables());
        assertEquals(Arrays.asList("bob", null, "current_user"), g.grantees());
        assertTrue(g.grantOption());
        SqlGrant r = (SqlGrant) TesseraSqlParser.parse(
                "revoke grant option for all privileges on all tables in schema public from bob restrict");
        assertFalse(r.grant());
        assertEquals(List.of(), r.privileges());
        assertEquals("public", r.allInSchema());
        assertTrue(r.grantOption());
    }

    @Test
    void schemaStatements() {
        SqlCreateSchema c = (SqlCreateSchema) TesseraSqlParser.parse("create schema if not exists s authorization bob");
        assertTrue(c.ifNotExists());
        assertEquals("s", c.name());
        assertEquals("bob", c.authorization());
        SqlCreateSchema onlyOwner = (SqlCreateSchema) TesseraSqlParser.parse("create schema authorization bob");
        assertNull(onlyOwner.name());
        SqlDropSchema d = (SqlDropSchema) TesseraSqlParser.parse("drop schema if exists a, b cascade");
        assertEquals(List.of("a", "b"), d.names());
        assertTrue(d.ifExists());
        assertTrue(d.cascade());
        SqlAlterSchema r = (SqlAlterSchema) TesseraSqlParser.parse("alter schema s rename to \"T\"");
        assertEquals("T", r.renameTo());
        SqlAlterSchema o = (SqlAlterSchema) TesseraSqlParser.parse("alter schema s owner to current_user");
        assertEquals("current_user", o.ownerTo());
        SqlComment m = (SqlComment) TesseraSqlParser.parse("comment on schema public is 'the default'");
        assertEquals("SCHEMA", m.objectType());
        assertEquals("public", m.name().getSimple());
        assertEquals("the default", m.text());
    }

    @Test
    void statementsShareOneListWithOthers() {
        List<?> list = TesseraSqlParser.parseStatements("create schema s; grant select on t to bob; select 1");
        assertEquals(3, list.size());
    }

    @Test
    void errorsCarryPostgresCodesAndPositions() {
        TesseraException end = assertThrows(TesseraException.class, () -> TesseraSqlParser.parse("grant select on t"));
        assertEquals(SqlState.SYNTAX_ERROR, end.sqlState());
        assertEquals("syntax error at end of input", end.getMessage());
        TesseraException near = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("create role r wat"));
        assertEquals(SqlState.SYNTAX_ERROR, near.sqlState());
        assertEquals("unrecognized role option \"wat\"", near.getMessage()); // PostgreSQL's words
        assertEquals(15, near.position());
        assertEquals("syntax error at or near \";\"", assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("create role;")).getMessage());
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("grant admins to bob")).sqlState());
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("grant execute on function f to bob")).sqlState());
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("alter default privileges grant select on tables to bob")).sqlState());
        SqlGrant onSchemas = (SqlGrant) TesseraSqlParser.parse("grant usage, create on schema s, \"T\" to bob");
        assertEquals(List.of("s", "T"), onSchemas.schemas());
        assertEquals(List.of("usage", "create"), onSchemas.privileges());
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("grant select on sequence s to bob")).sqlState());
        TesseraException elements = assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("create schema s create table t (a int)"));
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, elements.sqlState());
        assertEquals("schema elements in CREATE SCHEMA are not supported", elements.getMessage());
        assertEquals("Run CREATE SCHEMA, then each statement with schema-qualified names.", elements.hint());
        assertEquals(SqlState.SYNTAX_ERROR, assertThrows(TesseraException.class,
                () -> TesseraSqlParser.parse("alter schema s drop")).sqlState());
    }
}

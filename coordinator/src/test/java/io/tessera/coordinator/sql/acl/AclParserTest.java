package io.tessera.coordinator.sql.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.AclItem;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AclParserTest {
    @Test
    void otherStatementsAreNotRecognised() {
        assertNull(AclParser.parse("select 1"));
        assertNull(AclParser.parse("create table role (a int)"));
        assertNull(AclParser.parse("alter table t owner to bob"));
    }

    @Test
    void userMappingsAreSyntaxErrors() {
        // PostgreSQL's CREATE USER MAPPING (foreign data): Tessera has no foreign servers
        assertEquals(SqlState.SYNTAX_ERROR, assertThrows(TesseraException.class,
                () -> AclParser.parse("create user mapping for bob server s")).sqlState());
    }

    @Test
    void createUserCarriesItsOptions() {
        AclStatement.CreateRole c = (AclStatement.CreateRole) AclParser.parse(
                "CREATE USER \"Bob\" WITH CREATEDB NOINHERIT PASSWORD 'it''s' CONNECTION LIMIT 3;");
        assertEquals("Bob", c.name());
        assertEquals(true, c.user());
        assertEquals(Map.of("createdb", true, "inherit", false, "password", "it's", "connection limit", 3),
                c.options());
    }

    @Test
    void alterRoleRenames() {
        AclStatement.AlterRole a = (AclStatement.AlterRole) AclParser.parse("alter role bob rename to carol");
        assertEquals("carol", a.renameTo());
    }

    @Test
    void dropRoleListsNames() {
        AclStatement.DropRole d = (AclStatement.DropRole) AclParser.parse("drop role if exists a, b");
        assertEquals(List.of("a", "b"), d.names());
        assertEquals(true, d.ifExists());
    }

    @Test
    void grantNamesPrivilegesTablesAndGrantees() {
        AclStatement.GrantTables g = (AclStatement.GrantTables) AclParser.parse(
                "grant select, update on table public.t, u to bob, public with grant option");
        assertEquals("rw", g.privileges());
        assertEquals(List.of(List.of("public", "t"), List.of("u")), g.tables());
        assertEquals(Arrays.asList("bob", null), g.grantees());
        assertEquals(true, g.grantOption());
        AclStatement.GrantTables r = (AclStatement.GrantTables) AclParser.parse(
                "revoke grant option for all privileges on all tables in schema public from bob");
        assertEquals(AclItem.TABLE_RIGHTS, r.privileges());
        assertEquals("public", r.allInSchema());
        assertEquals(true, r.grantOption());
    }

    @Test
    void errorsCarryPostgresCodes() {
        TesseraException syntax = assertThrows(TesseraException.class, () -> AclParser.parse("grant select on t"));
        assertEquals(SqlState.SYNTAX_ERROR, syntax.sqlState());
        assertEquals("syntax error at end of input", syntax.getMessage());
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, assertThrows(TesseraException.class,
                () -> AclParser.parse("grant admins to bob")).sqlState());
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, assertThrows(TesseraException.class,
                () -> AclParser.parse("grant execute on function f to bob")).sqlState());
        TesseraException usageOnTable = assertThrows(TesseraException.class,
                () -> AclParser.parse("grant usage on t to bob"));
        assertEquals(SqlState.INVALID_GRANT_OPERATION, usageOnTable.sqlState());
        assertEquals("invalid privilege type USAGE for table", usageOnTable.getMessage());
        assertEquals("invalid privilege type SELECT for schema", assertThrows(TesseraException.class,
                () -> AclParser.parse("grant select on schema s to bob")).getMessage());
        assertEquals(new AclStatement.GrantSchemas(false, "UC", List.of("s"), Arrays.asList((String) null),
                false), AclParser.parse("revoke all on schema s from public"));
    }
}

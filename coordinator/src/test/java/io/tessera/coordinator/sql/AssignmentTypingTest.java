package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.sql.parser.TesseraSqlParser;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.type.SqlTypeFactoryImpl;
import org.junit.jupiter.api.Test;

class AssignmentTypingTest {
    private final RelDataTypeFactory types = new SqlTypeFactoryImpl(RelDataTypeSystem.DEFAULT);

    @Test
    void castsOfPgCastWithContextImplicitOrAssignmentAreAllowed() {
        assertTrue(AssignmentTyping.allowed(PgType.INT8, PgType.INT4)); // 'a', range checked at run time
        assertTrue(AssignmentTyping.allowed(PgType.NUMERIC, PgType.INT2));
        assertTrue(AssignmentTyping.allowed(PgType.FLOAT8, PgType.NUMERIC));
        assertTrue(AssignmentTyping.allowed(PgType.TIMESTAMP, PgType.DATE));
        assertTrue(AssignmentTyping.allowed(PgType.TIMESTAMPTZ, PgType.TIMESTAMP));
        assertTrue(AssignmentTyping.allowed(PgType.DATE, PgType.TIMESTAMPTZ));
        assertTrue(AssignmentTyping.allowed(PgType.TIME, PgType.INTERVAL));
        assertTrue(AssignmentTyping.allowed(PgType.BOOL, PgType.VARCHAR)); // I/O conversion to a string type
        assertTrue(AssignmentTyping.allowed(PgType.JSONB, PgType.JSON));
    }

    @Test
    void castsThatAreExplicitOnlyOrMissingAreRefused() {
        assertFalse(AssignmentTyping.allowed(PgType.INT4, PgType.TIMESTAMP));
        assertFalse(AssignmentTyping.allowed(PgType.INT8, PgType.DATE));
        assertFalse(AssignmentTyping.allowed(PgType.INT4, PgType.BOOL));
        assertFalse(AssignmentTyping.allowed(PgType.TEXT, PgType.INT4));
        assertFalse(AssignmentTyping.allowed(PgType.DATE, PgType.TIME));
        assertFalse(AssignmentTyping.allowed(PgType.BPCHAR, PgType.JSON));
        assertFalse(AssignmentTyping.allowed(PgType.UUID, PgType.BYTEA));
    }

    @Test
    void aRefusedAssignmentIs42804WithPostgresMessageAndHint() {
        ColumnDef ts = new ColumnDef("ts", PgType.TIMESTAMP, -1, false);
        TesseraException e = assertThrows(TesseraException.class, () -> AssignmentTyping.check(
                types.createSqlType(org.apache.calcite.sql.type.SqlTypeName.INTEGER), ts, null, "postgres"));
        assertEquals(SqlState.DATATYPE_MISMATCH, e.sqlState());
        assertEquals("column \"ts\" is of type timestamp without time zone but expression is of type integer",
                e.getMessage());
        assertEquals("You will need to rewrite or cast the expression.", e.hint());
    }

    @Test
    void valuesColumnsOfStringLiteralsNullsAndDefaultsAreUntyped() {
        SqlInsert insert = (SqlInsert) TesseraSqlParser.parse(
                "insert into t values ('a', 1, null, 'b'), (null, 'c', default, 2.5::int)");
        assertArrayEquals(new boolean[] {true, false, true, false}, AssignmentTyping.untyped(insert.getSource(), 4));
        SqlInsert select = (SqlInsert) TesseraSqlParser.parse("insert into t select '2020-01-01' as d, 42, null");
        assertArrayEquals(new boolean[] {true, false, true}, AssignmentTyping.untyped(select.getSource(), 3));
    }

    @Test
    void untypedValuesAndValuesOfTheColumnsTypeAreNotConverted() {
        ColumnDef d = new ColumnDef("d", PgType.DATE, -1, false);
        assertNull(AssignmentTyping.conversionType(types.createSqlType(
                org.apache.calcite.sql.type.SqlTypeName.CHAR, 10), true, d));
        assertNull(AssignmentTyping.conversionType(types.createSqlType(
                org.apache.calcite.sql.type.SqlTypeName.DATE), false, d));
        assertEquals(PgType.TIMESTAMP, AssignmentTyping.conversionType(types.createSqlType(
                org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP, 3), false, d));
    }
}

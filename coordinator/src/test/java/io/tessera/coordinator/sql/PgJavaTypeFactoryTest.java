package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class PgJavaTypeFactoryTest {
    private final PgJavaTypeFactory f = new PgJavaTypeFactory(PgTypeSystem.INSTANCE);

    /**
     * The common type of timestamps of two precisions has the finer one, in either order (Calcite kept the first's:
     * {@code current_timestamp = now()} rounded now() to seconds); the type name stays Calcite's choice.
     */
    @Test
    void commonTimestampTypeKeepsTheFinerPrecision() {
        RelDataType seconds = f.createSqlType(SqlTypeName.TIMESTAMP, 0);
        int finest = PgTypeSystem.timestampPrecision(); // 6 under engine.microseconds, else 3
        RelDataType fine = f.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, finest);
        assertEquals(finest, f.leastRestrictive(List.of(seconds, fine)).getPrecision());
        assertEquals(finest, f.leastRestrictive(List.of(fine, seconds)).getPrecision());
        RelDataType tenths = f.createSqlType(SqlTypeName.TIMESTAMP, 1);
        RelDataType common = f.leastRestrictive(List.of(seconds, tenths));
        assertEquals(SqlTypeName.TIMESTAMP, common.getSqlTypeName());
        assertEquals(1, common.getPrecision());
        assertEquals(SqlTypeName.INTEGER, f.leastRestrictive(List.of(f.createSqlType(SqlTypeName.INTEGER),
                f.createSqlType(SqlTypeName.SMALLINT))).getSqlTypeName());
    }
}

package io.tessera.coordinator.sql.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.common.types.DateTimeInput;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.sql.PgTypeSystem;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** A range constant and a histogram bound of the same timestamp are the same scalar. */
class ColumnScalarsTest {
    @Test
    void aFoldedTimestampConstantIsItsMicroseconds() {
        JavaTypeFactoryImpl types = new JavaTypeFactoryImpl(PgTypeSystem.INSTANCE);
        long micros = DateTimeInput.parseTimestampMicros("2024-01-01 12:00:00.5", false);
        // what constant reduction makes of '2024-01-01 12:00:00.5'::timestamp: the engine's Long as a literal
        RexLiteral folded = (RexLiteral) new RexBuilder(types).makeLiteral(micros,
                types.createSqlType(SqlTypeName.TIMESTAMP, PgTypeSystem.timestampPrecision()), false);
        assertEquals((double) micros, ColumnScalars.ofLiteral(folded, PgType.TIMESTAMP));
        assertEquals(ColumnScalars.ofText("2024-01-01 12:00:00.5", PgType.TIMESTAMP),
                ColumnScalars.ofLiteral(folded, PgType.TIMESTAMP), "the same scale as pg_stats' histogram bounds");
    }
}

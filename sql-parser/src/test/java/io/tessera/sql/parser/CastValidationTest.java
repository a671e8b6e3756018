package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.junit.jupiter.api.Test;

/** Casts to PostgreSQL type names pass Calcite's validator and get the mapped Calcite types. */
class CastValidationTest {

    private static RelDataType validate(String sql) {
        JavaTypeFactoryImpl typeFactory = new JavaTypeFactoryImpl();
        CalciteCatalogReader catalog = new CalciteCatalogReader(CalciteSchema.createRootSchema(false), List.of(),
                typeFactory, CalciteConnectionConfig.DEFAULT);
        SqlValidator validator = SqlValidatorUtil.newValidator(
                SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL),
                catalog, typeFactory, SqlValidator.Config.DEFAULT.withConformance(SqlConformanceEnum.BABEL));
        SqlNode node = TesseraSqlParser.parse(sql);
        return validator.getValidatedNodeType(validator.validate(node));
    }

    @Test
    void everyPostgresCastTypeValidates() {
        RelDataType row = validate("select '1'::text, '1'::int2, '1'::int4, '1'::int8, '1'::float4, '1'::float8, "
                + "'t'::bool, '1.5'::numeric(10,2), 'x'::varchar(5), 'x'::char(3), 'x'::bpchar, "
                + "'2024-01-02'::date, '2024-01-02 03:04:05'::timestamp, "
                + "'2024-01-02 03:04:05'::timestamp with time zone, x'00'::bytea, "
                + "cast('1' as integer), cast(1 as double precision), cast('a' as character varying(4))");
        String types = row.getFieldList().stream().map(RelDataTypeField::getType).map(RelDataType::toString)
                .collect(Collectors.joining(", "));
        assertEquals("VARCHAR, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, BOOLEAN, DECIMAL(10, 2), VARCHAR(5), "
                + "CHAR(3), VARCHAR, DATE, TIMESTAMP(0), TIMESTAMP_WITH_LOCAL_TIME_ZONE(0), VARBINARY, "
                + "INTEGER, DOUBLE, VARCHAR(4)", types);
    }
}

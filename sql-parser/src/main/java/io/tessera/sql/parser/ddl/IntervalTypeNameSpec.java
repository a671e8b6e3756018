package io.tessera.sql.parser.ddl;

import io.tessera.common.types.PgInterval;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.Litmus;

/**
 * PostgreSQL's {@code interval} as a type name: Calcite's Java type of {@link PgInterval} (SqlTypeName OTHER).
 * Calcite's own INTERVAL types split year-month from day-time and hold one number, so they cannot carry
 * PostgreSQL's three fields (months, days, microseconds); docs/compatibility.md.
 */
public final class IntervalTypeNameSpec extends SqlTypeNameSpec {
    public IntervalTypeNameSpec(SqlParserPos pos) {
        super(new SqlIdentifier("INTERVAL", pos), pos);
    }

    @Override
    public RelDataType deriveType(SqlValidator validator) {
        return validator.getTypeFactory().createJavaType(PgInterval.class);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("INTERVAL");
    }

    @Override
    public boolean equalsDeep(SqlTypeNameSpec spec, Litmus litmus) {
        return spec instanceof IntervalTypeNameSpec || litmus.fail("{} != {}", this, spec);
    }
}

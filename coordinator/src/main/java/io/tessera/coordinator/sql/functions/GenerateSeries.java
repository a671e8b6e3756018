package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's {@code generate_series(start, stop [, step])} for integer and bigint arguments
 * (https://www.postgresql.org/docs/current/functions-srf.html): the values start, start+step, ... up to and including
 * stop, streamed without materialising. A step of zero is an error (22023), as in PostgreSQL.
 */
public final class GenerateSeries {
    private GenerateSeries() {
    }

    /** generate_series(int4, int4) → setof int4. */
    public static ScannableTable generateSeries(int start, int stop) {
        return new Series(start, stop, 1, SqlTypeName.INTEGER);
    }

    /** generate_series(int4, int4, int4) → setof int4. */
    public static ScannableTable generateSeries(int start, int stop, int step) {
        return new Series(start, stop, step, SqlTypeName.INTEGER);
    }

    /** generate_series(int8, int8) → setof int8. */
    public static ScannableTable generateSeries(long start, long stop) {
        return new Series(start, stop, 1, SqlTypeName.BIGINT);
    }

    /** generate_series(int8, int8, int8) → setof int8. */
    public static ScannableTable generateSeries(long start, long stop, long step) {
        return new Series(start, stop, step, SqlTypeName.BIGINT);
    }

    private static final class Series extends AbstractTable implements ScannableTable {
        private final long start;
        private final long stop;
        private final long step;
        private final SqlTypeName type;

        Series(long start, long stop, long step, SqlTypeName type) {
            if (step == 0) {
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "step size cannot equal zero");
            }
            this.start = start;
            this.stop = stop;
            this.step = step;
            this.type = type;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory f) {
            return f.builder().add("generate_series", f.createSqlType(type)).build();
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            boolean ints = type == SqlTypeName.INTEGER;
            return new AbstractEnumerable<>() {
                @Override
                public Enumerator<Object[]> enumerator() {
                    return new Enumerator<>() {
                        private long next = start;
                        private boolean exhausted;
                        private Object[] current;

                        @Override
                        public Object[] current() {
                            return current;
                        }

                        @Override
                        public boolean moveNext() {
                            if (exhausted || (step > 0 ? next > stop : next < stop)) {
                                return false;
                            }
                            current = new Object[] {ints ? (Object) (int) next : (Object) next};
                            try {
                                next = Math.addExact(next, step);
                            } catch (ArithmeticException overflow) {
                                exhausted = true; // the series ends at the type's limit, as in PostgreSQL
                            }
                            return true;
                        }

                        @Override
                        public void reset() {
                            next = start;
                            exhausted = false;
                        }

                        @Override
                        public void close() {
                        }
                    };
                }
            };
        }
    }
}

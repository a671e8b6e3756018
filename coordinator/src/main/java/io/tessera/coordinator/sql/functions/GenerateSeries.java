package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgInterval;
import io.tessera.executor.expr.Intervals;
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
 * PostgreSQL's {@code generate_series(start, stop [, step])} for integer and bigint arguments, and for timestamp and
 * timestamptz with an interval step (https://www.postgresql.org/docs/current/functions-srf.html): the values start,
 * start+step, ... up to and including stop, streamed without materialising. A step of zero is an error (22023), as in
 * PostgreSQL. The timestamp forms add the step to the previous value ({@code generate_series_timestamp}), so a month
 * step from January 31 gives February 29, then March 29.
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

    /**
     * generate_series(timestamp, timestamp, interval) → setof timestamp, under the name
     * {@code tessera_generate_series_timestamp} that {@link IntervalFunctions#resolve} gives the call. Timestamps are
     * the engine's Long (milliseconds, or microseconds under {@code engine.microseconds}); the step an interval or its
     * text. Strict: a NULL argument gives no rows.
     */
    public static ScannableTable generateSeriesTimestamp(Object start, Object stop, Object step) {
        return timestamps(start, stop, step, SqlTypeName.TIMESTAMP);
    }

    /** generate_series(timestamptz, timestamptz, interval) → setof timestamptz, as {@link #generateSeriesTimestamp}. */
    public static ScannableTable generateSeriesTimestamptz(Object start, Object stop, Object step) {
        return timestamps(start, stop, step, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
    }

    private static ScannableTable timestamps(Object start, Object stop, Object step, SqlTypeName type) {
        if (!(start instanceof Long first) || !(stop instanceof Long last) || step == null) {
            // a NULL argument; or the row type's derivation, which passes only the constant arguments
            return new TimestampSeries(0, -1, PgInterval.ZERO, 0, type);
        }
        PgInterval span = IntervalRuntime.intervalIn(step);
        int sign = span.compareTo(PgInterval.ZERO);
        if (sign == 0) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "step size cannot equal zero");
        }
        return new TimestampSeries(first, last, span, sign, type);
    }

    /** The values of a timestamp series: each the previous plus the step, while not past stop. */
    private static final class TimestampSeries extends AbstractTable implements ScannableTable {
        private final long start;
        private final long stop;
        private final PgInterval step;
        private final int sign;
        private final SqlTypeName type;

        TimestampSeries(long start, long stop, PgInterval step, int sign, SqlTypeName type) {
            this.start = start;
            this.stop = stop;
            this.step = step;
            this.sign = sign;
            this.type = type;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory f) {
            return f.builder().add("generate_series", f.createSqlType(type)).build();
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            return new AbstractEnumerable<>() {
                @Override
                public Enumerator<Object[]> enumerator() {
                    return new Enumerator<>() {
                        private long next = start;
                        private Object[] current;

                        @Override
                        public Object[] current() {
                            return current;
                        }

                        @Override
                        public boolean moveNext() {
                            if (sign == 0 || (sign > 0 ? next > stop : next < stop)) {
                                return false;
                            }
                            current = new Object[] {next};
                            next = Intervals.plusMicros(next, step);
                            return true;
                        }

                        @Override
                        public void reset() {
                            next = start;
                        }

                        @Override
                        public void close() {
                        }
                    };
                }
            };
        }
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

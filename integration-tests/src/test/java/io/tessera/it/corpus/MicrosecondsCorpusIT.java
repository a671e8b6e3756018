package io.tessera.it.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The date and time files of the differential corpus on a cluster with {@code engine.microseconds} on (the engine
 * computing timestamps in microseconds, docs/architecture.md "Timestamps and times"), compared with PostgreSQL 15
 * by {@link CorpusIT}'s runner: {@code 22_datetime}, {@code 73_timestamp_columns}, {@code 84_microseconds},
 * {@code 90_timestamp_typmod}, {@code 91_time_arithmetic}, {@code 106_date_plus_interval} (SQL standard intervals),
 * {@code 108_update_assignment} (UPDATE's SET), {@code 113_constant_subexpressions},
 * {@code 124_values_datetime_strings} and {@code 125_time_microseconds} (time of day; now() = current_timestamp).
 * What still deviates while the switch is converted path by path is listed in
 * {@code corpus/deviations-microseconds.txt}, with the path each line waits for; a listed statement that matches
 * fails its file, so the list only shrinks. The switch is done when that list is empty and
 * {@code 84_microseconds.sql}'s lines in {@code deviations.txt} are gone.
 */
class MicrosecondsCorpusIT {
    private static final Set<String> FILES = Set.of("22_datetime.sql", "73_timestamp_columns.sql",
            "84_microseconds.sql", "90_timestamp_typmod.sql", "91_time_arithmetic.sql", "106_date_plus_interval.sql",
            "108_update_assignment.sql", "113_constant_subexpressions.sql", "124_values_datetime_strings.sql",
            "125_time_microseconds.sql");

    @BeforeAll
    static void start() throws SQLException {
        CorpusIT.start(config -> config.engine.microseconds = true);
    }

    @AfterAll
    static void stop() throws SQLException {
        CorpusIT.stop();
    }

    /**
     * {@code now()} is the transaction's start in microseconds, not in whole milliseconds: of 20 transactions, some
     * start at a time with digits below the millisecond (all 20 on whole milliseconds: probability 10^-60).
     */
    @Test
    void nowHasMicroseconds() throws SQLException {
        int belowMillisecond = 0;
        try (Statement s = CorpusIT.tessera().createStatement()) {
            for (int i = 0; i < 20; i++) {
                try (ResultSet r = s.executeQuery("select extract(microseconds from now())::bigint % 1000")) {
                    assertTrue(r.next());
                    belowMillisecond += r.getLong(1) != 0 ? 1 : 0;
                }
            }
        }
        assertTrue(belowMillisecond > 0, "now() had whole milliseconds in 20 transactions");
    }

    /**
     * The date and time files under {@code deviations-microseconds.txt}; with {@code -Dtessera.microseconds.corpus=all}
     * instead every corpus file under {@code CorpusIT}'s {@code deviations.txt}, to measure what the setting changes
     * before it becomes the default (84's lines in that list then report as "now matches"); with a list of file names
     * ({@code -Dtessera.microseconds.corpus=106_date_plus_interval,108_update_assignment}) only those.
     */
    @TestFactory
    Stream<DynamicTest> dateTimeFilesWithTheEngineInMicroseconds() throws IOException {
        String only = System.getProperty("tessera.microseconds.corpus");
        return "all".equals(only) ? CorpusIT.files(null, "deviations.txt")
                : CorpusIT.files(only == null ? FILES : Set.of(only.split(",")), "deviations-microseconds.txt");
    }
}

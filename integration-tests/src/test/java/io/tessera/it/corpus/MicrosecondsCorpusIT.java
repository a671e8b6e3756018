package io.tessera.it.corpus;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The date and time files of the differential corpus on a cluster with {@code engine.microseconds} on (the engine
 * computing timestamps in microseconds, docs/architecture.md "Timestamps and times"), compared with PostgreSQL 15
 * by {@link CorpusIT}'s runner: {@code 22_datetime}, {@code 73_timestamp_columns}, {@code 84_microseconds},
 * {@code 90_timestamp_typmod} and {@code 91_time_arithmetic}. What still deviates while the switch is converted path
 * by path is listed in {@code corpus/deviations-microseconds.txt}, with the path each line waits for; a listed
 * statement that matches fails its file, so the list only shrinks. The switch is done when that list is empty and
 * {@code 84_microseconds.sql}'s lines in {@code deviations.txt} are gone.
 */
class MicrosecondsCorpusIT {
    private static final Set<String> FILES = Set.of("22_datetime.sql", "73_timestamp_columns.sql",
            "84_microseconds.sql", "90_timestamp_typmod.sql", "91_time_arithmetic.sql");

    @BeforeAll
    static void start() throws SQLException {
        CorpusIT.start(config -> config.engine.microseconds = true);
    }

    @AfterAll
    static void stop() throws SQLException {
        CorpusIT.stop();
    }

    @TestFactory
    Stream<DynamicTest> dateTimeFilesWithTheEngineInMicroseconds() throws IOException {
        return CorpusIT.files(FILES, "deviations-microseconds.txt");
    }
}

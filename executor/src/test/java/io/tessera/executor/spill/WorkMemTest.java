package io.tessera.executor.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** work_mem values and messages as PostgreSQL 15 gives them (checked with SET / SHOW on a PostgreSQL 15). */
class WorkMemTest {
    @Test
    void valuesParseAndShowAsPostgresDoes() {
        assertEquals("64kB", WorkMem.format(WorkMem.parseKb("work_mem", "64kB")));
        assertEquals("1MB", WorkMem.format(WorkMem.parseKb("work_mem", "1MB")));
        assertEquals("1000kB", WorkMem.format(WorkMem.parseKb("work_mem", "1000kB")));
        assertEquals("64MB", WorkMem.format(WorkMem.parseKb("work_mem", "65536")));
        assertEquals("98kB", WorkMem.format(WorkMem.parseKb("work_mem", "100000B")));
        assertEquals("1536kB", WorkMem.format(WorkMem.parseKb("work_mem", "1.5MB")));
        assertEquals("64kB", WorkMem.format(WorkMem.parseKb("work_mem", "64 kB")));
        assertEquals("2GB", WorkMem.format(WorkMem.parseKb("work_mem", "2GB")));
        assertEquals("4MB", WorkMem.format(WorkMem.DEFAULT_KB));
    }

    @Test
    void badValuesAre22023WithPostgresMessages() {
        TesseraException range = assertThrows(TesseraException.class, () -> WorkMem.parseKb("work_mem", "10kB"));
        assertEquals(SqlState.INVALID_PARAMETER_VALUE, range.sqlState());
        assertEquals("10 kB is outside the valid range for parameter \"work_mem\" (64 .. 2147483647)",
                range.getMessage());
        assertEquals("-1 kB is outside the valid range for parameter \"work_mem\" (64 .. 2147483647)",
                assertThrows(TesseraException.class, () -> WorkMem.parseKb("work_mem", "-1")).getMessage());
        TesseraException unit = assertThrows(TesseraException.class, () -> WorkMem.parseKb("work_mem", "64kb"));
        assertEquals("invalid value for parameter \"work_mem\": \"64kb\"", unit.getMessage());
        assertEquals("Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".", unit.hint());
        assertEquals("invalid value for parameter \"work_mem\": \"abc\"",
                assertThrows(TesseraException.class, () -> WorkMem.parseKb("work_mem", "abc")).getMessage());
        assertEquals("Value exceeds integer range.",
                assertThrows(TesseraException.class, () -> WorkMem.parseKb("work_mem", "3TB")).hint());
    }

    @Test
    void openingTheTemporaryDirectoryDeletesFilesOfAnEarlierProcess(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("pgsql_tmp");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tessera_tmp.12345.7"), "stale");
        TempDirectory d = TempDirectory.open(dir);
        assertEquals(0, d.fileCount());
    }
}

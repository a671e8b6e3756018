package io.tessera.coordinator.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The deadline of the commit protocol's calls grows with the rows a transaction wrote: a participant's Prepare or
 * Rollback of a 2 M-row INSERT ... SELECT failed at a fixed 30 s ({@code CallOptions deadline exceeded after 29.99s}).
 */
class CommitDeadlineTest {
    @Test
    void aTransactionWithoutRowsGetsTheBaseDeadline() {
        assertEquals(30_000, TransactionCoordinator.deadlineMillis(TransactionCoordinator.BASE_DEADLINE, 0));
        assertEquals(1_000, TransactionCoordinator.deadlineMillis(Duration.ofSeconds(1), 0));
    }

    @Test
    void eachRowWrittenAddsItsAllowance() {
        assertEquals(30_000 + 100_000, TransactionCoordinator.deadlineMillis(TransactionCoordinator.BASE_DEADLINE,
                1_000_000), "a million rows: 100 us each");
        assertEquals(30_000 + 200_000, TransactionCoordinator.deadlineMillis(TransactionCoordinator.BASE_DEADLINE,
                2_000_000));
    }
}

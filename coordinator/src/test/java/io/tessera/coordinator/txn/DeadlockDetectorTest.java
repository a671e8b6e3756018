package io.tessera.coordinator.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.protocol.datanode.WaitEdge;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Victim choice over wait-for graphs gathered from several datanodes. */
class DeadlockDetectorTest {
    private static WaitEdge edge(long waiter, long holder, long startTs) {
        return WaitEdge.newBuilder().setWaiter(waiter).setHolder(holder).setWaiterStartTs(startTs).build();
    }

    @Test
    void noCycleNoVictim() {
        assertEquals(List.of(), DeadlockDetector.victims(List.of(edge(1, 2, 10), edge(2, 3, 20))));
    }

    @Test
    void twoTransactionCycleAcrossDatanodesAbortsTheYoungest() {
        // edge 1→2 reported by dn1, 2→1 by dn2
        assertEquals(List.of(2L), DeadlockDetector.victims(List.of(edge(1, 2, 10), edge(2, 1, 20))));
        assertEquals(List.of(1L), DeadlockDetector.victims(List.of(edge(1, 2, 30), edge(2, 1, 20))));
    }

    @Test
    void longerCycleAndADisjointOneGetOneVictimEach() {
        List<Long> victims = DeadlockDetector.victims(List.of(edge(1, 2, 10), edge(2, 3, 11), edge(3, 1, 12),
                edge(7, 8, 50), edge(8, 7, 40), edge(9, 1, 99)));
        assertEquals(2, victims.size());
        assertEquals(true, victims.containsAll(List.of(3L, 7L)));
    }
}

package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class LiteralLiftingTest {
    private final LiteralLifting lifting = new LiteralLifting();

    private String lifted(String sql) {
        LiteralLifting.Lifted l = lifting.lift(sql);
        return l == null ? null : l.sql() + " " + l.values();
    }

    @Test
    void pgbenchStatementsLiftTheirKeysAndDeltas() {
        assertEquals("SELECT abalance FROM pgbench_accounts WHERE aid = $1; [12345]",
                lifted("SELECT abalance FROM pgbench_accounts WHERE aid = 12345;"));
        assertEquals("UPDATE pgbench_accounts SET abalance = abalance + -$1 WHERE aid = $2; [123, 456]",
                lifted("UPDATE pgbench_accounts SET abalance = abalance + -123 WHERE aid = 456;"));
        assertEquals("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, -$4, "
                + "CURRENT_TIMESTAMP); [5, 1, 456, 4000]", lifted("INSERT INTO pgbench_history (tid, bid, aid, "
                + "delta, mtime) VALUES (5, 1, 456, -4000, CURRENT_TIMESTAMP);"));
        assertEquals("delete from t where a between $1 and $2 or not b <> $3 [1, 2, 3]",
                lifted("delete from t where a between 1 and 2 or not b <> 3"));
    }

    @Test
    void constantsWhoseMeaningDependsOnBeingConstantsStay() {
        assertNull(lifted("select a + 1 from t group by a + 1 order by 1"));
        assertEquals("select a from t where b = $1 order by 1 [7]", lifted("select a from t where b = 7 order by 1"));
        assertEquals("select a from t where b = $1 limit 10 offset 2 [7]",
                lifted("select a from t where b = 7 limit 10 offset 2"));
        assertNull(lifted("select cast(a as varchar(10)) from t"));
        assertNull(lifted("select a from t where b = round(c, 2)"));
        assertNull(lifted("select a from t where b in (1, 2)"));
        assertNull(lifted("select a from t where b = (select max(c) from u where d = 4)"));
        assertNull(lifted("set statement_timeout = 100"));
        assertNull(lifted("explain select a from t where b = 7"));
    }

    @Test
    void onlyInt4IntegerConstantsOutsideStringsAndCommentsAreLifted() {
        assertEquals("select a from t where b = $1 and c = 1.5 and d = 2147483648 and e = '7' and f = 1e3 [2147483647]",
                lifted("select a from t where b = 2147483647 and c = 1.5 and d = 2147483648 and e = '7' and f = 1e3"));
        assertEquals("select a from t1 where b = $1 -- 9\n and \"x2\" = $2 /* 3 */ [8, 4]",
                lifted("select a from t1 where b = 8 -- 9\n and \"x2\" = 4 /* 3 */"));
        assertNull(lifted("select a from t where b = $1"));
        assertNull(lifted("select a from t where b = $$5$$"));
    }

    @Test
    void statementsWithMoreConstantsThanTheLimitAreNotLifted() {
        StringBuilder values = new StringBuilder("insert into t values (0)");
        for (int i = 1; i < LiteralLifting.MAX_CONSTANTS; i++) {
            values.append(", (").append(i).append(')');
        }
        assertEquals(LiteralLifting.MAX_CONSTANTS, lifting.lift(values.toString()).values().size());
        assertNull(lifted(values.append(", (7)").toString()));
    }

    @Test
    void statementsOfOneShapeShareTheLiftedText() {
        LiteralLifting.Lifted a = lifting.lift("select v from kv where k = 1 order by 1");
        LiteralLifting.Lifted b = lifting.lift("select v from kv where k = 99 order by 1");
        LiteralLifting.Lifted c = lifting.lift("select v from kv where k = 99 order by 2");
        assertEquals(a.sql(), b.sql());
        assertEquals(List.of(99), b.values());
        assertEquals("select v from kv where k = $1 order by 2", c.sql());
        assertEquals(List.of(23), c.parameterTypes());
    }

    @Test
    void aRefusedShapeIsNotLiftedAgain() {
        lifting.refuse("select v from kv where k = 1");
        assertNull(lifted("select v from kv where k = 2"));
    }

    @Test
    void aShapeRefusedInOneSessionIsStillLiftedInAnother() {
        lifting.refuse("select v from kv_other where k = 1");
        assertNull(lifted("select v from kv_other where k = 2"));
        assertEquals("select v from kv_other where k = $1",
                new LiteralLifting().lift("select v from kv_other where k = 3").sql());
    }

    @Test
    void nullsStayInTheTextSoTheyNeverShareAPlanMadeForAnInt4() {
        assertEquals("select a from t where b = $1 and c = null [5]", lifted("select a from t where b = 5 and c = null"));
        assertEquals("update t set c = null where b = $1 [5]", lifted("update t set c = null where b = 5"));
    }
}

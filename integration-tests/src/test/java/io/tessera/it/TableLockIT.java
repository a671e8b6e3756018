package io.tessera.it;

import static io.tessera.it.LockScenarios.code;
import static io.tessera.it.LockScenarios.outcome;
import static io.tessera.it.LockScenarios.run;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.it.LockScenarios.Scenario;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Table-level locks across coordinators, each scenario run with two sessions on the reference PostgreSQL and with
 * one session on each of Tessera's two coordinators, and the observations compared: LOCK TABLE's eight modes and
 * their conflicts (NOWAIT), DROP TABLE waiting for a reader's transaction, the modes DDL takes, lock_timeout,
 * statement_timeout, a DDL/DML deadlock, pg_locks.
 */
class TableLockIT {
    @RegisterExtension
    static final Differential db = new Differential(2, 1);
    private static final ExecutorService POOL = Executors.newCachedThreadPool();
    private static final String[] MODES = {"access share", "row share", "row exclusive", "share update exclusive",
        "share", "share row exclusive", "exclusive", "access exclusive"};

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    private static String same(String setup, Scenario scenario) throws Exception {
        return LockScenarios.same(db, setup, scenario);
    }

    private static CompletableFuture<String> async(Connection c, String sql) {
        return LockScenarios.async(POOL, c, sql);
    }

    /**
     * A weak mode (kept on its own coordinator) and a strong one (placed on every coordinator) held on coordinator 1,
     * each of the eight asked for with NOWAIT on coordinator 2; the whole table is checked against PostgreSQL's in
     * TableLockTableTest.
     */
    @Test
    void lockTableModesConflictAsPostgresqlsTableAcrossCoordinators() throws Exception {
        String matrix = same("create table lk_modes(id int primary key)", s -> {
            StringBuilder out = new StringBuilder();
            for (String held : new String[] {"row exclusive", "share"}) {
                run(s.a(), "begin; lock table lk_modes in " + held + " mode");
                for (String wanted : MODES) {
                    run(s.b(), "begin");
                    out.append(held).append(" / ").append(wanted).append(": ")
                            .append(outcome(s.b(), "lock lk_modes in " + wanted + " mode nowait")).append('\n');
                    run(s.b(), "rollback");
                }
                run(s.a(), "rollback");
            }
            return out.toString();
        });
        assertTrue(matrix.contains("row exclusive / share: ERROR 55P03 could not obtain lock on relation"
                + " \"lk_modes\""), matrix);
    }

    @Test
    void lockTableOutsideABlockAndOfAnUnknownTable() throws Exception {
        String out = same("create table lk_errors(id int)", s -> outcome(s.a(), "lock table lk_errors") + "\n"
                + outcome(s.a(), "begin") + "\n" + outcome(s.a(), "lock table lk_nosuch in share mode") + "\n"
                + outcome(s.a(), "rollback") + "\n" + outcome(s.a(), "begin") + "\n"
                + outcome(s.a(), "lock lk_errors, public.lk_errors in row exclusive mode") + "\n"
                + outcome(s.a(), "commit"));
        assertTrue(out.startsWith("ERROR 25P01 LOCK TABLE can only be used in transaction blocks"), out);
    }

    @Test
    void dropTableOnOneCoordinatorWaitsForAReadersTransactionOnTheOther() throws Exception {
        same("create table lk_drop(id int primary key, v int); insert into lk_drop values (1, 10), (2, 20)", s -> {
            run(s.a(), "begin");
            String read = outcome(s.a(), "select count(*) from lk_drop");
            CompletableFuture<String> drop = async(s.b(), "drop table lk_drop");
            s.awaitWaiting();
            assertFalse(drop.isDone(), "DROP TABLE waits for the reader's transaction");
            String locks = outcome(s.a(), "select mode, granted from pg_locks where relation = 'lk_drop'::regclass"
                    + " order by mode");
            String again = outcome(s.a(), "select v from lk_drop where id = 2");
            run(s.a(), "commit");
            return read + "\n" + locks + "\n" + again + "\n" + drop.get(30, TimeUnit.SECONDS) + "\n"
                    + outcome(s.a(), "select * from lk_drop");
        });
    }

    @Test
    void dropViewWaitsForTheTransactionThatReadTheView() throws Exception {
        same("create table lk_vt(id int, v int); insert into lk_vt values (1, 1), (2, 2);"
                + " create view lk_v as select v from lk_vt; create view lk_vv as select v from lk_v where v > 1", s -> {
                    run(s.a(), "begin");
                    String read = outcome(s.a(), "select * from lk_vv");
                    // ACCESS SHARE on the view read, the view behind it and the table behind that
                    String locks = outcome(s.a(), "select c.relname, l.mode from pg_locks l join pg_class c"
                            + " on c.oid = l.relation where l.granted and c.relname like 'lk_v%' order by 1, 2");
                    CompletableFuture<String> drop = async(s.b(), "drop view lk_v cascade");
                    s.awaitWaiting();
                    assertFalse(drop.isDone(), "DROP VIEW waits for the reader's transaction");
                    String again = outcome(s.a(), "select * from lk_vv");
                    run(s.a(), "commit");
                    // ALTER VIEW waits too, for a view made while the reader's transaction was open: with
                    // lock_timeout it gives up with 55P03 (pgjdbc's extended protocol used to skip the wait)
                    String renamed = outcome(s.b(), "set lock_timeout = '200ms'") + "\n";
                    run(s.a(), "begin");
                    renamed += outcome(s.a(), "select count(*) from lk_vt") + "\n";
                    run(s.b(), "create view lk_w as select id from lk_vt");
                    renamed += outcome(s.a(), "select * from lk_w order by id") + "\n"
                            + outcome(s.b(), "alter view lk_w rename to lk_w2") + "\n";
                    run(s.a(), "rollback");
                    return read + "\n" + locks + "\n" + again + "\n" + drop.get(30, TimeUnit.SECONDS) + "\n"
                            + outcome(s.a(), "select * from lk_vv") + "\n" + renamed
                            + outcome(s.b(), "alter view lk_w rename to lk_w2") + "\n"
                            + outcome(s.a(), "select * from lk_w2 order by id");
                });
    }

    /**
     * A lock request that timed out is gone: retried after ROLLBACK TO SAVEPOINT, it waits (and times out) again
     * rather than finding the mode held because this coordinator had granted it before the other one refused.
     */
    @Test
    void aLockThatTimedOutIsNotHeldWhenRetried() throws Exception {
        String out = same("create table lk_retry(id int primary key); insert into lk_retry values (1)", s -> {
            run(s.a(), "begin");
            String o = outcome(s.a(), "select count(*) from lk_retry") + "\n";
            run(s.b(), "begin; set local lock_timeout = '200ms'; savepoint s1");
            o += outcome(s.b(), "lock table lk_retry in access exclusive mode") + "\n";
            run(s.b(), "rollback to savepoint s1");
            o += outcome(s.b(), "lock table lk_retry in access exclusive mode") + "\n";
            run(s.b(), "rollback");
            run(s.a(), "commit");
            return o;
        });
        String[] lines = out.split("\n");
        assertTrue(lines[lines.length - 1].startsWith("ERROR 55P03"), out);
    }

    @Test
    void readsPassShareLockedDdlButWritesWaitUntilLockTimeout() throws Exception {
        same("create table lk_share(id int primary key, v int); insert into lk_share values (1, 1)", s -> {
            run(s.a(), "begin; create index lk_share_v on lk_share (v)"); // SHARE
            String out = outcome(s.b(), "select count(*) from lk_share") + "\n"
                    + outcome(s.b(), "set lock_timeout = '200ms'") + "\n"
                    + outcome(s.b(), "insert into lk_share values (2, 2)") + "\n";
            run(s.a(), "rollback");
            run(s.a(), "begin; alter table lk_share add column w int"); // ACCESS EXCLUSIVE
            out += outcome(s.b(), "select count(*) from lk_share") + "\n";
            run(s.a(), "rollback");
            out += outcome(s.b(), "reset lock_timeout") + "\n" + outcome(s.b(), "insert into lk_share values (2, 2)");
            return out;
        });
    }

    /** ADD FOREIGN KEY locks the referenced table too (SHARE ROW EXCLUSIVE): its writers wait, its readers pass. */
    @Test
    void addForeignKeyLocksTheReferencedTable() throws Exception {
        String out = same("create table lk_fp(id int primary key); create table lk_fc(id int primary key, p int);"
                + " insert into lk_fp values (1)", s -> {
                    run(s.a(), "begin; alter table lk_fc add foreign key (p) references lk_fp");
                    // PostgreSQL's check of the rows adds weaker locks of its own query: only this mode is compared
                    String result = outcome(s.a(), "select mode, granted from pg_locks where relation ="
                            + " 'lk_fp'::regclass and mode = 'ShareRowExclusiveLock'") + "\n"
                            + outcome(s.b(), "select count(*) from lk_fp") + "\n"
                            + outcome(s.b(), "set lock_timeout = '200ms'") + "\n"
                            + outcome(s.b(), "insert into lk_fp values (2)") + "\n"
                            + outcome(s.b(), "delete from lk_fp") + "\n";
                    run(s.a(), "rollback");
                    return result + outcome(s.b(), "reset lock_timeout") + "\n"
                            + outcome(s.b(), "insert into lk_fp values (2)");
                });
        assertTrue(out.contains("ShareRowExclusiveLock"), out);
    }

    /**
     * CREATE TABLE ... REFERENCES locks the referenced table as ADD FOREIGN KEY does (SHARE ROW EXCLUSIVE): a DELETE
     * of a parent key waits, so it cannot orphan the child rows the creating block goes on to write.
     */
    @Test
    void createTableWithReferencesLocksTheReferencedTable() throws Exception {
        String out = same("create table lk_cp(id int primary key); insert into lk_cp values (1)", s -> {
            run(s.a(), "begin; create table lk_cc(id int primary key, p int references lk_cp)");
            // PostgreSQL also reads the parent's key (ACCESS SHARE): only this mode is compared
            String result = outcome(s.a(), "select mode, granted from pg_locks where relation = 'lk_cp'::regclass"
                    + " and mode = 'ShareRowExclusiveLock'") + "\n"
                    + outcome(s.b(), "select count(*) from lk_cp") + "\n"
                    + outcome(s.b(), "set lock_timeout = '200ms'") + "\n"
                    + outcome(s.b(), "delete from lk_cp") + "\n";
            run(s.a(), "insert into lk_cc values (1, 1); commit");
            return result + outcome(s.b(), "reset lock_timeout") + "\n"
                    + outcome(s.b(), "delete from lk_cp") + "\n"
                    + outcome(s.b(), "select count(*) from lk_cp");
        });
        assertTrue(out.contains("ShareRowExclusiveLock"), out);
    }

    @Test
    void statementTimeoutEndsALockWait() throws Exception {
        same("create table lk_timeout(id int)", s -> {
            run(s.a(), "begin; lock table lk_timeout");
            String out = outcome(s.b(), "set statement_timeout = '300ms'") + "\n" + outcome(s.b(), "begin") + "\n"
                    + outcome(s.b(), "lock table lk_timeout in access share mode") + "\n"
                    + outcome(s.b(), "rollback") + "\n" + outcome(s.b(), "reset statement_timeout");
            run(s.a(), "rollback");
            return out;
        });
    }

    @Test
    void aDeadlockBetweenDdlAndReadersEndsOneSideWith40P01() throws Exception {
        same("create table lk_d1(id int); create table lk_d2(id int)", s -> {
            run(s.a(), "begin; select count(*) from lk_d1");
            run(s.b(), "begin; select count(*) from lk_d2");
            CompletableFuture<String> dropA = async(s.a(), "drop table lk_d2");
            s.awaitWaiting();
            CompletableFuture<String> dropB = async(s.b(), "drop table lk_d1");
            // one side is chosen; it rolls back, and the other's DROP then goes through
            CompletableFuture.anyOf(dropA, dropB).get(60, TimeUnit.SECONDS);
            boolean aLost = dropA.isDone() && dropA.join().startsWith("ERROR 40P01");
            run(aLost ? s.a() : s.b(), "rollback");
            List<String> outcomes = new ArrayList<>(List.of(code(dropA.get(30, TimeUnit.SECONDS)),
                    code(dropB.get(30, TimeUnit.SECONDS))));
            run(aLost ? s.b() : s.a(), "commit");
            outcomes.sort(null);
            run(s.a(), "drop table if exists lk_d1; drop table if exists lk_d2");
            return String.join("\n", outcomes);
        });
    }
}

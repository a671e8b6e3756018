-- DEFERRABLE constraints (issue 8): foreign keys and UNIQUE constraints checked at the end of the statement
-- (DEFERRABLE INITIALLY IMMEDIATE) or at COMMIT (INITIALLY DEFERRED, SET CONSTRAINTS ... DEFERRED), the errors at
-- COMMIT (which rolls the block back), SET CONSTRAINTS, the catalogs, and the grammar's errors. A UNIQUE key must
-- contain the distribution column (or the table be replicated) in Tessera, so the tables are distributed so.

create table c175_p (id int primary key, name text) distribute by hash(id);
create table c175_c (id int primary key, pid int references c175_p deferrable initially deferred)
  distribute by hash(id);
create table c175_i (id int primary key, pid int references c175_p deferrable) distribute by replication;
create table c175_k (id int primary key, pid int references c175_p on delete cascade deferrable initially deferred)
  distribute by hash(id);

-- a child inserted before its parent in one transaction: the deferred check at COMMIT finds the parent
begin;
insert into c175_c values (1, 10);
insert into c175_p values (10, 'ten');
commit;
select * from c175_c order by id;

-- a deferred child whose parent never comes: COMMIT fails with 23503 naming the constraint, and rolls back
begin;
insert into c175_c values (2, 20);
commit;
-- the failed COMMIT left nothing behind
select count(*) from c175_c where id = 2;

-- a child written and deleted again before COMMIT is no violation
begin;
insert into c175_c values (3, 30);
delete from c175_c where id = 3;
commit;

-- DEFERRABLE INITIALLY IMMEDIATE: checked at the statement's end
insert into c175_i values (1, 99);
-- ... unless SET CONSTRAINTS defers it in the block; then COMMIT checks it
begin;
set constraints c175_i_pid_fkey deferred;
insert into c175_i values (1, 40);
insert into c175_p values (40, 'forty');
commit;
select * from c175_i order by id;

-- SET CONSTRAINTS ... IMMEDIATE checks what is queued at once: the statement fails, the block with it
begin;
insert into c175_c values (4, 50);
set constraints c175_c_pid_fkey immediate;
rollback;

-- SET CONSTRAINTS ALL IMMEDIATE when the queued keys are fine; the later statements are checked at their end
begin;
insert into c175_c values (5, 10);
set constraints all immediate;
insert into c175_c values (6, 60);
rollback;

-- ON DELETE CASCADE acts at once even when the constraint is deferred
begin;
insert into c175_p values (70, 'seventy');
insert into c175_k values (1, 70);
delete from c175_p where id = 70;
-- the child went with its parent in the same statement
select count(*) from c175_k;
commit;

-- a deferred NO ACTION: deleting a referenced parent and putting it back before COMMIT is no violation
begin;
delete from c175_p where id = 10;
insert into c175_p values (10, 'ten again');
commit;
-- ... but deleting it for good fails at COMMIT with "is still referenced"
begin;
delete from c175_p where id = 10;
commit;
select * from c175_p order by id;

-- DEFERRABLE UNIQUE on a replicated table: INITIALLY IMMEDIATE is checked at the end of each statement
create table c175_u (id int primary key, a int unique deferrable, b text) distribute by replication;
insert into c175_u values (1, 1, 'x'), (2, 2, 'y'), (3, null, 'n1'), (4, null, 'n2');
-- a swap in one statement passes (the per-row check of a NOT DEFERRABLE key would fail in PostgreSQL)
update c175_u set a = 3 - a where a is not null;
select * from c175_u order by id;
-- a shift that meets an old value on the way passes too
update c175_u set a = a + 1 where a is not null;
select * from c175_u order by id;
-- a duplicate that stands at the statement's end is 23505
update c175_u set a = 2 where id = 2;
insert into c175_u values (5, 3, 'dup');
-- two statements of a block: the first leaves a duplicate at its end and fails there
begin;
update c175_u set a = 3 where id = 2;
update c175_u set a = 2 where id = 1;
rollback;
-- deferred in the block, the two-statement swap commits
begin;
set constraints c175_u_a_key deferred;
update c175_u set a = 0 where id = 2;
update c175_u set a = 3 where id = 1;
update c175_u set a = 2 where id = 2;
commit;
select * from c175_u order by id;
-- NULLs never conflict
insert into c175_u values (6, null, 'n3');
select count(*) from c175_u where a is null;

-- INITIALLY DEFERRED UNIQUE hashed on its column: duplicates may stand until COMMIT
create table c175_d (id int, a int unique deferrable initially deferred, b text) distribute by hash(a);
insert into c175_d values (1, 1, 'a'), (2, 2, 'b');
begin;
update c175_d set a = 2 where id = 1;
-- the transient duplicate is visible inside the block
select id, a from c175_d order by id;
update c175_d set a = 1 where id = 2;
commit;
select id, a from c175_d order by id;
-- a duplicate left at COMMIT: 23505 at COMMIT, the block rolled back
begin;
insert into c175_d values (3, 1, 'c');
insert into c175_d values (4, 4, 'd');
commit;
select id, a from c175_d order by id;
-- outside a block the statement's own COMMIT checks it
insert into c175_d values (5, 5, 'e'), (6, 5, 'f');
select count(*) from c175_d;
-- a duplicate removed again before COMMIT is no violation
begin;
insert into c175_d values (7, 1, 'g');
delete from c175_d where id = 7;
commit;
-- SET CONSTRAINTS ... IMMEDIATE checks the queued keys at once
begin;
insert into c175_d values (8, 2, 'h');
set constraints c175_d_a_key immediate;
rollback;
-- SET CONSTRAINTS ALL IMMEDIATE: the next statements are checked at their end
begin;
set constraints all immediate;
insert into c175_d values (9, 2, 'i');
rollback;
-- a savepoint rolled back takes its duplicate with it
begin;
savepoint s1;
insert into c175_d values (10, 1, 'j');
rollback to savepoint s1;
insert into c175_d values (10, 10, 'j');
commit;
select id, a from c175_d order by id;
-- an empty table, and a many-row insert of distinct keys
create table c175_e (a int, unique (a) deferrable initially deferred) distribute by hash(a);
select count(*) from c175_e;
insert into c175_e select g from generate_series(1, 200) g;
-- a many-row insert with one duplicate fails at its COMMIT
insert into c175_e select g % 150 + 1000 from generate_series(1, 200) g;
select count(*), min(a), max(a) from c175_e;

-- ALTER TABLE ADD UNIQUE ... DEFERRABLE
create table c175_a (id int primary key, a int) distribute by replication;
insert into c175_a values (1, 1), (2, 2);
alter table c175_a add constraint c175_a_uk unique (a) deferrable initially deferred;
begin;
update c175_a set a = 1 where id = 2;
update c175_a set a = 2 where id = 1;
commit;
select * from c175_a order by id;

-- the catalogs show the timing
select conname, contype::text, condeferrable, condeferred, pg_get_constraintdef(oid) from pg_constraint
  where conrelid in (select oid from pg_class where relname like 'c175%') order by conname;
select constraint_name, constraint_type, is_deferrable, initially_deferred from information_schema.table_constraints
  where table_name like 'c175%' and constraint_type <> 'CHECK' order by constraint_name;
-- pg_index.indimmediate is false for a deferrable unique index
select c.relname, i.indisunique, i.indimmediate from pg_index i join pg_class c on c.oid = i.indexrelid
  where c.relname like 'c175%key' or c.relname = 'c175_a_uk' order by 1;
-- psql's \d query for the index footer
select c2.relname, i.indisprimary, i.indisunique, pg_catalog.pg_get_constraintdef(con.oid, true), contype::text,
  condeferrable, condeferred
  from pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
  left join pg_catalog.pg_constraint con on (conrelid = i.indrelid and conindid = i.indexrelid
    and contype in ('p','u','x'))
  where c.relname = 'c175_d' and c.oid = i.indrelid and i.indexrelid = c2.oid order by 1;

-- a deferrable unique constraint cannot be an ON CONFLICT arbiter (55000)
insert into c175_u values (7, 7, 'z') on conflict (a) do nothing;
insert into c175_u values (7, 7, 'z') on conflict on constraint c175_u_a_key do nothing;
insert into c175_d values (7, 7, 'z') on conflict do nothing;
-- nor be referenced by a foreign key (55000)
create table c175_f (x int references c175_u (a));

-- the grammar's errors: INITIALLY DEFERRED with NOT DEFERRABLE, conflicting clauses
create table c175_bad (a int unique not deferrable initially deferred);
create table c175_bad (a int references c175_p deferrable not deferrable);
-- DEFERRABLE is misplaced after NOT NULL, NULL and a column CHECK
create table c175_bad (a int not null deferrable);
create table c175_bad (a int null initially deferred);
create table c175_bad (a int check (a > 0) deferrable);
-- a table CHECK cannot be DEFERRABLE (0A000), but NOT DEFERRABLE is accepted
create table c175_bad (a int, check (a > 0) deferrable);
create table c175_chk (a int, constraint c175_chk_pos check (a > 0) not deferrable initially immediate);
alter table c175_chk add check (a < 100) deferrable;

-- SET CONSTRAINTS names: an unknown one is 42704, a non-deferrable one 42809 when DEFERRED
begin;
set constraints c175_nosuch deferred;
rollback;
begin;
set constraints c175_p_pkey deferred;
rollback;
begin;
set constraints c175_chk_pos deferred;
rollback;
-- IMMEDIATE of a non-deferrable constraint changes nothing and is accepted, as in PostgreSQL
begin;
set constraints c175_p_pkey, c175_chk_pos immediate;
commit;
-- outside a block SET CONSTRAINTS only warns
set constraints all deferred;
-- and changes nothing: this INITIALLY IMMEDIATE key is checked at the statement's end
insert into c175_u values (8, 1, 'dup');
-- a column constraint's clauses are checked one by one: a repeated clause is an error of its own
create table c175_bad (a int unique deferrable deferrable);
create table c175_bad (a int unique initially deferred initially immediate);
create table c175_bad (a int references c175_p initially deferred not deferrable);
-- a table constraint's conflicting clauses
create table c175_bad (a int, unique (a) initially immediate initially deferred);
create table c175_bad (a int, unique (a) deferrable deferrable);
drop table c175_bad;

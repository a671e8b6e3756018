-- UPDATE of a primary-key column or of the distribution column: the row's key, and perhaps its datanode, changes
-- (Tessera deletes and re-inserts it), with PostgreSQL's results and errors.

create table upd_keys (id int primary key, v text) distribute by hash(id);

create table upd_nokey (a int, b text) distribute by hash(a);

create table upd_rep (id int primary key, v text) distribute by replication;

create table upd_chk (a int check (a < 100), b int) distribute by hash(a);

insert into upd_keys values (1, 'a'), (2, 'b'), (3, 'c');

insert into upd_nokey select g, 'x' || g from generate_series(1, 20) g;

insert into upd_rep values (1, 'a'), (2, 'b');

insert into upd_chk values (1, 1), (2, 2);

-- a new key moves the row; the others stay
update upd_keys set id = id + 10 where id = 1;

select id, v from upd_keys order by id;

-- a key that is taken is 23505, and nothing changes
update upd_keys set id = 2 where id = 3;

select id, v from upd_keys order by id;

-- NOT NULL of the key column
update upd_keys set id = null where id = 2;

-- RETURNING shows the new rows
update upd_keys set id = id * 100, v = v || '!' returning id, v;

select id, v from upd_keys order by id;

-- an update that matches nothing
update upd_keys set id = 5 where id = 4;

-- the distribution column of a table without a key: the rows go where the new values hash
update upd_nokey set a = a + 1000 where a <= 10;

select a, b from upd_nokey order by a;

select count(*), sum(a) from upd_nokey;

select a, b from upd_nokey where a = 1005;

-- to NULL, and back
update upd_nokey set a = null where a = 1001;

select a, b from upd_nokey where a is null;

update upd_nokey set a = 1 where a is null;

select a, b from upd_nokey where a < 100 order by a;

-- a replicated table's key
update upd_rep set id = id + 10;

select id, v from upd_rep order by id;

-- CHECK constraints still apply to the moved row
update upd_chk set a = 200 where a = 1;

update upd_chk set a = a + 10;

select a, b from upd_chk order by a;

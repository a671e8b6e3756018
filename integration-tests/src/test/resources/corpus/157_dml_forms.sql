-- DML forms of issues 8 and 11: multiple-column SET items, RETURNING that reads UPDATE ... FROM / DELETE ... USING
-- items, PREPARE of UPDATE / INSERT / DELETE with parameters, and INSERT ... ON CONFLICT DO UPDATE of a key column.

-- a table of this file
create table dml157_t (id int primary key, a int, b int default 7, c text) distribute by hash (id);

-- a table of this file
create table dml157_u (k int, x int, y int) distribute by roundrobin;

-- a table of this file
create table dml157_r (k int, x int, y int) distribute by replication;

-- a table of this file
create table dml157_e (id int primary key, a int, b int) distribute by hash (id);

-- the rows the cases start from
insert into dml157_t values (1, 10, 20, 'x'), (2, 30, 40, 'y'), (3, null, null, null), (4, 1, 2, 'w');

-- the rows the cases start from
insert into dml157_u values (1, 100, 200), (2, 300, 400), (5, 500, 600), (5, 501, 601), (null, 0, 0);

-- the rows the cases start from
insert into dml157_r values (1, 11, 21), (2, 31, 41), (3, null, 43);

-- 1. multiple-column SET: (a, b) = (1, 2) assigns each column its value
update dml157_t set (a, b) = (1, 2) where id = 1;

-- the rows the statements above left
select * from dml157_t order by id;

-- every value reads the old row: (a, b) = (b, a) swaps, NULLs included
update dml157_t set (a, b) = (b, a);

-- the rows the statements above left
select * from dml157_t order by id;

-- ROW(...) spelling, and a one-column item with ROW
update dml157_t set (a, b) = row(b + 1, a - 1) where id = 2 returning *;

update dml157_t set (a) = row(a * 10) where id = 2 returning a;

-- DEFAULT inside the list: b's default 7, a's (none) NULL
update dml157_t set (a, b) = (default, default) where id = 2 returning *;

-- a multiple-column item next to an ordinary one
update dml157_t set (b, c) = (default, 'z'), a = 5 where id = 3 returning *;

-- an alias qualifies the values
update dml157_t as t set (a, b) = (t.b * 2, t.a * 2) where t.id = 4 returning t.*;

-- a row sub-select assigns its one row's columns
update dml157_t set (a, b) = (select x, y from dml157_r where k = 1) where id = 1 returning *;

-- correlated to the target row
update dml157_t set (a, b) = (select x + 1, y + 1 from dml157_r where dml157_r.k = dml157_t.id) where id <= 2
    returning *;

-- no row: every column of the item becomes NULL
update dml157_t set (a, c) = (select x, 'never' from dml157_r where k = 99) where id = 1 returning *;

-- aggregates in the sub-select: always one row, also over an empty input
update dml157_t set (a, b) = (select max(x), count(*) from dml157_u where k = 5) where id = 3 returning *;

update dml157_t set (a, b) = (select max(x), count(*) from dml157_u where k = 77) where id = 3 returning *;

-- more than one row: 21000, and nothing changes
update dml157_t set (a, b) = (select x, y from dml157_u where k = 5) where id = 4;

-- the rows the statements above left
select * from dml157_t order by id;

-- a row sub-select reading a hash-distributed table, over every row of the target
update dml157_t set (a, b) = (select e.a, e.b from dml157_e e where e.id = 1);

-- the rows the statements above left
select * from dml157_t order by id;

-- the sub-select's columns must match the item's: 42601
update dml157_t set (a, b) = (select x from dml157_r where k = 1);

update dml157_t set (a, b) = (select x, y, k from dml157_r where k = 1);

-- the values must match too: 42601
update dml157_t set (a, b) = (1, 2, 3);

update dml157_t set (a, b, c) = row(1, 2);

-- a single value that is not a sub-SELECT or ROW(): 0A000
update dml157_t set (a) = (5);

update dml157_t set (a, b) = (1);

-- the same column twice, also across items: 42601
update dml157_t set (a, a) = (1, 2);

update dml157_t set (a, b) = (1, 2), a = 3;

-- an unknown column: 42703
update dml157_t set (a, nope) = (1, 2);

-- assigning the primary key (the distribution column) moves the row
update dml157_t set (id, c) = (id + 10, 'moved') where id = 4 returning *;

-- the rows the statements above left
select * from dml157_t order by id;

-- on an empty table: nothing to update
update dml157_e set (a, b) = (b, a) returning *;

-- 2. RETURNING reads the FROM items: columns of the joined row
update dml157_t set b = r.y from dml157_r r where r.k = dml157_t.id returning r.x, dml157_t.*;

-- a FROM item's star, and an expression over both sides
update dml157_t t set a = r.x from dml157_r r where r.k = t.id and t.id = 1 returning r.*, t.id, t.a + r.y as s;

-- a bare column of a FROM item, and * (the target's columns, then the FROM item's)
update dml157_t t set c = 'f' from dml157_r r where r.k = t.id and t.id = 2 returning y, *;

-- a NULL from the FROM item
update dml157_t t set c = 'g' from dml157_r r where r.k = t.id and r.x is null returning r.x, r.y, t.c;

-- FROM over a round-robin table; no row joins: no row returned
update dml157_t t set c = 'h' from dml157_u u where u.k = t.id + 1000 returning u.x, t.id;

-- a FROM item that moves the row (primary key assigned) still returns its values
update dml157_t t set id = t.id + 100 from dml157_r r where r.k = t.id and t.id = 3 returning r.y, t.id, t.c;

-- the rows the statements above left
select * from dml157_t order by id;

-- a name both sides have is ambiguous: 42702
update dml157_t t set c = 'i' from dml157_e e where e.id = t.id returning a;

-- DELETE ... USING returns the USING item's columns too
delete from dml157_t t using dml157_r r where r.k = t.id returning r.x, t.id, *;

-- the rows the cases start from
insert into dml157_e values (1, 1, 1), (2, 2, 2), (10, 3, 3), (14, 4, 4);

delete from dml157_t t using dml157_e e where e.id = t.id returning e.*, t.c;

-- the rows the statements above left
select * from dml157_t order by id;

-- 4. PREPARE of UPDATE, INSERT and DELETE: untyped parameters take the columns' types
prepare dml157_upd as update dml157_e set a = $1 where id = $2;

execute dml157_upd(42, 1);

execute dml157_upd(null, 2);

prepare dml157_upd2 as update dml157_e set (a, b) = ($1, $2 + 1) where id = $3 returning *;

execute dml157_upd2(5, 6, 10);

prepare dml157_ins as insert into dml157_e values ($1, $2, $3) returning id, a + b as s;

execute dml157_ins(20, 1, 2);

-- the parameter's type is the column's: a text for an int column is 22P02
execute dml157_ins('x', 1, 2);

prepare dml157_del as delete from dml157_e where id = $1 returning *;

execute dml157_del(20);

execute dml157_del(20);

-- a parameter in a SET value computed by the query (a subquery next to it)
prepare dml157_upd3 as update dml157_e set a = $1 + (select count(*) from dml157_r) where id = $2 returning a;

execute dml157_upd3(100, 1);

-- a parameter in UPDATE ... FROM
prepare dml157_upd4 as update dml157_e e set b = r.x + $1 from dml157_r r where r.k = e.id and e.id = $2
    returning e.b, r.x;

execute dml157_upd4(1000, 2);

-- a parameter in DELETE ... USING
prepare dml157_del2 as delete from dml157_e e using dml157_r r where r.k = e.id and r.x > $1 returning e.id;

execute dml157_del2(0);

-- the rows the statements above left
select * from dml157_e order by id;

deallocate all;

-- 3. ON CONFLICT DO UPDATE assigning a column of the conflict key (the primary key)
create table dml157_o (a int, b int, v text, primary key (a, b)) distribute by hash (a);

-- a table of this file
create table dml157_m (a int, b int, v text, primary key (a, b)) distribute by hash (b);

-- a table of this file
create table dml157_p (a int, b int, v text, primary key (a, b)) distribute by replication;

-- the rows the cases start from
insert into dml157_o values (1, 1, 'one'), (2, 2, 'two'), (3, 3, 'three');

-- the rows the cases start from
insert into dml157_m values (1, 1, 'one'), (2, 2, 'two'), (3, 3, 'three');

-- the rows the cases start from
insert into dml157_p values (1, 1, 'one');

-- the conflicting row takes its new key
insert into dml157_o values (1, 1, 'new') on conflict (a, b) do update set b = excluded.b + 10, v = excluded.v
    returning *;

-- the rows the statements above left
select * from dml157_o order by a, b;

-- no conflict (the old key is free now): inserted as proposed
insert into dml157_o values (1, 1, 'again') on conflict (a, b) do update set b = 100 returning *;

-- the distribution column changes: the row moves to the datanode of its new value
insert into dml157_m values (2, 2, 'x') on conflict (a, b) do update set b = dml157_m.b * 100,
    v = dml157_m.v || excluded.v returning *;

-- the rows the statements above left
select * from dml157_m order by a, b;

-- read by its new distribution value (one shard)
select * from dml157_m where b = 200;

-- a replicated table: every copy moves the row
insert into dml157_p values (1, 1, 'p') on conflict (a, b) do update set a = 5 returning *;

-- the rows the statements above left
select * from dml157_p order by a, b;

-- the new key is taken: 23505 and nothing changes
insert into dml157_o values (2, 2, 'y') on conflict (a, b) do update set b = 3, a = 3;

-- DO UPDATE's WHERE false: nothing changes, nothing counted or returned
insert into dml157_o values (3, 3, 'z') on conflict (a, b) do update set a = 30 where dml157_o.v = 'nope'
    returning *;

-- several rows: some inserted, some moved, in order
insert into dml157_o values (3, 3, 'p'), (4, 4, 'q'), (2, 2, 'r') on conflict (a, b) do update
    set a = excluded.a + 40 returning *;

-- the rows the statements above left
select * from dml157_o order by a, b;

-- the same key twice in one statement: 21000
insert into dml157_o values (5, 5, 's'), (5, 5, 't') on conflict (a, b) do update set b = 50;

-- a row moved onto the key a later row proposes: 21000
insert into dml157_o values (4, 4, 'u'), (44, 4, 'w') on conflict (a, b) do update set a = 44;

-- a row moved away frees its key for a later row
insert into dml157_o values (42, 2, 'x'), (42, 2, 'y') on conflict (a, b) do update set a = 142;

-- the rows the statements above left
select * from dml157_o order by a, b;

-- NULL assigned to a key column: 23502
insert into dml157_o values (1, 11, 'n') on conflict (a, b) do update set b = null;

-- ON CONSTRAINT names the same key
insert into dml157_o values (1, 11, 'c') on conflict on constraint dml157_o_pkey do update set b = 111
    returning *;

-- with parameters
prepare dml157_ups as insert into dml157_o values ($1, $2, $3) on conflict (a, b) do update set b = $4
    returning *;

execute dml157_ups(1, 111, 'p', 12);

execute dml157_ups(7, 7, 'p', 12);

-- the rows the statements above left
select * from dml157_o order by a, b;

deallocate dml157_ups;

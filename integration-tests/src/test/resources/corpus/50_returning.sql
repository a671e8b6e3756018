-- INSERT, UPDATE and DELETE ... RETURNING: the rows written, named and typed as PostgreSQL names them.

create table ret_h (id int primary key, k int, v numeric(10,2), s text, d date) distribute by hash(id);

create table ret_r (id int, k int, s varchar(10)) distribute by replication;

create table ret_s (id serial primary key, s text default 'none', n int) distribute by hash(id);

-- RETURNING * gives the table's columns, one row per inserted row
insert into ret_h values (1, 10, 1.5, 'a', date '2023-01-01'), (2, 20, 2.25, 'b', null) returning *;

-- expressions, aliases with and without AS, and PostgreSQL's names for unnamed ones (?column?, the function's name)
insert into ret_h values (3, 30, 3, 'c', date '2024-02-29') returning id, k + 1, upper(s), v * 2 as doubled, s sname;

-- INSERT ... SELECT returns the rows the SELECT produced
insert into ret_h select id + 10, k, v, s, d from ret_h where id <= 2 returning id, s;

-- a qualified star and a qualified column
insert into ret_h values (4, 40, null, null, null) returning ret_h.*;

-- defaults and serial values appear as stored
insert into ret_s (n) values (5), (6) returning id + 0 as id, s, n;

-- coercion to the column's type shows in the returned row
insert into ret_h (id, k, v) values (5, '50', 7.555) returning v, k;

-- a replicated table returns each row once
insert into ret_r values (1, 1, 'x'), (2, 2, 'y') returning *;

-- UPDATE returns the new rows
update ret_h set k = k * 10 where id <= 3 returning id, k, s || '!';

-- UPDATE with an alias; RETURNING names columns through it
update ret_h as h set v = h.v + 1 where h.id = 4 returning h.id, h.v;

-- an UPDATE that changes nothing returns no rows
update ret_h set k = 0 where id = 999 returning *;

-- UPDATE on a replicated table returns each row once
update ret_r set k = k + 100 returning id, k;

-- DELETE returns the old rows
delete from ret_h where id >= 11 returning *;

-- DELETE with an expression in RETURNING
delete from ret_r where id = 1 returning id * 2, s;

-- the statements' effects are the same
select * from ret_h order by id;

-- an unknown column in RETURNING is 42703
insert into ret_h (id) values (99) returning nosuch;

-- the failed INSERT wrote nothing
select count(*) from ret_h where id = 99;

-- a division by zero in RETURNING fails the statement, and its row is not written
insert into ret_h (id, k) values (98, 0) returning 1 / k;

select count(*) from ret_h where id = 98;

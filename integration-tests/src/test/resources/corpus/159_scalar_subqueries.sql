-- Correlated scalar sub-queries: PostgreSQL runs the sub-query per outer row, so "more than one row returned by a
-- subquery used as an expression" (21000) comes only from an outer row that is evaluated and gets several rows;
-- keys no such outer row has may have any number of rows. NULL keys, no match (NULL), outer filters, and tables
-- distributed by hash, replication and round robin.

create table a159 (id int primary key, g int) distribute by hash(id);
create table u159 (k int, x int, s text) distribute by hash(k);
create table r159 (k int, x int, s text) distribute by replication;
create table rr159 (k int, x int, s text) distribute by roundrobin;
create table e159 (k int, x int) distribute by hash(k);
create table v159 (id int primary key, v int) distribute by hash(id);
insert into a159 values (1, 1), (2, 1), (3, 2), (4, null);
insert into u159 values (1, 10, 'a'), (2, 20, 'b'), (2, 21, 'c'), (null, 30, 'd'), (3, null, null);
insert into r159 select * from u159;
insert into rr159 select * from u159;
insert into v159 values (1, 0), (2, 0), (3, 0);

-- the issue's case: key 2 has two rows, but the WHERE keeps only id 1, which has one
select (select x from u159 where k = a159.id) from a159 where id = 1;
-- every outer row evaluated: id 2 gets two rows, 21000
select id, (select x from u159 where k = a159.id) from a159 order by id;
-- outer rows with no match (4) or a NULL value (3) give NULL; a NULL outer key matches nothing, not the NULL key
select id, (select x from u159 where k = a159.id) from a159 where id <> 2 order by id;
select id, (select s from u159 where k = a159.g) from a159 where g is null or g = 1 and id = 1 order by id;
-- a filter on another column of the outer table
select id, (select x from u159 where k = a159.id) from a159 where g = 2 or g is null order by id;
-- the same over a replicated and a round-robin inner table
select id, (select x from r159 where k = a159.id) from a159 where id in (1, 3, 4) order by id;
select id, (select x from r159 where k = a159.id) from a159 order by id;
select id, (select s from rr159 where k = a159.id) from a159 where id <> 2 order by id;
select id, (select s from rr159 where k = a159.id) from a159 order by id;
-- an empty inner table: every value NULL
select id, (select x from e159 where k = a159.id) from a159 order by id;
-- an outer table with no rows: no row, no error
select (select x from u159 where k = a159.id) from a159 where id > 100;
-- the sub-query in the WHERE, an outer row with several rows reached: 21000; not reached (id filtered first): rows
select id from a159 where (select x from u159 where k = a159.id) > 5 order by id;
select id from a159 where id <> 2 and (select x from u159 where k = a159.id) > 5 order by id;
-- a reached key with several rows fails even when the comparison would be false for the first of them
select id from a159 where (select x from u159 where k = a159.id) < 15 order by id;
select id from a159 where (select s from u159 where k = a159.id) = 'z' order by id;
-- an expression over the sub-query's value, and two sub-queries of which only one has several rows for id 2
select id, (select x + 1 from u159 where k = a159.id) * 2 from a159 where id <> 2 order by id;
select id, (select s from u159 where k = a159.id), (select x from r159 where k = a159.id and x <> 21) from a159 where id <> 2 order by id;
select id, (select s from u159 where k = a159.id and x <> 21), (select x from r159 where k = a159.id) from a159 order by id;
-- the inner filter itself makes key 2 single: no error for any row
select id, (select x from u159 where k = a159.id and x <> 21) from a159 order by id;
-- an uncorrelated scalar sub-query with several rows fails; with one row it is the value for every row
select id, (select x from u159 where k = 2) from a159 order by id;
select id, (select x from u159 where k = 1) from a159 order by id;
-- UPDATE ... SET from a correlated scalar sub-query: only the updated rows' keys are checked
update v159 set v = (select x from u159 where k = v159.id) where id <> 2;
select * from v159 order by id;
update v159 set v = (select x from u159 where k = v159.id);
select * from v159 order by id;

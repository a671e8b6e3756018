-- USING and NATURAL joins under SELECT *, a star over a self-join, and UPDATE/DELETE conditions comparing a
-- numeric(p, s) column with an integer (found by a side-by-side probe: XX000 index errors, columns named id0, 0A000).

create table j79a (id int primary key, k int, v text);
create table j79b (id int primary key, k int, w text) distribute by replication;
create table j79c (k int, z int) distribute by roundrobin;
insert into j79a values (1, 1, 'a'), (2, 2, 'b'), (3, null, 'c'), (4, 4, null);
insert into j79b values (1, 1, 'x'), (2, 3, 'y'), (5, 5, 'z');
insert into j79c values (1, 10), (2, 20), (null, 30), (5, 50);

-- the USING column comes first, once; then each side's other columns
select * from j79a join j79b using (id) order by id;
select * from j79a left join j79b using (id) order by id;
select * from j79a right join j79b using (id) order by id;
-- a full join's merged column is the non-null side's
select * from j79a full join j79b using (id) order by id;
select * from j79a full join j79b using (id, k) order by id, k;
select * from j79a join j79c using (k) order by k, id;
-- NATURAL joins on the columns both sides show (not on the hidden xc_node_id)
select * from j79a natural join j79b order by id;
select * from j79a natural left join j79b order by 1;
select * from j79a natural full join j79b order by 1, 2;
select count(*) from j79a natural join j79b;
select * from j79a natural join j79c order by id;
select count(*) from j79b natural join (select 7 as q) s;
-- a self-join's star names both sides' columns by their own names
select * from j79a a1 join j79a a2 on a1.id = a2.id order by 1;
select * from j79a a1 join j79a a2 using (id) order by 1;
select a1.*, a2.* from j79a a1 join j79a a2 using (id) order by 1;
select a2.k, * from j79a a1 join j79a a2 using (id) order by 2;
-- the merged column in WHERE
select * from j79a join j79b using (id) where id > 1 order by id;
select id from j79a left join j79b using (id) where id > 1 order by id;
select id from j79a right join j79b using (id) where id > 1 order by id;
select id, v, w from j79a full join j79b using (id) where id > 1 order by id;
select count(*) from j79a natural join j79b where id = 1;
select id, count(*) from j79a join j79b using (id) group by id order by id;

create table j79n (id int primary key, amount numeric(12,2), q numeric);
insert into j79n values (1, -0.01, 1), (2, 5, 2), (3, 0.00, 0);
-- an integer compared with numeric(12,2) in a DML's WHERE (the integer widened, not fitted to the column's typmod)
update j79n set q = 3 where amount < 0;
update j79n set q = 4 where amount < 12345678901 and id = 2;
delete from j79n where amount < 0.004 and id = 3;
select * from j79n order by id;
delete from j79n where amount < 0;
select * from j79n order by id;

-- HAVING and GROUP BY read the merged column, as WHERE does: the left side's for inner and left joins
select id, count(*) from j79a join j79b using (id) group by id having id > 1 order by id;
select id from j79a join j79b using (id) group by j79a.id order by 1;
select j79a.id from j79a join j79b using (id) group by id order by 1;
-- a full join's merged column is not either side's: grouping by one side does not cover it (42803)
select count(*) from j79a full join j79b using (id) group by j79a.id having id > 0;
select id, count(*) from j79a full join j79b using (id) group by id having id > 0 order by 1;
select id as x, k from j79a left join j79b using (id, k) order by 1;
select id, id + 1, upper(v) from j79a right join j79b using (id) order by 1;
-- nested USING joins merge again: WHERE reads the outermost merged column
select id from j79a join j79b using (id) join j79a j2 using (id) where id < 5 order by id;
select id, count(*) from j79a full join j79b using (id) full join j79a j2 using (id) where id is not null group by id order by id;
-- a side that shows a USING column twice is 42702 (k of both j79a and j79b)
select id from j79a join j79b using (id) join j79c using (k) where id > 1 order by id;
-- a star over a sub-query's star keeps PostgreSQL's names (k twice, not k0)
select x.* from (select * from j79a join j79b using (id)) x order by 1;
select * from (select * from j79a a1 join j79a a2 on a1.id = a2.id) x order by 1;
-- a USING list naming a column twice (42701) or one a side lacks (42703)
select * from j79a join j79b using (id, id);
select * from j79a join j79b using (nosuch);
select * from j79a join j79c using (id);
-- ORDER BY reads the merged column too, unless the name is an output column's (then that column orders)
select count(*) from j79a join j79b using (id) group by id order by id;
select v from j79a join j79b using (id) order by id desc;
select w from j79a right join j79b using (id) order by id nulls first;
select j79a.k as id, v from j79a join j79b using (id) order by id;
select j79b.k as id, v from j79a left join j79b using (id) order by id + 0, v;
select count(*) from j79a full join j79b using (id) group by id order by id;

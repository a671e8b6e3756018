-- Keywords PostgreSQL 15 lets name columns, tables and result columns although Calcite reserves them: max, row,
-- values, new, partition, range, rollup, current; and version, which Calcite does not reserve (issue 11).

-- as a result column's name, after AS and bare
select 1 as max, 2 as row, 3 as values, 4 as new, 5 as partition, 6 as range, 7 as rollup, 8 as current,
    9 as version;

select 1 max, 2 row, 3 values, 4 new, 5 partition, 6 range, 7 rollup, 8 current, 9 version;

-- as column names of a table: in CREATE TABLE, INSERT's column list, the select list, WHERE, ORDER BY, UPDATE
create table kw102 (id int primary key, max int, row int, values int, new int, partition int, range int,
    rollup int, current int, version int) distribute by hash(id);

insert into kw102 (id, max, row, values, new, partition, range, rollup, current, version)
values (1, 1, 2, 3, 4, 5, 6, 7, 8, 9), (2, 10, 20, 30, 40, 50, 60, 70, 80, 90);

select max, row, values, new, partition, range, rollup, current, version from kw102 order by id;

select version from kw102 where max = 1;

select k.max, k.row, k.values, k.version from kw102 k where k.range > 6 order by k.current desc;

select id from kw102 where partition = 5 and rollup = 7 and new = 4 order by range;

update kw102 set max = max + 1, version = 99 where current = 8;

select id, max, version from kw102 order by max;

-- an alias named after an aggregate, over the aggregate itself
select max(max) max, count(*) as row from kw102;

-- the keywords keep their keyword uses: aggregates, ROW(...), VALUES, window frames, ROLLUP, DEFAULT VALUES
select max(x) as m, sum(x) over (order by x rows between unbounded preceding and current row) as s
from (values (1), (2)) v(x) group by x order by x;

select x, count(*) from (values (1), (2), (1)) v(x) group by rollup (x) order by x;

select sum(x) over (order by x range between current row and unbounded following) as s
from (values (1), (2), (3)) v(x) order by x;

-- as table names
create table range (a int) distribute by hash(a);

insert into range values (1);

insert into range (a) values (2);

select r.a from range r order by a;

select range.a from range order by a;

drop table range;

create table max (a int) distribute by hash(a);

insert into max (a) values (3);

select a from max;

drop table max;

drop table kw102;

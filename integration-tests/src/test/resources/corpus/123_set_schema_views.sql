-- ALTER TABLE | VIEW ... SET SCHEMA of a relation a view reads, as PostgreSQL 15 allows it: a view binds the
-- relations it reads, not their names, so it keeps reading the moved table or view (and a rename of one, too).

create schema sc123a;

create schema sc123b;

create table t123 (id int primary key, v text) distribute by hash (id);

insert into t123 values (1, 'a'), (2, 'b'), (3, 'c');

create view v123 as select id, v from t123 where id > 1;

create view v123j as select x.id, y.v from t123 x join t123 y on x.id = y.id;

create view v123n as select t123.id from t123;

create view v123v as select id from v123;

alter table t123 set schema sc123a;

-- every view still reads the moved table's rows
select id, v from v123 order by id;

select id, v from v123j order by id;

select id from v123n order by id;

select id from v123v order by id;

-- a new row in the moved table shows through the views
insert into sc123a.t123 values (4, 'd');

select id, v from v123 order by id;

-- a table of the old name made afterwards is not what the views read
create table t123 (id int, v text);

insert into t123 values (100, 'x');

select id, v from v123 order by id;

drop table t123;

-- a view read by another view moves too
alter view v123 set schema sc123b;

select id from v123v order by id;

select id, v from sc123b.v123 order by id;

-- and a rename of the moved table keeps them reading it
alter table sc123a.t123 rename to t123r;

select id from v123v order by id;

select id, v from v123j order by id;

-- a dependent view still blocks DROP of the moved table
drop table sc123a.t123r;

drop view v123v, v123j, v123n, sc123b.v123;

drop schema sc123a cascade;

drop schema sc123b;

-- Sequences and views follow renames by OID, as PostgreSQL's do: a column default keeps using its sequence after
-- ALTER SEQUENCE ... RENAME and ALTER TABLE ... RENAME; TRUNCATE ... RESTART IDENTITY restarts the sequences the
-- table's columns own, transactionally; nextval in an UPDATE's SET gives each row its own value; views keep working
-- after their table is renamed and refuse changes to what they read.

create table seq67_t (id serial primary key, b int, c int) distribute by hash(id);

insert into seq67_t (b) values (1), (2), (3);

-- the default follows its renamed sequence
alter sequence seq67_t_id_seq rename to seq67_ids;

insert into seq67_t (b) values (4);

-- the default names the sequence by its new name, as pg_get_expr prints a regclass
select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d join pg_class c on c.oid = d.adrelid where c.relname = 'seq67_t';

-- the old name is gone
select nextval('seq67_t_id_seq');

-- renaming the table keeps its serial column's default working
alter table seq67_t rename to seq67_u;

insert into seq67_u (b) values (5);

select id + 0 as id, b from seq67_u order by id;

-- a quoted new name is quoted in the default
alter sequence seq67_ids rename to "Seq67 Ids";

insert into seq67_u (b) values (6);

select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d join pg_class c on c.oid = d.adrelid where c.relname = 'seq67_u';

select id + 0 as id, b from seq67_u order by id;

-- nextval in an UPDATE's SET: one value per row
create sequence seq67_s;

update seq67_u set c = nextval('seq67_s');

select count(distinct c), min(c), max(c) from seq67_u;

-- mixed with the row's own columns
update seq67_u set c = b * 100 + nextval('seq67_s') where b > 3;

select count(distinct c), min(c) >= 400, max(c) < 700 from seq67_u where b > 3;

-- random() in SET: evaluated per row too
update seq67_u set c = (random() * 1000000000)::int;

select count(distinct c) from seq67_u;

-- TRUNCATE ... RESTART IDENTITY restarts the owned sequence
truncate seq67_u restart identity;

insert into seq67_u (b) values (7);

select id + 0 as id, b from seq67_u order by id;

-- CONTINUE IDENTITY (the default) does not
truncate seq67_u;

insert into seq67_u (b) values (8);

select id + 0 as id, b from seq67_u order by id;

-- in a block that rolls back, the restart is undone: the sequence continues after the values the block used
begin;

insert into seq67_u (b) values (9);

truncate seq67_u restart identity;

insert into seq67_u (b) values (10);

select id + 0 as id, b from seq67_u order by id;

rollback;

insert into seq67_u (b) values (11);

select id + 0 as id, b from seq67_u order by id;

-- in a block that commits, the sequence continues from where the block left it
begin;

truncate seq67_u restart identity;

insert into seq67_u (b) values (12), (13);

commit;

insert into seq67_u (b) values (14);

select id + 0 as id, b from seq67_u order by id;

-- a sequence that is not owned is not restarted
create table seq67_v (id int default nextval('seq67_s'), b int) distribute by hash(b);

insert into seq67_v (b) values (1);

truncate seq67_v restart identity;

insert into seq67_v (b) values (2);

select count(*), min(id) > 1 from seq67_v;

-- identity columns restart too
create table seq67_w (id int generated always as identity (start with 10), b int) distribute by hash(b);

insert into seq67_w (b) values (1), (2);

truncate seq67_w restart identity;

insert into seq67_w (b) values (3);

select id + 0 as id, b from seq67_w;

-- views: a table under a view cannot be dropped, nor the columns the view reads
create table seq67_vt (a int, b int, c text) distribute by hash(a);

insert into seq67_vt values (1, 2, 'x'), (3, 4, 'y'), (5, 6, 'z');

create view seq67_vv as select a, b + 1 as b1 from seq67_vt where c <> 'z';

create view seq67_vw as select x.a, seq67_vv.b1 from seq67_vt x join seq67_vv on seq67_vv.a = x.a;

drop table seq67_vt;

alter table seq67_vt drop column b;

alter table seq67_vt drop column c;

alter table seq67_vt alter column a type bigint;

-- renaming the table keeps both views working
alter table seq67_vt rename to seq67_vt2;

select * from seq67_vv order by a;

select * from seq67_vw order by a;

select count(*) from pg_views where viewname = 'seq67_vv' and definition like '%seq67_vt2%';

-- renaming a view keeps the view that reads it working
alter view seq67_vv rename to seq67_vv2;

select * from seq67_vw order by a;

select * from seq67_vv2 order by a;

-- the old name is gone
select * from seq67_vv;

-- ALTER VIEW's errors
alter view seq67_vt2 rename to seq67_x;

alter view if exists seq67_nope rename to seq67_x;

alter view seq67_nope rename to seq67_x;

alter view seq67_vv2 rename to seq67_vw;

alter view seq67_vw rename column nope to z;

alter view seq67_vw rename column a to b1;

-- RENAME COLUMN renames the view's column
alter view seq67_vw rename column b1 to b2;

select * from seq67_vw order by a;

select attname from pg_attribute where attrelid = 'seq67_vw'::regclass order by attnum;

alter view seq67_vw rename a to aa;

select aa, b2 from seq67_vw order by aa;

alter view seq67_vw owner to postgres;

-- CASCADE drops the views with the table
drop table seq67_vt2 cascade;

select count(*) from pg_views where viewname like 'seq67%';

-- ALTER TABLE on tables with secondary indexes and foreign keys: a rewriting ALTER COLUMN TYPE, ADD PRIMARY KEY and
-- ADD COLUMN with a volatile default keep the indexes (rebuilt, unique ones checked) and the foreign keys of both
-- directions; RENAME COLUMN and DROP COLUMN of indexed and key columns behave as PostgreSQL 15's.

create table alt66_p (id int primary key, code text, tag int);

create table alt66_c (id int primary key, pid int references alt66_p, qty int, note text);

create index alt66_c_pid on alt66_c (pid);

create index alt66_c_note on alt66_c (note) include (qty);

create unique index alt66_c_id_qty on alt66_c (id, qty);

insert into alt66_p select g, 'c' || g, g % 3 from generate_series(1, 30) g;

insert into alt66_c select g, g % 30 + 1, g * 10, 'n' || (g % 7) from generate_series(1, 120) g;

-- a rewriting type change of an indexed column keeps the index's rows
alter table alt66_c alter column qty type bigint;

select id, qty from alt66_c where note = 'n3' order by id;

-- a type change of the referencing column keeps the foreign key enforced
alter table alt66_c alter column pid type bigint;

insert into alt66_c values (1000, 31, 1, 'x');

select count(*) from alt66_c where pid = 5;

-- a rewrite of the referenced table keeps the references to it
alter table alt66_p alter column code type varchar(10);

delete from alt66_p where id = 5;

insert into alt66_c values (1000, 30, 1, 'x');

-- a conversion that makes two keys of a unique index equal: the index cannot be built, nothing changes
create table alt66_u (a int, b int) distribute by replication;

create unique index alt66_u_b on alt66_u (b);

insert into alt66_u select g, g from generate_series(1, 20) g;

alter table alt66_u alter column b type int using b / 10;

select count(*), sum(b) from alt66_u where b > 5;

alter table alt66_u alter column b type bigint using b * 2;

select a, b from alt66_u where b = 8;

-- the two sides of a foreign key must stay comparable
alter table alt66_c alter column pid type text;

-- a volatile default rewrites the rows; the indexes stay usable
alter table alt66_c add column r float8 default random();

select count(*) from alt66_c where r >= 0 and r < 1 and pid = 7;

select conname, contype::text, pg_get_constraintdef(oid) from pg_constraint
    where conrelid in ('alt66_c'::regclass, 'alt66_p'::regclass) order by conname;

select indexname, indexdef from pg_indexes where tablename in ('alt66_c', 'alt66_p') order by indexname;

-- ADD PRIMARY KEY over duplicates names the key's index
create table alt66_k (a int, b int, c text);

create index alt66_k_c on alt66_k (c);

insert into alt66_k values (1, 1, 'x'), (1, 2, 'y'), (2, 3, 'z');

alter table alt66_k add primary key (a);

delete from alt66_k where b = 2;

alter table alt66_k add primary key (a);

select a, b, c from alt66_k where c = 'z';

insert into alt66_k values (2, 4, 'w');

-- RENAME COLUMN: the indexes and both sides of the foreign keys follow the column
alter table alt66_c rename column note to remark;

select indexname, indexdef from pg_indexes where tablename = 'alt66_c' order by indexname;

alter table alt66_p rename column id to pk;

alter table alt66_c rename column pid to parent;

select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid = 'alt66_c'::regclass order by conname;

insert into alt66_c (id, parent) values (2000, 99);

select id, remark from alt66_c where remark = 'n2' and id < 20 order by id;

-- DROP COLUMN drops the indexes and the foreign keys over the column
alter table alt66_c drop column remark;

alter table alt66_c drop column parent;

select indexname from pg_indexes where tablename = 'alt66_c' order by indexname;

select conname from pg_constraint where conrelid = 'alt66_c'::regclass order by conname;

-- a column another table's foreign key references needs CASCADE
alter table alt66_p add constraint alt66_p_u unique (pk, tag);

create table alt66_r (id int primary key, a int, t int, foreign key (a, t) references alt66_p (pk, tag));

alter table alt66_p drop column tag;

alter table alt66_p drop column tag cascade;

select conname from pg_constraint where conrelid = 'alt66_r'::regclass order by conname;

insert into alt66_r values (1, 999, 999);

-- COMMENT ON INDEX, kept through a rebuild
comment on index alt66_c_id_qty is 'unique pair';

comment on index alt66_c_pkey is 'the key';

comment on index alt66_c is 'x';

alter table alt66_c alter column qty type text;

select obj_description('alt66_c_id_qty'::regclass, 'pg_class'), obj_description('alt66_c_pkey'::regclass, 'pg_class');

drop table alt66_r, alt66_c, alt66_p, alt66_k, alt66_u;

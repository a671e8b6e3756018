-- columns and values of enum types: literals, casts, comparisons and sorting in the enum's order (including labels
-- added later BEFORE/AFTER others), enum primary keys and distribution columns, errors (docs/sql.md).

create type ec_mood as enum ('sad', 'ok', 'happy');
create type ec_color as enum ('red', 'green');

-- a table with enum columns: one the primary key (and so the distribution column), one a plain column
create table ec_t (m ec_mood primary key, note text, c ec_color);
insert into ec_t values ('ok', 'fine', 'red'), ('sad', 'down', 'green'), ('happy', 'up', null);

-- rows come back as labels, sorted by the enum's order, not the labels' text order
select m, note, c from ec_t order by m;
select m from ec_t order by m desc;

-- comparisons with string literals use the enum's order
select m from ec_t where m > 'sad' order by m;
select m from ec_t where m = 'happy';
select m from ec_t where m in ('sad', 'happy') order by m;
select m from ec_t where m between 'sad' and 'ok' order by m;
select m from ec_t where m <> 'ok' order by m;

-- min, max, GROUP BY, DISTINCT
select min(m), max(m) from ec_t;
create table ec_g (id int primary key, m ec_mood) distribute by hash(id);
insert into ec_g values (1, 'ok'), (2, 'ok'), (3, 'happy'), (4, null), (5, 'sad'), (6, 'happy');
select m, count(*) from ec_g group by m order by m;
select distinct m from ec_g order by m nulls first;
select count(distinct m) from ec_g;

-- casts: to and from text, a literal with ::, a text expression
select 'ok'::ec_mood, 'ok'::ec_mood::text, cast('happy' as ec_mood) > 'sad'::ec_mood;
select m::text || '!' from ec_t order by m;
select m from ec_t where m = (m::text || '')::ec_mood order by m;
select ('h' || 'appy')::ec_mood;

-- an invalid label is 22P02, in a cast, an INSERT and a comparison
select 'nope'::ec_mood;
insert into ec_t values ('nope', 'x', null);
select * from ec_t where m = 'nope';
select ('no' || 'pe')::ec_mood;

-- comparing two enum types, or an enum with text, is 42883; casting an integer to an enum is 42846
select * from ec_t where m = c;
select * from ec_t where m = note;
select 1::ec_mood;

-- labels added later sort where they were placed
alter type ec_mood add value 'meh' before 'ok';
alter type ec_mood add value 'great' after 'happy';
alter type ec_mood add value 'awful' before 'sad';
insert into ec_t values ('meh', 'so-so', 'red'), ('great', 'wow', null), ('awful', 'bad', 'green');
select m, note from ec_t order by m;
select m from ec_t where m < 'ok' order by m desc;
select min(m), max(m) from ec_t;

-- a point lookup by the primary key finds the row after labels were added (the value hashes as before)
select note from ec_t where m = 'ok';
select note from ec_t where m = 'happy';

-- RENAME VALUE renames what stored rows read as, without changing their order
alter type ec_mood rename value 'ok' to 'fine';
select m, note from ec_t order by m;
select note from ec_t where m = 'fine';
select note from ec_t where m = 'ok';

-- UPDATE and DELETE with enum values
update ec_t set c = 'green' where m = 'great';
update ec_g set m = 'great' where m = 'happy';
select id, m from ec_g order by id;
delete from ec_t where m <= 'sad';
select m, c from ec_t order by m;

-- INSERT ... SELECT between enum columns of the same type
create table ec_copy (id serial primary key, m ec_mood);
insert into ec_copy (m) select m from ec_t order by m;
select m from ec_copy order by m;

-- a NULL enum value, IS NULL, and an ORDER BY with NULLS
select id from ec_g where m is null;
select m from ec_g order by m desc nulls last;

-- DROP TYPE of a type a column uses is 2BP01
drop type ec_color;

-- pg_typeof names the enum; pg_attribute and format_type show an enum column's type
select pg_typeof(m)::text, pg_typeof(m::text)::text from ec_t limit 1;
select a.attname::text, format_type(a.atttypid, a.atttypmod), a.attlen from pg_attribute a
where a.attrelid = 'ec_t'::regclass and a.attnum > 0 order by a.attnum;

-- CASE and COALESCE read string literals as labels of the enum
select coalesce(c, 'red') from ec_t order by 1;
select case when m > 'fine' then m else 'sad' end from ec_t order by 1;

-- enum_first and enum_last give the type's first and last labels (those added later included)
select enum_first(null::ec_mood), enum_last(null::ec_mood), enum_first(m) from ec_t order by m limit 1;

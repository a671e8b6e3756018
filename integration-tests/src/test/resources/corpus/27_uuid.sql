-- uuid: input forms, output, comparison and order, a uuid distribution column and primary key, gen_random_uuid().

-- output is lowercase 8-4-4-4-12 whatever the input form: hyphens, none, after any group of four, braces, uppercase
select 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid;
select '{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}'::uuid, 'a0eebc999c0b4ef8bb6d6bb9bd380a11'::uuid,
       'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'::uuid, '{A0EEBC999C0B4EF8BB6D6BB9BD380A11}'::uuid;
select uuid 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', cast('00000000-0000-0000-0000-000000000000' as uuid);
select null::uuid, pg_typeof('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid)::text;

-- bad input is 22P02: too short, too long, blanks, a hyphen in the wrong place, unbalanced braces, not hex
select 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'::uuid;
select 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111'::uuid;
select ' a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
select 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 '::uuid;
select 'a0eebc9-99c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
select '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
select 'g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid;
select ''::uuid;

-- comparison is bytewise unsigned: 8... and f... sort after 0... and 7...
select '80000000-0000-0000-0000-000000000000'::uuid > '7fffffff-ffff-ffff-ffff-ffffffffffff'::uuid,
       'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid > '00000000-0000-0000-0000-000000000001'::uuid,
       '00000000-0000-0000-8000-000000000000'::uuid > '00000000-0000-0000-7fff-ffffffffffff'::uuid,
       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid = '{A0EEBC99-9C0B4EF8BB6D6BB9BD380A11}'::uuid,
       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid <> 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12'::uuid;

-- uuid to text and back
select 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid::text, length('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid::text);

-- a uuid primary key and distribution column: rows land, read back, and are found by key on the datanodes
create table uuid_t (id uuid primary key, v int, other uuid) distribute by hash(id);
insert into uuid_t values
  ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 1, null),
  ('00000000-0000-0000-0000-000000000001', 2, '00000000-0000-0000-0000-000000000001'),
  ('ffffffff-ffff-ffff-ffff-ffffffffffff', 3, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
  ('7fffffff-ffff-ffff-ffff-ffffffffffff', 4, null),
  ('80000000-0000-0000-0000-000000000000', 5, 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
  ('{0A0EEBC9-99C0-B4EF-8BB6-D6BB9BD380A1}', 6, '80000000-0000-0000-0000-000000000000');

-- the same key in another spelling is a duplicate (23505)
insert into uuid_t values ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 7, null);

-- a bad uuid in VALUES is 22P02
insert into uuid_t values ('not-a-uuid', 8, null);

-- ORDER BY sorts bytewise, with and without LIMIT, both directions, NULLs last ascending
select id, v from uuid_t order by id;
select id, v from uuid_t order by id desc;
select id, v from uuid_t order by id limit 3;
select other, v from uuid_t order by other, v;
select other, v from uuid_t order by other desc, v;

-- filters on the datanodes: equality in any input form, ranges, IN, IS NULL
select v from uuid_t where id = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
select v from uuid_t where id = '{A0EEBC99-9C0B4EF8BB6D6BB9BD380A11}';
select v from uuid_t where id > '7fffffff-ffff-ffff-ffff-ffffffffffff' order by v;
select v from uuid_t where id <= '7fffffff-ffff-ffff-ffff-ffffffffffff' order by v;
select v from uuid_t where id in ('00000000-0000-0000-0000-000000000001', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF') order by v;
select v from uuid_t where other is null order by v;
select v from uuid_t where id::text like 'a0ee%';
select v from uuid_t where id = other;

-- a bad uuid in WHERE is 22P02
select v from uuid_t where id = 'nope';

-- GROUP BY, DISTINCT, count of a uuid column, join on uuid
select other, count(*) from uuid_t group by other order by other;
select count(distinct other), count(other), count(*) from uuid_t;
select a.v, b.v from uuid_t a join uuid_t b on a.other = b.id order by a.v;

-- UPDATE and DELETE by uuid key
update uuid_t set other = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' where id = '7fffffff-ffff-ffff-ffff-ffffffffffff';
delete from uuid_t where id = '00000000-0000-0000-0000-000000000001';
select id, v, other from uuid_t order by id;

-- gen_random_uuid() is a uuid, version 4, and a different value per call and per row
select pg_typeof(gen_random_uuid())::text, gen_random_uuid() = gen_random_uuid(), length(gen_random_uuid()::text);
select substr(gen_random_uuid()::text, 15, 1);
create table uuid_gen (id uuid default gen_random_uuid(), n int) distribute by hash(n);
insert into uuid_gen (n) values (1), (2), (3), (4);
insert into uuid_gen select gen_random_uuid(), n + 10 from uuid_gen;
select count(distinct id), count(*) from uuid_gen;

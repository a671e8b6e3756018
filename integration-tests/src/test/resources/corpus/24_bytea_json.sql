-- bytea input and output, json and jsonb validation and output.

-- hex input: \x then two digits per byte
select '\xdeadbeef'::bytea, length('\xdeadbeef'::bytea), octet_length('\xDEADBEEF'::bytea);

-- escape input: printable characters as themselves, \nnn octal, \\ a backslash
select 'abc'::bytea, length('abc'::bytea), 'a\000b'::bytea, length('a\000b'::bytea), 'a\\b'::bytea;

-- bad hex is 22P02
select '\xabc'::bytea;
select '\xzz'::bytea;

-- bytea in a table round-trips
create table bytes_t (id int, b bytea) distribute by hash(id);
insert into bytes_t values (1, '\x00ff10'), (2, 'plain'), (3, null), (4, '\x');
select id, b, length(b) from bytes_t order by id;

-- json keeps its input text; jsonb normalises (key order, duplicates, spacing)
select ('{"b": 1, "a": [1, 2]}'::json)::text, ('{"b": 1,   "a": [1, 2], "b": 3}'::jsonb)::text;
select ('[1,2,  {"x":null}]'::jsonb)::text, ('"str"'::jsonb)::text, (' 12.50 '::jsonb)::text, ('true'::jsonb)::text;
select ('{"key": 1, "a": {"zz": 1e2, "b": [true, false, null]}, "kk": "t\u0041b"}'::jsonb)::text;

-- json and jsonb results are typed json and jsonb
select '{"b": 1}'::json, '{"b": 1}'::jsonb;

-- invalid json is 22P02
select '{"a": }'::json;
select '{a: 1}'::jsonb;
select ''::jsonb;

-- json columns validate their input
create table json_t (id int, j json, jb jsonb) distribute by hash(id);
insert into json_t values (1, '{"k": [1, 2]}', '{"k": [1,2], "a": "x"}'), (2, null, null);
insert into json_t values (3, 'nope', '{}');
insert into json_t values (4, '{}', '[1,');
select id, j::text, jb::text from json_t order by id;

-- an UPDATE, evaluated on the datanodes, checks and normalises json the same way
update json_t set jb = '{"zz": 1,  "a": 2}' where id = 2;
update json_t set jb = '{bad' where id = 1;
update json_t set j = 'nope' where id = 1;
select id, j::text, jb::text from json_t order by id;

-- an UPDATE of a bytea column reads hex input
update bytes_t set b = '\xcafe' where id = 2;
select id, b, length(b) from bytes_t order by id;

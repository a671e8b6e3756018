-- Issue 11, assorted: records given to the json functions (row_to_json, to_json[b], json[b]_agg of ROW(...) and of
-- whole-row references), interval::text, float x + 0 with -0, multi-row VALUES mixing string literals and numbers,
-- MATCH_RECOGNIZE words (prev, define, ...) as names, correlated scalar sub-queries of dates, times, timestamps and
-- json that raise 21000 only for rows they are evaluated for, and sub-queries in FROM repeating a column name.

create table t163_h (id int, v text, n numeric(6,2), f float8, b boolean, d date) distribute by hash(id);
insert into t163_h values (1, 'a', 1.50, 0.5, true, '2024-01-01'), (2, 'b c', null, '-0', false, null),
    (3, null, 3.00, null, null, '2024-03-01');
create table t163_rep (id int, v text) distribute by replication;
insert into t163_rep values (1, 'x"y'), (2, '');
create table t163_rr (id int, v text) distribute by roundrobin;
insert into t163_rr values (1, 'p'), (2, null);
create table t163_empty (id int, v text) distribute by hash(id);

-- row_to_json of a whole-row reference: the columns' names, json values (numbers bare, NULL null, no blanks)
select row_to_json(t) from t163_h t order by id;

-- row_to_json of an anonymous row: fields named f1, f2, ...; a nested row is an object too
select row_to_json(row(1, 'a', null, true, 1.50, row(2, 'b')));

-- (a, b) is a row constructor as well
select row_to_json((id, v)) from t163_rep order by id;

-- to_json and to_jsonb of a whole-row reference (jsonb in its normal form: keys by length, blanks after : and ,)
select to_json(t), to_jsonb(t) from t163_rep t order by id;

-- json_agg of whole rows: the records after the first each start a line, as PostgreSQL prints composites
select json_agg(t order by id) from t163_h t;

-- json_agg of anonymous rows on a round-robin table, grouped
select id % 2 as g, json_agg(row(id, v) order by id) from t163_rr group by 1 order by 1;

-- jsonb_agg of whole rows and of rows, replicated table
select jsonb_agg(t order by id), jsonb_agg((id, v) order by id desc) from t163_rep t;

-- json_agg of rows over no rows is NULL
select json_agg(t), jsonb_agg(row(id)) from t163_empty t;

-- a whole-row reference of a sub-query and of a CTE
select to_json(s) from (select id, v || '!' as w from t163_rep) s order by s.id;
with c as (select id, n from t163_h) select row_to_json(c) from c order by id;

-- row_to_json of something that is no record: 42883
select row_to_json(1);

-- interval::text and ::varchar(n) print as the interval prints
select interval '1 day'::text, interval '1 mon 2 days 03:04:05'::varchar, interval '-1 day'::varchar(3),
    (interval '90 minutes')::text;

-- other types' text: numbers, booleans, dates, times, timestamps, bytea, json, jsonb, uuid
select 1::text, 1.5::text, 1.5::float8::text, true::text, date '2020-01-01'::text, time '10:00'::text,
    timestamp '2020-01-01 10:00'::text, 'a'::bytea::text, '{"a":1}'::json::text, '{"a":1}'::jsonb::text,
    '11111111-1111-1111-1111-111111111111'::uuid::text, 2::int2::varchar, 3::int8::varchar(1);

-- -0 + 0 is 0 (IEEE and PostgreSQL; Calcite dropped the + 0); -0 - 0, -0 * 1 and -0 / 1 stay -0
select '-0'::float8 + 0, 0 + '-0'::float8, '-0'::float8 - 0, '-0'::float8 * 1, '-0'::float8 / 1, '-0'::float4 + 0;

-- the same over a column holding -0, pushed down or not
select f + 0, 0 + f, f - 0, f * 1, f + 0.0 from t163_h where id = 2;
select sum(f + 0) from t163_h where id = 2;

-- a multi-row VALUES mixing string literals and numbers: the strings read as the column's number type
values (1, '0'), (2, 1.5);
select * from (values (1, '0'), (2, 1.5), (3, '-2.25')) v(a, b) order by a;
values ('7'), (2), (3::int8);
values ('1.5'), (2.5e0::float8);

-- a string that is no number of that type: 22P02
values ('1.5'), (2);
values (1), ('x');

-- the same into float and numeric columns: each row read as the target columns' types ('-0' stays -0 in float8)
create table t163_v (id int, f float8, n numeric, r real) distribute by roundrobin;
insert into t163_v values (1, '0', '0', '-0'), (2, 1.5, 2.5, 1), (3, '1e3', '-7', '-0.5'), (4, '-0', 1, 2);
insert into t163_v (r, id) values ('-0', 5), (-1.5, 6);
select * from t163_v order by id;

-- prev and other words of Calcite's MATCH_RECOGNIZE, no keywords in PostgreSQL, as table and column names
create table prev (prev int, define text, pattern int, measures int, subset int) distribute by hash(prev);
insert into prev (prev, define, pattern, measures, subset) values (1, 'd', 2, 3, 4);
select prev, prev.prev, define, pattern, measures, subset from prev;
select prev as prev, p.define as classifier, prev + 1, -prev, define || 'x' from prev p order by prev;
update prev set subset = subset + 1, pattern = prev * 2 where prev = 1 returning prev, subset, pattern;
select 1 as monday, 2 as seek, 3 as omit, 4 as per, 5 as initial, 6 as classifier;
drop table prev;

-- correlated scalar sub-queries of dates, timestamps, times and json: evaluated per outer row, one row each
create table t163_s (id int, d date, ts timestamp, t time, j jsonb) distribute by hash(id);
insert into t163_s values (1, '2020-01-01', '2020-01-01 10:00', '10:00', '{"a":1}'),
    (2, '2020-01-02', '2020-01-02 10:00', '11:00', '[1]'), (2, '2020-01-03', '2020-01-03 10:00', '12:00', 'null');
select id, (select d from t163_s s2 where s2.id = s1.id and s2.d = s1.d) from t163_s s1 order by 1, 2;
select id, (select ts from t163_s s2 where s2.id = s1.id and s2.d = s1.d) from t163_s s1 order by 1, 2;
select id, (select t from t163_s s2 where s2.id = s1.id and s2.d = s1.d) from t163_s s1 order by 1, 2;
select id, (select j from t163_s s2 where s2.id = s1.id and s2.d = s1.d)::text from t163_s s1 order by 1, 2;

-- key 2 has two rows, but only key 1 is evaluated: no 21000
select id, (select d from t163_s s2 where s2.id = s1.id) from t163_s s1 where id = 1;
select id, (select ts from t163_s s2 where s2.id = s1.id) from t163_s s1 where id = 1;
select id, (select j from t163_s s2 where s2.id = s1.id)::text from t163_s s1 where id = 1;

-- evaluated for key 2: 21000
select id, (select d from t163_s s2 where s2.id = s1.id) from t163_s s1;
select id, (select ts from t163_s s2 where s2.id = s1.id) from t163_s s1 where id = 2;

-- a sub-query in FROM repeating a column name: allowed under an outer star, named as repeated
select * from (select a1.id, a2.id from t163_h a1, t163_h a2 where a1.id = 1 and a2.id = 2) x;
select x.* from (select a1.id, a2.id, a1.v from t163_h a1, t163_rep a2 where a1.id = 1) x order by 2;
select * from (select 1 + 1, 2 + 2) x;
select * from (select id, id, v as id from t163_rr where id = 1) x;
select count(*) from (select a1.id, a2.id from t163_h a1, t163_h a2) x;

-- but naming the repeated column is 42702
select x.id from (select a1.id, a2.id from t163_h a1, t163_h a2) x;
select * from (select a1.id, a2.id from t163_h a1, t163_h a2) x where id = 1;

-- jsonb, the gaps after corpus 141/153/161: the key-existence operators ? ?| ?& (the client's ? is an operator,
-- never a parameter), jsonb read through VALUES, sub-queries, CTEs and UNION keeping its type (pg_typeof, ||, -),
-- jsonb's order and equality in window PARTITION BY / ORDER BY, UNION, an aggregate's ORDER BY and grouping
-- sets, and the json operators (@> -> ->> || - ?) in UPDATE's SET and UPDATE's and DELETE's WHERE, on hashed,
-- round-robin and replicated tables, with NULLs, empty objects and arrays, nested values and errors.

CREATE TABLE jsonb171 (id int PRIMARY KEY, g int, jb jsonb) DISTRIBUTE BY HASH (id);
INSERT INTO jsonb171 VALUES
  (1, 1, '{"a": 1, "tags": ["x", "y"]}'), (2, 1, '{"a": 1.0, "b": {"c": [1, 2]}}'), (3, 1, '["a", "b", ["c"]]'),
  (4, 2, '"a"'), (5, 2, '{}'), (6, 2, '[]'), (7, 3, 'null'), (8, 3, NULL), (9, 3, '{"a": null}'),
  (10, 4, '1'), (11, 4, '1.00'), (12, 4, '{"b": 2, "a": 1}'), (13, 5, '[1, 2]'), (14, 5, '[1.0, 2]');

CREATE TABLE jsonb171_rr (id int, g int, jb jsonb) DISTRIBUTE BY ROUNDROBIN;
INSERT INTO jsonb171_rr SELECT id, g, jb FROM jsonb171;

CREATE TABLE jsonb171_rep (id int PRIMARY KEY, g int, jb jsonb) DISTRIBUTE BY REPLICATION;
INSERT INTO jsonb171_rep SELECT id, g, jb FROM jsonb171;

CREATE TABLE jsonb171_empty (id int, jb jsonb) DISTRIBUTE BY HASH (id);

-- ? is an object's key, an array's string element (top level only) or a string scalar; NULL stays NULL
SELECT id, jb ? 'a', jb ? 'b', jb ? 'c' FROM jsonb171 ORDER BY id;
-- ?| any of the keys, ?& all of them; an untyped '{...}' is a text[]; NULL keys are skipped
SELECT id, jb ?| array['b', 'tags'], jb ?& array['a', 'tags'], jb ?| '{x,a}', jb ?& '{}' FROM jsonb171 ORDER BY id;
SELECT '{"a":1}'::jsonb ?| array[null, 'a'], '{"a":1}'::jsonb ?& array[null, 'a'], '{"a":1}'::jsonb ? null;
-- a key whose value is JSON null exists; a nested key does not
SELECT '{"a": null}'::jsonb ? 'a', '{"a": {"b": 1}}'::jsonb ? 'b', '["a", ["b"]]'::jsonb ? 'b', '"a"'::jsonb ? 'a';
-- ? after -> (left to right, PostgreSQL's operators of one precedence), in WHERE on every distribution
SELECT id FROM jsonb171 WHERE jb -> 'b' ? 'c' ORDER BY id;
SELECT id FROM jsonb171 WHERE jb ? 'a' ORDER BY id;
SELECT id FROM jsonb171_rr WHERE jb ?| array['tags', 'b'] ORDER BY id;
SELECT id FROM jsonb171_rep WHERE NOT jb ? 'a' ORDER BY id;
SELECT count(*) FROM jsonb171_empty WHERE jb ? 'a';
-- ? of json (not jsonb) does not exist (42883)
SELECT '{"a":1}'::json ? 'a';
-- a ? beside a $-free literal containing ? is still the operator
SELECT '{"?": 1}'::jsonb ? '?';

-- VALUES keeps jsonb: pg_typeof, || (jsonb's merge, not text's concatenation), - (a key), RowDescription's type
SELECT pg_typeof(x), x FROM (VALUES ('{}'::jsonb)) v(x);
SELECT x || '{"b": 2}', x - 'a' FROM (VALUES ('{"a": 1}'::jsonb), ('{"c": 3}')) v(x);
SELECT * FROM (VALUES ('{"b":1, "a":[1,2]}'::jsonb), (NULL), ('[]')) v(x);
-- a sub-query's and a CTE's jsonb column stays jsonb
SELECT pg_typeof(x), x || '[3]' FROM (SELECT '[1, 2]'::jsonb AS x) s;
WITH c(x) AS (SELECT jb FROM jsonb171 WHERE id = 1) SELECT pg_typeof(x), x - 'tags' FROM c;
SELECT s.jb || '{"z": 0}' FROM (SELECT id, jb FROM jsonb171 WHERE id IN (1, 5)) s ORDER BY s.id;
SELECT pg_typeof(x) FROM (SELECT '1'::json AS x UNION ALL SELECT '2'::json) s;
SELECT pg_typeof(jb) FROM (SELECT * FROM jsonb171 WHERE id = 1) s;

-- UNION compares jsonb values by jsonb's equality: 1 and 1.0 are one row
SELECT '1'::jsonb UNION SELECT '1.0'::jsonb;
SELECT jb FROM jsonb171 WHERE id IN (13, 6) UNION SELECT '[1.0, 2.0]'::jsonb UNION SELECT '[]'::jsonb;
SELECT count(*) FROM (SELECT jb FROM jsonb171 UNION SELECT jb FROM jsonb171_rr) u;
SELECT count(*) FROM (SELECT jb FROM jsonb171_rep UNION SELECT jb FROM jsonb171_empty) u;

-- window PARTITION BY jsonb: 1 and 1.00, [1, 2] and [1.0, 2] are one partition each
SELECT id, count(*) OVER (PARTITION BY jb) FROM jsonb171 ORDER BY id;
SELECT id, count(*) OVER (PARTITION BY jb) FROM jsonb171_rr ORDER BY id;
SELECT id, count(*) OVER (PARTITION BY jb) FROM jsonb171_rep ORDER BY id;
-- window ORDER BY jsonb: jsonb's order, equal values are peers (rank, count over the default frame)
SELECT id, rank() OVER (ORDER BY jb), count(*) OVER (ORDER BY jb) FROM jsonb171 ORDER BY id;
SELECT id, rank() OVER (PARTITION BY g ORDER BY jb DESC) FROM jsonb171 ORDER BY id;
SELECT x, count(*) OVER (PARTITION BY x), rank() OVER (ORDER BY x) FROM (VALUES ('1'::jsonb), ('1.0'), ('"a"'), ('[]'), ('{}'), (NULL)) v(x) ORDER BY 3;
SELECT count(*) OVER (PARTITION BY jb) FROM jsonb171_empty;

-- an aggregate's ORDER BY a jsonb value: jsonb's order ([] before everything, then strings, numbers, ...)
SELECT string_agg(id::text, ',' ORDER BY jb, id) FROM jsonb171;
SELECT g, string_agg(id::text, ',' ORDER BY jb DESC, id) FROM jsonb171_rr GROUP BY g ORDER BY g;
SELECT array_agg(id ORDER BY jb NULLS FIRST, id) FROM jsonb171_rep;
SELECT string_agg(x::text, ',' ORDER BY x) FROM (VALUES ('1'::jsonb), ('1.5'), ('"a"'), ('[]'), ('{}'), ('true')) v(x);
SELECT string_agg(id::text, ',' ORDER BY jb) FROM jsonb171_empty;

-- grouping sets group jsonb by jsonb's equality; a set without the key outputs NULL there
SELECT jb, count(*), grouping(jb) FROM jsonb171 WHERE id IN (10, 11, 4, 5) GROUP BY GROUPING SETS ((jb), ()) ORDER BY 3, 2, 1;
SELECT g, count(DISTINCT jb), count(*) FROM jsonb171 GROUP BY ROLLUP (g) ORDER BY g;
SELECT jb, g, count(*) FROM jsonb171_rr WHERE id IN (4, 5, 6, 7) GROUP BY CUBE (jb, g) ORDER BY 1, 2;

-- comparisons of jsonb in CASE, coalesce, greatest and least by jsonb's order and equality
SELECT CASE WHEN '1'::jsonb = '1.0' THEN 'eq' ELSE 'ne' END, coalesce(NULL, '{"a": 1}'::jsonb),
  greatest('1'::jsonb, '"z"', '[]'), least('1'::jsonb, '"z"', '{}');

-- UPDATE ... SET with jsonb || and - and WHERE with @>, ->>, ?, -> (run on the datanodes), on every distribution
CREATE TABLE jsonb171_dml (id int PRIMARY KEY, jb jsonb) DISTRIBUTE BY HASH (id);
INSERT INTO jsonb171_dml SELECT id, jb FROM jsonb171;
CREATE TABLE jsonb171_dml_rr (id int, jb jsonb) DISTRIBUTE BY ROUNDROBIN;
INSERT INTO jsonb171_dml_rr SELECT id, jb FROM jsonb171;
CREATE TABLE jsonb171_dml_rep (id int PRIMARY KEY, jb jsonb) DISTRIBUTE BY REPLICATION;
INSERT INTO jsonb171_dml_rep SELECT id, jb FROM jsonb171;
-- @> in WHERE, || in SET: objects merge, the right side's keys win
UPDATE jsonb171_dml SET jb = jb || '{"seen": true, "a": 2}' WHERE jb @> '{"a": 1}';
SELECT id, jb FROM jsonb171_dml ORDER BY id;
-- ->> in WHERE compares the value's text; - removes a key
UPDATE jsonb171_dml SET jb = jb - 'seen' WHERE jb ->> 'a' = '2';
SELECT id, jb FROM jsonb171_dml ORDER BY id;
-- - of an index removes an array element; -> of an index and of a key in WHERE
UPDATE jsonb171_dml SET jb = jb - 0 WHERE jb -> 0 = '1' AND jb @> '[]';
UPDATE jsonb171_dml SET jb = jb - 'b' WHERE jb -> 'b' -> 'c' -> 1 = '2';
SELECT id, jb FROM jsonb171_dml ORDER BY id;
-- ? in DELETE's WHERE
DELETE FROM jsonb171_dml WHERE jb ? 'a';
SELECT id, jb FROM jsonb171_dml ORDER BY id;
-- the same on round-robin and replicated tables
UPDATE jsonb171_dml_rr SET jb = jb || '[9]' WHERE jb @> '[1]';
DELETE FROM jsonb171_dml_rr WHERE jb ->> 'a' IS NOT NULL;
SELECT id, jb FROM jsonb171_dml_rr ORDER BY id;
UPDATE jsonb171_dml_rep SET jb = jb - 'tags' WHERE jb ? 'tags';
DELETE FROM jsonb171_dml_rep WHERE jb @> '"a"' OR jb @> '[]' AND jb <@ '[]';
SELECT id, jb FROM jsonb171_dml_rep ORDER BY id;
-- RETURNING the new value; a NULL jsonb matches nothing
UPDATE jsonb171_dml_rep SET jb = jb || '{"r": 1}' WHERE jb @> '{}' AND jb ? 'a' RETURNING id, jb;
UPDATE jsonb171_dml_rep SET jb = '1' WHERE jb ? 'zz' IS NULL RETURNING id;
-- errors from the datanodes carry PostgreSQL's SQLSTATE and message: a scalar's - of a key (22023)
UPDATE jsonb171_dml_rep SET jb = jb - 'x' WHERE id = 10;
-- a string that is not json beside jsonb's || (22P02)
UPDATE jsonb171_dml_rep SET jb = jb || 'nope' WHERE id = 5;
-- an UPDATE of no rows with the operators succeeds
UPDATE jsonb171_dml_rep SET jb = jb || '{}' WHERE jb @> '{"nobody": 1}';
DELETE FROM jsonb171_empty WHERE jb ? 'a' OR jb -> 'b' = '1';

-- jsonb_to_recordset / json_to_recordset with a column definition list: a row per object, missing members NULL
SELECT * FROM jsonb_to_recordset('[{"a": 1, "b": "x"}, {"a": 2}, {}]') AS x(a int, b text);
SELECT x.a + 1, x.b FROM jsonb_to_recordset('[{"a": 1, "b": "x"}, {"a": 2}]') x(a int, b text) WHERE x.a > 1;
SELECT * FROM json_to_recordset('[{"a": 1}, {"b": "x"}, {}]') AS x(a int, b text);
-- jsonb_to_record: each member read as its column's type reads text (a string unquoted, an object as its json)
SELECT * FROM jsonb_to_record('{"a": {"b": 1}, "b": [1], "c": "s", "d": true, "e": null, "f": 1.50}') AS x(a text, b jsonb, c text, d bool, e int, f numeric, g text, h json);
SELECT * FROM jsonb_to_record('{"n": 1.256, "v": "ab", "d": "2020-01-02", "f": 1.5e3, "big": 12345678901, "i": " 12 "}') AS r(n numeric(4,2), v varchar(5), d date, f float8, big bigint, i int);
-- json_to_record: a repeated key's last value wins; a quoted column name matches its exact key
SELECT * FROM json_to_record('{"a": 1, "a": 2, "A": "up"}') AS x(a int, "A" text);
-- NULL: jsonb_to_record gives a row of NULLs, jsonb_to_recordset no rows
SELECT * FROM jsonb_to_record(NULL) AS x(a int);
SELECT count(*) FROM jsonb_to_recordset(NULL) AS x(a int);
-- a json or jsonb column of the list keeps its type
SELECT pg_typeof(a), pg_typeof(b), b -> 'x' FROM jsonb_to_record('{"a": 1, "b": {"x": 1}}') AS x(a int, b jsonb);
-- LATERAL over a column of a distributed table
CREATE TABLE jsonb171_rs (id int PRIMARY KEY, j jsonb) DISTRIBUTE BY HASH (id);
INSERT INTO jsonb171_rs VALUES (1, '[{"a": 1}, {"a": 2}]'), (2, '[{"a": 3, "b": "q"}]'), (3, '[]'), (4, NULL);
SELECT r.id, x.* FROM jsonb171_rs r, LATERAL jsonb_to_recordset(r.j) AS x(a int, b text) ORDER BY 1, 2;
-- errors: a string that is not an integer (22P02), a number with a fraction as an integer (22P02), true as an integer
SELECT * FROM jsonb_to_record('{"a": "x"}') AS x(a int);
SELECT * FROM jsonb_to_record('{"a": 1.5}') AS x(a int);
SELECT * FROM jsonb_to_record('{"a": true}') AS x(a int);
-- a value too long for varchar(n) (22001)
SELECT * FROM jsonb_to_record('{"a": "abcd"}') AS x(a varchar(2));
-- not an array, not an array of objects, not an object (22023)
SELECT * FROM jsonb_to_recordset('{"a": 1}') AS x(a int);
SELECT * FROM jsonb_to_recordset('[1]') AS x(a int);
SELECT * FROM jsonb_to_record('[1]') AS x(a int);
SELECT * FROM jsonb_to_record('1') AS x(a int);
-- no column definition list (42601), a name twice (42701), an unknown type (42704)
SELECT * FROM jsonb_to_record('{"a": "x"}');
SELECT * FROM jsonb_to_record('{"a": "s"}') AS x(a text, a int);
SELECT * FROM jsonb_to_record('{"a": "t"}') AS x(a nosuchtype);

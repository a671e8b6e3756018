-- jsonb's own order and equality: ORDER BY (also DESC, NULLS FIRST, LIMIT), GROUP BY, DISTINCT and
-- count(DISTINCT) of jsonb columns and expressions by jsonb's btree order (null < string < number < boolean <
-- array < object; numbers by value, 1.0 = 1; arrays and objects by size first), on hashed, round-robin and
-- replicated tables; jsonb comparisons in UPDATE's and DELETE's WHERE (run on the datanodes); min/max of jsonb;
-- a jsonb scalar's element 0; jsonb_insert.

CREATE TABLE jsonb161 (id int PRIMARY KEY, g int, jb jsonb) DISTRIBUTE BY HASH (id);
INSERT INTO jsonb161 VALUES
  (1, 1, '1'), (2, 1, '1.0'), (3, 1, '"a"'), (4, 2, 'null'), (5, 2, '[]'), (6, 2, '{}'), (7, 3, 'true'),
  (8, 3, '[1]'), (9, 3, NULL), (10, 4, '{"b": 1}'), (11, 4, '{"aa": 0}'), (12, 4, '-1.5'), (13, 5, '1.00'),
  (14, 5, '"ab"'), (15, 5, '""'), (16, 6, 'false'), (17, 6, '[1, [2]]'), (18, 6, '[1, [2.0]]'),
  (19, 7, '{"a": 1, "b": 2}'), (20, 7, '{"b": 2, "a": 1.0}'), (21, 7, '-10'), (22, 7, '9.99'), (23, 8, '1e3'),
  (24, 8, '"\u00e9"'), (25, 8, '[null]'), (26, 8, '[[]]');

CREATE TABLE jsonb161_rr (id int, jb jsonb) DISTRIBUTE BY ROUNDROBIN;
INSERT INTO jsonb161_rr SELECT id, jb FROM jsonb161;

CREATE TABLE jsonb161_rep (id int PRIMARY KEY, jb jsonb) DISTRIBUTE BY REPLICATION;
INSERT INTO jsonb161_rep SELECT id, jb FROM jsonb161;

CREATE TABLE jsonb161_empty (id int, jb jsonb) DISTRIBUTE BY HASH (id);

-- ORDER BY a jsonb column sorts in jsonb's order, NULL last; equal values (1, 1.0, 1.00) by the next key
SELECT id, jb FROM jsonb161 ORDER BY jb, id;
-- DESC puts NULL first and reverses jsonb's order
SELECT id, jb FROM jsonb161 ORDER BY jb DESC, id;
-- NULLS FIRST ascending, NULLS LAST descending
SELECT id, jb FROM jsonb161 ORDER BY jb NULLS FIRST, id;
SELECT id, jb FROM jsonb161 ORDER BY jb DESC NULLS LAST, id DESC;
-- top-N (a LIMIT over the sort, pushed to the datanodes) takes the first rows of jsonb's order
SELECT id, jb FROM jsonb161 ORDER BY jb, id LIMIT 5;
SELECT id, jb FROM jsonb161 ORDER BY jb DESC, id LIMIT 4 OFFSET 2;
-- the same order on round-robin and replicated tables
SELECT id, jb FROM jsonb161_rr ORDER BY jb, id;
SELECT id, jb FROM jsonb161_rep ORDER BY jb DESC, id LIMIT 6;
-- a jsonb key after another key
SELECT g, id, jb FROM jsonb161 ORDER BY g, jb, id;
-- ORDER BY a jsonb expression (an extraction, a cast, a built value) sorts as jsonb
SELECT id, jb -> 'a' FROM jsonb161 WHERE jsonb_typeof(jb) = 'object' ORDER BY jb -> 'a', id;
SELECT x FROM (VALUES ('10'), ('9'), ('"z"'), ('[0]')) v(x) ORDER BY x::jsonb;
SELECT id FROM jsonb161 WHERE id < 6 ORDER BY jsonb_build_array(jb), id;
-- a cast to text sorts the text, not the jsonb
SELECT jb::text FROM jsonb161 WHERE id <= 12 ORDER BY jb::text;
-- ORDER BY a jsonb column read through a sub-query
SELECT id, v FROM (SELECT id, jb AS v FROM jsonb161 WHERE id > 10) s ORDER BY v, id;
-- over no rows
SELECT id, jb FROM jsonb161_empty ORDER BY jb;

-- GROUP BY jsonb: equal values are one group (1, 1.0, 1.00; objects with keys in another order)
SELECT count(*) FROM (SELECT jb FROM jsonb161 GROUP BY jb) s;
SELECT jb::text, count(*) FROM jsonb161 WHERE id NOT IN (1, 2, 13, 18, 19, 20) GROUP BY jb ORDER BY jb;
SELECT count(*), min(id), max(id) FROM jsonb161 GROUP BY jb HAVING count(*) > 1 ORDER BY min(id);
-- a group's value is one of its values: the group of 1, 1.0, 1.00 is equal to 1
SELECT jb = '1', count(*) FROM jsonb161 WHERE id IN (1, 2, 13) GROUP BY jb;
-- GROUP BY jsonb and another key
SELECT g, count(*) FROM jsonb161 GROUP BY g, jb HAVING count(*) > 1 ORDER BY g;
-- grouping on round-robin and replicated tables (partial aggregates on the datanodes)
SELECT count(*) FROM (SELECT jb, count(*) FROM jsonb161_rr GROUP BY jb) s;
SELECT count(*) FROM (SELECT jb FROM jsonb161_rep GROUP BY jb) s;
-- DISTINCT and count(DISTINCT) use jsonb's equality
SELECT count(*) FROM (SELECT DISTINCT jb FROM jsonb161) s;
SELECT count(DISTINCT jb), count(jb), count(*) FROM jsonb161;
SELECT g, count(DISTINCT jb) FROM jsonb161 GROUP BY g ORDER BY g;
SELECT count(DISTINCT jb) FROM jsonb161_rr;
-- DISTINCT of the text keeps 1 and 1.0 apart
SELECT count(DISTINCT jb::text) FROM jsonb161;
-- over no rows
SELECT count(DISTINCT jb) FROM jsonb161_empty;
SELECT jb, count(*) FROM jsonb161_empty GROUP BY jb;

-- min and max of jsonb do not exist (42883)
SELECT min(jb) FROM jsonb161;
SELECT max(jb) FROM jsonb161 GROUP BY g;

-- jsonb comparisons in a WHERE run on the datanodes too, in jsonb's order
SELECT id FROM jsonb161 WHERE jb = '1' ORDER BY id;
SELECT id FROM jsonb161 WHERE jb > '[]' AND jb < '{}' ORDER BY id;
SELECT id FROM jsonb161_rr WHERE jb <> '1' AND jb >= '"a"' ORDER BY id;
-- a string beside jsonb that is not JSON is 22P02
SELECT id FROM jsonb161 WHERE jb = 'nope';

CREATE TABLE jsonb161_dml (id int PRIMARY KEY, jb jsonb) DISTRIBUTE BY HASH (id);
INSERT INTO jsonb161_dml SELECT id, jb FROM jsonb161;
-- UPDATE ... WHERE jb = '...' matches by jsonb's equality (keys in any order, 1.0 = 1)
UPDATE jsonb161_dml SET id = id + 100 WHERE jb = '{"a": 1.0, "b": 2}';
SELECT id, jb FROM jsonb161_dml WHERE id > 100 ORDER BY id;
-- DELETE ... WHERE with jsonb's = and order
DELETE FROM jsonb161_dml WHERE jb = '1';
DELETE FROM jsonb161_dml WHERE jb > '[]' AND jb < '{}';
DELETE FROM jsonb161_dml WHERE jb <> '[]' AND jb <= '"ab"';
SELECT id, jb FROM jsonb161_dml ORDER BY id;
-- a NULL jsonb matches no comparison
UPDATE jsonb161_dml SET jb = '2' WHERE jb <> '0' OR jb = '0';
SELECT id, jb FROM jsonb161_dml ORDER BY id;
-- an invalid literal fails the DML as PostgreSQL's input does (22P02)
DELETE FROM jsonb161_dml WHERE jb = '{';

-- a jsonb scalar is its own element 0 and -1 (a raw scalar is stored as a one-element array); json's is NULL
SELECT '"s"'::jsonb -> 0, '"s"'::jsonb -> -1, '1'::jsonb -> 0, 'null'::jsonb -> 0, '"s"'::jsonb ->> 0;
SELECT '"s"'::jsonb -> 1 IS NULL, '"s"'::jsonb -> -2 IS NULL, '"s"'::json -> 0 IS NULL, '{"a": 1}'::jsonb -> 0 IS NULL;
SELECT id, jb -> 0 FROM jsonb161 WHERE id IN (1, 3, 5, 8, 9) ORDER BY id;
-- but a path into a scalar finds nothing
SELECT '"s"'::jsonb #> '{0}' IS NULL, '[1, [2]]'::jsonb #> '{1,0}';

-- jsonb_insert: before the element at the path, after it with insert_after, as a new key of an object
SELECT jsonb_insert('{"a": [1, 2]}', '{a,1}', '9'), jsonb_insert('{"a": [1, 2]}', '{a,1}', '9', true);
-- negative indexes count from the end; past either end it prepends or appends; an empty array takes it
SELECT jsonb_insert('{"a": [1, 2]}', '{a,-1}', '9'), jsonb_insert('{"a": [1, 2]}', '{a,-5}', '9'),
       jsonb_insert('{"a": [1, 2]}', '{a,7}', '9'), jsonb_insert('{"a": []}', '{a,0}', '"x"');
SELECT jsonb_insert('[1, 2]', '{-1}', '9', true), jsonb_insert('[1, 2]', '{0}', '{"k": null}');
-- a missing key is added; a path that leads nowhere leaves the value; an empty path too
SELECT jsonb_insert('{"a": 1}', '{b}', '[9]'), jsonb_insert('{"a": 1}', '{x,y}', '9'),
       jsonb_insert('{"a": 1}', '{}', '9'), jsonb_insert('{"a": {"b": [0]}}', '{a,b,0}', '1');
-- NULL arguments give NULL
SELECT jsonb_insert(NULL, '{a}', '1') IS NULL, jsonb_insert('{}', '{a}', NULL) IS NULL;
-- an existing key is 22023 with PostgreSQL's hint
SELECT jsonb_insert('{"a": 1}', '{a}', '9');
-- a scalar target is 22023
SELECT jsonb_insert('1', '{0}', '9');
-- a path step into an array that is not an integer is 22P02; a NULL step 22004
SELECT jsonb_insert('[1]', '{x}', '9');
SELECT jsonb_insert('{"a": 1}', ARRAY['b', NULL], '9');
-- jsonb_insert over a table's column
SELECT id, jsonb_insert(jb, '{0}', '0') FROM jsonb161 WHERE jsonb_typeof(jb) = 'array' ORDER BY id;

-- an untyped literal (a string or NULL) as the argument of to_json, to_jsonb, json_agg or jsonb_agg is 42804
SELECT json_agg(NULL);
SELECT jsonb_agg('x');
SELECT to_json(NULL);
SELECT to_jsonb('x');
-- typed, they are values; json_object_agg takes an untyped value (its type is "any")
SELECT json_agg(NULL::int), jsonb_agg('x'::text), to_json(NULL::text) IS NULL, to_jsonb('x'::text);
SELECT json_object_agg('k', NULL), jsonb_object_agg('k', 'x'), json_object_agg('k', 'v' ORDER BY 1);

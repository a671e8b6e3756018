-- json and jsonb operators: -> ->> #> #>> (json and jsonb), @> <@ ? ?| ?& || - #- (jsonb), jsonb equality, casts
-- of jsonb to numbers and booleans; over tables with json and jsonb columns distributed by hash, with NULLs, empty
-- arrays and objects, nested values, unicode and escapes. PostgreSQL 15's answers are the expected ones.

CREATE TABLE json141 (id int PRIMARY KEY, j json, jb jsonb) DISTRIBUTE BY HASH (id);

INSERT INTO json141 VALUES
  (1, '{"a": 1, "b": {"c": [1, 2, {"d": "x"}]}, "s": "text"}', '{"a": 1, "b": {"c": [1, 2, {"d": "x"}]}, "s": "text"}'),
  (2, '{"a":  2,"a": 3, "n": null}', '{"a":  2,"a": 3, "n": null}'),
  (3, '[1, "two", [3], {"four": 4}]', '[1, "two", [3], {"four": 4}]'),
  (4, '{}', '{}'),
  (5, '[]', '[]'),
  (6, NULL, NULL),
  (7, '{"u": "caf\u00e9 \"q\" \\ \n", "emoji": "\u2603", "num": 1.50e2}', '{"u": "caf\u00e9 \"q\" \\ \n", "emoji": "\u2603", "num": 1.50e2}'),
  (8, '"scalar"', '"scalar"'),
  (9, '42', '42'),
  (10, '{"a": "1", "tags": ["x", "y"], "deep": {"k": {"l": true}}}', '{"a": "1", "tags": ["x", "y"], "deep": {"k": {"l": true}}}');

-- -> by key keeps json's text as written (duplicates: the last), jsonb's normal form; types json and jsonb
SELECT id, j -> 'a', jb -> 'a' FROM json141 ORDER BY id;

-- ->> gives text: strings unescaped, JSON null as SQL NULL, containers as their text
SELECT id, j ->> 'a', jb ->> 'b', jb ->> 'n', j ->> 'u', jb ->> 'u' FROM json141 ORDER BY id;

-- -> and ->> by index, negative from the end, out of range NULL; an index on an object and a key on an array NULL
SELECT id, j -> 0, jb -> 1, jb -> -1, j ->> -4, jb -> 9, jb -> 'four', j -> 2 FROM json141 WHERE id NOT IN (8, 9)
ORDER BY id;

-- #> and #>> with a text[] path; an integer step reads an array; an empty path is the value itself
SELECT id, j #> '{b,c,2}', jb #> '{b,c,2,d}', jb #>> '{b,c,2,d}', jb #> '{}', j #>> '{deep,k,l}',
       jb #> '{2,0}', jb #> '{-1,four}' FROM json141 ORDER BY id;

-- #> with an array expression as the path
SELECT id, jb #> ARRAY['b', 'c', '1'], jb #>> ARRAY['tags', '1'] FROM json141 ORDER BY id;

-- operators in WHERE (evaluated on the coordinator over the rows the datanodes send)
SELECT id FROM json141 WHERE jb ->> 'a' = '1' ORDER BY id;
SELECT id FROM json141 WHERE (jb -> 'a')::text = '3' ORDER BY id;

-- @> and <@: containment of objects, arrays (any order, duplicates), nested values; a top-level array contains a scalar
SELECT id, jb @> '{"a": 1}', jb @> '{"b": {"c": [{"d": "x"}]}}', jb @> '[[3]]', jb @> '"two"', jb <@ '{"a": 1, "b": 2}',
       '{"a": 1}'::jsonb <@ jb FROM json141 ORDER BY id;
SELECT id FROM json141 WHERE jb @> '{"tags": ["y"]}' ORDER BY id;

-- array @> still compares arrays
SELECT ARRAY[1, 2, 3] @> ARRAY[2], ARRAY['a'] <@ ARRAY['a', 'b'];

-- || : objects merge (right wins), arrays concatenate, scalars and objects join arrays
SELECT id, jb || '{"a": "new", "z": []}', jb || '[true]' FROM json141 ORDER BY id;
SELECT '[1, 2]'::jsonb || '[3]'::jsonb, '{"a": 1}'::jsonb || '[1]'::jsonb, '1'::jsonb || '"x"'::jsonb,
       '{"b": 1}'::jsonb || '{"a": {"c": 2}}'::jsonb;

-- - text, - int, #- path
SELECT id, jb - 'a', jb - 'x' FROM json141 WHERE id IN (1, 2, 3, 4, 5, 10) ORDER BY id;
SELECT id, jb - 0, jb - -1 FROM json141 WHERE id IN (3, 5) ORDER BY id;
SELECT id, jb #- '{b,c,0}', jb #- '{a}', jb #- '{tags,-1}' FROM json141 WHERE id IN (1, 2, 4, 10) ORDER BY id;
SELECT id, jb #- '{-1}', jb #- '{2,0}', jb #- '{9}' FROM json141 WHERE id IN (3, 5) ORDER BY id;

-- errors: 22023 for deleting from scalars or from an object by index, 22P02 for a path step that is no integer
SELECT '5'::jsonb - 'a';
SELECT '{"a": 1}'::jsonb - 1;
SELECT '5'::jsonb #- '{a}';
SELECT '[1, 2]'::jsonb #- '{x}';

-- jsonb equality is on the normal form: key order, blanks and duplicates do not count
SELECT id FROM json141 WHERE jb = '{"n": null, "a": 3}'::jsonb ORDER BY id;
SELECT '{"b": 1, "a": [1, 2]}'::jsonb = '{"a": [1,2], "b": 1}'::jsonb, '{"a": 1}'::jsonb <> '{"a": 2}'::jsonb;

-- casts: json <-> jsonb <-> text; jsonb holding a number or boolean to that type
SELECT id, j::jsonb, jb::json, jb::text, j::text FROM json141 ORDER BY id;
SELECT ('1'::jsonb)::int, ('1.5'::jsonb)::numeric, ('true'::jsonb)::bool, ('-7'::jsonb)::bigint;

-- the functions behind ? ?| ?& (keys of an object, string elements of an array; an empty array: all of none)
SELECT id, jsonb_exists(jb, 'a'), jsonb_exists_any(jb, ARRAY['x', 'n']), jsonb_exists_all(jb, ARRAY['a', 'tags']),
  jsonb_exists_all(jb, ARRAY[]::text[]) FROM json141 ORDER BY id;

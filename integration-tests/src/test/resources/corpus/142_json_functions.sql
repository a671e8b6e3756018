-- json and jsonb functions: to_json/to_jsonb, json[b]_build_object/array, json[b]_typeof, json[b]_array_length,
-- jsonb_pretty, jsonb_set, jsonb_strip_nulls, json[b]_extract_path[_text], and the set-returning json[b]_each[_text],
-- jsonb_object_keys, json[b]_array_elements[_text] in FROM; over a hash-distributed table with json and jsonb columns.

CREATE TABLE json142 (id int PRIMARY KEY, name text, n numeric, f float8, b boolean, ts timestamp, j json, jb jsonb)
  DISTRIBUTE BY HASH (id);

INSERT INTO json142 VALUES
  (1, 'plain', 1.50, 2.5, true, '2020-01-02 03:04:05.5', '{"k": [1, 2]}', '{"k": [1, 2], "a": null}'),
  (2, 'quote "and" \ back', -7, 1e20, false, '1999-12-31 23:59:59', '[1,  "x"]', '[1, "x", {"z": null}]'),
  (3, 'café ü', 0, 0, NULL, NULL, '"s"', '"s"'),
  (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (5, 'e', 100, -0.25, true, '2024-02-29 00:00:00', '{}', '{"a": {"b": null, "c": 1}, "d": [null]}');

-- to_json / to_jsonb of text (escaped), numeric (its scale), float8, boolean, NULL, timestamp (ISO with T), json
SELECT id, to_json(name), to_jsonb(name), to_json(n), to_jsonb(n), to_json(f), to_json(b), to_jsonb(b), to_json(ts),
       to_jsonb(ts), to_json(j), to_jsonb(j), to_json(jb) FROM json142 ORDER BY id;
SELECT to_json('x"y'::text), to_jsonb(1.50), to_json(true), to_json(NULL::int), to_jsonb(ARRAY[1, 2]), to_json(42),
       to_json('2020-01-02'::date), to_jsonb(ARRAY['a', NULL]);

-- json_build_object keeps " : " and the order; jsonb_build_object normalises (sorted keys, last duplicate wins)
SELECT id, json_build_object('id', id, 'name', name, 'n', n, 'b', b, 'j', j),
       jsonb_build_object('name', name, 'id', id, 'jb', jb, 'id', 0) FROM json142 ORDER BY id;
SELECT json_build_object(), jsonb_build_object(), json_build_object('a', NULL), jsonb_build_object(1, 2, 'x', 'y'),
       json_build_object('t', '{"a": 1}'::text, 'j', '{"a": 1}'::json);
-- an odd number of arguments is 22023, a NULL key 22004
SELECT json_build_object('a');
SELECT jsonb_build_object(NULL, 1);

-- json_build_array / jsonb_build_array
SELECT id, json_build_array(id, name, n, b, j), jsonb_build_array(jb, NULL, 1.0) FROM json142 ORDER BY id;
SELECT json_build_array(), jsonb_build_array(), json_build_array(1, 'a', NULL, true);

-- json_typeof / jsonb_typeof, json_array_length / jsonb_array_length
SELECT id, json_typeof(j), jsonb_typeof(jb) FROM json142 ORDER BY id;
SELECT id, jsonb_array_length(jb) FROM json142 WHERE id = 2;
SELECT jsonb_array_length('[]'), json_array_length('[1, [2, 3]]'), jsonb_array_length(NULL);
SELECT jsonb_array_length('{}');
SELECT json_array_length('5');

-- jsonb_pretty: four blanks per level, empty containers on two lines
SELECT id, jsonb_pretty(jb) FROM json142 ORDER BY id;
SELECT jsonb_pretty('[]'), jsonb_pretty('{}'), jsonb_pretty('1'), jsonb_pretty('[[], {"a": {}}]');

-- jsonb_set: replace, add a missing key (or not, create_missing false), arrays by index (past the ends: append)
SELECT id, jsonb_set(jb, '{k,0}', '"x"'), jsonb_set(jb, '{new}', '[1]'), jsonb_set(jb, '{new}', '1', false)
FROM json142 WHERE id IN (1, 5) ORDER BY id;
SELECT jsonb_set('[1, 2]', '{5}', '9'), jsonb_set('[1, 2]', '{-5}', '9'), jsonb_set('{"a": 1}', '{a,b,c}', '1'),
       jsonb_set('{"a": {"b": 1}}', '{a,b}', '{"c": null}');
SELECT jsonb_set('5', '{a}', '1');
SELECT jsonb_set('[1, 2]', '{x}', '1');

-- jsonb_strip_nulls removes object members that are null, at every depth, not array elements
SELECT id, jsonb_strip_nulls(jb) FROM json142 ORDER BY id;

-- json_extract_path / jsonb_extract_path and their _text forms
SELECT id, json_extract_path(j, 'k', '1'), jsonb_extract_path(jb, 'k'), jsonb_extract_path_text(jb, 'a', 'c'),
       json_extract_path_text(j, '1') FROM json142 ORDER BY id;

-- set-returning functions in FROM
-- (the value column of json[b]_each and json[b]_array_elements is read as text here: Tessera reports it as text)
SELECT key, value::text FROM jsonb_each('{"b": 1, "a": "x", "c": {"d": null}}') ORDER BY key;
SELECT key, value::text FROM json_each('{"a": 1, "a":  [2,3]}');
SELECT * FROM json_each_text('{"b": 1, "a": "x", "n": null}') ORDER BY key;
SELECT * FROM jsonb_each_text('{"b": [1], "a": "x\ty"}') ORDER BY key;
SELECT * FROM jsonb_object_keys('{"bb": 1, "a": 2}');
SELECT value::text FROM jsonb_array_elements('[1, "a", null, {"x": 1}]');
SELECT value::text FROM json_array_elements('[1, "a",  {"x":1}]');
SELECT * FROM jsonb_array_elements_text('[1, "a", null, {"x": 1}]');
SELECT * FROM json_array_elements_text('[1, "a\n", null]');
SELECT value::text FROM jsonb_array_elements('[]');
SELECT * FROM jsonb_each('[1]');
SELECT * FROM jsonb_array_elements('{"a": 1}');
SELECT * FROM jsonb_object_keys('[1]');


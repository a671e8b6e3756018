-- json and jsonb aggregates: json_agg, jsonb_agg, json_object_agg, jsonb_object_agg with ORDER BY among the
-- arguments, FILTER, DISTINCT, GROUP BY, over no rows and NULLs, on hash, round-robin and replicated tables; json
-- operators as a function's arguments (jsonb_typeof(j -> 'k')).

CREATE TABLE json153 (id int PRIMARY KEY, g int, n numeric, f float8, s text, b boolean, ts timestamp, d date,
  j jsonb, js json) DISTRIBUTE BY HASH (id);

INSERT INTO json153 VALUES
  (1, 1, 1.50, 2.5, 'a"b', true, '2020-01-02 03:04:05', '2020-01-02', '{"a": 1, "b": [1, 2]}', '{ "x" : 1 }'),
  (2, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, 2, -2, -0.25, 'c', false, '2021-05-06 07:08:09.5', '2021-05-06', '[1, 2]', '[3,4]'),
  (4, 2, 10, 1e20, 'd', true, '2022-01-01 00:00:00', '2022-01-01', '"s"', '"t"'),
  (5, 3, 0, 0, 'é ü', false, '1999-12-31 23:59:59', '1999-12-31', 'null', 'null'),
  (6, 3, 10.0, 7, 'd', true, '2000-02-29 12:00:00', '2000-02-29', '{"a": {"c": null}}', '{"a":{"c":null}}');

CREATE TABLE json153_rr (id int, g int, v text) DISTRIBUTE BY ROUNDROBIN;
INSERT INTO json153_rr SELECT i, i % 3, 'v' || i FROM generate_series(1, 20) i;

CREATE TABLE json153_rep (id int PRIMARY KEY, k text, v int) DISTRIBUTE BY REPLICATION;
INSERT INTO json153_rep VALUES (1, 'a', 1), (2, 'b', NULL), (3, 'a', 3);

CREATE TABLE json153_empty (id int, j jsonb) DISTRIBUTE BY HASH (id);

-- json_agg prints ", " between elements as jsonb_agg does; ORDER BY in the arguments orders the array
SELECT json_agg(id ORDER BY id DESC), jsonb_agg(id ORDER BY id DESC) FROM json153;
-- each value's json by its type: numeric with its scale, float8, text escaped, boolean, timestamp and date in
-- ISO 8601, NULL as null
SELECT g, json_agg(n ORDER BY id), jsonb_agg(n ORDER BY id), json_agg(f ORDER BY id), json_agg(s ORDER BY id),
       json_agg(b ORDER BY id), json_agg(ts ORDER BY id), json_agg(d ORDER BY id)
  FROM json153 GROUP BY g ORDER BY g;
-- json values are taken as they are (json keeps its text), jsonb_agg normalises json's
SELECT g, json_agg(j ORDER BY id), jsonb_agg(j ORDER BY id), json_agg(js ORDER BY id), jsonb_agg(js ORDER BY id)
  FROM json153 GROUP BY g ORDER BY g;
-- over no rows each is NULL, not an empty array
SELECT json_agg(id), jsonb_agg(id), json_object_agg(id, j), jsonb_object_agg(id, j) FROM json153_empty;
SELECT json_agg(id), jsonb_agg(j) FROM json153 WHERE id > 100;
-- FILTER with and without ORDER BY; a group whose rows are all filtered out is NULL
SELECT g, json_agg(id ORDER BY id DESC) FILTER (WHERE b), jsonb_agg(s ORDER BY id) FILTER (WHERE id < 3)
  FROM json153 GROUP BY g ORDER BY g;
-- json_object_agg keeps every pair with " : " (duplicate keys too), jsonb_object_agg sorts the keys and keeps
-- the last of duplicates
SELECT json_object_agg(s, id ORDER BY id), jsonb_object_agg(s, id ORDER BY id) FROM json153 WHERE s IS NOT NULL;
SELECT json_object_agg(id, ts ORDER BY id), jsonb_object_agg(id, j ORDER BY id), json_object_agg(id, n ORDER BY id)
  FROM json153;
-- a NULL key is 22023
SELECT json_object_agg(s, id) FROM json153;
SELECT jsonb_object_agg(s, id) FROM json153;
-- NULL values are json null in objects
SELECT k, json_object_agg(id, v ORDER BY id), jsonb_object_agg(id, v) FROM json153_rep GROUP BY k ORDER BY k;
-- DISTINCT: duplicates removed, the values in their order (NULL last); n is rounded to one scale, since which of
-- the equal 10 and 10.0 DISTINCT keeps depends on the order the rows arrive in
SELECT json_agg(DISTINCT g), jsonb_agg(DISTINCT round(n, 2)), json_agg(DISTINCT s) FROM json153;
SELECT json_agg(DISTINCT g ORDER BY g DESC), jsonb_agg(DISTINCT b) FROM json153;
-- jsonb_agg(DISTINCT jsonb): jsonb's order (string < array < object), NULL last
SELECT jsonb_agg(DISTINCT j) FROM json153 WHERE id <> 5;
-- a round-robin table: each group's array complete whatever datanode holds its rows
SELECT g, json_agg(id ORDER BY id), jsonb_agg(v ORDER BY id DESC), count(*) FROM json153_rr GROUP BY g ORDER BY g;
SELECT json_object_agg(v, id ORDER BY id) FROM json153_rr WHERE id <= 5;
-- the aggregates inside expressions and with other aggregates
SELECT g, jsonb_array_length(jsonb_agg(id)), count(*), json_agg(id ORDER BY id)::text FROM json153_rr
  GROUP BY g ORDER BY g;
SELECT jsonb_agg(id ORDER BY id) -> 0, jsonb_agg(id ORDER BY id) ->> -1 FROM json153_rr;
-- a column named after the aggregate, and an alias
SELECT json_agg(id ORDER BY id) AS ids FROM json153 WHERE g = 1;
-- in a sub-query (as text: a json column read through a sub-query reports text here)
SELECT x::text FROM (SELECT g, json_agg(id ORDER BY id) AS x FROM json153 GROUP BY g) q ORDER BY g;

-- a json operator as a function's argument: j -> 'k' is the operator, not a lambda
SELECT id, jsonb_typeof(j -> 'a'), jsonb_typeof(j -> 'b'), json_typeof(js -> 'x') FROM json153 ORDER BY id;
SELECT id, jsonb_array_length(j -> 'b') FROM json153 WHERE id = 1;
SELECT coalesce(j -> 'a', '"none"'::jsonb)::text, upper(j ->> 'a') FROM json153 ORDER BY id;
SELECT jsonb_typeof(j -> 'b' -> 0), length(j -> 'b' ->> 1) FROM json153 WHERE id = 1;
-- a 22023 of a function over the operator's result
SELECT jsonb_array_length(j -> 'a') FROM json153 WHERE id = 1;

-- json_build_object with column values of each common type
SELECT id, json_build_object('i', id, 'n', n, 'f', f, 's', s, 'b', b, 'ts', ts, 'd', d, 'j', j, 'js', js)
  FROM json153 ORDER BY id;
SELECT id, jsonb_build_object('i', id, 'n', n, 'f', f, 's', s, 'b', b, 'ts', ts, 'd', d, 'j', j, 'js', js)
  FROM json153 ORDER BY id;

-- jsonb comparisons follow jsonb's order, not the text's: 1.0 equals 1, [] sorts before null, object > array
SELECT '1.0'::jsonb = '1'::jsonb, '1.0'::jsonb <> '1'::jsonb, '[]'::jsonb < 'null'::jsonb,
       '{"a":1}'::jsonb > '[1,2,3]'::jsonb;
-- a string beside a jsonb column is read as jsonb (key order and blanks do not matter)
SELECT id FROM json153 WHERE j = '{"b": [1, 2], "a": 1}' ORDER BY id;
SELECT id FROM json153 WHERE j = '{"a": 1.0, "b": [1.00, 2]}'::jsonb ORDER BY id;
SELECT id, j > '"a"'::jsonb, j <= '[1,2]' FROM json153 ORDER BY id;
SELECT id FROM json153 WHERE j <> 'null' ORDER BY id;
-- a string that is not JSON is 22P02
SELECT id FROM json153 WHERE j = 'nojson' ORDER BY id;
-- a join on jsonb equality
SELECT a.id, b.id FROM json153 a JOIN json153 b ON a.j = b.j ORDER BY 1, 2;
SELECT id, j = js::jsonb FROM json153 ORDER BY id;

-- LATERAL over a column of a table before it: each row's elements and members (values as text: the value
-- column reports text here)
SELECT t.id, e.value::text FROM json153 t, LATERAL jsonb_array_elements(t.j -> 'b') e ORDER BY t.id, e.value::text;
SELECT t.id, e.key, e.value::text FROM json153 t CROSS JOIN LATERAL jsonb_each(t.j) e
  WHERE jsonb_typeof(t.j) = 'object' ORDER BY t.id, e.key;
SELECT t.id, e.key, e.value FROM json153 t CROSS JOIN LATERAL json_each_text(t.js) e
  WHERE json_typeof(t.js) = 'object' ORDER BY t.id, e.key;
-- LEFT JOIN LATERAL keeps the rows without elements
SELECT t.id, count(e.value) FROM json153 t LEFT JOIN LATERAL jsonb_array_elements(t.j -> 'b') e ON true
  GROUP BY t.id ORDER BY t.id;
-- a 22023 from a row whose value is not an array
SELECT t.id, e.value FROM json153 t, LATERAL jsonb_array_elements(t.j) e WHERE t.id = 4;

-- Arrays as PostgreSQL has them (issue 11): x [NOT] LIKE | ILIKE ANY | ALL (array) with three-valued logic, an
-- untyped string literal as the array of ANY/ALL, array slices, multi-dimensional array constructors and their
-- functions, casts of arrays to text, the prefix operators |/ ||/ and @.

create table l169 (pk int primary key, s text, c varchar(10)) distribute by hash(pk);
insert into l169 values (1, 'apple', 'Apple'), (2, 'banana', 'BANANA'), (3, null, 'cherry'), (4, 'avocado', null),
    (5, '', 'a_b'), (6, 'a%b', 'axb');
create table r169 (pk int, s text) distribute by replication;
insert into r169 values (1, 'apple'), (2, 'kiwi'), (3, null);
create table rr169 (pk int, s text) distribute by roundrobin;
insert into rr169 values (1, 'apple'), (2, 'kiwi'), (3, null), (4, 'banana');

-- LIKE ANY over a constructor: true when some pattern matches, NULL x is NULL
select 'abc' like any (array['a%', 'x%']), 'abc' like all (array['a%', 'x%']), 'abc' like all (array['a%', '%c']);
-- a NULL pattern: NULL unless another element decides (three-valued OR / AND)
select 'abc' like any (array['x%', null]), 'abc' like any (array['a%', null]), 'abc' like all (array['a%', null]),
    'abc' like all (array['x%', null]);
-- NULL x: NULL over elements, false (ANY) / true (ALL) over none
select null::text like any (array['a%']), null::text like any (array[]::text[]), null::text like all (array[]::text[]);
-- an empty array: false for ANY, true for ALL
select 'abc' like any (array[]::text[]), 'abc' like all (array[]::text[]);
-- a NULL array is NULL
select 'a' like any (null::text[]), 'a' like all (null::text[]);
-- NOT LIKE ANY holds when x is unlike some element (not the negation of LIKE ANY)
select 'abc' not like any (array['a%', 'x%']), 'abc' not like all (array['a%', 'x%']),
    'abc' not like all (array['x%', 'y%']), 'abc' not like any (array['a%', null]);
-- ILIKE ignores case, NOT ILIKE too
select 'ABC' ilike any (array['a%', 'x%']), 'ABC' ilike all (array['a%', '%c']), 'ABC' not ilike any (array['a%', '%c']),
    'ABC' not ilike all (array['x%', '%z']);
-- SOME is ANY
select 'abc' like some (array['a%']), 'abc' ilike some (array['A%']);
-- an untyped string literal is a text[]
select 'abc' like any ('{a%,b%}'), 'abc' like all ('{a%,%c}'), 'abc' like any ('{}'), 'abc' not like any ('{x%,NULL}');
-- a cast string array (not a constructor)
select 'abc' like any ('{a%,b%}'::text[]), 'abc' like all ('{a%,NULL}'::text[]), 'abc' like any ('{x%,NULL}'::text[]);
-- the default escape is a backslash, in the constructor form and the runtime form
select 'a_c' like any (array['a\_c']), 'abc' like any (array['a\_c']), 'a_c' like any ('{a\\_c}'::text[]);
-- the operator's column is ?column?, an alias names it
select 'a' like any (array['a', 'b']) as x, 'abc' like any (array['a%']) and true;

-- over a column of a hash-distributed table, in WHERE (pushed to the datanodes) and in the select list
select pk from l169 where s like any (array['a%', 'b%']) order by pk;
select pk from l169 where s not like all (array['a%', 'b%']) order by pk;
select pk from l169 where s like all (array['a%', '%o']) order by pk;
select pk from l169 where c ilike any (array['a%', 'b%']) order by pk;
select pk from l169 where c not ilike any (array['a%', 'b%']) order by pk;
select pk, s like any (array['a%', null]), s not like any (array['a%', 'b%']) from l169 order by pk;
-- patterns from a column and a string array, NULL elements
select pk from l169 where s like any ('{%a%,%e}') order by pk;
select pk from l169 where s like any (array[c, 'x%']) order by pk;
select pk from l169 where c like any (array['a\_b', 'a%b']) order by pk;
-- empty strings and patterns
select pk, s like any (array['']), s like all (array['%']) from l169 order by pk;
-- replicated and round-robin tables
select pk from r169 where s like any (array['a%', 'k%']) order by pk;
select pk, s ilike all (array['%I%', 'k%']) from r169 order by pk;
select count(*) from rr169 where s like any (array['%an%', 'a%']);
select count(*) from rr169 where s not like all (array['%an%', 'a%']);
-- an empty table
select count(*) from t_empty where s like any (array['a%']);
-- the shared tables
select id from t_hash where s like any (array['a', 'c']) order by id;
select id from t_shard where s not like all (array['a', 'b']) order by id;
-- in UPDATE and DELETE
update l169 set c = 'upd' where s like any (array['b%', 'c%']);
select * from l169 order by pk;
delete from l169 where s like any (array['a%', 'z%']);
select * from l169 order by pk;
-- LIKE ANY of a non-string array or over a non-array: errors
select 'a' like any ('x'::text);

-- x op ANY (untyped string): the string is an array of x's type
select 1 = any ('{1,2}'), 3 = any ('{1,2}'), 3 <> all ('{}'), 3 = any ('{}'), 3 = any ('{1,NULL}'), 1 = any ('{1,NULL}');
select 'a' = any ('{a,b}'), 'c' = any ('{a,b}'), 1.5 = any ('{1.5,2}'), 2.50 = any ('{1.5,2.5}');
select 5 > all ('{1,2,3}'), 5 < any ('{1,2,3}'), 2 >= all ('{1,2,NULL}');
-- an element x's type does not take: 22P02
select 1 = any ('{x}');
-- not an array on the right: 42809
select 1 = any ('{1,2}'::text);
-- over columns of the shared tables
select id from t_hash where k = any ('{1,3}') order by id;
select id from t_rep where s = any ('{a,d}') order by id;
select id from t_rr where v = any ('{10.5,0}') order by id;
select id, k <> all ('{1,2}') from t_mod order by id;
select count(*) from t_empty where k = any ('{1,2}');

-- slices: both bounds, one omitted, both omitted, out of range (empty), reversed (empty), NULL bounds (NULL)
select (array[1,2,3,4])[2:3], (array[1,2,3,4])[:2], (array[1,2,3,4])[3:], (array[1,2,3,4])[:];
select (array[1,2,3,4])[5:6], (array[1,2,3,4])[3:2], (array[1,2,3,4])[0:2], (array[1,2,3,4])[-5:1], (array[1,2,3,4])[3:99];
select (array[1,2,3,4])[null:2], (array[1,2,3,4])[2:null], (null::int[])[1:2], (array[]::int[])[1:2];
-- subscripts out of range are NULL
select (array[1,2,3,4])[9], (array[1,2,3,4])[0], (array[1,2,3,4])[-1], (array[1,2,3,4])[null];
-- slices of text arrays, of an untyped literal cast, and their names
select ('{x,y,z}'::text[])[2:], (string_to_array('a,b,c', ','))[:2] as parts;
-- a slice of a column's array in a query over a distributed table
select id, (array[id, k, id * 10])[2:3] from t_hash order by id;
select id, (string_to_array(s, ','))[1:1] from t_rep order by id;
-- slice of an aggregate
select (array_agg(id order by id))[2:4] from t_hash;

-- multi-dimensional arrays: constructors, text output, subscripts, functions
select array[[1,2],[3,4]], array[array[1,2],array[3,4]];
select (array[[1,2],[3,4]])[1][2], (array[[1,2],[3,4]])[2][1], (array[[1,2],[3,4]])[3][1];
select array_dims(array[[1,2],[3,4]]), array_dims(array[[1,2,3],[4,5,6]]), array_dims(array[1,2]), array_dims(array[]::int[]);
select array_length(array[[1,2,3],[4,5,6]], 1), array_length(array[[1,2,3],[4,5,6]], 2), array_length(array[[1,2],[3,4]], 3);
select array_upper(array[[1,2,3],[4,5,6]], 2), array_lower(array[[1,2,3],[4,5,6]], 2), array_lower(array[1], 2);
select cardinality(array[[1,2],[3,4]]), cardinality(array[[1,2,3],[4,5,6]]), cardinality(array[1,2]), cardinality(array[]::int[]);
select array_ndims(array[[1,2],[3,4]]), array_ndims(array[1,2]), array_ndims(array[]::int[]), array_ndims(array[[[1]]]);
select pg_typeof(array[[1,2],[3,4]]), pg_typeof(array[['a']]);
-- NULL elements in a multi-dimensional array
select array[[1,null],[null,4]];
-- ragged arrays: 2202E
select array[[1,2],[3]];
select array[array[1,2],array[3,4,5]];
-- a slice of the first dimension
select (array[[1,2],[3,4],[5,6]])[2:3];

-- arrays cast to text
select array[1,2]::text, array['a','b']::text, array['a b', null, '', 'x,y']::text, array[]::int[]::text;
select array[1.5, null]::text, array[true, false]::text, array[[1,2],[3,4]]::text, '{1,2}'::int[]::text[];
select (array[1,2]::text)::varchar(3), length(array[10,20]::text);
select id, array[id, k]::text from t_hash order by id;

-- the prefix operators |/ (square root), ||/ (cube root) and @ (absolute value)
select |/ 25, ||/ 8, ||/ 64, @ -5, @ -5.5, @ 3;
select |/ 25 + 11, @ -5 * 2, |/ 2.0, |/ 0;
select @ -5::smallint, pg_typeof(@ -5::smallint), pg_typeof(|/ 4), pg_typeof(@ 2.5);
select |/ null::float8, @ null::int, ||/ null::float8;
-- errors: square root of a negative number, @ of the smallest integer
select |/ -1;
select @ (-2147483648);
select id, @ k, |/ abs(f) from t_hash order by id;

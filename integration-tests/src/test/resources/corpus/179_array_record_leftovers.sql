-- Array and record leftovers (issue 11): subscripts of multi-dimensional arrays, multi-dimensional array text
-- input, LIKE ANY / ALL over a sub-query, NULL constructor elements in UPDATE's and DELETE's WHERE, the type of an
-- array of string literals, || before a comment, record comparisons with NULL fields, ORDER BY / DISTINCT /
-- GROUP BY of arrays.

create table h179 (k int primary key, v int, s text) distribute by hash(k);
insert into h179 values (1, 1, 'apple'), (2, 2, 'banana'), (3, 1, 'avocado'), (4, null, null), (5, 2, 'cherry');
create table r179 (k int, v int, s text) distribute by replication;
insert into r179 values (1, 1, 'a%'), (2, null, null), (3, 2, '%y');
create table rr179 (k int, v int, s text) distribute by roundrobin;
insert into rr179 values (1, 1, 'apple'), (2, 2, 'kiwi'), (3, null, null), (4, 1, 'banana');
create table e179 (k int, s text) distribute by hash(k);

-- one subscript of a two-dimensional array is NULL (fewer subscripts than dimensions), two pick an element
-- (IS NULL: the NULL is typed int4[] here, int4 in PostgreSQL)
select (array[[1,2],[3,4]])[2] is null, (array[[1,2],[3,4]])[2][1], (array[[1,2],[3,4]])[1][2];
-- out of range and NULL subscripts of a two-dimensional array are NULL
select (array[[1,2],[3,4]])[3][1], (array[[1,2],[3,4]])[1][3], (array[[1,2],[3,4]])[null][1];
-- a three-dimensional constructor: one or two subscripts are NULL, three pick an element
select (array[[[1,2]],[[3,4]]])[2] is null, (array[[[1,2]],[[3,4]]])[2][1] is null, (array[[[1,2]],[[3,4]]])[2][1][2];
-- a partial subscript over column values is NULL for every row, whatever the row holds
select k, (array[[k, v], [v, k]])[1] is null, (array[[k, v], [v, k]])[2][1] from h179 order by k;
-- slices of the first dimension keep their sub-arrays
select (array[[1,2],[3,4]])[1:1], (array[[1,2],[3,4]])[2:];

-- one subscript of a two-dimensional array read from text is NULL, of a one-dimensional one the element
select ('{{1,2},{3,4}}'::int[])[1], ('{{a,b},{c,d}}'::text[])[2], ('{1,2}'::int[])[2], ('{}'::int[])[1],
    ('{a,NULL}'::text[])[2];
-- a subscript of a text-input array in WHERE over a table: NULL rows are filtered out
select k from h179 where ('{{1,2},{3,4}}'::int[])[1] = 1 or ('{1,2}'::int[])[k] = 2 order by k;

-- multi-dimensional text input: nested braces are sub-arrays
select '{{1,2},{3,4}}'::int[], '{{1,NULL},{3,4}}'::int[], ' { {1, 2} , {3,4} } '::int[];
-- text elements of a multi-dimensional array keep quoting, escapes and the string "NULL"
select '{{"a b","c\"d"},{NULL,"NULL"}}'::text[], '{{a},{"}"}}'::text[];
-- a three-dimensional text array, and its dimensions
select '{{{1},{2}},{{3},{4}}}'::int[], array_dims('{{1,2},{3,4}}'::int[]), array_ndims('{{{1},{2}},{{3},{4}}}'::int[]);
-- cardinality and array_length of each dimension of a text-input array
select cardinality('{{1,2,3},{4,5,6}}'::int[]), array_length('{{1,2,3},{4,5,6}}'::int[], 1),
    array_length('{{1,2,3},{4,5,6}}'::int[], 2);
-- a text-input two-dimensional array as text
select '{{1,2},{3,4}}'::int[]::text, '{{1.50,2},{3,4}}'::numeric[];
-- ragged sub-arrays: 22P02 malformed array literal
select '{{1,2},{3}}'::int[];
-- an element beside sub-arrays: 22P02
select '{{1,2},3}'::int[];
-- a sub-array beside elements: 22P02
select '{1,{2}}'::int[];
-- an empty sub-array: 22P02
select '{{}}'::int[];
-- unbalanced braces: 22P02
select '{{1,2}'::int[];
-- text after the closing brace: 22P02
select '{1,2} x'::int[];
-- an empty element: 22P02
select '{1,,2}'::int[];
-- a bad element inside a sub-array: 22P02 from the element type
select '{{1,x}}'::int[];
-- a multi-dimensional untyped string as the array of ANY
select 3 = any ('{{1,2},{3,4}}'), 5 = any ('{{1,2},{3,4}}');

-- LIKE ANY over a sub-query: true when some row's pattern matches
select s, s like any (select s from r179 where s is not null) from h179 order by k;
-- LIKE ALL over a sub-query, with a NULL pattern: NULL unless a row decides
select s, s like all (select s from r179) from h179 order by k;
-- NOT LIKE ANY / ILIKE ANY over a sub-query
select s, s not like any (select 'a%' union all select '%o'), upper(s) ilike any (select '%A%') from h179 order by k;
-- LIKE ANY over an empty sub-query is false, LIKE ALL true, also for NULL
select s like any (select s from e179), s like all (select s from e179) from h179 order by k;
-- LIKE ANY over a sub-query in WHERE of a round-robin table
select k from rr179 where s like any (select s from r179) order by k;
-- LIKE ANY over a sub-query with a literal left side
select 'abc' like any (select 'a%' union all select 'x%'), 'abc' like all (select 'a%' union all select 'x%');

-- a NULL element in an array constructor in DELETE's WHERE: the other elements still match
create table d179 (k int primary key, v int) distribute by hash(k);
insert into d179 values (1, 10), (2, 20), (3, 30), (4, null);
-- = ANY over a constructor with a NULL deletes the matching rows only
delete from d179 where k = any(array[1, null]);
select * from d179 order by k;
-- <> ALL with a NULL element deletes nothing (NULL is never true)
delete from d179 where k <> all(array[1, null]);
select * from d179 order by k;
-- UPDATE with = ANY over a constructor holding a NULL, on a non-key column
update d179 set v = v + 1 where v = any(array[20, null, 30]);
select * from d179 order by k;
-- a typed NULL element too
update d179 set v = 0 where k = any(array[null::int, 3]);
select * from d179 order by k;

-- an array of string literals is text[]
select array['a'], array['a', 'bc'], pg_typeof(array['a']);
-- || before a comment is concatenation
select 'a'||/*c*/'b', 'a' ||/* c */ 'b' as x;

-- a record column compared with a row constructor holding a typed NULL: record_eq (NULL fields equal)
select r = row(2, null::int), r <> row(2, null::int), r = row(2, 3) from (select row(2, null::int) r) s;
-- record comparison of record values with NULL fields, each row
select r = row(2, null::int), r < row(3, null::int), r <> row(2, 1)
from (select row(2, null::int) r union all select row(2, 1) union all select row(1, 1)) s;

-- ORDER BY an array: element by element, NULL elements last, a shorter prefix first
select a from (values (array[2,1]), (array[1,null]), (array[1]), (array[1,2])) v(a) order by a;
-- ORDER BY an array descending, with a NULL array
select a from (values (array[2,1]), (array[1,3]), (null)) v(a) order by a desc;
-- ORDER BY an array built from a hashed table's columns, NULL elements last
select k, array[v, k % 2] a from h179 order by a, k;
-- ORDER BY an array with LIMIT (a top-N)
select k, array[v, k] a from h179 order by a desc limit 3;
-- DISTINCT and GROUP BY an array
select distinct array[v] a from h179 order by 1;
select array[s] a, count(*) from h179 group by 1 order by 1;
select array[v] a, count(*) from rr179 group by 1 order by 1;
-- array_agg results ordered and distinct
select v, array_agg(k order by k) a from h179 group by v order by a;
-- UNION of arrays removes duplicates
select array[v] from h179 union select array[k] from r179 order by 1;

-- PostgreSQL's array operators (issue 11): a @> b (every element of b is in a), a <@ b (every element of a is in
-- b) and a && b (some element in common), over integer, bigint, text, varchar, numeric and date arrays; a NULL
-- element equals nothing, a NULL array gives NULL, an empty array is contained in every array; arrays of different
-- element types have no operator (42883). Tessera evaluates them on the coordinator.

-- contains, contained by and overlaps over integer arrays
select array[1, 2, 3] @> array[3, 1] as c, array[1, 2, 3] @> array[4] as c2, array[1, 2] <@ array[2, 1, 5] as cb,
    array[1, 2] <@ array[1] as cb2, array[1, 2] && array[2, 9] as o, array[1, 2] && array[8, 9] as o2;

-- duplicates do not count: a set comparison
select array[1, 1, 1] <@ array[1] as cb, array[1] @> array[1, 1, 1] as c;

-- the empty array is contained in every array and overlaps none
select array[]::int[] <@ array[1] as e1, array[1] @> array[]::int[] as e2, array[]::int[] <@ array[]::int[] as e3,
    array[]::int[] && array[]::int[] as e4, array[1] && array[]::int[] as e5;

-- a NULL element equals nothing, not even a NULL
select array[1, null] @> array[null::int] as n1, array[1, null] @> array[1] as n2, array[null::int] <@ array[null::int] as n3,
    array[1, null] && array[null, 2] as n4, array[1, null] && array[null, 1] as n5;

-- a NULL array gives NULL
select null::int[] @> array[1] as a, array[1] <@ null::int[] as b, null::int[] && null::int[] as c;

-- bigint, text, varchar, numeric and date arrays
select array[1::bigint, 2] @> array[2::bigint] as bi, array['a', 'b'] @> array['b'] as txt,
    array['x'::varchar, 'y'] && array['y'::varchar] as vc, array[1.0, 2.5] @> array[1.00] as num,
    array[date '2023-01-01'] <@ array[date '2023-01-01', date '2024-02-29'] as dt;

-- text arrays from literals and casts mix
select array['a', 'b']::text[] @> array['a'] as t1, '{a,b}'::text[] && array['b']::text[] as t2;

-- precedence: the operators bind more tightly than AND, OR and NOT
select array[1] @> array[1] and array[2] <@ array[1] as p1, not array[1] && array[1] as p2,
    array[1] @> array[1] = true as p3;

-- arrays of different element types have no operator
select array[1, 2] @> array[1::bigint];

select array[date '2023-01-01'] && array[1];

select 1 @> 2;

-- in WHERE over arrays built from columns
select id from t_hash where array[k, id] @> array[1] order by id;

select id from t_hash where array[k] <@ array[1, 3, 5] order by id;

select id, s from t_hash where array[s, 'z'] && array['a', 'c'] order by id;

select id from t_mod where array[d] && array[date '2023-01-01', date '1999-12-31'] order by id;

select id from t_rr where not (array[v] <@ array[7.75, 10.5]) order by id;

select id from t_shard where array[k::bigint, id::bigint] @> array[5::bigint] order by id;

-- in SELECT, with NULL columns
select id, array[k] @> array[2] as c, array[k, 1] && array[3] as o from t_hash order by id;

-- in a join condition
select a.id, b.id from t_hash a join t_mod b on array[a.k] <@ array[b.k, b.id] where a.id < 4 and b.id < 6
order by 1, 2;

-- over an aggregated array
select k from t_hash group by k having array_agg(s) @> array['a'] order by k;

select (select array_agg(id) from t_hash) @> array[1, 12] as all_in, (select array_agg(k) from t_hash) && array[7] as any_seven;

-- the array functions: positions, replacing, appending and prepending (NULL elements found by IS NOT DISTINCT)
select array_position(array[1, 2, 3, 2], 2) as p, array_position(array['a', 'b'], 'c') as no_pos,
    array_position(array[1, null, 3], null::int) as pnull, array_positions(array[1, 2, 3, 2], 2) as ps;

select array_replace(array[1, 2, 3, 2], 2, 9) as rep, array_replace(array[1, null], null::int, 0) as repnull,
    array_positions(array[1, null, 1], null::int) as psnull;

select array_append(array[1, 2], 3) as ap, array_prepend(0, array[1, 2]) as pp, array_append(null::int[], 1) as apn;

select array_length(array[1, 2, 3], 1) as l, cardinality(array[1, 2, 3]) as n, array_upper(array[1, 2, 3], 1) as u,
    array_lower(array[1, 2, 3], 1) as lo, array_dims(array[1, 2, 3]) as d, array_length(array[1], 2) as l2;

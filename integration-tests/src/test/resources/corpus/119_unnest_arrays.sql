-- unnest in FROM and empty arrays as PostgreSQL's (issue 11): unnest(a) names its column unnest, unnest(a) x names it x, WITH ORDINALITY adds ordinality; '{}'::int[] is an empty array (not NULL)
-- whose cardinality is 0 and whose array_length is NULL, and a cast to an array type is named by its element type.

-- the column of a bare unnest is unnest
select * from unnest(array[1, 2]);

select * from unnest(array['a', 'b', 'c']);

-- a table alias names the column of a function returning a scalar
select * from unnest(array[10, 20]) as u;

select u.* from unnest(array[1, 2]) u order by 1;

-- a column alias list names it as written
select * from unnest(array[1, 2]) as u(x);

-- WITH ORDINALITY numbers the elements from 1
select * from unnest(array['a', 'b']) with ordinality;

select * from unnest(array[10, 20]) with ordinality as t;

select * from unnest(array['x', 'y']) with ordinality as t(v, n);

-- unnest beside a table, and over an aggregated array
select t_hash.id, u from t_hash, unnest(array[1, 2]) u where t_hash.id < 3 order by 1, 2;

select * from unnest((select array_agg(k order by id) from t_hash)) with ordinality as u(k, n) order by n;

-- an empty array is not NULL: cardinality 0, array_length NULL
select '{}'::int[] as e, '{}'::text[] as t, cardinality('{}'::int[]) as n, array_length('{}'::int[], 1) as len,
    '{}'::int[] is null as is_null;

-- the empty array constructor with a cast is the same empty array, named array
select array[]::int[] as e, array[]::text[] = '{}'::text[] as same, cardinality(array[]::int[]) as n,
    array_length(array[]::numeric[], 1) as len;

select array[]::int[];

-- a cast to an array type is named by its element type, an array constructor array
select '{1,2}'::int[], '{a,b}'::text[], array[1, 2]::bigint[];

-- unnest of an empty array gives no rows
select * from unnest('{}'::int[]);

select * from unnest(array[]::text[]) with ordinality;

select count(*) as n from unnest('{}'::text[]) with ordinality;

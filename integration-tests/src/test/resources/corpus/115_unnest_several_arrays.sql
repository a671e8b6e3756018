-- unnest(a, b, ...) in FROM zips its arrays as PostgreSQL does (Calcite's Uncollect formed their cross product:
-- six rows for a 2-element and a 3-element array).

-- the shorter array is padded with NULLs: three rows, not six
select * from unnest(array[1,2], array['a','b','c']) as t(a, b);

-- WITH ORDINALITY numbers the zipped rows; the columns are named unnest, unnest, ordinality
select * from unnest(array[1,2], array['a']) with ordinality;

-- a NULL array counts as empty
select * from unnest(array[1,2], null::text[]);

-- a table alias without column names keeps the name unnest for every column
select u.* from unnest(array[1], array[2]) u;

-- three arrays of different types, filtered on the longest one's padding
select * from unnest(array[1, null], array[true], array[1.5, 2.5, null]) as z(a, b, c) where c is not null;

-- a multidimensional array read from text is unnested in storage order beside another array
select * from unnest('{{1,2},{3,4}}'::int[], array['a']);

-- laterally over each row's arrays: NULL and empty arrays give no rows, ordinality restarts per row
select id, u.* from (values (1, '{1,2,3}'::int[], '{x}'::text[]), (2, null, '{y,z}'), (3, '{}', null), (4, null, null)) zt(id, a, b), unnest(zt.a, zt.b) with ordinality u order by id, ordinality;

-- column aliases and a filter on the padded column
select id, x, y from (values (1, '{1,2,3}'::int[], '{x}'::text[]), (2, null, '{y,z}'), (3, '{}', null)) zt(id, a, b), unnest(a, b) as u(x, y) where y is not null order by id, x;

-- row counts: the longest array of each row
select count(*) from (values (1, '{1,2,3}'::int[], '{x}'::text[]), (2, null, '{y,z}')) zt(id, a, b), unnest(a, b, a);

-- in a correlated scalar sub-query
select id, (select count(*) from unnest(zt.a, zt.b)) from (values (1, '{1,2,3}'::int[], '{x}'::text[]), (2, null, '{y,z}'), (3, '{}', null)) zt(id, a, b) order by id;

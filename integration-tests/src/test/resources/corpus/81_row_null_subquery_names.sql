-- Issue 11: three silent wrong answers. Row comparisons with NULLs (PostgreSQL's make_row_comparison_op: for
-- < <= > >= the first pair that is not equal decides, NULL there gives NULL; = needs every pair equal, <> one pair
-- unequal), string_to_array's edge cases, and a scalar sub-query's column name (its single output column's).

create table rn81 (id int, a int, b int, s text) distribute by hash(id);

insert into rn81 values (1, 1, null, 'x'), (2, null, 2, 'y'), (3, 1, 2, null), (4, 2, 1, 'z'), (5, null, null, 'w');

-- literals: a NULL in the deciding pair gives NULL, one after a decided pair does not matter
select (1, null) < (1, 2) as a, (1, null) = (1, 2) as b, (1, null) = (2, 2) as c, (1, 2) < (2, null) as d,
  (1, null) < (2, 2) as e;

select (1, null) <> (1, 2) as a, (1, null) <> (2, 2) as b, (null, 1) <= (1, 1) as c, (1, 1, null) >= (1, 1, 1) as d,
  (1, 2) > (1, null) as e, (1, 2, 3) <= (1, 2, 3) as f, (1, null) <= (1, null) as g, (null, 1) = (null, 2) as h,
  (2, null) > (1, 5) as i, (1, 2, 3) < (1, 2, 4) as j;

-- unnamed, a row comparison is ?column?
select (1, 2) < (1, 3);

-- columns with NULLs, every operator
select id, (a, b) < (1, 2) as lt, (a, b) <= (1, 2) as le, (a, b) = (1, 2) as eq, (a, b) <> (1, 2) as ne,
  (a, b) > (1, 1) as gt, (b, a) >= (2, null) as ge, (a, s) < (1, 'y') as mixed from rn81 order by id;

-- in WHERE (a filter the datanodes evaluate): rows whose comparison is NULL are not returned
select id from rn81 where (a, b) >= (1, 2) order by id;

select id from rn81 where not ((a, b) < (2, 0)) order by id;

select id from rn81 where (a, b) <> (1, 2) order by id;

-- string_to_array: an empty string is an empty array, a NULL string NULL, a NULL delimiter splits characters,
-- an empty one keeps the whole string, the third argument's value becomes NULL
select string_to_array('', ',') as empty_s, string_to_array(null, ',') as null_string,
  string_to_array('a,b', null) as chars, string_to_array('a,b', '') as whole,
  string_to_array('a,*,b', ',', '*') as nulls;

select cardinality(string_to_array('', ',')), array_length(string_to_array('', ','), 1),
  string_to_array('a,,b,', ','), string_to_array('ab', null, 'b'), string_to_array('a::b::', '::'),
  string_to_array('*', ',', '*'), string_to_array('a,b', ',', null);

select id, string_to_array(s, 'y') from rn81 order by id;

-- a scalar sub-query is named after its single output column, through ORDER BY / LIMIT and UNION
select (select id from rn81 order by id limit 1), (select id as foo from rn81 order by id limit 1), (select 1),
  (select max(id) from rn81), (select id from rn81 union select a from rn81 order by 1 limit 1),
  (select x from (select 1 as x) s), (select id + 1 from rn81 order by 1 limit 1),
  (select rn81.s from rn81 where id = 1);

-- Ordered-set aggregates: percentile_cont, percentile_disc (a fraction or an array of fractions) and mode(), each
-- WITHIN GROUP (ORDER BY x), over the shared tables (rows from every datanode) and a table of intervals; GROUPS
-- frames of window functions.

create table t152 (g int, x float8, i interval, n numeric, t text, k int) distribute by hash(k);

insert into t152 values
  (1, 1.5, '1 day', 1, 'a', 1), (1, 2.5, '2 days', 2, 'b', 2), (1, 4, '3 hours', 2, 'b', 3),
  (2, 10, '1 hour', 5, 'c', 4), (2, null, null, null, null, 5), (3, null, null, null, null, 6),
  (4, -0.0, '-1 mon', 1.0, 'z', 7), (4, 0, '1 mon', 1.00, 'y', 8), (4, 7, '40 days', 3, 'y', 9);

-- the median of a float8 column interpolates between the two middle values; percentile_disc takes the lower one
select percentile_cont(0.5) within group (order by f), percentile_disc(0.5) within group (order by f) from t_hash;

-- each distribution method gives the same percentiles (the rows meet on the coordinator)
select percentile_cont(0.25) within group (order by f) from t_mod;

-- a replicated table's rows count once
select percentile_cont(0.25) within group (order by v), percentile_disc(0.75) within group (order by v) from t_rep;

-- round robin and shard tables
select percentile_disc(0.4) within group (order by s), mode() within group (order by s) from t_rr;
select percentile_cont(0.9) within group (order by k), mode() within group (order by k) from t_shard;

-- per group, NULLs skipped; a group with only NULL keys gives NULL
select k, percentile_cont(0.5) within group (order by f) as med, percentile_disc(0.5) within group (order by s)
  from t_hash group by k order by k;

-- a numeric or integer key is cast to double precision for percentile_cont; percentile_disc keeps its type
select pg_typeof(percentile_cont(0.5) within group (order by v)), pg_typeof(percentile_disc(0.5) within group
  (order by v)), pg_typeof(percentile_cont(0.5) within group (order by id)),
  pg_typeof(percentile_disc(0.5) within group (order by id)) from t_hash;

-- percentile_disc of a date, a text and a boolean
select percentile_disc(0.5) within group (order by d), percentile_disc(0.1) within group (order by s),
  percentile_disc(0.5) within group (order by b) from t_hash;

-- DESC reverses the order the fraction counts in
select percentile_cont(0.25) within group (order by f desc), percentile_disc(0.25) within group (order by f desc)
  from t_hash;

-- the fractions 0 and 1 are the least and the greatest key
select percentile_cont(0) within group (order by f), percentile_cont(1) within group (order by f),
  percentile_disc(0) within group (order by f), percentile_disc(1) within group (order by f) from t_hash;

-- an array of fractions gives an array, NULL fractions give NULL elements
select percentile_cont(array[0.1, 0.5, 0.9]) within group (order by f) from t_hash;
select percentile_disc(array[0.25, null, 1]) within group (order by s) from t_hash;
select g, percentile_cont(array[0, 0.5, 1]) within group (order by x) from t152 group by g order by g;

-- interval keys: percentile_cont interpolates field by field, percentile_disc and mode keep the interval
select g, percentile_cont(0.5) within group (order by i), percentile_disc(0.5) within group (order by i),
  mode() within group (order by i) from t152 group by g order by g;
select pg_typeof(percentile_cont(0.5) within group (order by i)) from t152;

-- mode: the most frequent key; among equally frequent ones the first in the sort order
select mode() within group (order by k), mode() within group (order by k desc), mode() within group (order by s)
  from t_hash;
select g, mode() within group (order by t), mode() within group (order by t desc) from t152 group by g order by g;

-- mode compares as =: 1.0 and 1.00 are one value (more frequent than 3), 0 and -0 too
select g, mode() within group (order by n) = 1, mode() within group (order by x) = 0 from t152 group by g
  order by g;

-- an empty input gives NULL, an empty group no row
select percentile_cont(0.5) within group (order by f), percentile_disc(0.5) within group (order by f),
  mode() within group (order by s), percentile_cont(array[0.5]) within group (order by f) from t_empty;
select k, mode() within group (order by s) from t_empty group by k;

-- a NULL fraction gives NULL
select percentile_cont(null) within group (order by f), percentile_disc(null::float8) within group (order by f)
  from t_hash;

-- FILTER, HAVING and ORDER BY on an ordered-set aggregate
select k, percentile_cont(0.5) within group (order by f) filter (where f > 0) from t_hash group by k order by k;
select k from t_hash group by k having mode() within group (order by s) = 'a' order by k;
select s, percentile_disc(0.5) within group (order by id) as p from t_hash group by s order by p desc, s;

-- inside an expression, a sub-query and a CTE
select percentile_cont(0.5) within group (order by f) * 2 + 1 from t_hash;
select (select percentile_disc(0.5) within group (order by h.id) from t_hash h where h.k = o.k) from t_mod o
  where o.id < 5 order by o.id;
with m as (select k, percentile_cont(0.5) within group (order by f) as p from t_hash group by k)
  select count(*), sum(p) from m;

-- alongside plain aggregates
select count(*), sum(v), percentile_cont(0.5) within group (order by v), max(s) from t_hash;

-- a column alias and the column's name
select percentile_cont(0.5) within group (order by f) as median, mode() within group (order by s) from t_hash;

-- a fraction outside [0, 1] fails with 22003
select percentile_cont(1.5) within group (order by f) from t_hash;
select percentile_disc(-0.25) within group (order by f) from t_hash;
select percentile_cont(array[0.5, 2]) within group (order by f) from t_hash;

-- no group, no check
select k, percentile_cont(3) within group (order by f) from t_empty group by k;

-- percentile_cont of a text key does not exist
select percentile_cont(0.5) within group (order by s) from t_hash;

-- an ordered-set aggregate needs WITHIN GROUP
select mode(s) from t_hash;

-- GROUPS frames: offsets count peer groups (rows equal in the ORDER BY), NULL keys are one group
select id, k, sum(id) over (order by k groups between 1 preceding and current row) from t_hash order by id;
select id, k, count(*) over (order by k groups 1 preceding) from t_mod order by id;

-- per partition, following groups, an empty frame gives NULL
select id, k, sum(id) over (partition by b order by k groups between current row and 1 following),
  sum(id) over (order by k groups between 1 following and 2 following) from t_rr order by id;

-- descending, with NULLs first or last
select id, sum(id) over (order by k desc groups between 1 preceding and current row),
  sum(id) over (order by k desc nulls last groups between 2 preceding and 1 preceding),
  sum(id) over (order by k nulls first groups between current row and unbounded following) from t_hash order by id;

-- several sort keys make smaller peer groups
select id, first_value(id) over (order by k, s groups between 1 preceding and 1 following),
  last_value(id) over (order by k, s groups between 1 preceding and 1 following) from t_shard
  where k is not null order by id;

-- a text key, min/max/avg, and a named window
select id, s, min(id) over w, max(id) over w, avg(f) over w from t_rep
  window w as (order by s groups between 1 preceding and 1 following) order by id;

-- GROUPS next to ROWS over the same order
select id, sum(id) over (order by k groups 1 preceding), sum(id) over (order by k, id rows 1 preceding) from t_hash
  order by id;

-- GROUPS needs an ORDER BY (42P20); its offsets must not be negative (22013) or NULL (22004)
select id, sum(id) over (groups between 1 preceding and 1 following) from t_hash;
select id, sum(id) over (order by k groups between -1 preceding and current row) from t_hash;
select id, sum(id) over (order by k groups between current row and -2 following) from t_hash;
select id, sum(id) over (order by k groups between null preceding and current row) from t_hash;

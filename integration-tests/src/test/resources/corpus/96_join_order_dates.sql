-- TPC-H's filter and join shapes on the shared tables. A date plus or minus an interval literal (Q1's
-- date '1998-12-01' - interval '90' day, Q5's date '1994-01-01' + interval '1' year) is evaluated on the datanodes
-- as the date it is, so scans with such filters stay fragments: joined and aggregated there. Joins of six and more
-- tables are ordered by the dynamic-programming join search (JoinOrderRule). PushdownCorpusIT runs this file with
-- pushdown off too.

-- a whole-day interval subtracted from a date, under an aggregate over computed arguments (Q1's shape)
select k, sum(v * (1 - v / 100)), avg(v), count(*) from t_hash where d <= date '2023-12-31' - interval '90' day
  group by k;

-- a year added to a date, both bounds of a range (Q5's and Q6's shape)
select sum(v), count(*) from t_hash where d >= date '2023-01-01' and d < date '2023-01-01' + interval '1' year;

-- months: the end of a longer month is clamped to the end of the shorter one (2024-01-31 + 1 month is 2024-02-29)
select id, d from t_hash where d <= date '2024-01-31' + interval '1' month and d > date '2024-01-31';
select id, d from t_mod where d >= date '2024-03-31' - interval '1' month order by id;

-- the interval first, and day and month intervals over every distribution method
select count(*) from t_mod where d < interval '3' month + date '2023-01-01';
select count(*) from t_rr where d between date '2023-01-10' - interval '10' day and date '2023-01-01' + interval '7' day;
select count(*) from t_rep where d > date '2000-01-01' + interval '20' year;
select count(*) from t_shard where d < date '2000-01-01' + interval '1' month;

-- a redistributed join filtered by date arithmetic on one side, aggregated
select a.k, sum(a.v * (1 - b.f)) from t_hash a join t_mod b on a.k = b.id
  where b.d < date '2023-01-01' + interval '1' year group by a.k;

-- six tables in a chain of keys, with a replicated one and a selective date filter (the join search's shape)
select a.id, f.s from t_hash a, t_mod b, t_rep c, t_shard d, t_rr e, t_hash f
  where a.id = b.id and b.k = c.id and c.id = d.id and d.k = e.id and e.id = f.id
    and a.d >= date '2023-01-01' and a.d < date '2023-01-01' + interval '6' month;

-- six tables where two are linked to a third by a low-cardinality column (Q5's customer, supplier and nation)
select c.s, count(*), sum(a.v) from t_hash a, t_mod b, t_shard c, t_rep n, t_rr r, t_hash x
  where a.id = b.id and a.k = n.id and c.k = n.id and n.k = r.id and x.id = b.id and r.s = 'a'
  group by c.s;

-- seven tables, one of them joined by nothing: a cross product only for the factor no condition links
select count(*), sum(a.id + e.id) from t_hash a, t_mod b, t_rep c, t_shard d, t_rr e, t_empty z, t_hash g
  where a.id = b.id and b.id = c.id and c.id = d.id and d.id = g.id and e.id < 3 and z.id is null;
select count(*) from t_hash a, t_mod b, t_rep c, t_shard d, t_rr e, t_hash g
  where a.id = b.id and b.id = c.id and c.id = d.id and d.id = g.id and e.id < 3;

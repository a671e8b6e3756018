-- SELECT DISTINCT ON (...): the first row of each group in ORDER BY order; ORDER BY must start with the DISTINCT ON
-- expressions (42P10). Row-wise comparisons.

create table don144 (k int, g text, v int) distribute by hash(k);

insert into don144 values (1, 'a', 10), (2, 'a', 20), (3, 'b', 5), (4, 'b', 7), (5, null, 1), (6, null, 2);

-- the row with the largest v of each g, NULL a group of its own
select distinct on (g) g, k, v from don144 order by g, v desc;

-- the DISTINCT ON expression need not be selected
select distinct on (g) k from don144 order by g, k;

-- ORDER BY not starting with the DISTINCT ON expressions: 42P10
select distinct on (g) k from don144 order by k;

-- a DISTINCT ON expression left out of an ORDER BY that has another item first: 42P10
select distinct on (g, v) k from don144 order by g, k;

-- two expressions, one of them computed
select distinct on (g, v > 5) g, v from don144 order by g, v > 5, k;

-- without ORDER BY, only the DISTINCT ON column selected (deterministic)
select distinct on (g) g from don144;

-- by position, in descending order
select distinct on (1) g, k from don144 order by 1, 2 desc;

-- DESC NULLS LAST and LIMIT
select distinct on (g) g, k from don144 order by g desc nulls last, k limit 2;

-- ORDER BY the DISTINCT ON expressions in another order
select distinct on (g, k) g, k from don144 order by k, g;

-- row comparison by equality
select (1, 2) = (1, 2);

-- row-wise ordering: the first unequal pair decides
select (1, 2) < (1, 3), (2, 1) < (1, 3), (1, null) < (2, 0);

select (1, 2) <= (1, 2), (1, 2) >= (1, 3), (1, 2, 3) < (1, 2, 4);

-- a row IN a subquery
select * from don144 where (k, v) in (select k, v from don144 where v > 6) order by k;

-- NOT IN a subquery
select * from don144 where (k, v) not in (select k, v from don144 where v > 6) order by k;

-- a row compared with a row of constants
select * from don144 where (k, v) = (1, 10);

select * from don144 where (k, v) <> (1, 10) order by k;

select * from don144 where (k, v) > (3, 0) order by k;

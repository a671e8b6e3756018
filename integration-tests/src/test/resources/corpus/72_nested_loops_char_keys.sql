-- Joins the coordinator runs as nested loops, whose inner input is read once and replayed (Materialize), and
-- char(n) comparisons, which datanodes now evaluate (in scan filters and pushed joins) with PostgreSQL's padding
-- rules; ranges over text columns, which the planner estimates from their histograms. NULLs, trailing blanks,
-- duplicates, and a key without partners.

create table h72_supplier (s_suppkey int, s_name char(25), s_nationkey int) distribute by hash(s_suppkey);
create table h72_partsupp (ps_partkey int, ps_suppkey int, ps_availqty int, ps_supplycost numeric(15,2))
  distribute by hash(ps_partkey);
create table h72_nation (n_nationkey int, n_name char(25), n_code char(3)) distribute by replication;
create table h72_words (id int, w text, c char(6), v varchar(10)) distribute by hash(id);
insert into h72_supplier values (1, 'Supplier#1', 1), (2, 'Supplier#2', 1), (3, 'Supplier#3', 2),
  (4, 'Supplier#4', 3), (5, 'Supplier#5', 1), (6, null, null);
insert into h72_partsupp select g, 1 + g % 6, g * 7 % 100, (g % 13) * 1.25 from generate_series(1, 300) g;
insert into h72_partsupp values (301, null, 5, 1.00), (302, 2, null, 2.00);
insert into h72_nation values (1, 'GERMANY', 'DE'), (2, 'FRANCE  ', 'FR '), (3, 'CANADA', null), (4, null, 'XX');
insert into h72_words select g, 'w' || (g % 37), substr('abcdefghij', 1 + g % 5, 3), 'v' || (g % 11)
  from generate_series(1, 400) g;
insert into h72_words values (401, null, null, null), (402, 'w1 ', 'abc   ', 'v1 '), (403, 'x', 'abc', 'abc  '),
  (404, 'y', 'ab', 'ab');
analyze h72_supplier;
analyze h72_partsupp;
analyze h72_nation;
analyze h72_words;

-- TPC-H Q11's shape: HAVING against an uncorrelated scalar sub-query over the same three-table join; the
-- sub-query is the inner input of a nested loop, evaluated once
select ps_partkey, sum(ps_supplycost * ps_availqty) as value from h72_partsupp, h72_supplier, h72_nation
  where ps_suppkey = s_suppkey and s_nationkey = n_nationkey and n_name = 'GERMANY'
  group by ps_partkey
  having sum(ps_supplycost * ps_availqty) > (select sum(ps_supplycost * ps_availqty) * 0.01
    from h72_partsupp, h72_supplier, h72_nation
    where ps_suppkey = s_suppkey and s_nationkey = n_nationkey and n_name = 'GERMANY')
  order by value desc, ps_partkey;

-- a non-equi join of two distributed tables: a nested loop whose inner input reads the datanodes
select s_suppkey, count(*) from h72_supplier join h72_partsupp on ps_suppkey > s_suppkey and ps_partkey < 20
  group by s_suppkey order by s_suppkey;

-- outer nested loops keep unmatched rows on either side with a materialized inner input
select s.s_suppkey, n.n_nationkey from h72_supplier s left join h72_nation n on s.s_nationkey < n.n_nationkey
  order by 1, 2;
select s.s_suppkey, n.n_nationkey from h72_supplier s right join h72_nation n on s.s_nationkey > n.n_nationkey + 1
  order by 1, 2;

-- an inner input larger than work_mem is read again for each outer row instead of being kept
set work_mem = '64kB';
select count(*), sum(a.id) from h72_words a join h72_words b on a.id < b.id and b.id - a.id < 3;
reset work_mem;

-- char(n) equality ignores the column's trailing blanks, in a scan filter on the datanodes
select n_nationkey from h72_nation where n_name = 'FRANCE' order by 1;
select n_nationkey from h72_nation where n_code = 'FR' order by 1;
select count(*) from h72_nation where n_name <> 'CANADA';

-- char(n) ranges and ordering with padding
select n_nationkey from h72_nation where n_name < 'FRANCE' order by 1;
select n_nationkey from h72_nation where n_name >= 'FRANCE' order by 1;

-- char(n) against text: compared without the padding
select count(*) from h72_words where c = 'abc';
select count(*) from h72_words where rtrim(c) = 'abc';

-- length and concatenation of char(n) values drop the padding
select id, length(c), c || '|' from h72_words where id in (1, 401, 402, 403) order by id;

-- a join pushed to the datanodes with a char(n) filter on the replicated side
select s_name, n_name from h72_supplier join h72_nation on s_nationkey = n_nationkey
  where n_name = 'GERMANY' order by s_name;
select n_name, count(*) from h72_partsupp, h72_supplier, h72_nation
  where ps_suppkey = s_suppkey and s_nationkey = n_nationkey and n_name in ('GERMANY', 'FRANCE')
  group by n_name order by n_name;

-- ranges over text columns (estimated from their histograms): the rows are the same either way
select count(*) from h72_words where w < 'w2';
select count(*) from h72_words where w between 'w10' and 'w20';
select count(*) from h72_words where w > 'w3' and v <= 'v5';
select count(*) from h72_words where c >= 'bcd' and c < 'def';

-- The shapes of TPC-H's 22 queries (bench/tpch.sh runs them at scale) on small hand-made tables distributed as the
-- benchmark distributes them: correlated scalar sub-queries (min, avg, sum) decorrelated into joins, EXISTS and
-- NOT EXISTS with an inequality beside the key, nested IN, a view read twice, a LEFT JOIN with a condition on the
-- inner side, an OR whose branches repeat the join condition, a column named value, interval date arithmetic,
-- extract and substring. NULLs, duplicates and a key without partners.

create table h64_part (p_partkey int, p_brand char(10), p_type varchar(25), p_size int, p_container char(10),
  p_name varchar(55)) distribute by hash(p_partkey);
create table h64_supplier (s_suppkey int, s_name char(25), s_nationkey int, s_acctbal numeric(15,2),
  s_comment varchar(101)) distribute by hash(s_suppkey);
create table h64_partsupp (ps_partkey int, ps_suppkey int, ps_availqty int, ps_supplycost numeric(15,2))
  distribute by hash(ps_partkey);
create table h64_nation (n_nationkey int, n_name char(25), n_regionkey int) distribute by replication;
create table h64_orders (o_orderkey int, o_custkey int, o_orderstatus char(1), o_orderdate date,
  o_orderpriority char(15), o_comment varchar(79)) distribute by hash(o_orderkey);
create table h64_lineitem (l_orderkey int, l_partkey int, l_suppkey int, l_quantity numeric(15,2),
  l_extendedprice numeric(15,2), l_discount numeric(15,2), l_shipdate date, l_commitdate date,
  l_receiptdate date, l_shipmode char(10), l_shipinstruct char(25)) distribute by hash(l_orderkey);
create table h64_customer (c_custkey int, c_phone char(15), c_acctbal numeric(15,2), c_nationkey int)
  distribute by hash(c_custkey);
insert into h64_part values (1, 'Brand#12', 'SMALL BRASS', 15, 'SM CASE', 'forest green'),
  (2, 'Brand#23', 'LARGE BRASS', 15, 'MED BOX', 'green lace'), (3, 'Brand#34', 'PROMO STEEL', 3, 'LG BOX', 'forest blue'),
  (4, 'Brand#23', 'ECONOMY TIN', 5, 'MED BOX', 'red'), (5, 'Brand#45', 'MEDIUM POLISHED TIN', 14, 'SM PKG', null),
  (6, 'Brand#12', 'SMALL BRASS', 15, 'SM BOX', 'forest');
insert into h64_supplier values (1, 'Supplier#1', 1, 100.50, 'fine'), (2, 'Supplier#2', 1, 2000.00, 'Customer wide Complaints'),
  (3, 'Supplier#3', 2, -5.00, 'ok'), (4, 'Supplier#4', 3, 10.00, null), (5, 'Supplier#5', 1, 700.25, 'x');
insert into h64_partsupp values (1, 1, 100, 10.00), (1, 2, 50, 8.00), (1, 3, 10, 8.00), (2, 1, 5, 3.00),
  (2, 4, 500, 2.50), (3, 5, 1000, 1.00), (4, 2, 20, 7.00), (4, 3, 20, null), (6, 5, 300, 4.00), (6, 1, 1, 4.00);
insert into h64_nation values (1, 'GERMANY', 3), (2, 'FRANCE', 3), (3, 'CANADA', 1);
insert into h64_orders values (1, 1, 'F', date '1994-02-01', '1-URGENT', 'nothing special'),
  (2, 1, 'O', date '1995-03-10', '2-HIGH', 'special requests here'), (3, 2, 'F', date '1993-07-15', '3-MEDIUM', 'quick'),
  (4, 3, 'F', date '1996-01-20', '1-URGENT', 'special deposits requests'), (5, null, 'P', date '1994-12-31', '5-LOW', null);
insert into h64_lineitem values
  (1, 1, 1, 5, 500.00, 0.05, date '1994-02-10', date '1994-02-20', date '1994-02-25', 'AIR', 'DELIVER IN PERSON'),
  (1, 2, 4, 12, 1200.00, 0.10, date '1994-02-11', date '1994-03-01', date '1994-02-28', 'MAIL', 'NONE'),
  (1, 6, 5, 1, 100.00, 0.00, date '1994-03-01', date '1994-02-01', date '1994-03-05', 'AIR REG', 'DELIVER IN PERSON'),
  (2, 2, 1, 15, 1500.00, 0.06, date '1995-03-20', date '1995-03-15', date '1995-04-01', 'AIR', 'DELIVER IN PERSON'),
  (2, 2, 1, 1, 100.00, 0.06, date '1995-03-21', date '1995-03-25', date '1995-03-22', 'SHIP', 'DELIVER IN PERSON'),
  (3, 3, 5, 25, 2500.00, 0.02, date '1993-08-01', date '1993-08-10', date '1993-08-20', 'AIR', 'DELIVER IN PERSON'),
  (3, 1, 2, 2, 200.00, 0.07, date '1993-08-02', date '1993-08-10', date '1993-08-05', 'TRUCK', 'COLLECT COD'),
  (4, 4, 2, 30, 3000.00, 0.01, date '1996-02-01', date '1996-01-25', date '1996-02-10', 'AIR', 'DELIVER IN PERSON'),
  (4, 4, 3, 3, 300.00, 0.04, date '1996-02-03', date '1996-02-01', date '1996-02-05', 'RAIL', 'NONE'),
  (5, 6, 1, 7, 700.00, 0.03, date '1995-01-05', date '1995-01-10', date '1995-01-09', 'MAIL', 'NONE');
insert into h64_customer values (1, '13-555-0101', 500.00, 1), (2, '31-555-0102', 20.00, 2),
  (3, '23-555-0103', 900.00, 3), (4, '13-555-0104', 1500.00, 1), (5, '29-555-0105', -10.00, 2),
  (6, '17-555-0106', 1200.00, 3), (7, '99-555-0107', 5000.00, 1);
analyze h64_part;
analyze h64_supplier;
analyze h64_partsupp;
analyze h64_lineitem;
analyze h64_orders;
analyze h64_customer;

-- Q19: every OR branch repeats the join condition, which is pulled out of the OR into an equi-join
select sum(l_extendedprice * (1 - l_discount)) as revenue from h64_lineitem, h64_part
  where (p_partkey = l_partkey and p_brand = 'Brand#12' and p_container in ('SM CASE', 'SM BOX')
         and l_quantity >= 1 and l_quantity <= 1 + 10 and l_shipmode in ('AIR', 'AIR REG'))
     or (p_partkey = l_partkey and p_brand = 'Brand#23' and p_container in ('MED BOX', 'MED BAG')
         and l_quantity >= 10 and l_quantity <= 20 and l_shipinstruct = 'DELIVER IN PERSON')
     or (p_partkey = l_partkey and p_brand = 'Brand#34' and l_quantity between 20 and 30);
-- the same in a join condition, and with a factor only some branches share (kept in the OR)
select l_orderkey, p_partkey from h64_lineitem join h64_part
  on (p_partkey = l_partkey and p_size = 15) or (p_partkey = l_partkey and l_quantity > 20);
select l_orderkey, p_partkey from h64_lineitem, h64_part
  where (p_partkey = l_partkey and p_size = 15) or (p_size = 3 and l_quantity > 20);

-- Q11: a column named value; HAVING against an uncorrelated scalar sub-query
select ps_partkey, sum(ps_supplycost * ps_availqty) as value from h64_partsupp, h64_supplier, h64_nation
  where ps_suppkey = s_suppkey and s_nationkey = n_nationkey and n_name = 'GERMANY'
  group by ps_partkey
  having sum(ps_supplycost * ps_availqty) > (select sum(ps_supplycost * ps_availqty) * 0.1
    from h64_partsupp, h64_supplier, h64_nation
    where ps_suppkey = s_suppkey and s_nationkey = n_nationkey and n_name = 'GERMANY')
  order by value desc;

-- Q2: a correlated min over a join of four tables, compared with the outer join's column (NULL costs never match)
select s_acctbal, s_name, n_name, p_partkey from h64_part, h64_supplier, h64_partsupp, h64_nation
  where p_partkey = ps_partkey and s_suppkey = ps_suppkey and p_type like '%BRASS' and s_nationkey = n_nationkey
    and n_regionkey = 3
    and ps_supplycost = (select min(ps_supplycost) from h64_partsupp, h64_supplier, h64_nation
      where p_partkey = ps_partkey and s_suppkey = ps_suppkey and s_nationkey = n_nationkey and n_regionkey = 3)
  order by s_acctbal desc, n_name, s_name, p_partkey;

-- Q17: a correlated avg of the same table (a part without lines has no average: no row)
select sum(l_extendedprice) / 7.0 as avg_yearly from h64_lineitem, h64_part
  where p_partkey = l_partkey and p_brand = 'Brand#23'
    and l_quantity < (select 0.9 * avg(l_quantity) from h64_lineitem where l_partkey = p_partkey);

-- Q20: IN of an IN, with a correlated sum on two keys (no lines: the sum is NULL and the row fails)
select s_name from h64_supplier, h64_nation
  where s_suppkey in (select ps_suppkey from h64_partsupp
      where ps_partkey in (select p_partkey from h64_part where p_name like 'forest%')
        and ps_availqty > (select 0.5 * sum(l_quantity) from h64_lineitem
          where l_partkey = ps_partkey and l_suppkey = ps_suppkey
            and l_shipdate >= date '1993-01-01' and l_shipdate < date '1993-01-01' + interval '3' year))
    and s_nationkey = n_nationkey and n_name = 'GERMANY'
  order by s_name;

-- Q21: EXISTS and NOT EXISTS on the order key with an inequality of the supplier beside it
select s_name, count(*) as numwait from h64_supplier, h64_lineitem l1, h64_orders
  where s_suppkey = l1.l_suppkey and o_orderkey = l1.l_orderkey and o_orderstatus = 'F'
    and l1.l_receiptdate > l1.l_commitdate
    and exists (select * from h64_lineitem l2 where l2.l_orderkey = l1.l_orderkey and l2.l_suppkey <> l1.l_suppkey)
    and not exists (select * from h64_lineitem l3 where l3.l_orderkey = l1.l_orderkey
      and l3.l_suppkey <> l1.l_suppkey and l3.l_receiptdate > l3.l_commitdate)
  group by s_name order by numwait desc, s_name;

-- Q22: substring, an uncorrelated scalar average and NOT EXISTS on a column that is not the distribution key
select cntrycode, count(*) as numcust, sum(c_acctbal) as totacctbal
  from (select substring(c_phone from 1 for 2) as cntrycode, c_acctbal from h64_customer
    where substring(c_phone from 1 for 2) in ('13', '31', '23', '29', '30', '18', '17')
      and c_acctbal > (select avg(c_acctbal) from h64_customer where c_acctbal > 0.00
        and substring(c_phone from 1 for 2) in ('13', '31', '23', '29', '30', '18', '17'))
      and not exists (select * from h64_orders where o_custkey = c_custkey)) as custsale
  group by cntrycode order by cntrycode;

-- Q4: EXISTS with a condition on the inner side only, dates plus an interval of months
select o_orderpriority, count(*) as order_count from h64_orders
  where o_orderdate >= date '1993-07-01' and o_orderdate < date '1993-07-01' + interval '3' month
    and exists (select * from h64_lineitem where l_orderkey = o_orderkey and l_commitdate < l_receiptdate)
  group by o_orderpriority order by o_orderpriority;

-- Q13: LEFT JOIN whose condition filters the inner side (NOT LIKE), a derived table's column list
select c_count, count(*) as custdist
  from (select c_custkey, count(o_orderkey) from h64_customer left outer join h64_orders
      on c_custkey = o_custkey and o_comment not like '%special%requests%'
    group by c_custkey) as c_orders (c_custkey, c_count)
  group by c_count order by custdist desc, c_count desc;

-- Q15: a view of an aggregate, read twice (joined, and its max in a scalar sub-query)
create view h64_revenue (supplier_no, total_revenue) as
  select l_suppkey, sum(l_extendedprice * (1 - l_discount)) from h64_lineitem
  where l_shipdate >= date '1994-01-01' and l_shipdate < date '1994-01-01' + interval '3' year group by l_suppkey;
select s_suppkey, s_name, total_revenue from h64_supplier, h64_revenue
  where s_suppkey = supplier_no and total_revenue = (select max(total_revenue) from h64_revenue)
  order by s_suppkey;
drop view h64_revenue;

-- Q16: NOT IN of a LIKE-filtered sub-query, count(DISTINCT), NOT LIKE and <>
select p_brand, p_type, p_size, count(distinct ps_suppkey) as supplier_cnt from h64_partsupp, h64_part
  where p_partkey = ps_partkey and p_brand <> 'Brand#45' and p_type not like 'MEDIUM POLISHED%'
    and ps_suppkey not in (select s_suppkey from h64_supplier where s_comment like '%Customer%Complaints%')
  group by p_brand, p_type, p_size order by supplier_cnt desc, p_brand, p_type, p_size;

-- Q1 and Q7/Q8: a date minus an interval of days, extract(year), CASE inside sum over a ratio
select extract(year from l_shipdate) as l_year, sum(case when l_shipmode = 'AIR' then l_extendedprice else 0 end)
    / sum(l_extendedprice) as share, count(*)
  from h64_lineitem where l_shipdate <= date '1998-12-01' - interval '90' day
  group by extract(year from l_shipdate) order by l_year;

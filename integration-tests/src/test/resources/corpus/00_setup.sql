-- The corpus' shared tables, one per distribution method, loaded alike: duplicates in k and s, NULLs in every
-- nullable column, negative and fractional values. Later files only read these tables (a file that writes makes
-- its own). PostgreSQL gets each CREATE TABLE without its DISTRIBUTE BY clause.

-- hash on the integer key
create table t_hash (id int, k int, v numeric(10,2), s text, f float8, d date, b boolean) distribute by hash(id);

-- modulo on the integer key
create table t_mod (id int, k int, v numeric(10,2), s text, f float8, d date, b boolean) distribute by modulo(id);

-- round robin: rows land on datanodes regardless of their values
create table t_rr (id int, k int, v numeric(10,2), s text, f float8, d date, b boolean) distribute by roundrobin;

-- replicated: every datanode holds every row
create table t_rep (id int, k int, v numeric(10,2), s text, f float8, d date, b boolean) distribute by replication;

-- shard (PolarDB-X's shard map) on a text column
create table t_shard (id int, k int, v numeric(10,2), s text, f float8, d date, b boolean) distribute by shard(s);

-- an empty table, hash distributed
create table t_empty (id int, k int, v numeric(10,2), s text, f float8, d date, b boolean) distribute by hash(id);

-- the same twelve rows in each table: duplicates (k = 1, s = 'a'), NULL in every column but id
insert into t_hash values
  (1, 1, 10.50, 'a', 1.5, date '2023-01-01', true),
  (2, 1, -3.25, 'b', -2.25, date '2023-03-15', false),
  (3, 2, 0.00, 'a', 0, date '2024-02-29', true),
  (4, 2, 99999.99, 'c', 1e10, date '1999-12-31', null),
  (5, 3, null, 'd', null, date '2000-01-01', false),
  (6, null, 7.75, null, 3.25, null, true),
  (7, 3, 7.75, 'e', 3.25, date '2023-06-30', true),
  (8, 4, -0.01, 'f', -0.5, date '2022-12-31', false),
  (9, 4, 123.45, 'a', 100, date '2023-01-02', true),
  (10, 5, 1.00, 'g', 0.1, date '2023-01-08', null),
  (11, 5, 2.50, 'h', 2.5, date '2021-07-04', false),
  (12, null, null, null, null, null, null);
insert into t_mod select * from t_hash;
insert into t_rr select * from t_hash;
insert into t_rep select * from t_hash;
insert into t_shard select * from t_hash;

-- the loads are complete on every table
select count(*), count(k), count(v), count(s), count(f), count(d), count(b) from t_hash;
select count(*), count(k), count(v), count(s), count(f), count(d), count(b) from t_mod;
select count(*), count(k), count(v), count(s), count(f), count(d), count(b) from t_rr;
select count(*), count(k), count(v), count(s), count(f), count(d), count(b) from t_rep;
select count(*), count(k), count(v), count(s), count(f), count(d), count(b) from t_shard;
select count(*) from t_empty;

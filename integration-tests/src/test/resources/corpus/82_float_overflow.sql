-- float8 and float4 arithmetic and sums at the ends of their range, as PostgreSQL's float.c: an infinity from
-- finite operands or inputs is 22003 "value out of range: overflow" (float8pl, float8_accum), a zero from non-zero
-- operands of * or / is 22003 "value out of range: underflow" (float8mul, float8div); infinities and NaN in stay
-- infinities and NaN out. Over a hash-distributed table the datanodes compute the partial sums and the products.

create table f82 (id int, g int, d float8, r float4) distribute by hash(id);
insert into f82 values (1, 1, 1e308, 3e38), (2, 1, 1e308, 3e38), (3, 2, 'Infinity'::float8, 1),
  (4, 2, 1, 'Infinity'::float4), (5, 3, 'NaN'::float8, 2), (6, 3, 1, 'NaN'::float4), (7, 4, 1e-300, 1e-30),
  (8, 4, 1e-300, 1e-30), (9, 5, -1e308, -3e38), (10, 5, -1e308, -3e38), (11, 6, 'Infinity'::float8, 1),
  (12, 6, '-Infinity'::float8, 2), (13, 7, null, null);

-- * underflows for a zero from non-zero operands, float8 and float4, literals (also numeric ones) and columns
select 1e-300::float8 * 1e-300;
select 1e-300 * 1e-300::float8;
select 1e-30::float4 * 1e-30::float4;
select d * d from f82 where g = 4;
select r * r from f82 where g = 4;
select d * 1e-300::float8 from f82 where id = 7;
-- a zero operand gives zero, an infinite one infinity or NaN, without an error
select 0::float8 * 1e-300::float8, 1e-300::float8 * 0, 0::float4 * 1e-30::float4;
select id, d * 0, r * 0::float4, d * 'Infinity'::float8 from f82 where g in (2, 3, 6) order by id;
-- / underflows for a zero from a non-zero dividend, unless the divisor is infinite
select 1e-300::float8 / 1e300;
select d / 1e300::float8 from f82 where id = 7;
select r / 1e30::float4 from f82 where id = 7;
select 1e-300::float8 / 'Infinity'::float8, 0::float8 / 1e300::float8;
-- + - * / overflow for an infinity from finite operands, also with a numeric literal operand
select 1e308::float8 + 1e308;
select 1e308::float8 * 10;
select 1e308::float8 / 1e-10;
select -1e308::float8 - 1e308;
select 3e38::float4 + 3e38::float4;
select 3e38::float4 * 10::float4;
select d + d from f82 where id = 1;
select r * r from f82 where id = 1;

-- sum of a float8 or float4 column overflows when the inputs are finite, on the datanodes and in the merge of their
-- partial sums (the two rows of a group are on either datanode or on the same one)
select sum(d) from f82 where g = 1;
select sum(d) from f82 where g = 5;
select sum(r) from f82 where g = 1;
select sum(r) from f82 where g = 5;
select avg(d) from f82 where g = 1;
select g, sum(d) from f82 where g in (1, 2) group by g;
select g, sum(r) from f82 where g in (1, 3) group by g;
-- infinities and NaN in, infinities and NaN out, without an error; Infinity + -Infinity is NaN
select g, sum(d), sum(r), avg(d), avg(r) from f82 where g in (2, 3, 4, 6, 7) group by g order by g;
select sum(d), sum(r) from f82 where g in (2, 3);
select sum(d), sum(r), avg(d) from f82 where g in (2, 4);
-- stddev and variance square the values without underflowing (float8_accum has no underflow check)
select stddev(d), variance(d), var_pop(r), stddev_samp(r) from f82 where g = 4;
select sum(d * d) from f82 where g = 4;

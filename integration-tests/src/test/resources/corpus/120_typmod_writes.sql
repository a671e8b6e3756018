-- Every write fits the value to its column's typmod, as PostgreSQL's assignment does (varchar(), bpchar() and
-- numeric()'s length coercion): varchar(n)/char(n) refuse more than n characters (22001) unless the excess is
-- blanks, which are cut; char(n) is blank-padded; numeric(p,s) rounds to s digits half away from zero and refuses
-- more than p - s integral digits (22003). UPDATE SET and ON CONFLICT DO UPDATE SET compute their values on the
-- datanodes; INSERT, INSERT ... SELECT and COPY on the coordinator.

create table w120 (k int primary key, v varchar(3), c char(4), n numeric(6,2), p numeric(3,3), i int, s text, f float8) distribute by hash(k);
insert into w120 values (1, 'ab', 'x', 1.5, 0.1, 7, 'abcdef', 2.345), (2, 'a', 'y', 2, 0.2, 12345, 'ab   ', -2.345), (3, null, null, null, null, -3, 'xyz', 0.0049);

-- an integer column set into numeric(6,2): the value gets the column's scale (7.00, not 7)
update w120 set n = i where k = 1;
select k, n from w120 order by k;

-- a text column longer than varchar(3): 22001, the row unchanged
update w120 set v = s where k = 1;
select k, v from w120 order by k;

-- longer only by blanks: the blanks beyond 3 are cut
update w120 set v = s where k = 2;
select k, v, length(v), octet_length(v) from w120 order by k;

-- char(4) from text: padded to 4, excess blanks cut, 22001 for more
update w120 set c = s where k = 2;
update w120 set c = s where k = 3;
update w120 set c = s where k = 1;
select k, '[' || c || ']' as c, octet_length(c) from w120 order by k;

-- numeric(6,2) overflow from an integer column: 22003 numeric field overflow
update w120 set n = i where k = 2;

-- rounding half away from zero to the scale, from numeric and from float8 expressions
update w120 set n = i * 1.005 where k = 1;
update w120 set n = f where k in (2, 3);
select k, n from w120 order by k;
update w120 set n = -0.005 where k = 1;
select k, n from w120 order by k;

-- numeric(3,3): the detail says 'less than 1'
update w120 set p = i where k = 1;
update w120 set p = f where k = 3;
select k, p from w120 order by k;

-- a constant expression the datanodes cannot compute: folded, then checked (22001)
update w120 set v = repeat('x', 10) where k = 1;
update w120 set v = repeat('x', 2) || '   ' where k = 1;
select k, '[' || v || ']' as v from w120 order by k;

-- ON CONFLICT DO UPDATE SET fits EXCLUDED's values the same way
insert into w120 (k, s) values (1, 'toolong') on conflict (k) do update set v = excluded.s;
insert into w120 (k, i) values (1, 3) on conflict (k) do update set n = excluded.i;
insert into w120 (k, i) values (1, 99999) on conflict (k) do update set n = excluded.i;
insert into w120 (k, s) values (2, 'zz   ') on conflict (k) do update set c = excluded.s, v = excluded.s;
insert into w120 (k, s) values (9, 'q') on conflict (k) do update set v = excluded.s;
select k, '[' || c || ']' as c, '[' || v || ']' as v, n from w120 order by k;

-- INSERT ... SELECT from typed columns
insert into w120 (k, v) select 10, s from w120 where k = 1;
insert into w120 (k, v) select 11, s from w120 where k = 2;
insert into w120 (k, n) select 12, i from w120 where k = 3;
insert into w120 (k, n) select 13, i from w120 where k = 2;
insert into w120 (k, c) select 14, s from w120 where k = 3;
select k, '[' || v || ']' as v, '[' || c || ']' as c, n from w120 where k >= 10 order by k;

-- UPDATE ... RETURNING shows the fitted values
update w120 set n = i, c = 'ab' where k = 3 returning k, n, '[' || c || ']' as c;

drop table w120;

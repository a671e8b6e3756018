-- CASE and coalesce run on the datanodes (fragment op CASE): in UPDATE's SET and in UPDATE/DELETE/SELECT
-- conditions; only the chosen branch is evaluated (a guarded division by zero raises nothing), a NULL condition is
-- not taken, branches of different types take the CASE's type.

create table c87 (k int primary key, v text, n int, d numeric(6, 2), c varchar(10)) distribute by hash(k);
insert into c87 values (1, null, null, null, null), (2, 'a', 5, 2.50, 'x'), (3, 'b', 0, -1, 'yy'), (4, '', -3, 0, '');
create table r87 (k int primary key, v text, n int) distribute by replication;
insert into r87 select k, v, n from c87;
create table rr87 (k int, v text, n int) distribute by roundrobin;
insert into rr87 select k, v, n from c87;
-- SET with coalesce and CASE
update c87 set v = coalesce(v, 'none') where k = 1;
update c87 set c = coalesce(c, 'none');
update c87 set n = coalesce(n, 0) + 1;
update c87 set v = case when n > 3 then 'big' when n < 0 then 'neg' else v end;
select * from c87 order by k;
update c87 set d = case when n = 1 then null when d < 0 then 0 else d * 2 end;
select * from c87 order by k;
-- a guarded division: the branch not taken is not evaluated
update c87 set n = case when n = 0 then null else 100 / n end;
select * from c87 order by k;
update r87 set n = case when n is null then -1 else n * 10 end, v = coalesce(v, '?');
select * from r87 order by k;
update rr87 set v = case v when 'a' then 'A' when 'b' then 'B' end;
select * from rr87 order by k;
-- conditions
select k from c87 where case when n > 10 then true else false end order by k;
select k from c87 where coalesce(n, 0) < 50 order by k;
select k, case when d is null then 'no' when d > 1 then 'hi' else 'lo' end from c87 order by k;
select k, case when k % 2 = 0 then d else k end as e from c87 order by k;
select k from r87 where case when n < 0 then 'neg' else 'pos' end = 'neg' order by k;
delete from rr87 where case when v is null then true else v = 'B' end;
select * from rr87 order by k;
-- errors keep PostgreSQL's code
update c87 set n = case when k = 2 then 1 / 0 else n end;
update c87 set n = case when k > 0 then 2147483647 + k else 0 end;
select * from c87 order by k;
-- string literals of different lengths are text (no padding), also beside a char(n) column
create table ch87 (k int primary key, f char(3)) distribute by hash(k);
insert into ch87 values (1, 'a'), (2, 'bb'), (3, null);
select k, case when k = 1 then 'x' else 'yyy' end || '|', length(case when k = 1 then 'x' else 'yyy' end) from ch87 order by k;
select k, case when k = 1 then f else 'zz' end || '|', length(case when k = 2 then f else 'z' end) from ch87 order by k;
select k from ch87 where case when k > 1 then 'b' else 'a  ' end = 'a' order by k;
update ch87 set f = case when k = 1 then 'q' else 'rr' end;
select k, f, f || '|', length(f) from ch87 order by k;

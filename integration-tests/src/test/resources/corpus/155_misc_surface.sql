-- Surface functions and syntax a new user reaches for early: generate_series over timestamps, row constructors in a
-- select list (the record type's text form), unnest in a select list, substring with a regular expression, a column
-- named at, NULL arguments of make_date and its kin, and time AT TIME ZONE.

create table t155_ev (id int primary key, at timestamp, d date, label text) distribute by hash(id);
insert into t155_ev values (1, '2024-01-01 10:00', '2024-01-01', 'a b'), (2, '2024-02-29 23:30', '2024-02-29', 'x,y'),
    (3, null, null, null), (4, '2024-03-01 00:00', '2024-03-01', '');
create table t155_rep (k int, at timestamp, s text) distribute by replication;
insert into t155_rep values (1, '2024-05-05 05:05', 'say "hi"'), (2, null, 'back\slash');
create table t155_rr (k int, s text) distribute by roundrobin;
insert into t155_rr values (1, 'p q'), (2, null), (3, 'r');
create table t155_empty (k int, at timestamp) distribute by hash(k);

-- generate_series(timestamp, timestamp, interval) in FROM: each value the previous plus the step, stop included
select * from generate_series('2024-01-01'::timestamp, '2024-01-03'::timestamp, '1 day'::interval) order by 1;

-- a step of hours, named by a column alias
select g from generate_series('2024-01-01 22:00'::timestamp, '2024-01-02 01:00'::timestamp, '1 hour') as g order by g;

-- a negative step counts down; a stop before start with a positive step gives no rows
select * from generate_series('2024-01-03'::timestamp, '2024-01-01'::timestamp, '-12 hours'::interval) order by 1 desc;
select * from generate_series('2024-01-03'::timestamp, '2024-01-01'::timestamp, '1 day'::interval);

-- a month step from January 31 is clamped in February, and the clamped day carries on (29, 29, ...)
select * from generate_series('2024-01-31'::timestamp, '2024-06-01'::timestamp, '1 month'::interval) order by 1;

-- a zero step is 22023, also a zero made of parts that cancel
select * from generate_series('2024-01-01'::timestamp, '2024-01-03'::timestamp, '0 days'::interval);
select * from generate_series('2024-01-01'::timestamp, '2024-01-03'::timestamp, '1 day -24 hours'::interval);

-- a NULL argument gives no rows
select * from generate_series(null::timestamp, '2024-01-03'::timestamp, '1 day'::interval);
select * from generate_series('2024-01-01'::timestamp, '2024-01-03'::timestamp, null::interval);

-- the timestamptz form (the session time zone is UTC)
select * from generate_series('2024-03-01 00:00+00'::timestamptz, '2024-03-01 02:00+00'::timestamptz, '30 minutes'::interval) order by 1;

-- dates resolve to the timestamptz form, as PostgreSQL's preferred type of the category
select * from generate_series('2024-02-27'::date, '2024-03-01'::date, '1 day'::interval) order by 1;
select * from generate_series('2024-02-27'::date, '2024-03-01'::date, '1 day') order by 1;

-- two string constants with an interval step: timestamptz too
select * from generate_series('2024-01-01', '2024-01-02', '6 hours'::interval) order by 1;

-- in a select list: one row per value, the column named generate_series
select generate_series('2024-01-01'::timestamp, '2024-01-01 03:00'::timestamp, '1 hour') order by 1;

-- in a select list over a table: per row, from its own column (NULL at gives no rows for that id)
select id, generate_series(at, at + interval '2 days', interval '1 day') as day from t155_ev order by id, day;

-- beside an integer series in the same select list: lockstep, the shorter padded with NULLs
select generate_series('2024-01-01'::timestamp, '2024-01-02'::timestamp, '1 day'), generate_series(1, 3) order by 2;

-- joined with a distributed table: days of each event's month start that are before the event
select e.id, g from t155_ev e, generate_series('2024-01-01'::timestamp, '2024-03-01'::timestamp, '1 month') g
where g <= e.at order by e.id, g;

-- over an empty table: no rows
select k, generate_series(at, at, '1 day'::interval) from t155_empty;

-- date arithmetic on the values: a timestamp minus a day
select g - interval '1 day' as before from generate_series('2024-03-01'::timestamp, '2024-03-02'::timestamp, '1 day') g order by 1;

-- ROW(...) in a select list is a record named row, printed (1,x)
select row(1, 'x');

-- the text form quotes a field that is empty or holds a space, comma, parenthesis, quote or backslash (quotes and
-- backslashes doubled); NULL is an empty field
select row(1, 'a b'), row(null, 'x'), row('', 'a"b'), row('a,b', 'a\b', '(x)');

-- a parenthesized list is a row too; an alias names it
select (1, 'x') as r;

-- fields print as their types print: numeric keeps its scale, booleans t/f, dates and timestamps ISO, floats shortest
select row(1.50, true, false, '2024-01-01'::date, '2024-01-01 10:30'::timestamp, 0.1::float8, null::int);

-- a row inside a row is a quoted field
select row(1, row(2, 'a b'));

-- rows over table columns, NULLs as empty fields; ordered by a column
select id, row(id, at, label) from t155_ev order by id;
select k, row(k, s, at) as r from t155_rep order by k;
select row(s, k) from t155_rr;

-- booleans print t and f, NULL empty
select row(x, 1) from (values (false), (true), (null)) v(x);

-- rows over no rows
select row(k, at) from t155_empty;

-- row comparisons still compare, not print
select row(1, 'x') = row(1, 'x') as same, (1, 2) < (1, 3) as less;

-- unnest in a select list: one row per element, beside a constant
select unnest(array[1, 2]), 5;

-- unnest of an empty array gives no rows
select unnest(array[]::int[]), 5;

-- unnest beside generate_series: lockstep, the shorter padded with NULLs
select unnest(array[1, 2]), generate_series(1, 3) order by 2;

-- unnest of text elements with a NULL, aliased
select unnest(array['a', null, 'c']) as v;

-- unnest over a table's rows: per row
select id, unnest(array[id, id * 10]) as v from t155_ev order by id, v;

-- substring(s from pattern): the POSIX regular expression's match
select substring('foobar' from 'o.b');

-- the first parenthesized subexpression when there is one; NULL when it took no part, or nothing matches
select substring('foobar' from '(o)(b)'), substring('foobar' from 'x(y)?|o') is null as unmatched_group,
    substring('foobar' from 'x') is null as no_match;

-- the comma form is the same function
select substring('foobar', 'o.b');

-- a NULL string or pattern: NULL
select substring(null from 'o') is null as null_string, substring(label from 'b') from t155_ev order by id;

-- the positional forms are unchanged
select substring('foobar' from 2), substring('foobar' from 2 for 3), substring('foobar', 2, 3);

-- substring(s from pattern for escape): the SQL regular expression form, the part between escape-double-quotes
select substring('foobar' from '%#"o_b#"%' for '#');

-- the first part matches as little as it can; the middle as much as it may
select substring('foobar' from '%#"o%#"b%' for '#'), substring('fooobar' from '%#"o%#"%' for '#'),
    substring('abcabc' from '%#"b_#"%' for '#');

-- alternation and a bracket class; a literal dot
select substring('a|b' from '%#"a|b#"%' for '#'), substring('aXb' from 'a#"[A-Z]#"b' for '#'),
    substring('foo.bar' from '%#".#"%' for '#');

-- without separators the whole string when the pattern matches all of it, else NULL
select substring('foobar' from 'fo%' for '#'), substring('foobar' from 'o_b' for '#') is null as partial;

-- more than two separators is 2200C; an escape of two characters 22025
select substring('foobar' from '#"o_b#"%#"' for '#');
select substring('foobar' from '%#"o_b#"%' for '##');

-- substring over a column with a pattern column
select id, substring(label from '[a-z]') from t155_ev order by id;

-- a column named at as a function's first argument, in a parenthesis, and in AT TIME ZONE
select coalesce(at, '2000-01-01'::timestamp) from t155_ev order by id;
select upper(at::text), (at), length(label) from t155_ev order by id;
select at at time zone 'UTC' from t155_ev where id = 1;
select greatest(at, at), least(at, '2024-02-01'::timestamp) from t155_ev order by id;
select max(at), min(at) from t155_rep;

-- make_date, make_time, make_timestamp and make_timestamptz are strict: a NULL field gives NULL
select make_date(null, 1, 1), make_date(2024, null, 1), make_date(2024, 1, null);
select make_time(null, 1, 1), make_time(1, 1, null);
select make_timestamp(2024, 1, 1, null, 0, 0), make_timestamptz(null, 1, 1, 0, 0, 0);
select make_timestamptz(2024, 1, 1, 0, 0, 0, null);

-- over columns with NULLs
select id, make_date(extract(year from d)::int, 1, 1) from t155_ev order by id;

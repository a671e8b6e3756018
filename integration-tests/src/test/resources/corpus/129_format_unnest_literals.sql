-- format(), concat() and concat_ws() as PostgreSQL's (issue 11), and array literals of strings with NULLs and of
-- numerics inside unnest.

-- format: %s, %I, %L, %%, positions, widths and the left-align flag
select format('%s|%I|%L|%%', 'a', 'B c', 'x''y') as f1, format('%2$s %1$s|%s', 'a', 'b') as f2,
    format('[%-6s][%6s]', 'ab', 'cd') as f3, format('x') as f4, format('%s and %s', 1, 2.50) as f5;

-- NULL arguments: %s is empty, %L is NULL; a NULL format is NULL
select format('[%s][%L]', null, null) as f1, format(null, 1) as f2, format('%1$s %1$L', 'it''s') as f3;

-- widths from arguments, negative pads on the right
select format('[%*s][%-*s][%*s]', 4, 'a', 3, 'b', -3, 'c') as w;

-- format over table columns, NULLs included
select id, format('%s:%s:%L', id, s, v) as f from t_hash order by id;

select id, format('%I', s) as ident from t_hash where s is not null order by id;

-- %I of NULL is 22004
select format('%I', null);

-- too few arguments, an unknown type, argument 0 and an unterminated specifier are 22023
select format('%s %s', 'a');

select format('%z', 'a');

select format('%0$s', 'a');

select format('abc %', 'a');

-- concat skips NULLs; concat_ws joins the non-NULL ones
select concat('a', null, 2, 1.50) as c, concat_ws('-', 'a', null, 3) as cw, concat_ws(null, 'a') as cwn;

select id, concat(s, '/', k) as c, concat_ws(',', s, k, d) as cw from t_hash order by id;

-- string arrays with NULLs and numeric arrays inside unnest
select * from unnest(array['a', null]);

select * from unnest(array[1.5, 2.25]);

select x from unnest(array['a', null, 'c']) as t(x) order by x nulls first;

-- User mistakes come back with PostgreSQL's SQLSTATE and message, never XX000.

-- unknown function is 42883
select no_such_function(1);

-- wrong argument types are 42883
select length(1, 2, 3);
select 'a' + 1;

-- unknown table and column
select * from no_such_table;
select no_such_column from t_hash;

-- a window function needs OVER
select percent_rank() from t_hash;

-- percent_rank with arguments is not a window function
select percent_rank(1) over () from t_hash;

-- grouping mistakes are 42803
select id, count(*) from t_hash;

-- a WHERE that is not boolean is 42804
select * from t_hash where 1;

-- a subquery returning more than one row is 21000
select (select id from t_hash);

-- an operator without a matching signature is 42883, named with PostgreSQL's type names
select 1 + true;

-- a cast PostgreSQL cannot make is 42846
select true::date;

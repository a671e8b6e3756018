-- SET, SHOW and RESET of the time settings: SHOW prints PostgreSQL's units (the largest that divides the value),
-- RESET and RESET ALL bring back the default, so a statement after them runs without the old timeout.

set statement_timeout = 100;
show statement_timeout;
set statement_timeout = 1000;
show statement_timeout;
set statement_timeout = '90s';
show statement_timeout;
set statement_timeout = 3600000;
show statement_timeout;
set statement_timeout = 100;
reset statement_timeout;
show statement_timeout;
select pg_sleep(0.2)::text as slept;

set lock_timeout = '2min';
show lock_timeout;
set statement_timeout = 50;
reset all;
show statement_timeout;
show lock_timeout;
select pg_sleep(0.1)::text as slept;

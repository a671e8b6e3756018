-- pg_sleep and pg_size_pretty (issue 11): what psql, monitoring scripts and tests call.

-- pg_sleep returns void: the empty string as text, NULL for a NULL argument, at once for zero or a negative time
select pg_sleep(0)::text = '' as slept, pg_sleep(null) is null as strict, pg_sleep(-1)::text as negative;

-- pg_sleep with a fraction of a second
select pg_sleep(0.01)::text as slept;

-- statement_timeout cancels pg_sleep: 57014 "canceling statement due to statement timeout"
set statement_timeout = 100;

select pg_sleep(30);

reset statement_timeout;

-- pg_size_pretty(bigint): bytes below 10240, then kB, MB, GB, TB, PB below 20479 of each, rounded half away from zero
select pg_size_pretty(0::bigint) as zero, pg_size_pretty(10239::bigint) as below_kb, pg_size_pretty(10240::bigint) as kb,
    pg_size_pretty(-10240::bigint) as negative, pg_size_pretty(10751::bigint) as rounds_down,
    pg_size_pretty(10752::bigint) as rounds_up;

-- the unit boundaries from kB to PB, and a size beyond them staying in PB
select pg_size_pretty(20479::bigint * 1024) as mb_boundary, pg_size_pretty(20480::bigint * 1024 * 1024) as gb,
    pg_size_pretty(123456789012::bigint) as gb2, pg_size_pretty(20480::bigint * 1024 * 1024 * 1024) as tb,
    pg_size_pretty(11258999068426240::bigint) as pb, pg_size_pretty(9223372036854775807::bigint) as largest;

-- pg_size_pretty(numeric): fractions of a byte are printed as they are, larger units are integers
select pg_size_pretty(1.5::numeric) as fraction, pg_size_pretty(10239.5::numeric) as below_kb,
    pg_size_pretty(-10239.5::numeric) as negative, pg_size_pretty(15.7::numeric * 1024) as kb,
    pg_size_pretty(123456789012::numeric) as gb, pg_size_pretty(1e30) as beyond_bigint;

-- pg_size_pretty of NULL is NULL
select pg_size_pretty(null::bigint) is null as strict;

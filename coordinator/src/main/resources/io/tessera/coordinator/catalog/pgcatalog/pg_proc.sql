-- Produces pg_proc.tsv from a PostgreSQL 15 server: psql -X -f pg_proc.sql > pg_proc.tsv
-- The OIDs are the built-in functions and aggregates that Tessera answers as PostgreSQL does (see PgProc).
copy (
  select p.oid, p.proname, p.prokind, p.provolatile, p.proparallel, p.proisstrict, p.proretset, p.prorettype,
         array_to_string(p.proargtypes::oid[], ' '), p.pronargdefaults, p.prosrc, p.prolang, p.procost, p.prorows,
         array_to_string(p.proargnames, ' '), obj_description(p.oid, 'pg_proc'), pg_get_function_result(p.oid),
         pg_get_function_arguments(p.oid), pg_get_function_identity_arguments(p.oid)
  from pg_proc p
  where p.oid in (720,868,870,871,872,873,874,877,879,880,881,882,883,936,937,940,941,947,1175,1199,1217,1218,1282,1295,1299,1317,1318,1341,1344,1345,1347,1367,1368,1369,1372,1374,1375,1381,1386,1394,1395,1396,1397,1398,1598,1601,1602,1603,1605,1606,1607,1608,1609,1610,1620,1622,1705,1706,1707,1708,1711,1712,1728,1768,2010,2012,2013,2020,2058,2059,2085,2086,2087,2088,2100,2101,2102,2103,2104,2105,2106,2107,2108,2109,2110,2111,2113,2114,2115,2116,2117,2119,2120,2122,2123,2126,2127,2128,2129,2130,2147,2148,2149,2150,2151,2152,2153,2154,2155,2156,2157,2158,2159,2236,2237,2238,2239,2240,2241,2284,2308,2309,2310,2311,2321,2462,2463,2464,2465,2517,2518,2519,2641,2642,2643,2644,2645,2646,2647,2648,2649,2711,2712,2713,2714,2715,2716,2717,2721,2722,2724,2725,2726,2727,2728,2729,2736,2803,2818,2819,2820,2827,2828,3060,3061,3294,3432,3464,3538,3545,3696,6164,6165,6166,6263)
  order by p.oid
) to stdout;

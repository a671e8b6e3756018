package io.tessera.coordinator.catalog.pgcatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import org.junit.jupiter.api.Test;

/**
 * DEFAULT expressions print as PostgreSQL 15 prints the same DEFAULT: the expected texts are
 * {@code pg_get_expr(adbin, adrelid)} and {@code pg_get_expr(adbin, adrelid, true)} of a PostgreSQL 15.x server
 * given the same CREATE TABLE (CatalogClientsIT compares with a live one).
 */
class DefaultDeparserTest {
    private static void check(PgType type, int typmod, String stored, String expected, String pretty) {
        String adbin = DefaultDeparser.deparse(new ColumnDef("c", type, typmod, false, stored, null));
        assertEquals(expected, adbin, stored);
        assertEquals(pretty, DefaultDeparser.pretty(adbin), stored + " (pretty)");
    }

    @Test
    void constantsTakeTheColumnsTypeAsPostgresqlPrintsThem() {
        check(PgType.TEXT, -1, "'abc'", "'abc'::text", "'abc'::text");
        check(PgType.TEXT, -1, "'it''s'", "'it''s'::text", "'it''s'::text");
        check(PgType.VARCHAR, 14, "'x'", "'x'::character varying", "'x'::character varying");
        check(PgType.INT4, -1, "-1", "'-1'::integer", "'-1'::integer");
        check(PgType.INT8, -1, "-1", "'-1'::integer", "'-1'::integer");
        check(PgType.INT8, -1, "5000000000", "'5000000000'::bigint", "'5000000000'::bigint");
        check(PgType.INT4, -1, "'7'", "7", "7");
        check(PgType.INT2, -1, "3", "3", "3");
        check(PgType.NUMERIC, -1, "1.5", "1.5", "1.5");
        check(PgType.NUMERIC, (6 << 16 | 2) + 4, "-1.5", "'-1.5'::numeric", "'-1.5'::numeric");
        check(PgType.FLOAT8, -1, "0", "0", "0");
        check(PgType.BOOL, -1, "false", "false", "false");
        check(PgType.BOOL, -1, "'t'", "true", "true");
        check(PgType.DATE, -1, "'2020-01-01'", "'2020-01-01'::date", "'2020-01-01'::date");
        check(PgType.JSONB, -1, "'{}'", "'{}'::jsonb", "'{}'::jsonb");
    }

    @Test
    void operatorsAreParenthesizedAndPrettyKeepsOnlyTheNeededParentheses() {
        check(PgType.INT4, -1, "2*21", "(2 * 21)", "2 * 21");
        check(PgType.INT4, -1, "1 + 2 * 3", "(1 + (2 * 3))", "1 + 2 * 3");
        check(PgType.INT4, -1, "(1 + 2) * 3", "((1 + 2) * 3)", "(1 + 2) * 3");
        check(PgType.TEXT, -1, "'a' || 'b'", "('a'::text || 'b'::text)", "'a'::text || 'b'::text");
    }

    @Test
    void functionsAndSqlValueFunctions() {
        check(PgType.INT4, -1, "nextval('t_id_seq')", "nextval('t_id_seq'::regclass)",
                "nextval('t_id_seq'::regclass)");
        check(PgType.TIMESTAMPTZ, -1, "now()", "now()", "now()");
        check(PgType.TIMESTAMPTZ, -1, "clock_timestamp()", "clock_timestamp()", "clock_timestamp()");
        check(PgType.DATE, -1, "CURRENT_DATE", "CURRENT_DATE", "CURRENT_DATE");
        check(PgType.TIMESTAMPTZ, -1, "current_timestamp", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP");
        check(PgType.TIMESTAMP, -1, "LOCALTIMESTAMP", "LOCALTIMESTAMP", "LOCALTIMESTAMP");
        check(PgType.TEXT, -1, "current_user", "CURRENT_USER", "CURRENT_USER");
        check(PgType.TEXT, -1, "lower('ABC')", "lower('ABC'::text)", "lower('ABC'::text)");
        check(PgType.UUID, -1, "gen_random_uuid()", "gen_random_uuid()", "gen_random_uuid()");
        check(PgType.DATE, -1, "CAST(now() AS date)", "(now())::date", "now()::date");
    }

    /**
     * A cast of a numeric constant in a DEFAULT: no cast when the constant already has the type, {@code (0)::type}
     * when it is coerced (pretty {@code 0::type}), the constant showing its type when the cast only adds a modifier.
     */
    @Test
    void castsOfNumericConstantsPrintAsPostgresqlPrintsThem() {
        check(PgType.NUMERIC, -1, "0::numeric", "(0)::numeric", "0::numeric");
        check(PgType.NUMERIC, -1, "1.5::numeric", "1.5", "1.5");
        check(PgType.NUMERIC, -1, "5000000000::numeric", "('5000000000'::bigint)::numeric",
                "'5000000000'::bigint::numeric");
        check(PgType.NUMERIC, -1, "1::numeric(5,2)", "(1)::numeric(5,2)", "1::numeric(5,2)");
        check(PgType.NUMERIC, -1, "1.5::numeric(5,2)", "1.5::numeric(5,2)", "1.5::numeric(5,2)");
        check(PgType.INT8, -1, "0::bigint", "(0)::bigint", "0::bigint");
        check(PgType.INT8, -1, "5000000000::bigint", "'5000000000'::bigint", "'5000000000'::bigint");
        check(PgType.INT4, -1, "1.5::int", "(1.5)::integer", "1.5::integer");
        check(PgType.FLOAT8, -1, "0::float8", "(0)::double precision", "0::double precision");
        check(PgType.NUMERIC, -1, "0::int", "0", "0");
        check(PgType.NUMERIC, -1, "(-1)::numeric", "('-1'::integer)::numeric", "'-1'::integer::numeric");
    }

    /**
     * CHECK expressions as PostgreSQL 15 prints them, stored as pg_dump writes them (its plain form) and printed
     * plain ({@code pg_get_constraintdef(oid)}) and pretty ({@code pg_get_constraintdef(oid, true)}, psql's
     * {@code \d}): a cast's simple argument loses its parentheses in pretty mode, an operator keeps them.
     */
    @Test
    void checkCastsPrintAsPostgresqlPrintsThem() {
        String[][] cases = {
            {"(score >= ('-100'::integer)::numeric)", "(score >= ('-100'::integer)::numeric)",
                "score >= '-100'::integer::numeric"},
            {"((a)::numeric > 1.5)", "((a)::numeric > 1.5)", "a::numeric > 1.5"},
            {"(((a + 1))::numeric > 1.5)", "(((a + 1))::numeric > 1.5)", "(a + 1)::numeric > 1.5"},
            {"((d)::date > '2020-01-01'::date)", "((d)::date > '2020-01-01'::date)", "d::date > '2020-01-01'::date"},
            {"(price >= (0)::numeric)", "(price >= (0)::numeric)", "price >= 0::numeric"},
            {"i > 0::numeric", "(i > (0)::numeric)", "i > 0::numeric"},
            {"k > 1.5::numeric", "(k > 1.5)", "k > 1.5"},
            {"l > 5000000000::numeric", "(l > ('5000000000'::bigint)::numeric)", "l > '5000000000'::bigint::numeric"},
            {"m < 10::numeric(5,2)", "(m < (10)::numeric(5,2))", "m < 10::numeric(5,2)"},
            {"l > 1.5::numeric(5,2)", "(l > 1.5::numeric(5,2))", "l > 1.5::numeric(5,2)"},
            {"m > 0::bigint", "(m > (0)::bigint)", "m > 0::bigint"},
            {"o > 1.5::int", "(o > (1.5)::integer)", "o > 1.5::integer"},
        };
        for (String[] c : cases) {
            if (c[1] != null) {
                assertEquals(c[1], DefaultDeparser.checkExpression(c[0]), c[0]);
            }
            assertEquals(c[2], DefaultDeparser.prettyCheckExpression(c[0]), c[0] + " (pretty)");
        }
    }
}

package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgInterval;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL 15's {@code interval}: input ({@code interval_in}: DecodeInterval and DecodeISO8601Interval of
 * src/backend/utils/adt/datetime.c), arithmetic ({@code interval_pl}, {@code interval_mul}, {@code interval_div},
 * {@code timestamp_pl_interval}, {@code timestamp_mi}, {@code timestamp_age}, the {@code interval_justify_*}
 * functions, {@code interval_part}, {@code timestamp_trunc} and {@code interval_trunc} of timestamp.c), on
 * {@link PgInterval} values. Output is {@link PgInterval#toString()}.
 *
 * <p>Timestamps are the engine's: Long milliseconds since 1970-01-01 (UTC for timestamptz, whose session time zone
 * is always UTC in Tessera). Adding an interval's microseconds to one keeps whole milliseconds (rounded toward
 * negative infinity), so sub-millisecond parts of an interval are lost there, not in the interval itself.
 *
 * <p>Errors: bad input 22007 {@code invalid input syntax for type interval: "..."}; a field beyond its int32/int64
 * range in input 22015 {@code interval field value out of range: "..."}; arithmetic overflow 22008
 * {@code interval out of range}; division by zero 22012.
 */
public final class Intervals {
    private static final long USECS_PER_SEC = 1_000_000L;
    private static final long USECS_PER_MINUTE = 60_000_000L;
    private static final long USECS_PER_HOUR = 3_600_000_000L;
    private static final long USECS_PER_DAY = PgInterval.MICROS_PER_DAY;
    private static final int DAYS_PER_MONTH = 30;
    private static final double SECS_PER_DAY = 86_400.0;

    private Intervals() {
    }

    // ---------------------------------------------------------------------------------------------- input

    /** Accumulator of DecodeInterval's {@code pg_itm_in}. */
    private static final class Fields {
        long usec;
        long days;
        long months;
        boolean any;
    }

    /**
     * {@code interval_in}: PostgreSQL's verbose form ({@code 1 year 2 mons 3 days 04:05:06.5}, {@code -1 days},
     * {@code @ 1 day ago}, {@code 1.5 hours}, {@code 2 weeks}), {@code [-]hh:mm[:ss[.f]]}, {@code y-m},
     * a bare number (seconds) and ISO 8601 ({@code P1Y2M3DT4H5M6S}, {@code P2W}).
     */
    public static PgInterval parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        Fields f = new Fields();
        try {
            if (s.startsWith("p")) {
                parseIso(s.substring(1), f, text);
            } else {
                parseVerbose(s, f, text);
            }
        } catch (ArithmeticException e) {
            throw fieldOverflow(text);
        }
        if (!f.any) {
            throw syntax(text);
        }
        if (f.months != (int) f.months || f.days != (int) f.days) {
            throw fieldOverflow(text);
        }
        return new PgInterval((int) f.months, (int) f.days, f.usec);
    }

    private static List<String> tokens(String s, String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == ',') {
                i++;
                continue;
            }
            int start = i;
            if (Character.isLetter(c) || c == '@') {
                if (c == '@') {
                    i++;
                } else {
                    while (i < n && Character.isLetter(s.charAt(i))) {
                        i++;
                    }
                }
            } else if (Character.isDigit(c) || c == '-' || c == '+' || c == '.') {
                i++;
                while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == ':'
                        || (s.charAt(i) == '-' && Character.isDigit(s.charAt(i - 1))))) {
                    i++;
                }
            } else {
                throw syntax(text);
            }
            out.add(s.substring(start, i));
        }
        return out;
    }

    private static void parseVerbose(String s, Fields f, String text) {
        List<String> toks = tokens(s, text);
        boolean ago = false;
        for (int i = 0; i < toks.size(); i++) {
            String t = toks.get(i);
            if (t.equals("@")) {
                continue;
            }
            if (t.equals("ago")) {
                if (i != toks.size() - 1) {
                    throw syntax(text);
                }
                ago = true;
                continue;
            }
            char c0 = t.charAt(0);
            if (Character.isLetter(c0)) {
                throw syntax(text);
            }
            if (t.indexOf(':') >= 0) {
                addTime(t, f, text);
                continue;
            }
            int dash = t.indexOf('-', 1);
            if (dash > 0) { // SQL-standard year-month: y-m
                boolean neg = c0 == '-';
                String body = (c0 == '-' || c0 == '+') ? t.substring(1) : t;
                String[] ym = body.split("-", -1);
                if (ym.length != 2 || !isDigits(ym[0]) || !isDigits(ym[1])) {
                    throw syntax(text);
                }
                long months = Math.addExact(Math.multiplyExact(Long.parseLong(ym[0]), 12L), Long.parseLong(ym[1]));
                f.months = Math.addExact(f.months, neg ? -months : months);
                f.any = true;
                continue;
            }
            String unit = i + 1 < toks.size() && Character.isLetter(toks.get(i + 1).charAt(0))
                    && !toks.get(i + 1).equals("ago") ? toks.get(++i) : "s";
            addNumber(t, unit, f, text);
        }
        if (ago) {
            f.usec = Math.negateExact(f.usec);
            f.days = -f.days;
            f.months = -f.months;
        }
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code [-]h:mm[:ss[.f]]} (DecodeTimeForInterval). */
    private static void addTime(String t, Fields f, String text) {
        boolean neg = t.charAt(0) == '-';
        String body = (t.charAt(0) == '-' || t.charAt(0) == '+') ? t.substring(1) : t;
        String[] parts = body.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || !isDigits(parts[0]) || !isDigits(parts[1])) {
            throw syntax(text);
        }
        long h = Long.parseLong(parts[0]);
        long m = Long.parseLong(parts[1]);
        long usec = 0;
        if (parts.length == 3) {
            String sec = parts[2];
            int dot = sec.indexOf('.');
            String whole = dot < 0 ? sec : sec.substring(0, dot);
            if (!isDigits(whole) || (dot >= 0 && !sec.substring(dot + 1).chars().allMatch(Character::isDigit))) {
                throw syntax(text);
            }
            usec = Long.parseLong(whole) * USECS_PER_SEC;
            if (dot >= 0 && dot + 1 < sec.length()) {
                usec += new BigDecimal("0" + sec.substring(dot)).movePointRight(6)
                        .setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
            }
            if (Long.parseLong(whole) > 59) {
                throw fieldOverflow(text);
            }
        }
        if (m > 59) {
            throw fieldOverflow(text);
        }
        long total = Math.addExact(Math.addExact(Math.multiplyExact(h, USECS_PER_HOUR), m * USECS_PER_MINUTE), usec);
        f.usec = Math.addExact(f.usec, neg ? -total : total);
        f.any = true;
    }

    /** One {@code number unit} pair: the integral part and the fraction as DecodeInterval adds them. */
    private static void addNumber(String num, String unit, Fields f, String text) {
        if (!num.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            throw syntax(text);
        }
        boolean neg = num.charAt(0) == '-';
        String body = (num.charAt(0) == '-' || num.charAt(0) == '+') ? num.substring(1) : num;
        int dot = body.indexOf('.');
        String whole = dot < 0 ? body : body.substring(0, dot);
        long val;
        try {
            val = whole.isEmpty() ? 0 : Long.parseLong(whole);
        } catch (NumberFormatException e) {
            throw fieldOverflow(text);
        }
        if (val > (neg ? -(long) Integer.MIN_VALUE : Integer.MAX_VALUE)) { // a signed int32, as strtoint
            throw fieldOverflow(text);
        }
        double fval = dot < 0 || dot + 1 == body.length() ? 0 : Double.parseDouble("0" + body.substring(dot));
        if (neg) {
            val = -val;
            fval = -fval;
        }
        f.any = true;
        switch (unit) {
            case "microsecond", "microseconds", "us", "usec", "usecs", "useconds" -> micros(val, fval, 1, f);
            case "millisecond", "milliseconds", "ms", "msec", "msecs", "mseconds" -> micros(val, fval, 1000, f);
            case "second", "seconds", "s", "sec", "secs" -> micros(val, fval, USECS_PER_SEC, f);
            case "minute", "minutes", "m", "min", "mins" -> micros(val, fval, USECS_PER_MINUTE, f);
            case "hour", "hours", "h", "hr", "hrs" -> micros(val, fval, USECS_PER_HOUR, f);
            case "day", "days", "d" -> {
                f.days = Math.addExact(f.days, val);
                fractMicros(fval, USECS_PER_DAY, f);
            }
            case "week", "weeks", "w" -> {
                f.days = Math.addExact(f.days, Math.multiplyExact(val, 7L));
                fractDays(fval, 7, f);
            }
            case "month", "months", "mon", "mons" -> {
                f.months = Math.addExact(f.months, val);
                fractDays(fval, DAYS_PER_MONTH, f);
            }
            case "year", "years", "y", "yr", "yrs" -> years(val, fval, 1, f);
            case "decade", "decades", "dec", "decs" -> years(val, fval, 10, f);
            case "century", "centuries", "c", "cent" -> years(val, fval, 100, f);
            case "millennium", "millennia", "mil", "mils" -> years(val, fval, 1000, f);
            default -> throw syntax(text);
        }
    }

    private static void micros(long val, double fval, long scale, Fields f) {
        f.usec = Math.addExact(f.usec, Math.multiplyExact(val, scale));
        fractMicros(fval, scale, f);
    }

    /** AdjustFractMicroseconds: the fraction times scale, rounded half away from zero. */
    private static void fractMicros(double frac, long scale, Fields f) {
        if (frac == 0) {
            return;
        }
        frac *= scale;
        long usec = (long) frac;
        frac -= usec;
        if (frac > 0.5) {
            usec++;
        } else if (frac < -0.5) {
            usec--;
        }
        f.usec = Math.addExact(f.usec, usec);
    }

    /** AdjustFractDays: whole days into days, the rest into microseconds. */
    private static void fractDays(double frac, int scale, Fields f) {
        if (frac == 0) {
            return;
        }
        frac *= scale;
        int extra = (int) frac;
        f.days = Math.addExact(f.days, extra);
        fractMicros(frac - extra, USECS_PER_DAY, f);
    }

    private static void years(long val, double fval, int scale, Fields f) {
        f.months = Math.addExact(f.months, Math.multiplyExact(val, scale * 12L));
        f.months = Math.addExact(f.months, (long) Math.rint(fval * scale * 12));
    }

    /** DecodeISO8601Interval's format with designators: {@code [nY][nM][nW][nD][T[nH][nM][nS]]}. */
    private static void parseIso(String s, Fields f, String text) {
        boolean time = false;
        int i = 0;
        if (s.isEmpty()) {
            throw syntax(text);
        }
        while (i < s.length()) {
            if (s.charAt(i) == 't') {
                if (time) {
                    throw syntax(text);
                }
                time = true;
                i++;
                continue;
            }
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.'
                    || ((s.charAt(i) == '-' || s.charAt(i) == '+') && i == start))) {
                i++;
            }
            if (i == start || i >= s.length()) {
                throw syntax(text);
            }
            String num = s.substring(start, i);
            char d = s.charAt(i++);
            String unit = switch (d) {
                case 'y' -> time ? null : "y";
                case 'm' -> time ? "m" : "mon";
                case 'w' -> time ? null : "w";
                case 'd' -> time ? null : "d";
                case 'h' -> time ? "h" : null;
                case 's' -> time ? "s" : null;
                default -> null;
            };
            if (unit == null) {
                throw syntax(text);
            }
            addNumber(num, unit, f, text);
        }
    }

    private static TesseraException syntax(String text) {
        return new TesseraException(SqlState.INVALID_DATETIME_FORMAT,
                "invalid input syntax for type interval: \"" + text + "\"");
    }

    private static TesseraException fieldOverflow(String text) {
        return new TesseraException(SqlState.INTERVAL_FIELD_OVERFLOW,
                "interval field value out of range: \"" + text + "\"");
    }

    /** 22008 {@code interval out of range}. */
    public static TesseraException outOfRange() {
        return new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "interval out of range");
    }

    // ----------------------------------------------------------------------------------------- arithmetic

    private static int int32(long v) {
        if (v != (int) v) {
            throw outOfRange();
        }
        return (int) v;
    }

    private static long add64(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            throw outOfRange();
        }
        return r;
    }

    /** {@code interval_pl}. */
    public static PgInterval plus(PgInterval a, PgInterval b) {
        return new PgInterval(int32((long) a.months() + b.months()), int32((long) a.days() + b.days()),
                add64(a.micros(), b.micros()));
    }

    /** {@code interval_mi}. */
    public static PgInterval minus(PgInterval a, PgInterval b) {
        return new PgInterval(int32((long) a.months() - b.months()), int32((long) a.days() - b.days()),
                add64(a.micros(), negate64(b.micros())));
    }

    private static long negate64(long v) {
        if (v == Long.MIN_VALUE) {
            throw outOfRange();
        }
        return -v;
    }

    /** {@code interval_um}. */
    public static PgInterval negate(PgInterval a) {
        return new PgInterval(int32(-(long) a.months()), int32(-(long) a.days()), negate64(a.micros()));
    }

    private static boolean fitsInt32(double d) {
        return d >= Integer.MIN_VALUE && d < -(double) Integer.MIN_VALUE;
    }

    private static double tsRound(double d) {
        return Math.rint(d * 1_000_000.0) / 1_000_000.0;
    }

    /** {@code interval_mul}: fractions of months and days cascade down into days and microseconds. */
    public static PgInterval multiply(PgInterval span, double factor) {
        double m = span.months() * factor;
        if (Double.isNaN(m) || !fitsInt32(m)) {
            throw outOfRange();
        }
        int month = (int) m;
        double d = span.days() * factor;
        if (Double.isNaN(d) || !fitsInt32(d)) {
            throw outOfRange();
        }
        int day = (int) d;
        double monthRemainderDays = tsRound((span.months() * factor - month) * DAYS_PER_MONTH);
        double secRemainder = tsRound((span.days() * factor - day + monthRemainderDays - (int) monthRemainderDays)
                * SECS_PER_DAY);
        if (Math.abs(secRemainder) >= SECS_PER_DAY) {
            day = int32((long) day + (int) (secRemainder / SECS_PER_DAY));
            secRemainder -= (int) (secRemainder / SECS_PER_DAY) * SECS_PER_DAY;
        }
        day = int32((long) day + (int) monthRemainderDays);
        double t = Math.rint(span.micros() * factor + secRemainder * USECS_PER_SEC);
        if (Double.isNaN(t) || !(t >= Long.MIN_VALUE && t < -(double) Long.MIN_VALUE)) {
            throw outOfRange();
        }
        return new PgInterval(month, day, (long) t);
    }

    /** {@code interval_div}: 22012 for a zero divisor. */
    public static PgInterval divide(PgInterval span, double factor) {
        if (factor == 0.0) {
            throw new TesseraException(SqlState.DIVISION_BY_ZERO, "division by zero");
        }
        int month = (int) (span.months() / factor);
        int day = (int) (span.days() / factor);
        double monthRemainderDays = tsRound((span.months() / factor - month) * DAYS_PER_MONTH);
        double secRemainder = tsRound((span.days() / factor - day + monthRemainderDays - (int) monthRemainderDays)
                * SECS_PER_DAY);
        if (Math.abs(secRemainder) >= SECS_PER_DAY) {
            day += (int) (secRemainder / SECS_PER_DAY);
            secRemainder -= (int) (secRemainder / SECS_PER_DAY) * SECS_PER_DAY;
        }
        day += (int) monthRemainderDays;
        double t = Math.rint(span.micros() / factor + secRemainder * USECS_PER_SEC);
        if (Double.isNaN(t) || !(t >= Long.MIN_VALUE && t < -(double) Long.MIN_VALUE)) {
            throw outOfRange();
        }
        return new PgInterval(month, day, (long) t);
    }

    /** {@code interval_justify_hours}: whole 24 hours into days, signs made to agree. */
    public static PgInterval justifyHours(PgInterval span) {
        long time = span.micros();
        long wholeDay = time / USECS_PER_DAY;
        time -= wholeDay * USECS_PER_DAY;
        long day = span.days() + wholeDay;
        if (day > 0 && time < 0) {
            time += USECS_PER_DAY;
            day--;
        } else if (day < 0 && time > 0) {
            time -= USECS_PER_DAY;
            day++;
        }
        return new PgInterval(span.months(), int32(day), time);
    }

    /** {@code interval_justify_days}: whole 30 days into months, signs made to agree. */
    public static PgInterval justifyDays(PgInterval span) {
        long day = span.days();
        long wholeMonth = day / DAYS_PER_MONTH;
        day -= wholeMonth * DAYS_PER_MONTH;
        long month = span.months() + wholeMonth;
        if (month > 0 && day < 0) {
            day += DAYS_PER_MONTH;
            month--;
        } else if (month < 0 && day > 0) {
            day -= DAYS_PER_MONTH;
            month++;
        }
        return new PgInterval(int32(month), (int) day, span.micros());
    }

    /** {@code interval_justify_interval}: both of the above with consistent signs. */
    public static PgInterval justifyInterval(PgInterval span) {
        long month = span.months();
        long day = span.days();
        long time = span.micros();
        if ((day > 0 && time > 0) || (day < 0 && time < 0)) {
            long wm = day / DAYS_PER_MONTH;
            day -= wm * DAYS_PER_MONTH;
            month += wm;
        }
        long wholeDay = time / USECS_PER_DAY;
        time -= wholeDay * USECS_PER_DAY;
        day += wholeDay;
        long wm = day / DAYS_PER_MONTH;
        day -= wm * DAYS_PER_MONTH;
        month += wm;
        if (month > 0 && (day < 0 || (day == 0 && time < 0))) {
            day += DAYS_PER_MONTH;
            month--;
        } else if (month < 0 && (day > 0 || (day == 0 && time > 0))) {
            day -= DAYS_PER_MONTH;
            month++;
        }
        if (day > 0 && time < 0) {
            time += USECS_PER_DAY;
            day--;
        } else if (day < 0 && time > 0) {
            time -= USECS_PER_DAY;
            day++;
        }
        return new PgInterval(int32(month), int32(day), time);
    }

    // ------------------------------------------------------------------------------- with timestamps

    /** Units per second of the engine's timestamps today (milliseconds) and of PostgreSQL's (microseconds). */
    private static final long MILLIS = 1000L;
    private static final long MICROS = 1_000_000L;

    private static LocalDateTime toLocal(long value, long perSecond) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(value, perSecond),
                (int) (Math.floorMod(value, perSecond) * (1_000_000_000L / perSecond)), ZoneOffset.UTC);
    }

    private static long fromLocal(LocalDateTime t, long perSecond) {
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), perSecond),
                t.getNano() / (1_000_000_000L / perSecond));
    }

    /**
     * {@code timestamp_pl_interval}: months on the calendar (the day clamped to the month's last), then days, then
     * the microseconds (to the engine's milliseconds, floor). Engine timestamps in, engine timestamps out; the
     * infinities come out unchanged.
     */
    public static long plus(long timestampMillis, PgInterval span) {
        return plus(timestampMillis, span, MILLIS);
    }

    /**
     * {@code timestamp_pl_interval} on microseconds since 1970, PostgreSQL's unit: as {@link #plus(long, PgInterval)},
     * with every microsecond of the interval kept.
     *
     * @throws TesseraException 22008 {@code timestamp out of range} when the sum leaves 64 bits of microseconds
     */
    public static long plusMicros(long timestampMicros, PgInterval span) {
        return plus(timestampMicros, span, MICROS);
    }

    private static long plus(long timestamp, PgInterval span, long perSecond) {
        long t = timestamp;
        if (t == Long.MAX_VALUE || t == Long.MIN_VALUE) {
            return t; // infinity and -infinity are not moved by an interval
        }
        try {
            if (span.months() != 0 || span.days() != 0) {
                t = fromLocal(toLocal(t, perSecond).plusMonths(span.months()).plusDays(span.days()), perSecond);
            }
            long r = Math.addExact(t, Math.floorDiv(span.micros(), MICROS / perSecond));
            if (r == Long.MAX_VALUE || r == Long.MIN_VALUE) {
                throw new ArithmeticException(); // the infinities are no finite value's sum
            }
            return r;
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        }
    }

    /** {@code timestamp_mi_interval}. */
    public static long minus(long timestampMillis, PgInterval span) {
        return plus(timestampMillis, negate(span));
    }

    /** {@code timestamp_mi_interval} on microseconds since 1970. */
    public static long minusMicros(long timestampMicros, PgInterval span) {
        return plusMicros(timestampMicros, negate(span));
    }

    /** {@code timestamp_mi} on microseconds since 1970: the difference as days and time. */
    public static PgInterval differenceMicros(long aMicros, long bMicros) {
        return justifyHours(new PgInterval(0, 0, Math.subtractExact(aMicros, bMicros)));
    }

    /** {@code timestamp_mi}: the difference as days and time ({@code justify_hours} of the microseconds). */
    public static PgInterval difference(long aMillis, long bMillis) {
        return justifyHours(new PgInterval(0, 0, Math.multiplyExact(Math.subtractExact(aMillis, bMillis), 1000L)));
    }

    private static final int[][] DAY_TAB = {
        {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
        {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
    };

    /** {@code timestamp_age}: the symbolic difference in years, months, days and time, as PostgreSQL forms it. */
    public static PgInterval age(long aMillis, long bMillis) {
        return age(toLocal(aMillis, MILLIS), toLocal(bMillis, MILLIS));
    }

    /** {@code timestamp_age} on microseconds since 1970. */
    public static PgInterval ageMicros(long aMicros, long bMicros) {
        return age(toLocal(aMicros, MICROS), toLocal(bMicros, MICROS));
    }

    private static PgInterval age(LocalDateTime t1, LocalDateTime t2) {
        long fsec = (t1.getNano() - t2.getNano()) / 1000L;
        long sec = t1.getSecond() - t2.getSecond();
        long min = t1.getMinute() - t2.getMinute();
        long hour = t1.getHour() - t2.getHour();
        long mday = t1.getDayOfMonth() - t2.getDayOfMonth();
        long mon = t1.getMonthValue() - t2.getMonthValue();
        long year = t1.getYear() - t2.getYear();
        boolean flip = t1.isBefore(t2);
        if (flip) {
            fsec = -fsec;
            sec = -sec;
            min = -min;
            hour = -hour;
            mday = -mday;
            mon = -mon;
            year = -year;
        }
        while (fsec < 0) {
            fsec += USECS_PER_SEC;
            sec--;
        }
        while (sec < 0) {
            sec += 60;
            min--;
        }
        while (min < 0) {
            min += 60;
            hour--;
        }
        while (hour < 0) {
            hour += 24;
            mday--;
        }
        while (mday < 0) {
            LocalDateTime ref = flip ? t1 : t2;
            mday += DAY_TAB[java.time.Year.isLeap(ref.getYear()) ? 1 : 0][ref.getMonthValue() - 1];
            mon--;
        }
        while (mon < 0) {
            mon += 12;
            year--;
        }
        if (flip) {
            fsec = -fsec;
            sec = -sec;
            min = -min;
            hour = -hour;
            mday = -mday;
            mon = -mon;
            year = -year;
        }
        return new PgInterval(int32(year * 12 + mon), int32(mday),
                ((hour * 60 + min) * 60 + sec) * USECS_PER_SEC + fsec);
    }

    /** Midnight of the day of {@code millis} (UTC): {@code age(ts)} measures from today's midnight. */
    public static long midnight(long millis) {
        return Math.floorDiv(millis, 86_400_000L) * 86_400_000L;
    }

    /** Midnight of the day of {@code micros} (microseconds since 1970, UTC). */
    public static long midnightMicros(long micros) {
        return Math.floorDiv(micros, USECS_PER_DAY) * USECS_PER_DAY;
    }

    /**
     * {@code timestamp_trunc}: {@code microseconds, milliseconds, second, minute, hour, day, week, month, quarter,
     * year, decade, century, millennium}; 22023 {@code unit "x" not recognized for type timestamp ...} otherwise.
     */
    public static long truncate(String field, long millis, String typeName) {
        return truncate(field, millis, typeName, MILLIS);
    }

    /** {@code timestamp_trunc} on microseconds since 1970, PostgreSQL's unit. */
    public static long truncateMicros(String field, long micros, String typeName) {
        return truncate(field, micros, typeName, MICROS);
    }

    private static long truncate(String field, long value, String typeName, long perSecond) {
        if (value == Long.MAX_VALUE || value == Long.MIN_VALUE) {
            return value; // timestamp_trunc returns infinity and -infinity as they are, whatever the field
        }
        LocalDateTime t = toLocal(value, perSecond);
        LocalDateTime r = switch (field.toLowerCase(Locale.ROOT)) {
            case "microseconds", "microsecond" -> t;
            case "milliseconds", "millisecond" -> t.truncatedTo(ChronoUnit.MILLIS);
            case "second", "seconds" -> t.truncatedTo(ChronoUnit.SECONDS);
            case "minute", "minutes" -> t.truncatedTo(ChronoUnit.MINUTES);
            case "hour", "hours" -> t.truncatedTo(ChronoUnit.HOURS);
            case "day", "days" -> t.truncatedTo(ChronoUnit.DAYS);
            case "week", "weeks" -> t.truncatedTo(ChronoUnit.DAYS).minusDays(t.getDayOfWeek().getValue() - 1);
            case "month", "months" -> LocalDate.of(t.getYear(), t.getMonthValue(), 1).atStartOfDay();
            case "quarter" -> LocalDate.of(t.getYear(), (t.getMonthValue() - 1) / 3 * 3 + 1, 1).atStartOfDay();
            case "year", "years" -> LocalDate.of(t.getYear(), 1, 1).atStartOfDay();
            case "decade", "decades" -> LocalDate.of(t.getYear() > 0 ? t.getYear() / 10 * 10
                    : -((8 - (t.getYear() - 1)) / 10) * 10, 1, 1).atStartOfDay();
            case "century", "centuries" -> LocalDate.of(t.getYear() > 0 ? ((t.getYear() + 99) / 100) * 100 - 99
                    : -((99 - (t.getYear() - 1)) / 100) * 100 + 1, 1, 1).atStartOfDay();
            case "millennium", "millennia" -> LocalDate.of(t.getYear() > 0 ? ((t.getYear() + 999) / 1000) * 1000 - 999
                    : -((999 - (t.getYear() - 1)) / 1000) * 1000 + 1, 1, 1).atStartOfDay();
            default -> throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "unit \"" + field + "\" not recognized for type " + typeName);
        };
        return fromLocal(r, perSecond);
    }

    /** {@code interval_trunc}: the fields below {@code field} set to zero (week is not allowed, as in PostgreSQL). */
    public static PgInterval truncate(String field, PgInterval span) {
        long year = span.months() / 12;
        long mon = span.months() % 12;
        long day = span.days();
        long time = span.micros();
        long hour = time / USECS_PER_HOUR;
        long min = (time - hour * USECS_PER_HOUR) / USECS_PER_MINUTE;
        long usec = time - hour * USECS_PER_HOUR - min * USECS_PER_MINUTE;
        long sec = usec / USECS_PER_SEC;
        long fsec = usec - sec * USECS_PER_SEC;
        switch (field.toLowerCase(Locale.ROOT)) {
            case "millennium", "millennia": year = year / 1000 * 1000; mon = 0; day = 0; hour = 0; min = 0; sec = 0; fsec = 0; break;
            case "century", "centuries": year = year / 100 * 100; mon = 0; day = 0; hour = 0; min = 0; sec = 0; fsec = 0; break;
            case "decade", "decades": year = year / 10 * 10; mon = 0; day = 0; hour = 0; min = 0; sec = 0; fsec = 0; break;
            case "year", "years": mon = 0; day = 0; hour = 0; min = 0; sec = 0; fsec = 0; break;
            case "quarter": mon = 3 * (mon / 3); day = 0; hour = 0; min = 0; sec = 0; fsec = 0; break;
            case "month", "months": day = 0; hour = 0; min = 0; sec = 0; fsec = 0; break;
            case "day", "days": hour = 0; min = 0; sec = 0; fsec = 0; break;
            case "hour", "hours": min = 0; sec = 0; fsec = 0; break;
            case "minute", "minutes": sec = 0; fsec = 0; break;
            case "second", "seconds": fsec = 0; break;
            case "milliseconds", "millisecond": fsec = fsec / 1000 * 1000; break;
            case "microseconds", "microsecond": break;
            case "week", "weeks":
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "unit \"week\" not supported for type interval");
            default:
                throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                        "unit \"" + field + "\" not recognized for type interval");
        }
        return new PgInterval(int32(year * 12 + mon), (int) day,
                ((hour * 60 + min) * 60 + sec) * USECS_PER_SEC + fsec);
    }

    /**
     * {@code interval_part} for {@code extract} (numeric; {@code date_part} is its double value): microseconds,
     * milliseconds, second, minute, hour, day, month, quarter, year, decade, century, millennium and epoch
     * (365.25-day years and 30-day months, as PostgreSQL).
     */
    public static BigDecimal extract(String field, PgInterval span) {
        long time = span.micros();
        long hour = time / USECS_PER_HOUR;
        long min = (time - hour * USECS_PER_HOUR) / USECS_PER_MINUTE;
        long usec = time - hour * USECS_PER_HOUR - min * USECS_PER_MINUTE; // seconds and fraction
        long year = span.months() / 12;
        long mon = span.months() % 12;
        return switch (field.toLowerCase(Locale.ROOT)) {
            case "microseconds", "microsecond" -> BigDecimal.valueOf(usec);
            case "milliseconds", "millisecond" -> BigDecimal.valueOf(usec, 3);
            case "second", "seconds" -> BigDecimal.valueOf(usec, 6);
            case "minute", "minutes" -> BigDecimal.valueOf(min);
            case "hour", "hours" -> BigDecimal.valueOf(hour);
            case "day", "days" -> BigDecimal.valueOf(span.days());
            case "month", "months" -> BigDecimal.valueOf(mon);
            case "quarter" -> BigDecimal.valueOf(mon / 3 + 1);
            case "year", "years" -> BigDecimal.valueOf(year);
            case "decade", "decades" -> BigDecimal.valueOf(year / 10);
            case "century", "centuries" -> BigDecimal.valueOf(year / 100);
            case "millennium", "millennia" -> BigDecimal.valueOf(year / 1000);
            case "epoch" -> {
                long secs = (1461L * year + 120L * mon + 4L * span.days()) * (86_400L / 4);
                yield BigDecimal.valueOf(secs).add(BigDecimal.valueOf(time, 6)).setScale(6);
            }
            default -> throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                    "unit \"" + field + "\" not recognized for type interval");
        };
    }

    /**
     * {@code make_interval(years, months, weeks, days, hours, mins, secs)}: 22008 when a field overflows.
     */
    public static PgInterval make(int years, int months, int weeks, int days, int hours, int mins, double secs) {
        try {
            double usecs = Math.rint(secs * 1_000_000.0);
            if (Double.isNaN(usecs) || Double.isInfinite(usecs)) {
                throw outOfRange();
            }
            long time = Math.addExact(Math.addExact(Math.multiplyExact((long) hours, USECS_PER_HOUR),
                    Math.multiplyExact((long) mins, USECS_PER_MINUTE)), (long) usecs);
            return new PgInterval(Math.addExact(Math.multiplyExact(years, 12), months),
                    Math.addExact(Math.multiplyExact(weeks, 7), days), time);
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
    }
}

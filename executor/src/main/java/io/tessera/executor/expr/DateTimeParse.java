package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * {@code to_timestamp(text, text)} and {@code to_date(text, text)}: PostgreSQL 15's {@code DCH_from_char} and
 * {@code do_to_timestamp} (src/backend/utils/adt/formatting.c) in their default (not FX) mode.
 *
 * <ul>
 *   <li>Spaces are skipped at the start and before each field. A space or separator (an ASCII punctuation
 *       character) in the format matches one space or separator of the input, or nothing. Any other text of the
 *       format (quoted or not) skips one input character.</li>
 *   <li>A numeric field followed by a separator, by a non-numeric field or by the end of the format, or with the
 *       {@code FM} prefix, reads as many digits as there are (and a sign); otherwise exactly its width
 *       ({@code YYYY} 4, {@code MM} 2, ...).</li>
 *   <li>Fields: {@code YYYY YYY YY Y Y,YYY} (two- and three-digit years are taken nearest 2020), {@code MM},
 *       {@code MONTH MON} (any case), {@code DD}, {@code DDD} (day of the year), {@code J} (Julian day),
 *       {@code HH HH12 HH24 MI SS MS US FF1..FF6 SSSS SSSSS}, {@code AM PM A.M. P.M.}, {@code AD BC A.D. B.C.},
 *       {@code TZH TZM OF}; {@code DAY DY D Q} are read and ignored, as PostgreSQL does without ISO weeks.
 *       {@code TZ} is 0A000 (PostgreSQL 15 supports it only in to_char); the ISO week fields, {@code W},
 *       {@code WW}, {@code CC} and {@code RM} are 0A000 here.</li>
 *   <li>Parsing stops where the input or the format ends; what is left of either is ignored.</li>
 *   <li>Missing fields default to year 1 BC, January, the 1st, midnight, as in PostgreSQL.</li>
 * </ul>
 * Errors are PostgreSQL's: 22007 for a value a field cannot read and for an hour of the 12-hour clock outside
 * 1..12, 22008 for a date or time out of range (the message quotes the input).
 */
public final class DateTimeParse {
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    private static final String[] DAYS = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday"};

    /** Keywords of the parser, longest first where one is a prefix of another; matched case-insensitively. */
    private static final String[] KEYWORDS = {
        "A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD", "DD", "DY", "D", "FF1", "FF2", "FF3", "FF4",
        "FF5", "FF6", "FX", "HH24", "HH12", "HH", "IDDD", "ID", "IW", "IYYY", "IYY", "IY", "I", "J", "MI", "MM",
        "MONTH", "MON", "MS", "OF", "P.M.", "PM", "Q", "RM", "SSSSS", "SSSS", "SS", "TZH", "TZM", "TZ", "US", "WW",
        "W", "Y,YYY", "YYYY", "YYY", "YY", "Y"};

    /** What the input said; the fields PostgreSQL's {@code TmFromChar} collects. */
    private static final class Parsed {
        int year;
        boolean yearSet;
        int yearDigits;
        int mon;
        int mday;
        int ddd;
        int julian;
        int hh;
        int mi;
        int ss;
        int ssss;
        int ms;
        int us;
        boolean twelveHour;
        boolean pm;
        boolean bc;
        int tzSign;
        int tzh;
        int tzm;
    }

    /** A parsed value: the local date and time, and the UTC offset that TZH/TZM/OF gave (seconds, 0 if none). */
    public record Result(LocalDateTime local, int offsetSeconds) {
        /** Milliseconds since 1970-01-01 00:00 UTC (the engine's timestamp with time zone). */
        public long epochMillis() {
            return Math.addExact(Math.multiplyExact(local.toEpochSecond(java.time.ZoneOffset.UTC) - offsetSeconds,
                    1000L), local.getNano() / 1_000_000);
        }

        /** Microseconds since 1970-01-01 00:00 UTC, PostgreSQL's unit ({@code US} and {@code FF4}-{@code FF6} kept). */
        public long epochMicros() {
            return Math.addExact(Math.multiplyExact(local.toEpochSecond(java.time.ZoneOffset.UTC) - offsetSeconds,
                    1_000_000L), local.getNano() / 1000);
        }
    }

    private DateTimeParse() {
    }

    /**
     * Parses {@code input} by {@code format}.
     *
     * @throws TesseraException 22007, 22008 or 0A000 as described in the class comment
     */
    public static Result parse(String input, String format) {
        Parsed p = new Parsed();
        int s = 0;
        int extraSkip = 0;
        int n = 0;
        boolean first = true;
        while (n < format.length() && s < input.length()) {
            boolean fm = false;
            int at = n;
            if (format.startsWith("FM", n) || format.startsWith("fm", n)) {
                fm = true;
                at += 2;
            }
            String key = keywordAt(format, at);
            if (key != null || first) {
                // spaces before a field (and at the start) are skipped
                while (s < input.length() && Character.isWhitespace(input.charAt(s))) {
                    s++;
                    extraSkip++;
                }
                first = false;
                if (s >= input.length()) {
                    break;
                }
            }
            if (key == null) {
                if (fm) {
                    n += 2;
                    continue;
                }
                char c = format.charAt(n);
                if (c == '"') { // quoted text: one input character per character
                    n++;
                    while (n < format.length() && format.charAt(n) != '"') {
                        if (format.charAt(n) == '\\' && n + 1 < format.length()) {
                            n++;
                        }
                        n++;
                        if (extraSkip > 0) {
                            extraSkip--;
                        } else if (s < input.length()) {
                            s++;
                        }
                    }
                    n++;
                    continue;
                }
                n++;
                if (c == ' ' || separator(c)) {
                    extraSkip--;
                    if (s < input.length() && (Character.isWhitespace(input.charAt(s)) || separator(input.charAt(s)))) {
                        s++;
                        extraSkip++;
                    }
                } else if (extraSkip > 0) {
                    extraSkip--;
                } else {
                    s++;
                }
                continue;
            }
            n = at + key.length();
            boolean th = format.startsWith("TH", n) || format.startsWith("th", n);
            if (th) {
                n += 2;
            }
            boolean slurp = fm || th || nextIsSeparator(format, n);
            s = field(key.toUpperCase(Locale.ROOT), key, input, s, slurp, p);
            if (th) { // an ordinal suffix after the number
                if (s + 1 < input.length() && Character.isLetter(input.charAt(s))
                        && Character.isLetter(input.charAt(s + 1))) {
                    s += 2;
                }
            }
            extraSkip = 0;
        }
        return build(p, input);
    }

    private static String keywordAt(String format, int i) {
        for (String k : KEYWORDS) {
            if (format.regionMatches(true, i, k, 0, k.length())) {
                return format.substring(i, i + k.length());
            }
        }
        return null;
    }

    /** PostgreSQL's {@code is_separator_char}: printable ASCII that is neither a letter nor a digit, not a space. */
    private static boolean separator(char c) {
        return c > 0x20 && c < 0x7F && !Character.isLetterOrDigit(c);
    }

    /** PostgreSQL's {@code is_next_separator}: whether what follows a field ends its digits. */
    private static boolean nextIsSeparator(String format, int n) {
        if (n >= format.length()) {
            return true;
        }
        int at = format.startsWith("FM", n) || format.startsWith("fm", n) ? n + 2 : n;
        String key = keywordAt(format, at);
        if (key != null) {
            return !numeric(key.toUpperCase(Locale.ROOT));
        }
        return !Character.isDigit(format.charAt(n));
    }

    private static boolean numeric(String upper) {
        return switch (upper) {
            case "A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "DAY", "DY", "MONTH", "MON", "P.M.", "PM", "RM", "TZ",
                    "FX" -> false;
            default -> true;
        };
    }

    private static int width(String upper) {
        return switch (upper) {
            case "YYYY", "IYYY" -> 4;
            case "YYY", "IYY", "DDD", "IDDD", "MS" -> 3;
            case "YY", "IY", "MM", "DD", "HH", "HH12", "HH24", "MI", "SS", "CC", "WW", "IW", "TZH", "TZM" -> 2;
            case "US" -> 6;
            case "SSSS", "SSSSS" -> 5;
            case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6" -> upper.charAt(2) - '0';
            default -> 1;
        };
    }

    /** Reads one field at {@code s}; returns the position after it. */
    private static int field(String upper, String key, String input, int s, boolean slurp, Parsed p) {
        switch (upper) {
            case "FX":
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "the FX modifier of to_timestamp and to_date is not supported");
            case "TZ":
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "formatting field \"" + key + "\" is only supported in to_char");
            case "IW", "IYYY", "IYY", "IY", "I", "IDDD", "ID", "W", "WW", "CC", "RM":
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED,
                        "formatting field \"" + key + "\" is not supported by to_timestamp and to_date");
            case "MONTH", "MON": {
                int[] len = new int[1];
                int i = match(input, s, MONTHS, upper.equals("MON") ? 3 : 0, len, key, 9);
                p.mon = i + 1;
                return s + len[0];
            }
            case "DAY", "DY": {
                int[] len = new int[1];
                match(input, s, DAYS, upper.equals("DY") ? 3 : 0, len, key, 9);
                return s + len[0];
            }
            case "AM", "PM", "A.M.", "P.M.": {
                String[] both = upper.length() == 2 ? new String[] {"am", "pm"} : new String[] {"a.m.", "p.m."};
                int[] len = new int[1];
                p.pm = match(input, s, both, 0, len, key, both[0].length()) == 1;
                p.twelveHour = true;
                return s + len[0];
            }
            case "AD", "BC", "A.D.", "B.C.": {
                String[] both = upper.length() == 2 ? new String[] {"ad", "bc"} : new String[] {"a.d.", "b.c."};
                int[] len = new int[1];
                p.bc = match(input, s, both, 0, len, key, both[0].length()) == 1;
                return s + len[0];
            }
            case "TZH": {
                p.tzSign = s < input.length() && input.charAt(s) == '-' ? -1 : 1;
                if (s < input.length() && (input.charAt(s) == '+' || input.charAt(s) == '-'
                        || input.charAt(s) == ' ')) {
                    s++;
                }
                long[] v = new long[1];
                s = integer(input, s, 2, slurp, key, v);
                p.tzh = (int) v[0];
                return s;
            }
            case "OF": {
                p.tzSign = s < input.length() && input.charAt(s) == '-' ? -1 : 1;
                long[] v = new long[1];
                s = integer(input, s, 2, true, key, v);
                p.tzh = (int) Math.abs(v[0]);
                if (s < input.length() && input.charAt(s) == ':') {
                    s = integer(input, s + 1, 2, true, key, v);
                    p.tzm = (int) v[0];
                }
                return s;
            }
            default:
                break;
        }
        long[] v = new long[1];
        int start = s;
        if (upper.equals("Y,YYY")) {
            s = integer(input, s, 1, true, key, v);
            long thousands = v[0];
            if (s < input.length() && input.charAt(s) == ',') {
                s = integer(input, s + 1, 3, true, key, v);
                p.year = (int) (thousands * 1000 + v[0]);
            } else {
                p.year = (int) thousands;
            }
            p.yearSet = true;
            p.yearDigits = 4;
            return s;
        }
        s = integer(input, s, width(upper), slurp, key, v);
        int used = s - start;
        int value = (int) v[0];
        switch (upper) {
            case "YYYY" -> {
                p.year = value;
                p.yearSet = true;
                p.yearDigits = 4;
            }
            case "YYY", "YY", "Y" -> {
                p.year = used < 4 ? adjustPartialYear(value) : value;
                p.yearSet = true;
                p.yearDigits = used;
            }
            case "MM" -> p.mon = value;
            case "DD" -> p.mday = value;
            case "DDD" -> p.ddd = value;
            case "J" -> p.julian = value;
            case "HH", "HH12" -> {
                p.hh = value;
                p.twelveHour = true;
            }
            case "HH24" -> p.hh = value;
            case "MI" -> p.mi = value;
            case "SS" -> p.ss = value;
            case "SSSS", "SSSSS" -> p.ssss = value;
            case "MS" -> p.ms = value * (used == 1 ? 100 : used == 2 ? 10 : 1);
            case "US", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6" -> {
                int scale = 1;
                for (int i = used; i < 6; i++) {
                    scale *= 10;
                }
                p.us = value * scale;
            }
            case "TZM" -> p.tzm = value;
            default -> { // D, Q: read and ignored
            }
        }
        return s;
    }

    /** PostgreSQL's {@code adjust_partial_year_to_2020}. */
    private static int adjustPartialYear(int year) {
        if (year < 70) {
            return year + 2000;
        } else if (year < 100) {
            return year + 1900;
        } else if (year < 520) {
            return year + 2000;
        } else if (year < 1000) {
            return year + 1000;
        }
        return year;
    }

    /**
     * PostgreSQL's {@code from_char_parse_int_len}: a number of exactly {@code width} characters, or with
     * {@code slurp} as many digits as {@code strtol} takes (leading spaces and a sign included).
     */
    private static int integer(String input, int s, int width, boolean slurp, String key, long[] out) {
        String copy = input.substring(s, Math.min(input.length(), s + width));
        String text;
        int i;
        if (slurp) {
            text = input;
            i = s;
        } else {
            if (copy.length() < width) {
                throw new TesseraException(SqlState.INVALID_DATETIME_FORMAT, "source string too short for \""
                        + key + "\" formatting field", "Field requires " + width + " characters, but only "
                        + copy.length() + " remain.", "If your source string is not fixed-width, try using the"
                        + " \"FM\" modifier.", 0, null);
            }
            text = copy;
            i = 0;
        }
        int begin = i;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        int digits = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == digits) {
            throw new TesseraException(SqlState.INVALID_DATETIME_FORMAT, "invalid value \"" + copy + "\" for \""
                    + key + "\"", "Value must be an integer.", null, 0, null);
        }
        int used = i - begin;
        if (!slurp && used < width) {
            throw new TesseraException(SqlState.INVALID_DATETIME_FORMAT, "invalid value \"" + copy + "\" for \""
                    + key + "\"", "Field requires " + width + " characters, but only " + used + " could be parsed.",
                    "If your source string is not fixed-width, try using the \"FM\" modifier.", 0, null);
        }
        String number = text.substring(begin, i).trim();
        try {
            long v = Long.parseLong(number.startsWith("+") ? number.substring(1) : number);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            out[0] = v;
        } catch (NumberFormatException e) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "value for \"" + key
                    + "\" in source string is out of range", "Value must be in the range -2147483648 to 2147483647.",
                    null, 0, null);
        }
        return slurp ? i : s + used;
    }

    /**
     * PostgreSQL's {@code from_char_seq_search}: the entry of {@code words} the input starts with, compared
     * without case ({@code prefix} > 0: the entries' first {@code prefix} letters); its length into {@code len}.
     */
    private static int match(String input, int s, String[] words, int prefix, int[] len, String key, int shown) {
        for (int i = 0; i < words.length; i++) {
            String w = prefix > 0 ? words[i].substring(0, prefix) : words[i];
            if (input.regionMatches(true, s, w, 0, w.length())) {
                len[0] = w.length();
                return i;
            }
        }
        String copy = input.substring(s, Math.min(input.length(), s + (prefix > 0 ? prefix : shown)));
        throw new TesseraException(SqlState.INVALID_DATETIME_FORMAT, "invalid value \"" + copy.split("\\s")[0]
                + "\" for \"" + key + "\"", "The given value did not match any of the allowed values for this field.",
                null, 0, null);
    }

    /** PostgreSQL's {@code do_to_timestamp} after the fields are read. */
    private static Result build(Parsed p, String input) {
        int year = 0; // 1 BC
        int mon = 1;
        int mday = 1;
        if (p.yearSet) {
            year = p.bc ? -p.year : p.year;
            if (year < 0) {
                year++;
            }
        }
        if (p.mon != 0) {
            mon = p.mon;
        }
        if (p.mday != 0) {
            mday = p.mday;
        }
        int hour = 0;
        int min = 0;
        int sec = 0;
        if (p.ssss != 0) {
            hour = p.ssss / 3600;
            min = p.ssss % 3600 / 60;
            sec = p.ssss % 60;
        }
        if (p.ss != 0) {
            sec = p.ss;
        }
        if (p.mi != 0) {
            min = p.mi;
        }
        if (p.hh != 0) {
            hour = p.hh;
        }
        if (p.twelveHour) {
            if (hour < 1 || hour > 12) {
                throw new TesseraException(SqlState.INVALID_DATETIME_FORMAT, "hour \"" + hour
                        + "\" is invalid for the 12-hour clock", null,
                        "Use the 24-hour clock, or give an hour between 1 and 12.", 0, null);
            }
            if (p.pm && hour < 12) {
                hour += 12;
            } else if (!p.pm && hour == 12) {
                hour = 0;
            }
        }
        try {
            LocalDate date;
            if (p.julian != 0) {
                date = LocalDate.ofEpochDay(p.julian - 2440588L);
            } else if (p.ddd != 0 && (mon <= 1 || mday <= 1)) {
                date = LocalDate.of(year, 1, 1).plusDays(p.ddd - 1);
                if (date.getYear() != year) {
                    throw new DateTimeException("day of the year out of range");
                }
            } else {
                date = LocalDate.of(year, mon, mday);
            }
            if (hour < 0 || hour > 24 || min < 0 || min > 59 || sec < 0 || sec > 60 || (hour == 24 && (min > 0
                    || sec > 0))) {
                throw new DateTimeException("time out of range");
            }
            long micros = p.ms * 1000L + p.us;
            if (micros < 0 || micros >= 1_000_000L) {
                throw new DateTimeException("fraction out of range");
            }
            LocalDateTime local = date.atStartOfDay().plusHours(hour).plusMinutes(min).plusSeconds(sec)
                    .plusNanos(micros * 1000L);
            int offset = p.tzSign * (p.tzh * 3600 + p.tzm * 60);
            return new Result(local, offset);
        } catch (DateTimeException | ArithmeticException e) {
            throw new TesseraException(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \""
                    + input + "\"");
        }
    }
}

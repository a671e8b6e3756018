package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code to_char} of a number: PostgreSQL 15's {@code numeric_to_char}, {@code int4_to_char}, {@code int8_to_char}
 * and {@code float8_to_char} with {@code NUMDesc_prepare} and the output half of {@code NUM_processor}
 * (src/backend/utils/adt/formatting.c), in the C locale PostgreSQL's initdb gives these machines: decimal point
 * {@code .}, group separator {@code ,}, currency symbol a space, signs {@code -} and {@code +}.
 *
 * <p>Patterns: {@code 9} (digit), {@code 0} (digit, leading zeros kept), {@code .} and {@code D} (decimal point),
 * {@code ,} and {@code G} (group separator), {@code PR} (negative in angle brackets), {@code S} (sign anchored to
 * the number), {@code MI PL SG} (sign at that place), {@code L} (currency), {@code V} (times ten per following
 * {@code 9}), {@code EEEE} (scientific notation), {@code RN}/{@code rn} (Roman numerals, 1 to 3999),
 * {@code TH}/{@code th} (ordinal suffix), the {@code FM} prefix (no padding). Other characters, and double-quoted
 * text, are copied. A number with more integer digits than the pattern has is shown as {@code #}s.
 */
public final class NumericFormat {
    /** PostgreSQL's {@code DBL_DIG}: the significant digits a float8's text keeps. */
    private static final int DBL_DIG = 15;
    /** {@code FLT_DIG}, the same for a float4. */
    private static final int FLT_DIG = 6;

    private enum Key {
        COMMA(","), DEC("."), ZERO("0"), NINE("9"), B("B"), D("D"), EEEE("EEEE"), FM("FM"), G("G"), L("L"),
        MI("MI"), PL("PL"), PR("PR"), RN("RN"), SG("SG"), SP("SP"), S("S"), TH("TH"), V("V");

        final String text;

        Key(String text) {
            this.text = text;
        }
    }

    /** One item of a parsed format: a keyword (with its spelling, for rn/th) or literal text. */
    private record Node(Key key, boolean lower, String text) {
    }

    /** PostgreSQL's {@code NUMDesc}. */
    private static final class Desc {
        int pre;
        int post;
        int multi;
        int zeroStart;
        int zeroEnd;
        boolean decimal;
        boolean zero;
        boolean blank;
        boolean fillMode;
        boolean lsign;
        boolean lsignPre;
        int preLsignNum;
        boolean bracket;
        boolean minus;
        boolean plus;
        boolean roman;
        boolean isMulti;
        boolean eeee;
    }

    private NumericFormat() {
    }

    /**
     * {@code to_char(numeric | integer | bigint, text)}.
     *
     * @throws TesseraException 42601 for a malformed pattern, 22003 for Roman numerals of a value too large to convert
     */
    public static String format(BigDecimal value, String format) {
        return format(value, format, false);
    }

    /**
     * {@code to_char} of a numeric ({@code integer} false) or of an integer type, whose {@code EEEE} form PostgreSQL
     * prints from the value converted to double precision ({@code printf}'s {@code %e}).
     */
    public static String format(BigDecimal value, String format, boolean integer) {
        List<Node> nodes = parse(format);
        Desc num = prepare(nodes);
        char sign = '+';
        Placed placed;
        if (num.roman) {
            placed = new Placed(roman(value.setScale(0, RoundingMode.HALF_UP)), 0);
        } else if (num.eeee) {
            String sci = integer ? scientific(new BigDecimal(value.doubleValue()), num.post, RoundingMode.HALF_EVEN)
                    : scientific(value, num.post, RoundingMode.HALF_UP);
            placed = new Placed(sci.startsWith("-") ? sci : " " + sci, 0);
        } else {
            BigDecimal v = value;
            if (num.isMulti) {
                v = v.movePointRight(num.multi);
                num.pre += num.multi;
            }
            v = v.setScale(num.post, RoundingMode.HALF_UP);
            if (v.signum() < 0) {
                sign = '-';
            }
            placed = Placed.of(num, v.abs().toPlainString());
        }
        return process(nodes, num, placed.numstr(), placed.outPreSpaces(), sign);
    }

    /** {@code to_char(double precision, text)}: at most 15 significant digits, as {@code float8_to_char}. */
    public static String format(double value, String format) {
        return format(value, format, DBL_DIG);
    }

    /** {@code to_char(real, text)}: at most 6 significant digits, as {@code float4_to_char}. */
    public static String format(float value, String format) {
        return format(value, format, FLT_DIG);
    }

    private static String format(double value, String format, int significant) {
        List<Node> nodes = parse(format);
        Desc num = prepare(nodes);
        char sign = '+';
        Placed placed;
        if (num.roman) {
            placed = new Placed(Double.isFinite(value) ? roman(new BigDecimal(Math.rint(value))) : "###############",
                    0);
        } else if (num.eeee) {
            String sci;
            if (!Double.isFinite(value)) {
                StringBuilder b = new StringBuilder(" ");
                for (int i = 0; i < num.pre + num.post + 5; i++) {
                    b.append('#');
                }
                b.setCharAt(num.pre + 1, '.');
                sci = b.toString();
            } else {
                sci = scientific(new BigDecimal(value), num.post, RoundingMode.HALF_EVEN);
            }
            placed = new Placed(sci.startsWith("-") || sci.startsWith(" ") ? sci : " " + sci, 0);
        } else if (Double.isInfinite(value)) {
            placed = new Placed(overflow(num), 0);
            sign = value < 0 ? '-' : '+';
        } else if (Double.isNaN(value)) {
            placed = Placed.of(num, "NaN");
        } else {
            double v = value;
            if (num.isMulti) {
                v = v * Math.pow(10, num.multi);
                num.pre += num.multi;
            }
            int preDigits = new BigDecimal(Math.abs(v)).setScale(0, RoundingMode.HALF_EVEN).toPlainString().length();
            if (preDigits >= significant) {
                num.post = 0;
            } else if (preDigits + num.post > significant) {
                num.post = significant - preDigits;
            }
            if (Math.copySign(1.0, v) < 0) { // printf keeps the sign of a negative value rounded to zero
                sign = '-';
            }
            placed = Placed.of(num, new BigDecimal(v).setScale(num.post, RoundingMode.HALF_EVEN).abs().toPlainString());
        }
        return process(nodes, num, placed.numstr(), placed.outPreSpaces(), sign);
    }

    /**
     * A number's text for {@link #process}, without its sign, and the blanks the pattern's integer digits have beyond
     * it ({@code out_pre_spaces}).
     */
    private record Placed(String numstr, int outPreSpaces) {
        /** The unsigned {@code digits} in the pattern: blanks before them, or {@code #}s when they do not fit. */
        static Placed of(Desc num, String digits) {
            int dot = digits.indexOf('.');
            int preLen = dot >= 0 ? dot : digits.length();
            if (preLen < num.pre) {
                return new Placed(digits, num.pre - preLen);
            }
            return new Placed(preLen > num.pre ? overflow(num) : digits, 0);
        }
    }

    /** {@code #} for each digit of the pattern, with its decimal point. */
    private static String overflow(Desc num) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < num.pre + num.post + 1; i++) {
            b.append('#');
        }
        b.setCharAt(num.pre, '.');
        return b.toString();
    }

    /** {@code numeric_out_sci}: one digit before the point, {@code post} after, a signed exponent of 2+ digits. */
    private static String scientific(BigDecimal value, int post, RoundingMode rounding) {
        if (value.signum() == 0) {
            return String.format(Locale.ROOT, "%." + post + "fe+00", 0.0);
        }
        int exponent = value.precision() - value.scale() - 1;
        BigDecimal mantissa = value.movePointLeft(exponent).setScale(post, rounding);
        if (mantissa.abs().compareTo(BigDecimal.TEN) >= 0) { // rounding carried into a new digit
            exponent++;
            mantissa = value.movePointLeft(exponent).setScale(post, rounding);
        }
        return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+")
                + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }

    /** {@code int_to_roman}: 1 to 3999, else fifteen {@code #}. */
    private static String roman(BigDecimal rounded) {
        int n;
        try {
            n = rounded.intValueExact();
        } catch (ArithmeticException e) {
            throw new TesseraException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range");
        }
        if (n > 3999 || n < 1) {
            return "###############";
        }
        String[] thousands = {"", "M", "MM", "MMM"};
        String[] hundreds = {"", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"};
        String[] tens = {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"};
        String[] ones = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
        return thousands[n / 1000] + hundreds[n / 100 % 10] + tens[n / 10 % 10] + ones[n % 10];
    }

    private static List<Node> parse(String format) {
        List<Node> nodes = new ArrayList<>();
        int i = 0;
        while (i < format.length()) {
            Key key = null;
            boolean lower = false;
            for (Key k : Key.values()) {
                if (format.startsWith(k.text, i)) {
                    key = k;
                    break;
                }
                if (format.startsWith(k.text.toLowerCase(Locale.ROOT), i)) {
                    key = k;
                    lower = true;
                    break;
                }
            }
            if (key != null) {
                nodes.add(new Node(key, lower, null));
                i += key.text.length();
                continue;
            }
            char c = format.charAt(i);
            if (c == '"') {
                StringBuilder text = new StringBuilder();
                i++;
                while (i < format.length() && format.charAt(i) != '"') {
                    if (format.charAt(i) == '\\' && i + 1 < format.length()) {
                        i++;
                    }
                    text.append(format.charAt(i++));
                }
                i++;
                nodes.add(new Node(null, false, text.toString()));
                continue;
            }
            nodes.add(new Node(null, false, String.valueOf(c)));
            i++;
        }
        return nodes;
    }

    private static TesseraException syntax(String message) {
        return new TesseraException(SqlState.SYNTAX_ERROR, message);
    }

    /** PostgreSQL's {@code NUMDesc_prepare} over every keyword. */
    private static Desc prepare(List<Node> nodes) {
        Desc num = new Desc();
        for (Node n : nodes) {
            if (n.key == null) {
                continue;
            }
            if (num.eeee && n.key != Key.EEEE) {
                throw syntax("\"EEEE\" must be the last pattern used");
            }
            switch (n.key) {
                case NINE -> {
                    if (num.bracket) {
                        throw syntax("\"9\" must be ahead of \"PR\"");
                    }
                    if (num.isMulti) {
                        num.multi++;
                    } else if (num.decimal) {
                        num.post++;
                    } else {
                        num.pre++;
                    }
                }
                case ZERO -> {
                    if (num.bracket) {
                        throw syntax("\"0\" must be ahead of \"PR\"");
                    }
                    if (!num.zero && !num.decimal) {
                        num.zero = true;
                        num.zeroStart = num.pre + 1;
                    }
                    if (!num.decimal) {
                        num.pre++;
                    } else {
                        num.post++;
                    }
                    num.zeroEnd = num.pre + num.post;
                }
                case B -> {
                    if (num.pre == 0 && num.post == 0 && !num.zero) {
                        num.blank = true;
                    }
                }
                case D, DEC -> {
                    if (num.decimal) {
                        throw syntax("multiple decimal points");
                    }
                    if (num.isMulti) {
                        throw syntax("cannot use \"V\" and decimal point together");
                    }
                    num.decimal = true;
                }
                case FM -> num.fillMode = true;
                case S -> {
                    if (num.lsign) {
                        throw syntax("cannot use \"S\" twice");
                    }
                    if (num.plus || num.minus || num.bracket) {
                        throw syntax("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
                    }
                    if (!num.decimal) {
                        num.lsignPre = true;
                        num.preLsignNum = num.pre;
                    }
                    num.lsign = true;
                }
                case MI -> {
                    if (num.lsign) {
                        throw syntax("cannot use \"S\" and \"MI\" together");
                    }
                    num.minus = true;
                }
                case PL -> {
                    if (num.lsign) {
                        throw syntax("cannot use \"S\" and \"PL\" together");
                    }
                    num.plus = true;
                }
                case SG -> {
                    if (num.lsign) {
                        throw syntax("cannot use \"S\" and \"SG\" together");
                    }
                    num.minus = true;
                    num.plus = true;
                }
                case PR -> {
                    if (num.lsign || num.plus || num.minus) {
                        throw syntax("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
                    }
                    num.bracket = true;
                }
                case RN -> num.roman = true;
                case V -> {
                    if (num.decimal) {
                        throw syntax("cannot use \"V\" and decimal point together");
                    }
                    num.isMulti = true;
                }
                case EEEE -> {
                    if (num.eeee) {
                        throw syntax("cannot use \"EEEE\" twice");
                    }
                    if (num.blank || num.fillMode || num.lsign || num.bracket || num.minus || num.plus || num.roman
                            || num.isMulti) {
                        throw new TesseraException(SqlState.SYNTAX_ERROR, "\"EEEE\" is incompatible with other formats",
                                "\"EEEE\" may only be used together with digit and decimal point patterns.", null, 0,
                                null);
                    }
                    num.eeee = true;
                }
                default -> {
                }
            }
        }
        return num;
    }

    /** The output side of PostgreSQL's {@code NUM_processor} with {@code NUM_numpart_to_char}. */
    private static String process(List<Node> nodes, Desc num, String number, int outPreSpaces, char sign) {
        if (num.eeee) {
            return number;
        }
        Proc np = new Proc();
        np.num = num;
        np.number = number;
        if (num.zeroStart > 0) {
            num.zeroStart--;
        }
        if (num.roman) {
            boolean fill = num.fillMode;
            num.lsign = false;
            num.lsignPre = false;
            num.preLsignNum = 0;
            num.post = 0;
            num.pre = 0;
            outPreSpaces = 0;
            sign = 0;
            num.zero = num.blank = num.decimal = num.bracket = num.minus = num.plus = num.isMulti = false;
            num.fillMode = fill;
        }
        np.sign = sign;
        if (num.plus || num.minus) {
            np.signWrote = !(num.plus && !num.minus);
        } else {
            if (sign != '-' && num.fillMode) {
                num.bracket = false;
            }
            np.signWrote = sign == '+' && num.fillMode && !num.lsign;
            if (num.lsign && num.lsignPre && num.pre == num.preLsignNum) {
                num.lsignPre = false; // a sign after every digit is written after the number
            }
        }
        np.numCount = num.post + num.pre - 1;
        np.outPreSpaces = outPreSpaces;
        if (num.fillMode && num.decimal) {
            np.lastRelevant = lastRelevant(number);
            if (np.lastRelevant >= 0 && num.zeroEnd > outPreSpaces) {
                int lastZero = Math.min(number.length() - 1, num.zeroEnd - outPreSpaces);
                if (np.lastRelevant < lastZero) {
                    np.lastRelevant = lastZero;
                }
            }
        }
        if (!np.signWrote && outPreSpaces == 0) {
            np.numCount++;
        }
        StringBuilder out = np.out;
        for (Node n : nodes) {
            if (n.key == null) {
                out.append(n.text);
                continue;
            }
            switch (n.key) {
                case NINE, ZERO, DEC, D -> np.numpart(n.key);
                case COMMA -> {
                    if (!np.numIn) {
                        if (!num.fillMode) {
                            out.append(' ');
                        }
                    } else {
                        out.append(',');
                    }
                }
                case G -> {
                    if (!np.numIn) {
                        if (!num.fillMode) {
                            out.append(' ');
                        }
                    } else {
                        out.append(',');
                    }
                }
                case L -> out.append(' ');
                case RN -> {
                    String r = n.lower ? number.toLowerCase(Locale.ROOT) : number;
                    out.append(num.fillMode ? r : String.format(Locale.ROOT, "%15s", r));
                }
                case TH -> {
                    if (num.roman || number.startsWith("#") || np.sign == '-' || num.decimal) {
                        continue;
                    }
                    out.append(ordinal(number, !n.lower));
                }
                case MI -> {
                    if (np.sign == '-') {
                        out.append('-');
                    } else if (!num.fillMode) {
                        out.append(' ');
                    }
                }
                case PL -> {
                    if (np.sign == '+') {
                        out.append('+');
                    } else if (!num.fillMode) {
                        out.append(' ');
                    }
                }
                case SG -> out.append(np.sign);
                default -> {
                    // S is written with the digits; FM, V, B, PR, EEEE, SP take no place of their own
                }
            }
        }
        // a digit position past the end of the number (a float's digits cut to its precision) writes the C string's
        // terminator: PostgreSQL's result ends there
        String result = out.toString();
        int end = result.indexOf('\0');
        return end < 0 ? result : result.substring(0, end);
    }

    /** {@code get_last_relevant_decnum}: the index of the last non-zero digit after the point, or of the point. */
    private static int lastRelevant(String number) {
        int p = number.indexOf('.');
        if (p < 0) {
            return -1;
        }
        int result = p;
        for (int i = p + 1; i < number.length(); i++) {
            if (number.charAt(i) != '0') {
                result = i;
            }
        }
        return result;
    }

    /** {@code get_th}: st, nd, rd or th after the number's last digit (teens take th). */
    private static String ordinal(String number, boolean upper) {
        char last = number.charAt(number.length() - 1);
        if (!Character.isDigit(last)) {
            throw new TesseraException(SqlState.INVALID_TEXT_REPRESENTATION, "\"" + number + "\" is not a number");
        }
        boolean teen = number.length() > 1 && number.charAt(number.length() - 2) == '1';
        String s = teen ? "th" : switch (last) {
            case '1' -> "st";
            case '2' -> "nd";
            case '3' -> "rd";
            default -> "th";
        };
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }

    /** PostgreSQL's {@code NUMProc} while writing. */
    private static final class Proc {
        Desc num;
        String number;
        int numberP;
        int lastRelevant = -1;
        char sign;
        boolean signWrote;
        int numCount;
        int numCurr;
        int outPreSpaces;
        boolean numIn;
        final StringBuilder out = new StringBuilder();

        private char at(int i) {
            return i < number.length() ? number.charAt(i) : '\0';
        }

        /** {@code IS_PREDEC_SPACE}: "0.1" by "9.9" is " .1". */
        private boolean predecSpace() {
            return !num.zero && numberP == 0 && at(0) == '0' && num.post != 0;
        }

        /** {@code NUM_numpart_to_char}. */
        void numpart(Key id) {
            if (num.roman) {
                return;
            }
            if (!signWrote && (numCurr >= outPreSpaces || (num.zero && num.zeroStart == numCurr))
                    && (!predecSpace() || (lastRelevant >= 0 && at(lastRelevant) == '.'))) {
                if (num.lsign) {
                    if (num.lsignPre) {
                        out.append(sign == '-' ? '-' : '+');
                        signWrote = true;
                    }
                } else if (num.bracket) {
                    out.append(sign == '+' ? ' ' : '<');
                    signWrote = true;
                } else if (sign == '+') {
                    if (!num.fillMode) {
                        out.append(' ');
                    }
                    signWrote = true;
                } else if (sign == '-') {
                    out.append('-');
                    signWrote = true;
                }
            }
            if (numCurr < outPreSpaces && (num.zeroStart > numCurr || !num.zero)) {
                if (!num.fillMode) {
                    out.append(' ');
                }
            } else if (num.zero && numCurr < outPreSpaces && num.zeroStart <= numCurr) {
                out.append('0');
                numIn = true;
            } else {
                if (at(numberP) == '.') {
                    if (lastRelevant < 0 || at(lastRelevant) != '.') {
                        out.append('.');
                    } else if (num.fillMode) {
                        out.append('.');
                    }
                } else {
                    if (lastRelevant >= 0 && numberP > lastRelevant && id != Key.ZERO) {
                        // trailing zeros dropped in fill mode
                    } else if (predecSpace()) {
                        if (!num.fillMode) {
                            out.append(' ');
                        } else if (lastRelevant >= 0 && at(lastRelevant) == '.') {
                            out.append('0');
                        }
                    } else {
                        out.append(at(numberP));
                        numIn = true;
                    }
                }
                if (numberP < number.length()) {
                    numberP++;
                }
            }
            int end = numCount + (outPreSpaces > 0 ? 1 : 0) + (num.decimal ? 1 : 0);
            if (lastRelevant >= 0 && lastRelevant == numberP) {
                end = numCurr;
            }
            if (numCurr + 1 == end) {
                if (signWrote && num.bracket) {
                    out.append(sign == '+' ? ' ' : '>');
                } else if (num.lsign && !num.lsignPre) {
                    out.append(sign == '-' ? '-' : '+');
                }
            }
            numCurr++;
        }
    }
}

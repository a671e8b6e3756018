package io.tessera.executor.spill;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Locale;

/**
 * PostgreSQL's {@code work_mem}: the memory one sort, hash table or hash aggregate of a query may use before it
 * spills to temporary files ({@link Tuplestore}). Kept in kilobytes, the parameter's base unit; the default is
 * PostgreSQL's 4MB, the range its {@code 64 .. 2147483647} kB.
 *
 * <p>Values are read as PostgreSQL's GUC code reads a memory parameter ({@code parse_int} and
 * {@code convert_to_base_unit} in {@code src/backend/utils/misc/guc.c}): a number, optionally fractional, then
 * optional blanks and one of the units {@code B, kB, MB, GB, TB} (case-sensitive; none means kB), the result rounded
 * to whole kB; and shown as PostgreSQL's {@code SHOW} does, in the largest unit that divides the value exactly.
 */
public final class WorkMem {
    /** PostgreSQL's default, 4MB. */
    public static final int DEFAULT_KB = 4096;
    /** The least value PostgreSQL accepts, 64kB. */
    public static final int MIN_KB = 64;
    public static final int MAX_KB = Integer.MAX_VALUE;

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};
    private static final double[] KB_PER_UNIT = {1.0 / 1024, 1, 1024, 1024.0 * 1024, 1024.0 * 1024 * 1024};

    private WorkMem() {
    }

    /**
     * Parses a {@code SET work_mem} value.
     *
     * @param value the value as written ({@code '64kB'}, {@code '1.5MB'}, {@code 65536})
     * @return kilobytes, within {@code [MIN_KB, MAX_KB]}
     * @throws TesseraException 22023 for a malformed value, an unknown unit (with PostgreSQL's hint) or a value
     *     outside the range, with PostgreSQL's messages
     */
    public static int parseKb(String name, String value) {
        String s = value.trim();
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        double number;
        try {
            number = Double.parseDouble(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw invalid(name, value, null);
        }
        String unit = s.substring(i).trim();
        double kb;
        if (unit.isEmpty()) {
            kb = number;
        } else {
            int u = java.util.Arrays.asList(UNITS).indexOf(unit);
            if (u < 0) {
                throw invalid(name, value, "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".");
            }
            kb = number * KB_PER_UNIT[u];
        }
        double rounded = Math.rint(kb);
        if (rounded > Integer.MAX_VALUE || rounded < Integer.MIN_VALUE) {
            throw invalid(name, value, "Value exceeds integer range.");
        }
        int result = (int) rounded;
        if (result < MIN_KB) {
            throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, result + " kB is outside the valid range for parameter \""
                    + name + "\" (" + MIN_KB + " .. " + MAX_KB + ")");
        }
        return result;
    }

    private static TesseraException invalid(String name, String value, String hint) {
        return new TesseraException(SqlState.INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"" + name + "\": \"" + value + "\"", null, hint, 0, null);
    }

    /** The value as {@code SHOW} prints it: {@code 4MB}, {@code 64kB}, {@code 1536kB}. */
    public static String format(int kb) {
        long v = kb;
        int u = 1;
        while (u < UNITS.length - 1 && v != 0 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + UNITS[u].toUpperCase(Locale.ROOT).replace("KB", "kB");
    }

    /** Kilobytes to bytes. */
    public static long bytes(int kb) {
        return kb * 1024L;
    }
}

package io.tessera.coordinator.pgwire.types;

import java.util.Locale;
import java.util.regex.Pattern;

/** PostgreSQL's {@code float8in}/{@code float4in} syntax: strtod's decimal forms plus NaN and [+-]Infinity/inf. */
final class FloatInput {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private FloatInput() {
    }

    /** The parsed value, or null when the text is not a float literal. */
    static Double parse(String text) {
        String s = text.strip();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "infinity", "+infinity", "inf", "+inf":
                return Double.POSITIVE_INFINITY;
            case "-infinity", "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (!DECIMAL.matcher(s).matches()) {
            return null;
        }
        return Double.parseDouble(s);
    }
}

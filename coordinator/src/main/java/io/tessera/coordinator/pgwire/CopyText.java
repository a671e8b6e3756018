package io.tessera.coordinator.pgwire;

import io.netty.buffer.ByteBuf;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.session.CopyFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PostgreSQL's COPY text and CSV formats: splitting a CopyData stream into lines and lines into fields
 * ({@link Reader}), and writing rows as lines ({@link #textLine}, {@link #csvLine}). The rules are those of
 * https://www.postgresql.org/docs/15/sql-copy.html, "File Formats", and of PostgreSQL's {@code copyfromparse.c}
 * ({@code CopyReadLineText}, {@code CopyReadAttributesText}, {@code CopyReadAttributesCSV}) and {@code copyto.c}
 * ({@code CopyAttributeOutText}, {@code CopyAttributeOutCSV}).
 *
 * <p>Text format: fields separated by the delimiter, one row per line ({@code \n}, a {@code \r\n} ending is
 * accepted); a field whose raw text equals the null string (default {@code \N}) is NULL; backslash escapes
 * {@code \b \f \n \r \t \v \\}, {@code \}<i>ooo</i> (octal, 1–3 digits), {@code \x}<i>hh</i> (hex, 1–2 digits),
 * and a backslash before any other character stands for that character (so {@code \|} is a literal delimiter).
 * CSV: fields separated by the delimiter, quoted with the quote character where they contain the delimiter, the
 * quote, CR or LF (so a quoted field may span lines); inside quotes the escape character (default: the quote)
 * makes the next quote or escape literal; an unquoted field equal to the null string (default empty) is NULL, a
 * quoted one never (unless FORCE_NULL). In both formats a line holding only {@code \.} ends the data.
 *
 * <p>Work happens on bytes: every special character is ASCII, so UTF-8 multi-byte sequences pass through
 * untouched and each field is decoded once. Errors are 22P04 (bad_copy_file_format) with PostgreSQL's messages;
 * the caller adds the {@code COPY t, line n} context.
 */
final class CopyText {
    private CopyText() {
    }

    /** Receives the fields of each data line. */
    interface LineHandler {
        /**
         * @param fields one per column, null for NULL
         * @param lineNumber 1-based, counting the header line
         * @param raw the line as received (for error context)
         */
        void line(String[] fields, long lineNumber, String raw);
    }

    /**
     * Splits a COPY FROM stream into lines and fields. Feed it each CopyData body as it arrives (a line may span
     * CopyData messages, a message may hold many lines), then call {@link #end}. Holds at most one line.
     */
    static final class Reader {
        private final CopyFormat format;
        private final int columns;
        private final String[] columnNames;
        private final byte[] nullBytes;
        private final boolean[] forceNotNull;
        private final boolean[] forceNull;
        private final String relation;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private boolean inQuote;
        private boolean escapePending;
        private long lineNumber;
        private boolean done;

        /**
         * @param columnNames the target columns, in data order (for "missing data for column" and FORCE_* names)
         * @param relation the table name for the error context ({@code COPY t, line 2: "..."})
         */
        Reader(CopyFormat format, List<String> columnNames, String relation) {
            this.format = format;
            this.relation = relation;
            this.columns = columnNames.size();
            this.columnNames = columnNames.toArray(new String[0]);
            this.nullBytes = format.nullString().getBytes(StandardCharsets.UTF_8);
            this.forceNotNull = new boolean[columns];
            this.forceNull = new boolean[columns];
            for (int i = 0; i < columns; i++) {
                forceNotNull[i] = format.forceNotNull().contains(columnNames.get(i));
                forceNull[i] = format.forceNull().contains(columnNames.get(i));
            }
        }

        /** The number of the line being read (1-based), for error context. */
        long lineNumber() {
            return lineNumber;
        }

        /** The partial line held so far, for error context. */
        String pending() {
            return line.toString(StandardCharsets.UTF_8);
        }

        /** Whether the end-of-data marker {@code \.} was seen (later data is ignored, as PostgreSQL does). */
        boolean done() {
            return done;
        }

        /** Consumes one CopyData body; calls {@code handler} for each complete line. */
        void feed(byte[] data, int offset, int length, LineHandler handler) {
            int end = offset + length;
            int start = offset;
            for (int i = offset; i < end && !done; i++) {
                byte b = data[i];
                if (format.csv()) {
                    if (inQuote) {
                        if (escapePending) {
                            escapePending = false;
                        } else if (b == format.escape() && format.escape() != format.quote()) {
                            escapePending = true;
                        } else if (b == format.quote()) {
                            inQuote = false;
                        }
                        continue;
                    }
                    if (b == format.quote()) {
                        inQuote = true;
                        continue;
                    }
                }
                if (b == '\n') {
                    line.write(data, start, i - start);
                    start = i + 1;
                    completeLine(handler);
                }
            }
            if (!done && start < end) {
                line.write(data, start, end - start);
            }
        }

        /** The data ended (CopyDone): a last line without a newline still counts. */
        void end(LineHandler handler) {
            if (done) {
                return;
            }
            if (format.csv() && inQuote) {
                lineNumber++;
                throw context(badFormat("unterminated CSV quoted field"), pending());
            }
            if (line.size() > 0) {
                completeLine(handler);
            }
        }

        private void completeLine(LineHandler handler) {
            byte[] bytes = line.toByteArray();
            line.reset();
            int len = bytes.length;
            if (len > 0 && bytes[len - 1] == '\r') {
                len--;
            }
            lineNumber++;
            if (len == 2 && bytes[0] == '\\' && bytes[1] == '.') {
                done = true;
                return;
            }
            if (lineNumber == 1 && format.header()) {
                return;
            }
            String raw = new String(bytes, 0, len, StandardCharsets.UTF_8);
            String[] fields;
            try {
                fields = format.csv() ? csvFields(bytes, len) : textFields(bytes, len);
            } catch (TesseraException e) {
                throw context(e, raw);
            }
            handler.line(fields, lineNumber, raw);
        }

        private TesseraException context(TesseraException e, String raw) {
            return e.withContext("COPY " + relation + ", line " + lineNumber + ": \"" + raw + "\"");
        }

        private String[] textFields(byte[] b, int len) {
            String[] out = new String[columns];
            ByteArrayOutputStream field = new ByteArrayOutputStream(32);
            int n = 0;
            int i = 0;
            while (true) {
                int rawStart = i;
                field.reset();
                while (i < len && b[i] != format.delimiter()) {
                    byte c = b[i++];
                    if (c != '\\' || i >= len) {
                        field.write(c);
                        continue;
                    }
                    byte e = b[i++];
                    switch (e) {
                        case 'b' -> field.write('\b');
                        case 'f' -> field.write('\f');
                        case 'n' -> field.write('\n');
                        case 'r' -> field.write('\r');
                        case 't' -> field.write('\t');
                        case 'v' -> field.write(0x0B);
                        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                            int v = e - '0';
                            for (int k = 0; k < 2 && i < len && b[i] >= '0' && b[i] <= '7'; k++) {
                                v = v * 8 + (b[i++] - '0');
                            }
                            field.write(v & 0xFF);
                        }
                        case 'x' -> {
                            int v = i < len ? Character.digit(b[i], 16) : -1;
                            if (v < 0) {
                                field.write('x');
                            } else {
                                i++;
                                int d = i < len ? Character.digit(b[i], 16) : -1;
                                if (d >= 0) {
                                    v = v * 16 + d;
                                    i++;
                                }
                                field.write(v);
                            }
                        }
                        default -> field.write(e);
                    }
                }
                if (n >= columns) {
                    throw badFormat("extra data after last expected column");
                }
                boolean isNull = i - rawStart == nullBytes.length
                        && Arrays.equals(b, rawStart, i, nullBytes, 0, nullBytes.length);
                out[n++] = isNull ? null : field.toString(StandardCharsets.UTF_8);
                if (i >= len) {
                    break;
                }
                i++; // the delimiter
            }
            if (n < columns) {
                throw badFormat("missing data for column \"" + columnNames[n] + "\"");
            }
            return out;
        }

        private String[] csvFields(byte[] b, int len) {
            String[] out = new String[columns];
            ByteArrayOutputStream field = new ByteArrayOutputStream(32);
            byte quote = (byte) format.quote();
            byte escape = (byte) format.escape();
            int n = 0;
            int i = 0;
            while (true) {
                int rawStart = i;
                boolean quoted = false;
                field.reset();
                while (i < len) {
                    byte c = b[i];
                    if (c == format.delimiter()) {
                        break;
                    }
                    i++;
                    if (c != quote) {
                        field.write(c);
                        continue;
                    }
                    quoted = true;
                    while (true) {
                        if (i >= len) {
                            throw badFormat("unterminated CSV quoted field");
                        }
                        byte q = b[i++];
                        if (q == escape && i < len && (b[i] == quote || b[i] == escape)) {
                            field.write(b[i++]);
                        } else if (q == quote) {
                            break;
                        } else {
                            field.write(q);
                        }
                    }
                }
                if (n >= columns) {
                    throw badFormat("extra data after last expected column");
                }
                String value = field.toString(StandardCharsets.UTF_8);
                boolean matchesNull;
                if (quoted) {
                    matchesNull = forceNull[n] && value.equals(format.nullString());
                } else {
                    matchesNull = !forceNotNull[n] && i - rawStart == nullBytes.length
                            && Arrays.equals(b, rawStart, i, nullBytes, 0, nullBytes.length);
                }
                out[n++] = matchesNull ? null : value;
                if (i >= len) {
                    break;
                }
                i++; // the delimiter
            }
            if (n < columns) {
                throw badFormat("missing data for column \"" + columnNames[n] + "\"");
            }
            return out;
        }
    }

    static TesseraException badFormat(String message) {
        return new TesseraException(SqlState.BAD_COPY_FILE_FORMAT, message);
    }

    /**
     * One row in the text format, with its newline.
     *
     * @param values the text form of each value (the type's output function), null for NULL
     */
    static void textLine(StringBuilder out, String[] values, CopyFormat format) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(format.delimiter());
            }
            String v = values[i];
            if (v == null) {
                out.append(format.nullString());
                continue;
            }
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                switch (c) {
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case 0x0B -> out.append("\\v");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c == format.delimiter()) {
                            out.append('\\');
                        }
                        out.append(c);
                    }
                }
            }
        }
        out.append('\n');
    }

    /**
     * One row in CSV, with its newline.
     *
     * @param values the text form of each value, null for NULL
     * @param forceQuote per column: quote every non-null value
     */
    static void csvLine(StringBuilder out, String[] values, boolean[] forceQuote, CopyFormat format) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(format.delimiter());
            }
            String v = values[i];
            if (v == null) {
                out.append(format.nullString());
                continue;
            }
            boolean quote = forceQuote[i] || v.equals(format.nullString())
                    || (values.length == 1 && v.equals("\\."));
            for (int k = 0; k < v.length() && !quote; k++) {
                char c = v.charAt(k);
                quote = c == format.delimiter() || c == format.quote() || c == '\n' || c == '\r';
            }
            if (!quote) {
                out.append(v);
                continue;
            }
            out.append(format.quote());
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if (c == format.quote() || c == format.escape()) {
                    out.append(format.escape());
                }
                out.append(c);
            }
            out.append(format.quote());
        }
        out.append('\n');
    }

    /** Appends a CopyData message holding {@code line}'s UTF-8 bytes. */
    static void copyData(ByteBuf out, CharSequence line) {
        int at = BackendMessages.begin(out, 'd');
        io.netty.buffer.ByteBufUtil.writeUtf8(out, line);
        BackendMessages.end(out, at);
    }

    /** The column names of a header line. */
    static String[] names(List<String> names) {
        return new ArrayList<>(names).toArray(new String[0]);
    }
}

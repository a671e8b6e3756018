package io.tessera.coordinator.session;

import java.util.Set;

/**
 * How a COPY's data is laid out, after the SQL layer checked the statement's options: PostgreSQL's text or CSV
 * format (https://www.postgresql.org/docs/15/sql-copy.html, "File Formats").
 *
 * @param csv true for CSV, false for the text format
 * @param delimiter the column separator (text: tab, CSV: comma by default), one ASCII character
 * @param nullString the spelling of NULL (text: {@code \N}, CSV: the empty unquoted string by default)
 * @param header whether the first line is a header: skipped by COPY FROM, written by COPY TO
 * @param quote CSV's quote character ({@code "} by default); unused by the text format
 * @param escape CSV's escape character inside quotes (the quote character by default); unused by the text format
 * @param forceQuoteAll CSV COPY TO: quote every non-null value ({@code FORCE_QUOTE *})
 * @param forceQuote CSV COPY TO: names of the columns whose non-null values are always quoted
 * @param forceNotNull CSV COPY FROM: names of the columns where an unquoted null string is an empty string
 * @param forceNull CSV COPY FROM: names of the columns where a quoted null string is NULL too
 */
public record CopyFormat(boolean csv, char delimiter, String nullString, boolean header, char quote, char escape,
        boolean forceQuoteAll, Set<String> forceQuote, Set<String> forceNotNull, Set<String> forceNull) {

    /** PostgreSQL's text format with its defaults: tab, {@code \N}, no header. */
    public static final CopyFormat TEXT = new CopyFormat(false, '\t', "\\N", false, '"', '"', false, Set.of(),
            Set.of(), Set.of());

    /** CSV with PostgreSQL's defaults: comma, empty null string, {@code "} as quote and escape, no header. */
    public static final CopyFormat CSV = new CopyFormat(true, ',', "", false, '"', '"', false, Set.of(), Set.of(),
            Set.of());
}

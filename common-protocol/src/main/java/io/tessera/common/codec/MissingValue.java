package io.tessera.common.codec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import java.util.Base64;
import java.util.List;

/**
 * A column's <em>missing value</em> as the catalog carries it: the value a column added by {@code ALTER TABLE ... ADD
 * COLUMN ... DEFAULT} reads as from a stored row written before it existed (PostgreSQL's {@code attmissingval}).
 * The coordinator evaluates the default once and writes it here; every datanode decodes it and hands it to its
 * {@link StoredRowCodec}, so no row is rewritten.
 * <pre>
 *   text    base64 (RFC 4648, with padding) of a one-column {@link RowCodec} row of the column's type:
 *           the null bitmap byte (0), then the value in RowCodec's encoding
 * </pre>
 * NULL is not encoded (the catalog field is absent). The bytes are RowCodec's, which must not change once users have
 * data (docs/storage-format.md), so this text is as stable as the stored rows.
 */
public final class MissingValue {
    private MissingValue() {
    }

    /**
     * The text of a non-NULL value {@code v} (engine representation) of type {@code type}; null for NULL.
     *
     * @throws IllegalArgumentException when the value does not fit the type's encoding
     */
    public static String encode(Object v, PgType type) {
        if (v == null) {
            return null;
        }
        ByteSink sink = new ByteSink(16);
        new RowCodec(List.of(type)).encode(new Object[] {v}, sink);
        return Base64.getEncoder().encodeToString(sink.toByteArray());
    }

    /**
     * The value {@link #encode} wrote, in the engine representation of {@code type}; null for null text.
     *
     * @throws TesseraException XX001 (data corrupted) when the text is not such an encoding
     */
    public static Object decode(String text, PgType type) {
        if (text == null) {
            return null;
        }
        try {
            byte[] b = Base64.getDecoder().decode(text);
            Object[] into = new Object[1];
            int end = new RowCodec(List.of(type)).decodeRow(b, 0, b.length, 1, into);
            if (end != b.length) {
                throw new IllegalArgumentException((b.length - end) + " bytes after the value");
            }
            return into[0];
        } catch (IllegalArgumentException e) {
            throw new TesseraException(SqlState.DATA_CORRUPTED, "invalid missing value \"" + text + "\" for type "
                    + type.sqlName() + ": " + e.getMessage());
        }
    }
}

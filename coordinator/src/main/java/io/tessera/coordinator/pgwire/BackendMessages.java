package io.tessera.coordinator.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.session.Column;
import java.util.List;

/**
 * Writers for the server's messages, each appended to a caller's buffer so that many (a batch of DataRows) can
 * share one write. Formats are those of PostgreSQL's "Message Formats" page
 * (https://www.postgresql.org/docs/current/protocol-message-formats.html).
 */
final class BackendMessages {
    private BackendMessages() {
    }

    /** Starts a message: type byte and a length placeholder; returns the placeholder's index for {@link #end}. */
    static int begin(ByteBuf out, char type) {
        out.writeByte(type);
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        return lengthIndex;
    }

    static void end(ByteBuf out, int lengthIndex) {
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex);
    }

    static void cstring(ByteBuf out, String s) {
        ByteBufUtil.writeUtf8(out, s);
        out.writeByte(0);
    }

    static void authenticationOk(ByteBuf out) {
        out.writeByte('R').writeInt(8).writeInt(0);
    }

    static void parameterStatus(ByteBuf out, String name, String value) {
        int at = begin(out, 'S');
        cstring(out, name);
        cstring(out, value);
        end(out, at);
    }

    static void backendKeyData(ByteBuf out, int processId, int secretKey) {
        out.writeByte('K').writeInt(12).writeInt(processId).writeInt(secretKey);
    }

    static void negotiateProtocolVersion(ByteBuf out, int newestMinor, List<String> unrecognized) {
        int at = begin(out, 'v');
        out.writeInt(newestMinor);
        out.writeInt(unrecognized.size());
        for (String option : unrecognized) {
            cstring(out, option);
        }
        end(out, at);
    }

    static void readyForQuery(ByteBuf out, char status) {
        out.writeByte('Z').writeInt(5).writeByte(status);
    }

    /**
     * RowDescription.
     *
     * @param formats one format code per column (0 text, 1 binary)
     */
    static void rowDescription(ByteBuf out, List<Column> columns, short[] formats) {
        int at = begin(out, 'T');
        out.writeShort(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            cstring(out, c.name());
            out.writeInt(c.tableOid());
            out.writeShort(c.columnNumber());
            out.writeInt(c.typeOid());
            out.writeShort(c.typlen());
            out.writeInt(c.typmod());
            out.writeShort(formats[i]);
        }
        end(out, at);
    }

    static void parameterDescription(ByteBuf out, List<Integer> typeOids) {
        int at = begin(out, 't');
        out.writeShort(typeOids.size());
        for (int oid : typeOids) {
            out.writeInt(oid);
        }
        end(out, at);
    }

    static void commandComplete(ByteBuf out, String tag) {
        int at = begin(out, 'C');
        cstring(out, tag);
        end(out, at);
    }

    /** A message with no body: EmptyQueryResponse 'I', ParseComplete '1', BindComplete '2', CloseComplete '3',
     *  NoData 'n', PortalSuspended 's'. */
    static void empty(ByteBuf out, char type) {
        out.writeByte(type).writeInt(4);
    }

    /**
     * ErrorResponse ('E') or NoticeResponse ('N'): fields S (localized severity), V (severity), C (SQLSTATE),
     * M (message), then D (detail), H (hint), P (1-based position), W (context) when present.
     */
    static void errorOrNotice(ByteBuf out, char type, String severity, TesseraException e) {
        int at = begin(out, type);
        field(out, 'S', severity);
        field(out, 'V', severity);
        field(out, 'C', e.sqlState().code());
        field(out, 'M', e.getMessage() == null ? e.sqlState().name().toLowerCase() : e.getMessage());
        if (e.detail() != null) {
            field(out, 'D', e.detail());
        }
        if (e.hint() != null) {
            field(out, 'H', e.hint());
        }
        if (e.position() > 0) {
            field(out, 'P', Integer.toString(e.position()));
        }
        if (e.context() != null) {
            field(out, 'W', e.context());
        }
        out.writeByte(0);
        end(out, at);
    }

    /**
     * CopyInResponse ('G') or CopyOutResponse ('H'): overall format 0 (text: CSV is text too), then one format code
     * 0 per column.
     */
    static void copyResponse(ByteBuf out, char type, int columns) {
        int at = begin(out, type);
        out.writeByte(0);
        out.writeShort(columns);
        for (int i = 0; i < columns; i++) {
            out.writeShort(0);
        }
        end(out, at);
    }

    private static void field(ByteBuf out, char code, String value) {
        out.writeByte(code);
        cstring(out, value);
    }
}

package io.tessera.coordinator.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A frontend for EmbeddedChannel tests: builds the client's messages and renders the server's replies as
 * compact strings ({@code "Z I"}, {@code "C SELECT 1"}, {@code "E ERROR 42601 syntax error ..."},
 * {@code "D 1|abc|NULL"}) so a test can assert a whole exchange in one line.
 */
final class Wire {
    private final EmbeddedChannel channel;
    private final ByteBuf received = Unpooled.buffer();

    Wire(EmbeddedChannel channel) {
        this.channel = channel;
    }

    EmbeddedChannel channel() {
        return channel;
    }

    // ------------------------------------------------------------ client messages

    static ByteBuf startup(Map<String, String> params) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(0).writeInt(196608);
        params.forEach((k, v) -> {
            cstring(b, k);
            cstring(b, v);
        });
        b.writeByte(0);
        b.setInt(0, b.readableBytes());
        return b;
    }

    static ByteBuf untyped(int... ints) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(4 + 4 * ints.length);
        for (int i : ints) {
            b.writeInt(i);
        }
        return b;
    }

    static ByteBuf query(String sql) {
        return typed('Q', b -> cstring(b, sql));
    }

    static ByteBuf parse(String name, String sql, int... oids) {
        return typed('P', b -> {
            cstring(b, name);
            cstring(b, sql);
            b.writeShort(oids.length);
            for (int oid : oids) {
                b.writeInt(oid);
            }
        });
    }

    /** Bind with text parameters (null for NULL) and one result format for all columns (or none when -1). */
    static ByteBuf bind(String portal, String statement, int resultFormat, String... params) {
        byte[][] values = new byte[params.length][];
        for (int i = 0; i < params.length; i++) {
            values[i] = params[i] == null ? null : params[i].getBytes(StandardCharsets.UTF_8);
        }
        return bind(portal, statement, new short[0], values, resultFormat < 0 ? new short[0] : new short[] {(short) resultFormat});
    }

    static ByteBuf bind(String portal, String statement, short[] paramFormats, byte[][] values, short[] resultFormats) {
        return typed('B', b -> {
            cstring(b, portal);
            cstring(b, statement);
            b.writeShort(paramFormats.length);
            for (short f : paramFormats) {
                b.writeShort(f);
            }
            b.writeShort(values.length);
            for (byte[] v : values) {
                if (v == null) {
                    b.writeInt(-1);
                } else {
                    b.writeInt(v.length).writeBytes(v);
                }
            }
            b.writeShort(resultFormats.length);
            for (short f : resultFormats) {
                b.writeShort(f);
            }
        });
    }

    static ByteBuf describe(char kind, String name) {
        return typed('D', b -> {
            b.writeByte(kind);
            cstring(b, name);
        });
    }

    static ByteBuf execute(String portal, int maxRows) {
        return typed('E', b -> {
            cstring(b, portal);
            b.writeInt(maxRows);
        });
    }

    static ByteBuf close(char kind, String name) {
        return typed('C', b -> {
            b.writeByte(kind);
            cstring(b, name);
        });
    }

    static ByteBuf sync() {
        return typed('S', b -> { });
    }

    static ByteBuf flush() {
        return typed('H', b -> { });
    }

    static ByteBuf terminate() {
        return typed('X', b -> { });
    }

    static ByteBuf typed(char type, java.util.function.Consumer<ByteBuf> body) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(type).writeInt(0);
        body.accept(b);
        b.setInt(1, b.readableBytes() - 1);
        return b;
    }

    static void cstring(ByteBuf b, String s) {
        b.writeBytes(s.getBytes(StandardCharsets.UTF_8)).writeByte(0);
    }

    /** Concatenates client messages into one write (as pipelining clients send them). */
    static ByteBuf all(ByteBuf... messages) {
        ByteBuf b = Unpooled.buffer();
        for (ByteBuf m : messages) {
            b.writeBytes(m);
            m.release();
        }
        return b;
    }

    // ------------------------------------------------------------ exchange

    /** Sends bytes and returns every complete server message that came back, rendered. */
    List<String> send(ByteBuf... messages) {
        channel.writeInbound(all(messages));
        channel.runPendingTasks();
        return replies();
    }

    /** The rendered server messages received so far and not yet returned. */
    List<String> replies() {
        drainOutbound();
        List<String> out = new ArrayList<>();
        while (received.readableBytes() >= 5) {
            int length = received.getInt(received.readerIndex() + 1);
            if (received.readableBytes() < 1 + length) {
                break;
            }
            char type = (char) received.readByte();
            received.readInt();
            ByteBuf body = received.readSlice(length - 4);
            out.add(render(type, body));
        }
        return out;
    }

    /** The next raw byte the server sent (the reply to SSLRequest). */
    int rawByte() {
        drainOutbound();
        return received.readableBytes() == 0 ? -1 : received.readByte();
    }

    /** Raw bodies of the DataRows among the pending replies, for binary-format checks. */
    List<byte[][]> dataRows() {
        drainOutbound();
        List<byte[][]> rows = new ArrayList<>();
        while (received.readableBytes() >= 5) {
            char type = (char) received.readByte();
            int length = received.readInt();
            ByteBuf body = received.readSlice(length - 4);
            if (type == 'D') {
                byte[][] row = new byte[body.readShort()][];
                for (int i = 0; i < row.length; i++) {
                    int n = body.readInt();
                    if (n >= 0) {
                        row[i] = new byte[n];
                        body.readBytes(row[i]);
                    }
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private void drainOutbound() {
        Object o;
        while ((o = channel.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            received.writeBytes(b);
            b.release();
        }
    }

    static String render(char type, ByteBuf body) {
        switch (type) {
            case 'R':
                return "R " + body.readInt();
            case 'S':
                return "S " + cstr(body) + "=" + cstr(body);
            case 'K':
                return "K";
            case 'Z':
                return "Z " + (char) body.readByte();
            case 'C':
                return "C " + cstr(body);
            case 'T': {
                int n = body.readShort();
                StringBuilder sb = new StringBuilder("T");
                for (int i = 0; i < n; i++) {
                    String name = cstr(body);
                    body.skipBytes(6);
                    int oid = body.readInt();
                    body.skipBytes(6);
                    int format = body.readShort();
                    sb.append(i == 0 ? " " : ",").append(name).append(':').append(oid);
                    if (format != 0) {
                        sb.append(":b");
                    }
                }
                return sb.toString();
            }
            case 'D': {
                int n = body.readShort();
                StringBuilder sb = new StringBuilder("D ");
                for (int i = 0; i < n; i++) {
                    int len = body.readInt();
                    sb.append(i == 0 ? "" : "|").append(len < 0 ? "NULL" : body.readCharSequence(len, StandardCharsets.UTF_8));
                }
                return sb.toString();
            }
            case 't': {
                int n = body.readShort();
                StringBuilder sb = new StringBuilder("t");
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? " " : ",").append(body.readInt());
                }
                return sb.toString();
            }
            case 'E':
            case 'N': {
                StringBuilder sb = new StringBuilder().append(type);
                String severity = null;
                String code = null;
                String message = null;
                StringBuilder extra = new StringBuilder();
                while (true) {
                    byte f = body.readByte();
                    if (f == 0) {
                        break;
                    }
                    String v = cstr(body);
                    switch (f) {
                        case 'S' -> severity = v;
                        case 'C' -> code = v;
                        case 'M' -> message = v;
                        case 'V' -> { }
                        default -> extra.append(' ').append((char) f).append('=').append(v);
                    }
                }
                return sb.append(' ').append(severity).append(' ').append(code).append(' ').append(message)
                        .append(extra).toString();
            }
            default:
                return String.valueOf(type);
        }
    }

    private static String cstr(ByteBuf b) {
        int end = b.indexOf(b.readerIndex(), b.writerIndex(), (byte) 0);
        String s = b.toString(b.readerIndex(), end - b.readerIndex(), StandardCharsets.UTF_8);
        b.readerIndex(end + 1);
        return s;
    }
}

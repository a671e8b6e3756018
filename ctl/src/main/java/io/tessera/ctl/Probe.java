package io.tessera.ctl;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Readiness checks. ZooKeeper, the GTM and datanodes are ready when their port accepts a TCP connection; a
 * coordinator only when it completes a PostgreSQL v3 handshake: StartupMessage for user {@code tessera},
 * database {@code postgres}, then AuthenticationOk ... ReadyForQuery, then Terminate
 * (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP).
 */
public final class Probe {
    private static final int PROTOCOL_3_0 = 196608;

    private Probe() {
    }

    /** True when the node answers as its role should. */
    public static boolean ready(Node node) {
        return node.role() == Role.COORDINATOR
                ? pgHandshake(node.config().host, node.config().port, 2000)
                : accepts(node.config().host, node.config().port, 1000);
    }

    /** True when {@code host:port} accepts a TCP connection within the timeout. */
    public static boolean accepts(String host, int port, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when a PostgreSQL server at {@code host:port} lets user tessera into database postgres. */
    public static boolean pgHandshake(String host, int port, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            byte[] params = "user\0tessera\0database\0postgres\0\0".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer startup = ByteBuffer.allocate(8 + params.length);
            startup.putInt(8 + params.length).putInt(PROTOCOL_3_0).put(params);
            out.write(startup.array());
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            boolean authenticated = false;
            for (int messages = 0; messages < 1000; messages++) {
                int type = in.readUnsignedByte();
                int length = in.readInt();
                if (length < 4 || length > 1 << 20) {
                    return false;
                }
                byte[] body = new byte[length - 4];
                in.readFully(body);
                switch (type) {
                    case 'R' -> {
                        if (body.length < 4 || ByteBuffer.wrap(body).getInt() != 0) {
                            return false; // a password is asked for: not our trust setup
                        }
                        authenticated = true;
                    }
                    case 'Z' -> {
                        out.write(new byte[] {'X', 0, 0, 0, 4});
                        out.flush();
                        return authenticated;
                    }
                    case 'E' -> {
                        return false;
                    }
                    default -> {
                        // ParameterStatus, BackendKeyData, NoticeResponse: skip
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}

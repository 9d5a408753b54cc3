package io.ratelimiter.deploychecks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * One HTTP/1.1 request written by hand, so its request line reaches the server byte for byte: client libraries
 * normalise or refuse paths like {@code /./health} or {@code /%70rometheus}, which is exactly what a check of a
 * proxy's matching must send.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** The whole answer (status line, headers, body) to {@code GET path} on a plain connection. */
    static String get(URI server, String path) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            return exchange(socket, server, path);
        }
    }

    /** The same over TLS, trusting what {@code tls} trusts. */
    static String get(SSLContext tls, URI server, String path) throws IOException {
        try (Socket socket = tls.getSocketFactory().createSocket(server.getHost(), server.getPort())) {
            return exchange(socket, server, path);
        }
    }

    private static String exchange(Socket socket, URI server, String path) throws IOException {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + server.getHost() + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}

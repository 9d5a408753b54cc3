package io.ratelimiter.systemtests;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requests no well-behaved client library would send (a bare CR in a header, two lengths, a broken chunk, a
 * missing Host, bytes that are not UTF-8), written to the socket byte for byte. The answer is read as sent:
 * status line, headers, then the body by Content-Length, chunks, or until the server closes.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code request} (ISO-8859-1, so every char is one byte) and reads one answer. */
    static Http.Answer exchange(URI server, String request) {
        return exchange(server, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Http.Answer exchange(URI server, byte[] request) {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 2000);
            socket.setSoTimeout((int) Http.REQUEST_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may refuse early (e.g. an oversized header) and close while we still write: read its answer.
            }
            return read(new BufferedInputStream(socket.getInputStream()), started);
        } catch (IOException e) {
            return Http.Answer.failed(e.toString(), System.nanoTime() - started);
        }
    }

    private static Http.Answer read(InputStream in, long started) throws IOException {
        int status;
        Map<String, List<String>> headers;
        do {
            String statusLine = line(in);
            if (statusLine == null) {
                return Http.Answer.failed("the server closed the connection without an answer", System.nanoTime() - started);
            }
            status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            String header;
            while ((header = line(in)) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                headers.computeIfAbsent(header.substring(0, colon).trim(), name -> new ArrayList<>())
                        .add(header.substring(colon + 1).trim());
            }
            // An interim answer (100 Continue) comes before the real one.
        } while (status >= 100 && status < 200);
        byte[] body;
        List<String> length = headers.get("Content-Length");
        List<String> encoding = headers.get("Transfer-Encoding");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            body = chunks(in);
        } else {
            body = in.readAllBytes();
        }
        return new Http.Answer(status, headers, new String(body, StandardCharsets.UTF_8), null, System.nanoTime() - started);
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String size;
        while ((size = line(in)) != null) {
            int length = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (length == 0) {
                break;
            }
            body.write(in.readNBytes(length));
            line(in);
        }
        return body.toByteArray();
    }

    /** One line without its CRLF, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}

package jp.jukinet.national.provision;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import jp.jukinet.service.security.PeerIdentityFilter;
import jp.jukinet.testsupport.TestPki;

/**
 * A minimal HTTP/1.1 client over mutual TLS that sends a chunked NDJSON body and reads the
 * chunked answer at the same time, as a batch client must: the server answers lines while the
 * request is still arriving, so a client that reads only after sending everything would deadlock
 * once the socket buffers fill. It presents the gateway's certificate and the caller header, as
 * requests arrive in production.
 */
final class NdjsonDuplexClient implements AutoCloseable {

    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;
    private int status = -1;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private BufferedReader body;

    NdjsonDuplexClient(int port, String path, String caller) {
        try {
            socket = (SSLSocket) TestPki.bundle(TestPki.certificate("gateway"), TestPki.ca().caCertificatePath())
                    .createSslContext().getSocketFactory().createSocket("localhost", port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + "Content-Type: application/x-ndjson\r\nAccept: application/x-ndjson\r\n"
                    + "Transfer-Encoding: chunked\r\n" + PeerIdentityFilter.CALLER_HEADER + ": " + caller + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code bytes} as one chunk (lines, each ending with a newline). */
    void send(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        try {
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(String lines) {
        send(lines.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends, on another thread, a lookup under {@code basis} for each of {@code count} resident codes
     * from serial {@code firstSerial} on, in pieces of about {@code pieceChars}, then ends the
     * request; the caller reads the answers meanwhile.
     */
    java.util.concurrent.CompletableFuture<Void> sendLookupsAsync(String basis, long firstSerial, int count,
                                                                  int pieceChars) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            StringBuilder piece = new StringBuilder(pieceChars + 128);
            for (int i = 0; i < count; i++) {
                piece.append("{\"basis\":\"").append(basis).append("\",\"residentCode\":\"")
                        .append(jp.jukinet.model.code.ResidentCode.fromSerial(firstSerial + i).value()).append("\"}\n");
                if (piece.length() > pieceChars) {
                    send(piece.toString());
                    piece.setLength(0);
                }
            }
            send(piece.toString());
            finish();
        });
    }

    /** Ends the request body. */
    void finish() {
        try {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The response status; blocks until the head has arrived. */
    int status() {
        readHead();
        return status;
    }

    String header(String name) {
        readHead();
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The next line of the answer, or {@code null} at its end; blocks until it has arrived. */
    String readLine() {
        readHead();
        try {
            return body.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readHead() {
        if (status >= 0) {
            return;
        }
        try {
            String statusLine = headLine();
            status = Integer.parseInt(statusLine.split(" ")[1]);
            String line;
            while (!(line = headLine()).isEmpty()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            InputStream content = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new Chunked(in) : in;
            body = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String headLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Decodes a chunked body. */
    private static final class Chunked extends InputStream {

        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = sizeLine();
                left = Long.parseLong(size.split(";")[0].trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int read = in.read(b, off, (int) Math.min(len, left));
            if (read < 0) {
                throw new IOException("the answer ended inside a chunk");
            }
            left -= read;
            if (left == 0) {
                in.read();
                in.read(); // CRLF after the chunk
            }
            return read;
        }

        private String sizeLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

package dev.deberta4j.serve;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Tells whether the client of a request still waits for its answer. Jetty notices a closed connection only when it
 * reads from it, which it does not do while a handler runs, so this reads the socket itself, without blocking:
 * end-of-stream means the client went away. HTTP/1.1 clients do not send the next request before the answer
 * (no pipelining), so nothing is there to read; should a byte arrive anyway, the connection is closed after this
 * answer ({@link #mustClose()}) so the client resends it.
 */
final class ClientConnection {
    private final EndPoint endPoint;
    private boolean gone;
    private boolean mustClose;

    ClientConnection(HttpServletRequest request) {
        ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
        this.endPoint = jetty == null ? null : jetty.getConnectionMetaData().getConnection().getEndPoint();
    }

    boolean gone() {
        if (gone || endPoint == null) return gone;
        if (!endPoint.isOpen()) return gone = true;
        try {
            ByteBuffer probe = BufferUtil.allocate(1);
            int n = endPoint.fill(probe);
            if (n < 0) gone = true;
            else if (n > 0) mustClose = true;
        } catch (IOException e) {
            gone = true;
        }
        return gone;
    }

    boolean mustClose() {
        return mustClose;
    }
}

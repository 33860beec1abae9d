package dev.weft.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between one client and the server, so that {@link ServerConvergenceTest} can break
 * that one client's connection the way networks do. {@code WeftClient} has no public way to drop
 * a connection, and a relay also makes failures no API call could: a socket that goes silent and
 * that only the heartbeats notice.
 *
 * <p>While the server is down, a new connection is accepted and closed at once, as a refused one.
 */
final class ServerConvergenceProxy implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

    private final ServerSocket listener;
    private final int serverPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean refusing;
    private volatile boolean closed;

    ServerConvergenceProxy(int serverPort) throws IOException {
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = daemon("proxy-" + listener.getLocalPort() + "-accept", this::acceptLoop);
        acceptor.start();
    }

    /** The port clients connect to instead of the server's. */
    int port() {
        return listener.getLocalPort();
    }

    /** Closes the current connections, as a dropped network would: the client reconnects. */
    void cut() {
        links.forEach(Link::close);
    }

    /**
     * Silently drops every byte of the current connections from now on, in both directions. Only
     * a heartbeat notices: the client's missing pong or the server's silent connection.
     */
    void stall() {
        links.forEach(link -> link.stalled = true);
    }

    /** While {@code refuse} holds, cuts the current connections and refuses new ones: a partition. */
    void refuse(boolean refuse) {
        refusing = refuse;
        if (refuse) {
            cut();
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        cut();
        try {
            acceptor.join(CONNECT_TIMEOUT_MILLIS * 2L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket server = new Socket();
            try {
                if (refusing) {
                    throw new IOException("partitioned");
                }
                InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
                server.connect(address, CONNECT_TIMEOUT_MILLIS);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            Link link = new Link(client, server);
            links.add(link);
            link.start();
            // A partition or close that began while this connection was being set up applies to it too.
            if (refusing || closed) {
                link.close();
            }
        }
    }

    /** One relayed connection: a pump thread per direction. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        volatile boolean stalled;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            String name = "proxy-" + listener.getLocalPort() + "-" + client.getPort();
            daemon(name + "-up", () -> pump(client, server)).start();
            daemon(name + "-down", () -> pump(server, client)).start();
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    // Once stalled, a link never forwards again, so a frame cut in half is never seen.
                    if (!stalled) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // Either side closed or was cut: close both.
            } finally {
                close();
            }
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing a socket twice or after a reset: nothing to do.
        }
    }
}

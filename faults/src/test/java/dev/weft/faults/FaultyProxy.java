package dev.weft.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay between one client and the server that can break the network on command:
 * {@link #cut()} closes every relayed connection at once; {@link #stall()} stops relaying in both
 * directions (the bytes wait in the kernel's buffers, as behind a dead router) until
 * {@link #resume()}; {@link #partition(boolean)} refuses new connections. Plain blocking sockets,
 * two threads per relayed connection; 127.0.0.1 only.
 */
final class FaultyProxy implements AutoCloseable {
    private final int serverPort;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile boolean stalled;
    private volatile boolean partitioned;
    private volatile boolean closed;
    private int connections;

    FaultyProxy(int serverPort) throws IOException {
        this.serverPort = serverPort;
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    synchronized int connections() {
        return connections;
    }

    /** Closes every relayed connection, both ends. */
    void cut() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    void stall() {
        stalled = true;
    }

    void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    /** While partitioned, new connections are closed as soon as they are accepted. */
    void partition(boolean on) {
        partitioned = on;
    }

    /** Ends every fault: resumes, lifts the partition. */
    void heal() {
        partition(false);
        resume();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        cut();
        resume();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (partitioned) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                synchronized (this) {
                    connections++;
                }
                pump(client, server, "up");
                pump(server, client, "down");
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    awaitNotStalled();
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    awaitNotStalled();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // cut, or the peer went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "proxy-" + direction + "-" + listener.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    private void awaitNotStalled() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}

package dev.weft.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server in a JVM of its own ({@link FaultServerMain}, on this test's class path), so that it
 * can be killed with SIGKILL: no shutdown hook, no close, no flush. Its output is drained by a
 * thread and the last lines kept for failure messages.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final int KEPT_LINES = 60;

    private final Process process;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::drain, "fault-server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a server on {@code data} and returns once it listens. */
    static ServerProcess start(Path data, int port, int snapshotInterval) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), FaultServerMain.class.getName(),
                data.toString(), Integer.toString(port), Integer.toString(snapshotInterval))
                .redirectErrorStream(true)
                .start();
        ServerProcess server = new ServerProcess(process);
        try {
            server.port.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException | InterruptedException | java.util.concurrent.ExecutionException e) {
            server.kill();
            throw new IOException("the server did not start: " + e + "\n" + server.output(), e);
        }
        return server;
    }

    int port() {
        return port.join();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the server process survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines the process printed. */
    synchronized String output() {
        return String.join("\n", lastLines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private void drain() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (this) {
                    lastLines.addLast(line);
                    if (lastLines.size() > KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // The process died; its exit is what the test acts on.
        }
        port.completeExceptionally(new IOException("the server exited before listening:\n" + output()));
    }
}

package dev.weft.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.ServerConfig;
import dev.weft.server.WeftServer;
import dev.weft.server.store.InMemoryDocumentStore;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile input: every case of the committed corpus in
 * {@code src/test/resources/dev/weft/faults/hostile/} is sent as one frame over a real WebSocket,
 * on a connection that has documents {@code a} and {@code b} open. Each must get the error (or the
 * close status) its file names; every document must be byte-identical afterwards (text and
 * version, read over HTTP); and the connection's other open document must still take an edit, or,
 * for the cases that close the connection, a new connection must.
 *
 * <p>A case file is a few header lines ({@code # what it is}, {@code # expect: error CODE},
 * {@code # expect: close STATUS} or {@code # expect: duplicate}, optionally {@code # frame: binary}
 * and {@code # before: hello}), then the frame's exact bytes. {@code ${seq}} in a text frame is
 * replaced by a fresh seq of the connection's client, so that a case has only its own defect.
 */
class HostileInputTest {
    static final String CORPUS = "/dev/weft/faults/hostile";
    private static final List<String> DOCUMENTS = List.of("a", "b", "c");

    private final InMemoryDocumentStore store = new InMemoryDocumentStore();
    private WeftServer server;
    private WebSocketCoreClient jetty;
    private ServerApi api;
    private final AtomicLong seqs = new AtomicLong(10);
    /** The versions the victim's setup seqs were committed as, in document a. */
    private final Map<Long, Long> committed = new LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        // The store is not under test here; the in-memory one keeps 80 cases fast.
        server = new WeftServer(ServerConfig.builder().host("127.0.0.1").port(0).store(store)
                .maxMessageBytes(64 * 1024).maxOpComponents(100).maxDocumentLength(5000).build()).start();
        jetty = RawWebSocket.startClient();
        api = new ServerApi(server.port());
        try (RawWebSocket writer = hello("writer")) {
            open(writer, "a");
            submit(writer, "a", 0, 1, "[\"héllo 😅 wörld 𝄞!\"]");
            open(writer, "b");
            submit(writer, "b", 0, 1, "[\"bee 🤖\"]");
        }
        try (RawWebSocket victim = hello("victim")) {
            open(victim, "a");
            committed.put(1L, submit(victim, "a", 1, 1, "[\"<v1>\"]"));
            committed.put(3L, submit(victim, "a", 2, 3, "[\"<v3>\"]"));
        }
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        server.stop();
        store.close();
    }

    @TestFactory
    Stream<DynamicTest> everyCase_getsItsErrorOrClose_changesNothing_otherDocumentStillWorks() throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(corpus())) {
            files = listing.filter(f -> f.toString().endsWith(".case")).sorted().toList();
        }
        assertTrue(files.size() >= 60, "the corpus has only " + files.size() + " cases");
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
    }

    static Path corpus() throws URISyntaxException {
        return Path.of(HostileInputTest.class.getResource(CORPUS).toURI());
    }

    private void run(Path file) throws Exception {
        Case hostile = Case.read(file);
        Map<String, ServerApi.Latest> before = state();
        try (RawWebSocket socket = hostile.beforeHello() ? RawWebSocket.connect(jetty, server.port()) : hello("victim")) {
            if (!hostile.beforeHello()) {
                open(socket, "a");
                open(socket, "b");
            }
            byte[] frame = hostile.frame();
            if (!hostile.binary()) {
                frame = new String(frame, StandardCharsets.UTF_8).contains("${seq}")
                        ? new String(frame, StandardCharsets.UTF_8).replace("${seq}", Long.toString(seqs.incrementAndGet()))
                                .getBytes(StandardCharsets.UTF_8)
                        : frame;
            }
            socket.send(hostile.binary() ? OpCode.BINARY : OpCode.TEXT, frame);

            String[] expect = hostile.expect().split(" ");
            switch (expect[0]) {
                case "error" -> {
                    JsonNode answer = socket.answer();
                    assertNotNull(answer, "no answer to " + hostile.what());
                    assertEquals("error", answer.path("type").asText(), answer.toString());
                    assertEquals(expect[1], answer.path("code").asText(), answer.toString());
                }
                case "close" -> {
                    CloseStatus status = socket.awaitClose();
                    assertNotNull(status, "the connection stayed open after " + hostile.what());
                    assertEquals(Integer.parseInt(expect[1]), status.getCode(), status.toString());
                }
                case "duplicate" -> {
                    JsonNode answer = socket.answer();
                    assertNotNull(answer, "no answer to " + hostile.what());
                    assertEquals("ack", answer.path("type").asText(), answer.toString());
                    assertTrue(answer.path("duplicate").asBoolean(), answer.toString());
                    assertEquals(committed.get(answer.path("seq").asLong()), answer.path("v").asLong(),
                            "acked with another version than the seq's original one: " + answer);
                }
                default -> throw new IllegalArgumentException(file + ": unknown expectation " + hostile.expect());
            }
            assertEquals(before, state(), "a document changed after " + hostile.what());
            if (!socket.isClosed()) {
                if (hostile.beforeHello()) {
                    socket.sendText("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"victim\"}");
                    socket.expect("welcome");
                    open(socket, "b");
                }
                long v = api.latest("b").version();
                submit(socket, "b", v, seqs.incrementAndGet(), "[\"<ok>\"]");
                return;
            }
        }
        try (RawWebSocket fresh = hello("victim")) {
            open(fresh, "b");
            submit(fresh, "b", api.latest("b").version(), seqs.incrementAndGet(), "[\"<ok>\"]");
        }
    }

    private Map<String, ServerApi.Latest> state() throws Exception {
        Map<String, ServerApi.Latest> state = new LinkedHashMap<>();
        for (String doc : DOCUMENTS) {
            state.put(doc, api.latest(doc));
        }
        return state;
    }

    private RawWebSocket hello(String clientId) throws Exception {
        RawWebSocket socket = RawWebSocket.connect(jetty, server.port());
        socket.sendText("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"" + clientId + "\"}");
        socket.expect("welcome");
        return socket;
    }

    private static void open(RawWebSocket socket, String doc) throws Exception {
        socket.sendText("{\"type\":\"open\",\"doc\":\"" + doc + "\"}");
        socket.expect("snapshot");
    }

    private static long submit(RawWebSocket socket, String doc, long v, long seq, String op) throws Exception {
        socket.sendText("{\"type\":\"submit\",\"doc\":\"" + doc + "\",\"v\":" + v + ",\"seq\":" + seq + ",\"op\":" + op + "}");
        JsonNode ack = socket.expect("ack");
        assertEquals(seq, ack.path("seq").asLong(), ack.toString());
        return ack.path("v").asLong();
    }

    /** One file of the corpus. */
    record Case(String what, String expect, boolean binary, boolean beforeHello, byte[] frame) {
        static Case read(Path file) throws Exception {
            byte[] bytes = Files.readAllBytes(file);
            List<String> header = new ArrayList<>();
            int at = 0;
            while (at < bytes.length && bytes[at] == '#') {
                int end = at;
                while (bytes[end] != '\n') {
                    end++;
                }
                header.add(new String(bytes, at + 2, end - at - 2, StandardCharsets.UTF_8));
                at = end + 1;
            }
            String expect = header.stream().filter(h -> h.startsWith("expect: ")).map(h -> h.substring(8))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(file + " has no expect line"));
            return new Case(header.get(0) + " (" + file.getFileName() + ")", expect,
                    header.contains("frame: binary"), header.contains("before: hello"),
                    Arrays.copyOfRange(bytes, at, bytes.length));
        }
    }
}

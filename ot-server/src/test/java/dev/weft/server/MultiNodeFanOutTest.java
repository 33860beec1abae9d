package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.TextOperation;
import dev.weft.server.store.PostgresDocumentStore;
import dev.weft.server.store.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes on one PostgreSQL database, seen by wire clients: a commit on one node reaches the
 * other node's clients in version order, also when its notification never came (the op is written
 * past the store, as a lost notification leaves it); presence and chat cross too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MultiNodeFanOutTest {
    private PostgresTestDatabase database;
    private PostgresDocumentStore storeA;
    private PostgresDocumentStore storeB;
    private WeftServer nodeA;
    private WeftServer nodeB;

    @BeforeEach
    void start() {
        database = PostgresTestDatabase.create();
        storeA = PostgresDocumentStore.open(database.address());
        storeB = PostgresDocumentStore.open(database.address());
        nodeA = new WeftServer(config(storeA)).start();
        nodeB = new WeftServer(config(storeB)).start();
    }

    private static ServerConfig config(PostgresDocumentStore store) {
        return ServerConfig.builder().port(0).store(store).heartbeatInterval(Duration.ofMillis(300)).build();
    }

    @AfterEach
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, storeA, storeB, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // Keep closing the rest.
            }
        }
    }

    @Test
    void commitOnOneNode_reachesTheOtherNodesClientsInOrder_evenWithoutItsNotification() throws Exception {
        try (WireClient alice = WireClient.hello(nodeA.port(), "alice");
             WireClient bob = WireClient.hello(nodeB.port(), "bob")) {
            alice.send("type", "open", "doc", "notes");
            alice.expect("snapshot");
            bob.send("type", "open", "doc", "notes");
            bob.expect("snapshot");

            alice.send("type", "submit", "doc", "notes", "v", 0, "seq", 1, "op", List.of("hello"));
            assertEquals(1, alice.skipTo("ack").path("v").asLong());
            JsonNode first = bob.skipTo("op");
            assertEquals(1, first.path("v").asLong());
            assertEquals("alice", first.path("clientId").asText());

            // Version 2 is written past the store: no notification. Bob's node finds it by version.
            writeWithoutNotification("notes", new CommittedOp(2, "carol", 1, TextOperation.insert(5, "!")));
            JsonNode second = bob.skipTo("op");
            assertEquals(2, second.path("v").asLong());
            assertEquals("carol", second.path("clientId").asText());

            // Bob's own commit on node B rebases over both and is acked as version 3, then reaches Alice.
            bob.send("type", "submit", "doc", "notes", "v", 2, "seq", 1, "op", List.of(6, " bob"));
            assertEquals(3, bob.skipTo("ack").path("v").asLong());
            assertEquals(2, alice.skipTo("op").path("v").asLong());
            JsonNode third = alice.skipTo("op");
            assertEquals(3, third.path("v").asLong());
            assertEquals("bob", third.path("clientId").asText());
        }
        assertEquals("hello! bob", storeA.load("notes").map(doc -> {
            dev.weft.ot.Rope text = dev.weft.ot.Rope.of(doc.snapshotText());
            for (CommittedOp entry : doc.ops()) {
                text = entry.op().apply(text);
            }
            return text.toString();
        }).orElseThrow());
    }

    @Test
    void presenceAndChat_crossNodes() throws Exception {
        try (WireClient alice = WireClient.hello(nodeA.port(), "alice");
             WireClient bob = WireClient.hello(nodeB.port(), "bob")) {
            alice.send("type", "open", "doc", "room");
            alice.expect("snapshot");
            bob.send("type", "open", "doc", "room");
            bob.expect("snapshot");

            JsonNode joined = alice.skipTo("presence");
            assertEquals("bob", joined.path("clientId").asText());
            assertEquals("online", joined.path("status").asText());

            bob.send("type", "chat", "doc", "room", "text", "hi from B");
            JsonNode chat = alice.skipTo("chat");
            assertEquals("hi from B", chat.path("text").asText());
            assertEquals("bob", chat.path("clientId").asText());

            String longText = "é".repeat(1990) + "\u0001".repeat(10);
            bob.send("type", "chat", "doc", "room", "text", longText);
            assertEquals(longText, alice.skipTo("chat").path("text").asText(), "a chat too long for a notification");

            bob.send("type", "close", "doc", "room");
            JsonNode left = alice.skipTo("presence");
            assertEquals("bob", left.path("clientId").asText());
            assertEquals("offline", left.path("status").asText());

            // Node B dropped the document when Bob left. Carol opens it there: Alice's node hears of
            // the newcomer and announces Alice back, so Carol learns of her right after the snapshot.
            try (WireClient carol = WireClient.hello(nodeB.port(), "carol")) {
                carol.send("type", "open", "doc", "room");
                carol.expect("snapshot");
                JsonNode announced = carol.skipTo("presence");
                assertEquals("alice", announced.path("clientId").asText());
                assertEquals("online", announced.path("status").asText());
            }
        }
    }

    @Test
    void nodeRestartedOnTheSameStore_listensAgain() throws Exception {
        nodeA.stop();
        nodeA = new WeftServer(config(storeA)).start();
        try (WireClient alice = WireClient.hello(nodeA.port(), "alice");
             WireClient bob = WireClient.hello(nodeB.port(), "bob")) {
            alice.send("type", "open", "doc", "again");
            alice.expect("snapshot");
            bob.send("type", "open", "doc", "again");
            bob.expect("snapshot");
            bob.send("type", "submit", "doc", "again", "v", 0, "seq", 1, "op", List.of("x"));
            assertEquals(1, bob.skipTo("ack").path("v").asLong());
            assertEquals("bob", alice.skipTo("op").path("clientId").asText());
        }
    }

    private void writeWithoutNotification(String doc, CommittedOp entry) throws Exception {
        String address = database.address();
        java.net.URI uri = java.net.URI.create(address);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + uri.getRawAuthority() + uri.getRawPath()
                + "?" + uri.getRawQuery())) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO ops (doc, version, client_id, seq, op, "
                    + "committed_at) SELECT doc, ?, ?, ?, ?, 0 FROM documents WHERE id = ?");
                 PreparedStatement update = c.prepareStatement(
                         "UPDATE documents SET version = ?, length = length + ? WHERE id = ?")) {
                insert.setLong(1, entry.version());
                insert.setString(2, entry.clientId());
                insert.setLong(3, entry.seq());
                insert.setString(4, Json.write(Json.operation(entry.op())));
                insert.setString(5, doc);
                assertEquals(1, insert.executeUpdate());
                update.setLong(1, entry.version());
                update.setLong(2, entry.op().lengthDelta());
                update.setString(3, doc);
                assertEquals(1, update.executeUpdate());
            }
            c.commit();
        }
    }

}

package dev.weft.fuzz;

import dev.weft.ot.Commit;
import dev.weft.ot.CommittedOp;
import dev.weft.ot.OtClient;
import dev.weft.ot.Rope;
import dev.weft.ot.Selection;
import dev.weft.ot.Sequencer;
import dev.weft.ot.Submission;
import dev.weft.ot.TextOperation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One seeded run of 2 to 8 {@link OtClient}s and a {@link Sequencer} over a {@link SimulatedNetwork}:
 * random token edits, random per-channel delays, disconnects with resubmission, duplicated
 * messages. {@link #run()} ends with everything delivered and checks that all replicas converged.
 *
 * <p><b>The token check.</b> The document is a sequence of unique tokens ({@link Tokens}). A
 * client only inserts new whole tokens at token boundaries and deletes whole tokens, both as it
 * sees its local text. Every component boundary of such an operation lies on a token boundary,
 * and transform and compose only cut operations at the other operation's boundaries and never
 * split an insert, so every operation any replica applies keeps tokens whole. Hence: the text is
 * always a concatenation of tokens (checked on every replica after every message); a token a
 * client deleted is gone everywhere (the delete removes exactly its characters, and nobody
 * inserts that token again); and every other token ever inserted appears exactly once (OT never
 * drops or duplicates an insert that no delete covered). That makes the check sound without
 * modelling which concurrent edit saw what.
 */
final class NetworkSimulation {
    sealed interface Message permits Hello, Submit, Broadcast, Ack {}

    /** Client to server, first on every new connection: the version the client knows. */
    record Hello(long knownVersion) implements Message {}

    record Submit(Submission submission) implements Message {}

    /** Server to client: a committed operation, live or as catch-up after a Hello. */
    record Broadcast(CommittedOp op) implements Message {}

    /** Server to the author: its operation was committed (again, for a duplicate). */
    record Ack(CommittedOp op) implements Message {}

    private final class Peer {
        final String author;
        final OtClient client;
        final SimulatedNetwork.Channel<Message> up;
        final SimulatedNetwork.Channel<Message> down;
        final Set<Long> sentSeqs = new TreeSet<>();
        boolean connected = true;
        /** Server side: live broadcasts go to this peer (after its Hello was handled). */
        boolean subscribed = true;
        int edits;

        Peer(String author) {
            this.author = author;
            this.client = new OtClient("client-" + author, 0, initialText, this::send);
            this.up = network.channel(author + "-up", m -> serverReceive(this, m));
            this.down = network.channel(author + "-down", m -> clientReceive(this, m));
        }

        private void send(Submission submission) {
            sentSeqs.add(submission.seq());
            network.send(up, new Submit(submission));
        }
    }

    private final long seed;
    private final Random random;
    private final SimulatedNetwork<Message> network;
    private final String initialText;
    private final Sequencer sequencer;
    private final List<Peer> peers = new ArrayList<>();
    private final int ticks;
    private final double editRate;
    private final double disconnectRate;
    private final double reconnectRate;
    private final Set<String> initialTokens = new LinkedHashSet<>();
    private final Set<String> insertedTokens = new LinkedHashSet<>();
    private final Set<String> deletedTokens = new HashSet<>();
    private final Set<String> committedSubmissions = new HashSet<>();
    private int duplicatesAcked;
    private int disconnects;
    private int resubmissions;

    NetworkSimulation(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        this.network = new SimulatedNetwork<>(random, random.nextDouble() * 0.1);
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(7); i > 0; i--) {
            String token = Tokens.create("i", i, random);
            initialTokens.add(token);
            text.append(token);
        }
        this.initialText = text.toString();
        this.sequencer = Sequencer.create(initialText);
        this.ticks = 30 + random.nextInt(120);
        this.editRate = 0.05 + random.nextDouble() * 0.35;
        this.disconnectRate = random.nextDouble() * 0.1;
        this.reconnectRate = 0.05 + random.nextDouble() * 0.25;
        for (int i = 2 + random.nextInt(7); i > 0; i--) {
            peers.add(new Peer(String.valueOf((char) ('a' + peers.size()))));
        }
    }

    /** Runs the simulation to quiescence and checks convergence; throws AssertionError otherwise. */
    void run() {
        for (long tick = 0; tick < ticks; tick++) {
            for (Peer peer : peers) {
                if (random.nextDouble() < editRate) {
                    edit(peer);
                }
                if (random.nextDouble() < 0.05) {
                    moveCaret(peer);
                }
            }
            Peer someone = peers.get(random.nextInt(peers.size()));
            if (someone.connected && random.nextDouble() < disconnectRate) {
                disconnect(someone);
            } else if (!someone.connected && random.nextDouble() < reconnectRate) {
                reconnect(someone);
            }
            network.deliverUntil(tick);
        }
        for (Peer peer : peers) {
            if (!peer.connected) {
                reconnect(peer);
            }
        }
        while (network.deliverNext()) {
            // Acks make clients send their buffers; keep going until the wire is empty.
        }
        checkConverged();
    }

    /** A one-line description of the run, for failure messages and logs. */
    String describe() {
        return "seed " + seed + ": " + peers.size() + " clients, " + ticks + " ticks, edit rate "
                + String.format("%.2f", editRate) + ", " + disconnects + " disconnects, " + resubmissions
                + " resubmissions, " + duplicatesAcked + " duplicate submissions re-acked, " + network.stats()
                + ", " + insertedTokens.size() + " tokens inserted, " + deletedTokens.size() + " deleted, final version "
                + sequencer.version();
    }

    private void edit(Peer peer) {
        List<String> tokens = Tokens.parse(peer.client.text().toString());
        int n = tokens.size();
        boolean[] insertAt = new boolean[n + 1];
        boolean[] delete = new boolean[n];
        boolean any = false;
        for (int i = 0; i <= n; i++) {
            insertAt[i] = random.nextInt(n + 1) == 0;
            any |= insertAt[i];
            if (i < n) {
                delete[i] = random.nextInt(2 * n) == 0;
                any |= delete[i];
            }
        }
        if (!any) {
            insertAt[random.nextInt(n + 1)] = true;
        }
        TextOperation.Builder op = TextOperation.builder();
        for (int i = 0; i <= n; i++) {
            // An insert and a delete at one boundary, in either order: the two normal forms.
            boolean deleteFirst = i < n && delete[i] && random.nextBoolean();
            if (deleteFirst) {
                deleteToken(op, tokens.get(i));
            }
            if (insertAt[i]) {
                String token = Tokens.create(peer.author, ++peer.edits, random);
                insertedTokens.add(token);
                op.insert(token);
            }
            if (i < n && !deleteFirst) {
                if (delete[i]) {
                    deleteToken(op, tokens.get(i));
                } else {
                    op.retain(Tokens.length(tokens.get(i)));
                }
            }
        }
        peer.client.applyLocal(op.build());
    }

    private void deleteToken(TextOperation.Builder op, String token) {
        deletedTokens.add(token);
        if (random.nextBoolean()) {
            op.delete(token);
        } else {
            op.delete(Tokens.length(token));
        }
    }

    private void moveCaret(Peer peer) {
        int length = peer.client.text().length();
        peer.client.select(new Selection(random.nextInt(length + 1), random.nextInt(length + 1)));
    }

    private void disconnect(Peer peer) {
        disconnects++;
        peer.connected = false;
        peer.subscribed = false;
        network.close(peer.up);
        network.close(peer.down);
    }

    /** A new connection: Hello with the known version first, then the in-flight op again, same seq. */
    private void reconnect(Peer peer) {
        peer.connected = true;
        network.open(peer.up);
        network.open(peer.down);
        network.send(peer.up, new Hello(peer.client.version()));
        if (peer.client.reconnect()) {
            resubmissions++;
        }
    }

    private void serverReceive(Peer peer, Message message) {
        if (message instanceof Hello hello) {
            peer.subscribed = true;
            for (CommittedOp op : sequencer.opsSince(hello.knownVersion())) {
                network.send(peer.down, new Broadcast(op));
            }
            return;
        }
        Submission submission = ((Submit) message).submission();
        check(peer.subscribed, () -> "a submission arrived before the Hello of its connection");
        String key = submission.clientId() + "#" + submission.seq();
        boolean seen = committedSubmissions.contains(key);
        long versionBefore = sequencer.version();
        Commit commit = sequencer.submit(submission);
        check(commit.duplicate() == seen, () -> "submission " + key + " committed before: " + seen
                + ", but the sequencer says duplicate=" + commit.duplicate());
        network.send(peer.down, new Ack(commit.entry()));
        if (commit.duplicate()) {
            duplicatesAcked++;
            check(sequencer.version() == versionBefore, () -> "a duplicate " + key + " changed the version");
            return;
        }
        committedSubmissions.add(key);
        for (Peer other : peers) {
            if (other != peer && other.subscribed) {
                network.send(other.down, new Broadcast(commit.entry()));
            }
        }
    }

    private void clientReceive(Peer peer, Message message) {
        if (message instanceof Broadcast broadcast) {
            peer.client.receive(broadcast.op());
        } else if (random.nextBoolean()) {
            peer.client.receive(((Ack) message).op());
        } else {
            peer.client.receiveAck(((Ack) message).op().version());
        }
        Tokens.parse(peer.client.text().toString());
    }

    private void checkConverged() {
        String text = sequencer.text().toString();
        Rope replayed = Rope.of(initialText);
        Set<String> seqsInHistory = new HashSet<>();
        for (CommittedOp op : sequencer.history().opsSince(0)) {
            replayed = op.op().apply(replayed);
            check(seqsInHistory.add(op.clientId() + "#" + op.seq()), () -> "committed twice: " + op);
        }
        String history = replayed.toString();
        check(history.equals(text), () -> "the history replayed gives " + Generators.json(history)
                + " but the sequencer holds " + Generators.json(text));
        for (Peer peer : peers) {
            OtClient client = peer.client;
            check(client.state() == OtClient.State.SYNCHRONIZED && client.buffer().isEmpty(),
                    () -> client.clientId() + " is still " + client.state());
            check(client.version() == sequencer.version(), () -> client.clientId() + " is at version "
                    + client.version() + ", the sequencer at " + sequencer.version());
            check(client.text().toString().equals(text), () -> client.clientId() + " diverged: "
                    + Generators.json(client.text().toString()) + " vs the sequencer's " + Generators.json(text));
            check(client.selection().end() <= client.text().length(), () -> client.clientId()
                    + "'s selection " + client.selection() + " is past the end of the text");
            for (long seq : peer.sentSeqs) {
                check(seqsInHistory.contains(client.clientId() + "#" + seq),
                        () -> client.clientId() + " sent seq " + seq + ", which was never committed");
            }
        }
        checkTokens(text);
    }

    private void checkTokens(String text) {
        List<String> tokens = Tokens.parse(text);
        Set<String> present = new LinkedHashSet<>(tokens);
        check(present.size() == tokens.size(), () -> "a token appears twice: " + Generators.json(text));
        Set<String> expected = new LinkedHashSet<>(initialTokens);
        expected.addAll(insertedTokens);
        expected.removeAll(deletedTokens);
        check(present.equals(expected), () -> "tokens " + present + " but expected " + expected
                + " (deleted: " + deletedTokens + ")");
    }

    private void check(boolean condition, Supplier<String> message) {
        if (!condition) {
            throw new AssertionError(message.get());
        }
    }
}

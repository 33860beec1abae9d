package dev.weft.client;

import dev.weft.ot.Selection;
import dev.weft.ot.TextOperation;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The example of docs/client.md, kept here so that it compiles; {@link ClientGuideExampleTest} runs it. */
final class ClientGuideExample {
    private ClientGuideExample() {}

    static String run(URI server, Path queueFile) throws Exception {
        // --- docs/client.md example starts ---
        try (WeftClient client = WeftClient.builder(server)
                .user("Ada", "#e91e63")
                .offlineQueue(queueFile)              // optional: pending edits survive a restart
                .build()) {
            client.addStatusListener(status -> System.out.println("connection: " + status));
            client.connect();

            ClientDocument notes = client.open("notes", new DocumentListener() {
                @Override
                public void onRemoteEdit(RemoteEdit edit) {
                    System.out.println(edit.clientId() + " changed the text to " + edit.text());
                }

                @Override
                public void onPresence(Presence presence) {
                    System.out.println(presence.name() + " is " + presence.status());
                }
            }).get(10, TimeUnit.SECONDS);

            notes.edit(text -> TextOperation.insert(text.length(), "Hello from Java\n"));
            notes.select(Selection.caret(notes.text().length()));
            long version = notes.flush().get(10, TimeUnit.SECONDS);   // every edit is acked
            System.out.println("at version " + version + ": " + notes.text());
            return notes.text().toString();
        }
        // --- docs/client.md example ends ---
    }
}

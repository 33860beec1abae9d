package dev.weft.client;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.LongSupplier;

/**
 * Who a client is on the wire: its id and the seqs it hands out under that id. Both must outlive
 * a reconnect, and with an offline-queue file a restart, because the server recognizes a
 * resubmitted edit by {@code (clientId, seq)}.
 *
 * @param clientId the id given, the offline-queue file's, or a random one (128 bits, base64url)
 * @param seqs the seqs: from 1 for a random id, else never below the clock ({@link SeqAllocator})
 */
record ClientIdentity(String clientId, SeqAllocator seqs) {

    /**
     * @param given the id the application chose, or null
     * @param file the offline-queue file, or null
     * @throws IllegalArgumentException if the file belongs to another id than the one given
     */
    static ClientIdentity choose(String given, OfflineFile file, LongSupplier clockMicros) {
        String stored = file == null ? null : file.clientId();
        if (given != null && stored != null && !given.equals(stored)) {
            throw new IllegalArgumentException("the offline-queue file belongs to client id " + stored
                    + ", not " + given + "; its pending edits can only be sent under its own id");
        }
        if (file != null) {
            return new ClientIdentity(stored != null ? stored : given != null ? given : randomId(),
                    SeqAllocator.clocked(file.lastSeq(), clockMicros));
        }
        return given != null ? new ClientIdentity(given, SeqAllocator.clocked(0, clockMicros))
                : new ClientIdentity(randomId(), SeqAllocator.fresh());
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

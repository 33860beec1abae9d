package dev.weft.server.store;

/** The {@link DocumentStore} contract in memory. */
class InMemoryDocumentStoreTest extends DocumentStoreContractTest {
    @Override
    DocumentStore newStore() {
        return new InMemoryDocumentStore(CHAT_HISTORY);
    }
}

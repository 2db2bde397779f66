package meshchat.syncml.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.Store;

/** One node for engine tests: a real Derby store, its server role and its client role. */
final class PeerNode implements AutoCloseable {
    final String name;
    final Store store;
    final SyncServer server;
    final PeerClient client;
    private int posts;

    PeerNode(Path dir, String name, ServerConfig config, ClientSettings clientSettings) {
        this.name = name;
        this.store = Store.open(dir.resolve(name));
        this.server = new SyncServer(store, config, Clock.systemUTC());
        this.client = new PeerClient(store, name, Clock.systemUTC(), clientSettings);
    }

    static PeerNode of(Path dir, String name) {
        return new PeerNode(dir, name, config(name, 1_000_000), ClientSettings.defaults());
    }

    static ServerConfig config(String name, long maxMsgSize) {
        return new ServerConfig(name, "meshchat", "", maxMsgSize, 4_000_000, Duration.ofMinutes(5));
    }

    /** Lets {@code other} link to this node with an account made by {@code user add NAME --peer}. */
    PeerNode accepts(PeerNode other, String password) {
        store.write(tx -> {
            tx.putAccount(Account.peerNode(other.name, password));
            return null;
        });
        return this;
    }

    Message post(String text) {
        posts++;
        Message m = Message.create(String.format("%08x", (name.hashCode() * 31 + posts) & 0x7fffffff),
                1_764_000_000L + posts, text, "K1" + name.toUpperCase(), name, "pi", posts % 2 == 0 ? "Emergency" : "");
        store.write(tx -> tx.addMessage(m, "api:test"));
        return m;
    }

    void purge(MessageId id) {
        store.write(tx -> tx.purge(id, "admin", java.time.Instant.now()));
    }

    /** Every stored message by GUID, fields and all. */
    Map<String, Message> messages() {
        Map<String, Message> all = new TreeMap<>();
        store.read(tx -> tx.visible(ClientKey.PEER_ACCOUNT)).forEach(m -> all.put(m.id().value(), m));
        return all;
    }

    long lastSeq() {
        return store.read(tx -> tx.lastSeq());
    }

    boolean tombstoned(MessageId id) {
        return store.read(tx -> tx.tombstone(id)).isPresent();
    }

    PeerSessionResult syncWith(PeerNode peer, String password, InMemoryExchange exchange) {
        return client.sync(new PeerLink(peer.url(), name, password, exchange.encoding), exchange);
    }

    InMemoryExchange exchangeTo(PeerNode peer, Encoding encoding) {
        return new InMemoryExchange(peer.server, peer.url(), encoding, "127.0.0.2");
    }

    /** This node's SyncML URL as its peers know it (nothing listens there: the exchange is in memory). */
    String url() {
        return "http://" + name + ".local.mesh:8080/sync";
    }

    /** The server's state of our link as its client, as the server keeps it. */
    ClientKey keyAt(PeerNode server) {
        return new ClientKey(name, client.device(), MessageItem.DATASTORE);
    }

    @Override
    public void close() {
        store.close();
    }
}

package meshchat.syncml.store;

import java.util.Objects;

/**
 * One SyncML client's view: an account syncing one datastore from one device. In the client role
 * (this node syncing with a peer node) the same tables keep our side of the link under
 * {@link #forPeer}: the anchors in sync_state, and in luid_map the messages the peer holds.
 */
public record ClientKey(String account, String device, String datastore) {
    /** Account part of every client-role key: ':' is not allowed in account names, so no account collides. */
    public static final String PEER_ACCOUNT = "peer:";

    public ClientKey {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(datastore, "datastore");
    }

    /** The key of our link to the peer at {@code url}, syncing its {@code datastore}. */
    public static ClientKey forPeer(String url, String datastore) {
        return new ClientKey(PEER_ACCOUNT, peerKey(url), datastore);
    }

    /** The URL itself, or "sha256:" and its hash when it is longer than the store keeps. */
    public static String peerKey(String url) {
        if (url.length() <= Store.MAX_FIELD_CHARS) {
            return url;
        }
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(url.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether this is a client-role key (our link to a peer) rather than a client's view of us. */
    public boolean isPeerLink() {
        return PEER_ACCOUNT.equals(account);
    }
}

package meshchat.syncml.engine;

import java.util.Objects;
import meshchat.syncml.protocol.Encoding;

/**
 * One link of this node to a peer node: the peer's SyncML URL, the account we have there (an
 * account made with {@code user add NAME --peer} on the peer, so our Deletes purge) and the
 * encoding we speak to it (WBXML by default, XML as a setting).
 */
public record PeerLink(String url, String user, String password, Encoding encoding) {
    public PeerLink {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(encoding, "encoding");
    }

    /** Never prints the password (links end up in log lines and test reports). */
    @Override
    public String toString() {
        return "PeerLink[" + url + ", user " + user + ", " + encoding + "]";
    }
}

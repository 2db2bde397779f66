package meshchat.syncml.peer;

import java.net.URI;
import java.time.Duration;
import meshchat.syncml.protocol.Encoding;

/**
 * A peer node this server syncs with as a SyncML client: its endpoint URL, the account we log in
 * with there, how often we sync without a local change, and the encoding we speak to it.
 */
public record Peer(URI url, String user, String password, Duration interval, Encoding encoding) {
    public Peer {
        checkUrl(url);
        if (user == null || user.isEmpty() || password == null) {
            throw new IllegalArgumentException("peer " + url + ": a user name and a password are needed");
        }
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("peer " + url + ": the interval must be at least 1 second");
        }
        if (encoding == null) {
            throw new IllegalArgumentException("peer " + url + ": no encoding");
        }
    }

    /** The password stays out of logs and stack traces. */
    @Override
    public String toString() {
        return "Peer[" + url + ", user " + user + ", every " + interval.toSeconds() + " s, " + encoding + "]";
    }

    /** A peer URL is absolute http(s) with a host; anything else is refused with the reason. */
    static URI checkUrl(URI url) {
        if (url == null) {
            throw new IllegalArgumentException("no peer URL");
        }
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("peer URL " + url + ": must start with http:// or https://");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("peer URL " + url + ": has no host");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("peer URL " + url.getHost() + ": put the user and password in"
                    + " --peer-credentials, not in the URL");
        }
        return url;
    }
}

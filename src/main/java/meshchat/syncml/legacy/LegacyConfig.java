package meshchat.syncml.legacy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the legacy v2 bridge runs ({@code serve --v2-port N --v2-peer URL... --v2-interval S
 * --v2-zone NAME}).
 *
 * @param host     the address the v2 API listens on; null or blank: every interface
 * @param v2Port   the v2 API's port (v2 peers fetch {@code http://host:port/cgi-bin/meshchat});
 *                 0: any free port (tests), -1: do not serve, only pull
 * @param peers    v2 nodes to pull, each {@code http://host:port} (any path is ignored: v2 always
 *                 uses {@code /cgi-bin/meshchat})
 * @param interval pause between two rounds over all peers (v2's poll_interval is 10 s)
 * @param zone     the AREDN MeshChat zone (service name) whose nodes to find and pull when the
 *                 server runs on a node; null: no discovery. Also what {@code config} reports
 *                 (v2's default zone, {@code MeshChat}, when null)
 * @param nodeName our node name: the node of messages posted through the v2 API, and the host
 *                 that discovery leaves out
 * @param tombstoneRetention how long purges are remembered ({@code serve --tombstone-days}): a v2
 *                 line older than that is not imported, as its purge may be forgotten by now
 */
public record LegacyConfig(String host, int v2Port, List<URI> peers, Duration interval, String zone,
                           String nodeName, Duration tombstoneRetention) {

    /** serve's default --tombstone-days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(365);

    /** With the default tombstone retention. */
    public LegacyConfig(String host, int v2Port, List<URI> peers, Duration interval, String zone, String nodeName) {
        this(host, v2Port, peers, interval, zone, nodeName, DEFAULT_RETENTION);
    }

    /** v2's default zone name. */
    public static final String DEFAULT_ZONE = "MeshChat";
    /** v2's poll_interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    public LegacyConfig {
        if (v2Port < -1 || v2Port > 65535) {
            throw new IllegalArgumentException("--v2-port must be 0 to 65535 (or -1 to only pull): " + v2Port);
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--v2-interval must be positive: " + interval);
        }
        if (tombstoneRetention == null || tombstoneRetention.isNegative() || tombstoneRetention.isZero()) {
            throw new IllegalArgumentException("the tombstone retention must be positive: " + tombstoneRetention);
        }
        if (nodeName == null || nodeName.isBlank()) {
            throw new IllegalArgumentException("the node name must not be blank");
        }
        host = host == null || host.isBlank() ? null : host;
        zone = zone == null || zone.isBlank() ? null : zone;
        List<URI> checked = new ArrayList<>();
        for (URI p : peers == null ? List.<URI>of() : peers) {
            if (p == null || !"http".equals(p.getScheme() == null ? null : p.getScheme().toLowerCase(Locale.ROOT))
                    || p.getHost() == null) {
                throw new IllegalArgumentException("--v2-peer must look like http://host:port, not " + p);
            }
            checked.add(p);
        }
        peers = List.copyOf(checked);
    }

    /** The zone {@code config} reports. */
    String zoneOrDefault() {
        return zone == null ? DEFAULT_ZONE : zone;
    }
}

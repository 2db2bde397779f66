package meshchat.syncml.legacy;

import java.time.Instant;

/**
 * What an operator sees of one v2 node we pull: when its last good sync was and why the last try
 * failed. The name, URL and error come from configuration, the zone's service lists and the
 * peer's replies: show them escaped.
 *
 * @param name        the node as v2's {@code sync_status} names it: {@code host:port}
 * @param url         {@code http://host:port}, where we pull it
 * @param lastSuccess the last good sync (the version checked, or the file downloaded); null if none
 * @param lastError   why the last try failed; null when it succeeded or none has run
 */
public record V2NodeStatus(String name, String url, Instant lastSuccess, String lastError) {
}

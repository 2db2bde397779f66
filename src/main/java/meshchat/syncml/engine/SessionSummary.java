package meshchat.syncml.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one finished SyncML session (server role) did, for the status page, the metrics and the
 * session log line: who, which datastores in which mode, items each way, bytes on the wire.
 *
 * @param ended      when it ended (our clock)
 * @param account    the account it logged in as
 * @param device     the client's device id (LocURI of its SyncHdr Source): hostile text, escape it
 * @param sessionId  the client's SessionID
 * @param datastores one entry per datastore synced, in Alert order
 * @param duration   from the login to the end
 * @param bytesIn    request bodies received, 0 when the transport did not report them
 * @param bytesOut   reply bodies sent, 0 when the transport did not report them
 * @param result     {@link Result#OK} when it completed (package 6 answered), else why it ended
 */
public record SessionSummary(Instant ended, String account, String device, String sessionId,
                             List<Datastore> datastores, Duration duration, long bytesIn, long bytesOut, Result result) {

    public SessionSummary {
        datastores = List.copyOf(datastores);
    }

    /** How a session ended. */
    public enum Result {
        /** every package exchanged, anchors saved */
        OK,
        /** a store failure rolled the message back and ended the session */
        FAILED,
        /** ended by the server after exchanges that moved nothing */
        STALLED,
        /** the client went away (timed out) or started over before the session completed; anchors unchanged */
        ABANDONED;

        /** lower case, as shown and as a metric label */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One datastore of the session: its name on our side, the sync mode, items each way. */
    public record Datastore(String name, String mode, int itemsIn, int itemsOut) {
    }

    /** The modes of its datastores, e.g. "two-way" or "slow+two-way"; "none" before any Alert. */
    public String mode() {
        return datastores.isEmpty() ? "none"
                : String.join("+", datastores.stream().map(Datastore::mode).distinct().toList());
    }

    public int itemsIn() {
        return datastores.stream().mapToInt(Datastore::itemsIn).sum();
    }

    public int itemsOut() {
        return datastores.stream().mapToInt(Datastore::itemsOut).sum();
    }

    SessionSummary withBytes(long in, long out) {
        return new SessionSummary(ended, account, device, sessionId, datastores, duration, in, out, result);
    }
}

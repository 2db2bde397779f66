package meshchat.syncml.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import meshchat.syncml.protocol.AlertCode;

/**
 * The last finished sessions of the server role ({@link SessionSummary}), newest first, and the
 * listeners told of each (metrics). The engine reports a session's start and end; the transport
 * reports each exchange's bytes ({@link #exchange}), and a session that ends inside an exchange is
 * published once that exchange's reply bytes are known. Without a transport (the engine driven in
 * memory) a summary is published at once with 0 bytes. Each summary is also logged as one line.
 */
public final class SessionLog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionLog.class);
    /** The operator's line per datastore of a completed session, under the engine's name (as before). */
    private static final org.slf4j.Logger DONE_LOG = org.slf4j.LoggerFactory.getLogger(SyncServer.class);
    /** Finished sessions kept for the status page. */
    public static final int KEPT = 50;
    /** Sessions whose bytes are counted at once; an abandoned one is forgotten past this. */
    private static final int OPEN = 256;

    private final ArrayDeque<SessionSummary> recent = new ArrayDeque<>();
    private final Map<Session, Instant> begun = new IdentityHashMap<>();
    private final Map<String, Bytes> open = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bytes> eldest) {
            return size() > OPEN;
        }
    };
    private final List<Consumer<SessionSummary>> listeners = new CopyOnWriteArrayList<>();

    /** Bytes of one session so far, and its summary (and done lines) once the engine ended it. */
    private static final class Bytes {
        long in;
        long out;
        SessionSummary ended;
        List<String> doneLines;
    }

    /** One request/reply of the transport; {@link #done} once the reply's size is known. */
    public final class Exchange {
        private final String key;

        private Exchange(String key) {
            this.key = key;
        }

        /** Adds this exchange's bytes; publishes the session's summary if it ended in it. */
        public void done(long requestBytes, long replyBytes) {
            SessionSummary finished;
            List<String> lines;
            synchronized (SessionLog.this) {
                Bytes b = open.get(key);
                if (b == null) {
                    return;
                }
                b.in += requestBytes;
                b.out += replyBytes;
                if (b.ended == null) {
                    return;
                }
                open.remove(key);
                finished = b.ended.withBytes(b.in, b.out);
                lines = b.doneLines;
            }
            logDone(lines, finished);
            publish(finished);
        }
    }

    /** Called by the transport before it hands a decoded message of this device and SessionID to the engine. */
    public synchronized Exchange exchange(String device, String sessionId) {
        String key = key(device, sessionId);
        open.computeIfAbsent(key, k -> new Bytes());
        return new Exchange(key);
    }

    /** Called when a listener should hear of every finished session (after it ended). */
    public void addListener(Consumer<SessionSummary> listener) {
        listeners.add(listener);
    }

    /** The last {@link #KEPT} finished sessions, newest first. */
    public synchronized List<SessionSummary> recent() {
        return new ArrayList<>(recent);
    }

    synchronized void begun(Session s, Instant now) {
        if (begun.size() >= OPEN) {
            begun.clear(); // sessions that never ended: their durations are lost, nothing else
        }
        begun.put(s, now);
    }

    void ended(Session s, Instant now, SessionSummary.Result result) {
        List<SessionSummary.Datastore> stores = new ArrayList<>();
        s.datastores.values().forEach(ds -> stores.add(new SessionSummary.Datastore(ds.serverUri, mode(ds.mode),
                ds.received, ds.sent)));
        List<String> lines = new ArrayList<>();
        if (result == SessionSummary.Result.OK && DONE_LOG.isInfoEnabled()) {
            s.datastores.values().forEach(ds -> lines.add("session " + s.sessionId + " of device " + s.device + ": "
                    + ds.serverUri + " " + ds.mode + " done, " + ds.received + " received, " + ds.sent + " sent; user "
                    + s.account.name() + ", " + s.messages + " messages"));
        }
        SessionSummary summary;
        synchronized (this) {
            Instant start = begun.remove(s);
            summary = new SessionSummary(now, s.account.name(), s.device, s.sessionId, stores,
                    start == null ? Duration.ZERO : Duration.between(start, now), 0, 0, result);
            Bytes b = open.get(key(s.device, s.sessionId));
            if (b != null) {
                b.ended = summary; // published with its bytes when the transport's exchange is done
                b.doneLines = lines;
                return;
            }
        }
        logDone(lines, summary);
        publish(summary);
    }

    /**
     * The operator's line per datastore of a completed session, with the bytes the transport
     * counted on the wire (0 without a transport): nothing is re-encoded to count them.
     */
    private static void logDone(List<String> lines, SessionSummary summary) {
        if (lines == null) {
            return;
        }
        for (String head : lines) {
            DONE_LOG.info("{}, {} bytes in, {} bytes out, {} ms, result ok", head, summary.bytesIn(), summary.bytesOut(),
                    summary.duration().toMillis());
        }
    }

    private void publish(SessionSummary summary) {
        // a completed session already has SyncServer's line per datastore: this one is INFO only for failed or stalled ones
        org.slf4j.event.Level level = summary.result() == SessionSummary.Result.OK ? org.slf4j.event.Level.DEBUG
                : org.slf4j.event.Level.INFO;
        LOG.atLevel(level).log("session {} of device {} (user {}): {} {}, items in {} out {}, bytes in {} out {}, {} ms",
                summary.sessionId(), summary.device(), summary.account(), summary.mode(), summary.result().label(),
                summary.itemsIn(), summary.itemsOut(), summary.bytesIn(), summary.bytesOut(), summary.duration().toMillis());
        synchronized (this) {
            recent.addFirst(summary);
            while (recent.size() > KEPT) {
                recent.removeLast();
            }
        }
        listeners.forEach(l -> l.accept(summary));
    }

    /** "two-way", "slow", "refresh-from-server", ... */
    static String mode(AlertCode mode) {
        if (mode == null) {
            return "none";
        }
        return switch (mode) {
            case SLOW_SYNC -> "slow";
            default -> mode.name().toLowerCase(Locale.ROOT).replace("_by_server", "").replace('_', '-');
        };
    }

    private static String key(String device, String sessionId) {
        return device + '\n' + sessionId;
    }
}

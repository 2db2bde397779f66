package meshchat.syncml.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Change;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.SyncState;
import meshchat.syncml.store.Tombstone;
import meshchat.syncml.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client role's door: runs one SyncML session with a peer node on datastore
 * {@value MessageItem#DATASTORE}. It reads what each step needs, lets {@link ClientStep} decide,
 * commits the step's changes in one store transaction and only then sends the step's message, so
 * a session that breaks off leaves the anchors of the last completed one (the next session goes
 * on incrementally from there, or slow-syncs when the peer says 508). A message whose reply is
 * lost is sent once more, unchanged: the peer replays its reply to a re-sent message.
 *
 * <p>Holds no session state between calls, so one PeerClient serves every peer link; the caller
 * runs at most one session per link at a time (two at once would race for the same anchors).
 */
public final class PeerClient {
    /** Far more messages than the largest session needs (100,000 messages slow-synced in 25). */
    static final int MAX_MESSAGES_PER_SESSION = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(PeerClient.class);

    private final Store store;
    private final String device;
    private final Clock clock;
    private final ClientSettings settings;
    private final ZoneCatchUp catchUp;

    public PeerClient(Store store, String nodeName, Clock clock) {
        this(store, nodeName, clock, ClientSettings.defaults());
    }

    /**
     * @param tombstoneRetention how far back a slow sync sends our tombstones as Deletes
     * @param catchUp            opened by the first session that completes (the server role then accepts memo slow syncs)
     */
    public PeerClient(Store store, String nodeName, Clock clock, Duration tombstoneRetention, ZoneCatchUp catchUp) {
        this(store, nodeName, clock, ClientSettings.defaults().withRetention(tombstoneRetention), catchUp);
    }

    /** @param tombstoneRetention how far back a slow sync sends our tombstones as Deletes (default 365 days) */
    public PeerClient(Store store, String nodeName, Clock clock, Duration tombstoneRetention) {
        this(store, nodeName, clock, ClientSettings.defaults().withRetention(tombstoneRetention));
    }

    PeerClient(Store store, String nodeName, Clock clock, ClientSettings settings) {
        this(store, nodeName, clock, settings, ZoneCatchUp.none());
    }

    PeerClient(Store store, String nodeName, Clock clock, ClientSettings settings, ZoneCatchUp catchUp) {
        this.catchUp = Objects.requireNonNull(catchUp, "catchUp");
        this.store = Objects.requireNonNull(store, "store");
        this.device = "meshchat-node:" + Objects.requireNonNull(nodeName, "nodeName");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Runs one whole SyncML session with the peer (blocking), commits per message, never throws for
     * peer errors. When the peer sent us messages we hold a tombstone for (it missed a purge older
     * than what a slow sync sends), a second, incremental session follows at once carrying our
     * Delete for each: the purge reaches it now rather than never.
     */
    public PeerSessionResult sync(PeerLink link, PeerExchange exchange) {
        Instant started = clock.instant();
        Run run = run(link, exchange, List.of());
        PeerSessionResult result = run.result();
        if (result.ok()) {
            catchUp.caughtUp(link.url()); // this node now holds what the peer knows (a restored node: by a slow sync)
        }
        if (result.ok() && !run.owedDeletes().isEmpty()) {
            LOG.info("peer {} still holds {} message(s) we purged (e.g. {}): sending our Delete for each",
                    link.url(), run.owedDeletes().size(), run.owedDeletes().get(0).value());
            PeerSessionResult more = run(link, exchange, run.owedDeletes()).result();
            result = new PeerSessionResult(more.ok(), result.mode(), result.itemsSent() + more.itemsSent(),
                    result.itemsReceived() + more.itemsReceived(), result.messages() + more.messages(), more.error());
        }
        long ms = Duration.between(started, clock.instant()).toMillis();
        // the peer job logs the session's INFO line, with the transport's byte counts
        LOG.debug("peer {} {}: {} sent, {} received, {} messages, {} ms, {}", link.url(), result.mode(),
                result.itemsSent(), result.itemsReceived(), result.messages(), ms,
                result.ok() ? "ok" : "failed: " + result.error());
        return result;
    }

    /** One session's outcome, and the GUIDs the peer holds that we purged. */
    private record Run(PeerSessionResult result, List<MessageId> owedDeletes) {
    }

    private Run run(PeerLink link, PeerExchange exchange, List<MessageId> extraDeletes) {
        ClientKey key = ClientKey.forPeer(link.url(), MessageItem.DATASTORE);
        ClientStep steps = new ClientStep(settings, exchange::encodedSize);
        ClientSession s = null;
        try {
            LinkState state = store.read(tx -> new LinkState(tx.syncState(key).orElse(null),
                    tx.peerNonce(link.url()).orElse(null), tx.lastSeq()));
            ClientStep.Step step = steps.start(link, device, Integer.toString(ThreadLocalRandom.current().nextInt(1, 1_000_000)),
                    state, clock.instant());
            s = step.next();
            int sent = 0;
            while (step.request() != null) {
                if (++sent > MAX_MESSAGES_PER_SESSION) {
                    // a peer that keeps a session going without end (non-final replies that move
                    // nothing the idle guard sees) must not hold this link's job for ever
                    return new Run(failed(s, "the peer kept the session going for more than "
                            + MAX_MESSAGES_PER_SESSION + " messages: ended"), List.of());
                }
                SyncMessage reply = send(exchange, step.request(), s.target());
                LocalSnapshot snap = snapshot(steps, s, reply, key, extraDeletes);
                step = steps.next(s, reply, snap);
                s = step.next();
                commit(key, link.url(), step.changes());
            }
            return new Run(s.phase() == ClientPhase.DONE
                    ? PeerSessionResult.completed(s.modeName(), s.itemsSent(), s.itemsReceived(), s.messages())
                    : PeerSessionResult.failed(s.modeName(), s.itemsSent(), s.itemsReceived(), s.messages(), s.error()),
                    s.owedDeletes());
        } catch (IOException e) {
            return new Run(failed(s, "peer unreachable: " + e.getMessage()), List.of());
        } catch (RuntimeException e) {
            LOG.warn("session with peer {} failed", link.url(), e);
            return new Run(failed(s, "session failed: " + e), List.of());
        }
    }

    private static PeerSessionResult failed(ClientSession s, String error) {
        return s == null ? PeerSessionResult.failed("none", 0, 0, 0, error)
                : PeerSessionResult.failed(s.modeName(), s.itemsSent(), s.itemsReceived(), s.messages(), error);
    }

    /** Sends; when the reply is lost, sends the same message (same MsgID) once more. */
    private static SyncMessage send(PeerExchange exchange, SyncMessage request, String url) throws IOException {
        try {
            return exchange.send(request, url);
        } catch (IOException first) {
            LOG.info("no reply from {} to message {}: {}; sending it again", url, request.header().msgId(),
                    first.getMessage());
            return exchange.send(request, url);
        }
    }

    /**
     * What the next step needs: our changes (as a compact queue) when the reply ends package 2, the
     * page of encoded items the next package-3 message may carry, and which incoming GUIDs we
     * tombstoned.
     */
    private LocalSnapshot snapshot(ClientStep steps, ClientSession s, SyncMessage reply, ClientKey key,
                                   List<MessageId> extraDeletes) {
        Instant now = clock.instant();
        AlertCode mode = ClientStep.settledMode(s, reply);
        Set<MessageId> incoming = incomingGuids(reply);
        return store.read(tx -> {
            LocalSnapshot snap = LocalSnapshot.at(now);
            if (mode != null) {
                long maxObj = ClientStep.peerMaxObjSize(s, reply);
                OutQueue.Builder out = new OutQueue.Builder();
                extraDeletes.forEach(out::delete);
                if (mode == AlertCode.SLOW_SYNC) {
                    everything(tx, now, out, maxObj);
                } else {
                    changes(tx, key, s.base() == null ? 0 : s.base().seenSeq(), s.startSeq(), out, maxObj);
                }
                OutQueue queue = out.build();
                snap = snap.withQueue(queue).withPage(OutPage.read(tx, queue, 0, steps.maxMsgSize(s, reply)));
            } else if (s.phase() == ClientPhase.SENDING && s.next() < s.queue().size()) {
                snap = snap.withPage(OutPage.read(tx, s.queue(), s.next(), steps.maxMsgSize(s, reply)));
            }
            Set<MessageId> tombstoned = new HashSet<>();
            for (MessageId id : incoming) {
                if (tx.tombstone(id).isPresent()) {
                    tombstoned.add(id);
                }
            }
            return snap.withTombstoned(tombstoned);
        });
    }

    /**
     * Slow sync: a Delete for every tombstone within the retention, then every message we hold,
     * newest arrival first, each noted as its GUID, seq and encoded size only (read row by row).
     */
    private void everything(Tx tx, Instant now, OutQueue.Builder out, long maxObj) throws SQLException {
        for (Tombstone t : tx.tombstonesSince(now.minus(settings.tombstoneRetention()))) {
            out.delete(t.id());
        }
        int adds = out.size();
        tx.eachVisibleBySeq(ClientKey.PEER_ACCOUNT, m -> {
            int bytes = sendable(m.message(), maxObj);
            if (bytes >= 0) {
                out.add(m.message().id(), m.seq(), bytes);
            }
        });
        out.reverseFrom(adds);
    }

    /**
     * Two-way: the change log after what the peer has seen, up to the session's start, latest
     * change per GUID. An Add the peer already holds (it sent it, or acknowledged it) is left out;
     * a purge goes as a Delete even if the peer never had it (it may hold it from another path);
     * a hide is private to one account and never leaves this node.
     */
    private static void changes(Tx tx, ClientKey key, long from, long upTo, OutQueue.Builder out, long maxObj)
            throws SQLException {
        for (Change c : tx.latestChanges(from, upTo, c -> c.kind() != Change.Kind.HIDE)) {
            if (c.kind() == Change.Kind.PURGE) {
                out.delete(c.id());
            } else if (tx.luidForGuid(key, c.id()).isEmpty()) {
                Optional<Message> m = tx.message(c.id());
                int bytes = m.isPresent() ? sendable(m.get(), maxObj) : -1;
                if (bytes >= 0) {
                    out.add(c.id(), -1, bytes); // read again by GUID when its message is filled
                }
            }
        }
    }

    /** The size of the message's encoded item, or -1 when it is bigger than the peer's MaxObjSize (never sent). */
    private static int sendable(Message m, long maxObj) {
        int bytes = MessageItem.encode(m).getBytes(StandardCharsets.UTF_8).length;
        if (maxObj > 0 && bytes > maxObj) {
            LOG.warn("message {} is larger than the peer's MaxObjSize {}: not sent", m.id().value(), maxObj);
            return -1;
        }
        return bytes;
    }

    /** GUIDs of the items the peer's message adds or replaces (their Source LocURI, the peer's id). */
    private static Set<MessageId> incomingGuids(SyncMessage reply) {
        Set<MessageId> ids = new HashSet<>();
        for (Command c : reply.commands()) {
            if (c instanceof Sync sync) {
                for (Command inner : sync.commands()) {
                    if (inner.kind() == Command.Kind.ADD || inner.kind() == Command.Kind.REPLACE) {
                        for (Item i : inner.items()) {
                            MessageId id = MessageId.parseOrNull(i.sourceUri());
                            if (id != null) {
                                ids.add(id);
                            }
                        }
                    }
                }
            }
        }
        return ids;
    }

    /** One transaction for all the changes of a step. */
    private void commit(ClientKey key, String url, List<LocalChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        store.write(tx -> {
            for (LocalChange c : changes) {
                switch (c.kind()) {
                    case STORE_MESSAGE -> tx.addMessage(((LocalChange.StoreMessage) c).message(), "peer:" + url);
                    case PURGE -> {
                        LocalChange.Purge p = (LocalChange.Purge) c;
                        tx.purge(p.guid(), "peer:" + url, now, p.textHash());
                    }
                    case MARK_HELD -> {
                        MessageId id = ((LocalChange.MarkHeld) c).guid();
                        tx.putMap(key, id.value(), id);
                    }
                    case SAVE_NONCE -> {
                        String nonce = ((LocalChange.SaveNonce) c).nonce();
                        if (usableNonce(nonce)) {
                            tx.savePeerNonce(url, nonce);
                        } else { // kept, it would break every later session of this link
                            LOG.warn("peer {} sent a NextNonce that is not base64 of at most {} characters: ignored",
                                    url, Store.MAX_FIELD_CHARS);
                        }
                    }
                    case SAVE_ANCHORS -> tx.saveSyncState(key, ((LocalChange.SaveAnchors) c).state());
                    default -> throw new IllegalStateException("unknown change " + c.kind());
                }
            }
            return null;
        });
    }

    /** Whether a NextNonce can be kept and used: base64, at most as long as the store keeps. */
    static boolean usableNonce(String nonce) {
        if (nonce == null || nonce.isEmpty() || nonce.length() > Store.MAX_FIELD_CHARS) {
            return false;
        }
        try {
            java.util.Base64.getMimeDecoder().decode(nonce);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Our device id at peers: stable per node, so the peer keeps our nonce and anchors across sessions. */
    String device() {
        return device;
    }

    /** The anchors of our link to that peer, or empty before the first completed session (tests, status). */
    Optional<SyncState> anchors(String url) {
        return store.read(tx -> tx.syncState(ClientKey.forPeer(url, MessageItem.DATASTORE)));
    }
}

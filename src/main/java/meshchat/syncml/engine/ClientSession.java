package meshchat.syncml.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.MapCommand;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.SyncState;

/**
 * The whole state of one client-role session, immutable: {@link ClientStep} takes one and returns
 * the next. Made by {@link #start}; a step edits a {@link Draft} copy and freezes it.
 *
 * @param target        the URL the next message goes to (the peer's RespURI once it gave one)
 * @param mode          {@link AlertCode#TWO_WAY} or {@link AlertCode#SLOW_SYNC}
 * @param base          the anchors of the last completed session, null when none (or void after 508)
 * @param peerNext      the peer's Next anchor from its Alert, null until package 2 brought it
 * @param startSeq      our change seq at session start: saved as what the peer has seen
 * @param outbox        statuses and results we owe the peer, CmdIDs still to be given
 * @param maps          MapItems we owe (each Add the peer sent us)
 * @param queue         our package-3 changes, compact (null until package 2 ended); shared, never copied
 * @param next          the queue entry to send next
 * @param carry         the rest of a chunked Add still to send (before entry {@code next}), or null
 * @param awaiting      "MsgID/CmdID" of each Add we sent and have no status for, to its GUID
 * @param partial       a large object the peer is sending in chunks, or null
 * @param owedDeletes   GUIDs the peer sent that we hold a tombstone for: it still has a purged message
 * @param idle          exchanges in a row without progress (Alert 222 ping-pong guard)
 * @param lastRequest   the message we sent last (a resend sends it again)
 * @param error         why the session failed, null unless {@link ClientPhase#FAILED}
 */
record ClientSession(ClientPhase phase, PeerLink link, String device, String sessionId, int msgId, String target,
                     boolean authRetried, long peerMaxMsgSize, long peerMaxObjSize, AlertCode mode, SyncState base,
                     String ourNext, String peerNext, long startSeq, boolean devInfOwed, boolean syncOpened,
                     boolean finalSent, List<Command> outbox, List<MapCommand.MapItem> maps, OutQueue queue, int next, OutItem carry,
                     Map<String, MessageId> awaiting, IncomingObject partial, List<MessageId> owedDeletes,
                     int itemsSent, int itemsReceived, int messages, int idle, SyncMessage lastRequest, String error) {

    /**
     * One package-3 item to send: an Add with its data, or a Delete (its data: the text hash line,
     * or null); a continuation is the rest of a chunked Add.
     */
    record OutItem(Command.Kind kind, MessageId guid, String data, boolean continuation) {
    }

    /** A large object arriving in chunks: the first chunk's kind, LUID and declared Size, and the data so far. */
    record IncomingObject(Command.Kind kind, String luid, long declaredSize, String data) {
    }

    ClientSession {
        outbox = List.copyOf(outbox);
        maps = List.copyOf(maps);
        awaiting = Map.copyOf(awaiting);
        owedDeletes = List.copyOf(owedDeletes);
    }

    /** A session about to send package 1: two-way when there are anchors, slow otherwise. */
    static ClientSession start(PeerLink link, String device, String sessionId, LinkState state, String ourNext) {
        AlertCode mode = state.base() == null ? AlertCode.SLOW_SYNC : AlertCode.TWO_WAY;
        return new ClientSession(ClientPhase.INIT, link, device, sessionId, 0, link.url(), false, 0, 0, mode,
                state.base(), ourNext, null, state.startSeq(), false, false, false, List.of(), List.of(), null, 0, null,
                Map.of(), null, List.of(), 0, 0, 0, 0, null, null);
    }

    String modeName() {
        return mode == AlertCode.SLOW_SYNC ? "slow" : "two-way";
    }

    Draft draft() {
        return new Draft(this);
    }

    /** A mutable copy, for one step only. */
    static final class Draft {
        ClientPhase phase;
        final PeerLink link;
        final String device;
        String sessionId;
        int msgId;
        String target;
        boolean authRetried;
        long peerMaxMsgSize;
        long peerMaxObjSize;
        AlertCode mode;
        SyncState base;
        final String ourNext;
        String peerNext;
        final long startSeq;
        boolean devInfOwed;
        boolean syncOpened;
        boolean finalSent;
        final List<Command> outbox;
        final List<MapCommand.MapItem> maps;
        OutQueue queue;
        int next;
        OutItem carry;
        final Map<String, MessageId> awaiting;
        IncomingObject partial;
        final List<MessageId> owedDeletes;
        int itemsSent;
        int itemsReceived;
        int messages;
        int idle;
        SyncMessage lastRequest;
        String error;

        private Draft(ClientSession s) {
            phase = s.phase;
            link = s.link;
            device = s.device;
            sessionId = s.sessionId;
            msgId = s.msgId;
            target = s.target;
            authRetried = s.authRetried;
            peerMaxMsgSize = s.peerMaxMsgSize;
            peerMaxObjSize = s.peerMaxObjSize;
            mode = s.mode;
            base = s.base;
            ourNext = s.ourNext;
            peerNext = s.peerNext;
            startSeq = s.startSeq;
            devInfOwed = s.devInfOwed;
            syncOpened = s.syncOpened;
            finalSent = s.finalSent;
            outbox = new ArrayList<>(s.outbox);
            maps = new ArrayList<>(s.maps);
            queue = s.queue;
            next = s.next;
            carry = s.carry;
            awaiting = new LinkedHashMap<>(s.awaiting);
            partial = s.partial;
            owedDeletes = new ArrayList<>(s.owedDeletes);
            itemsSent = s.itemsSent;
            itemsReceived = s.itemsReceived;
            messages = s.messages;
            idle = s.idle;
            lastRequest = s.lastRequest;
            error = s.error;
        }

        ClientSession freeze() {
            return new ClientSession(phase, link, device, sessionId, msgId, target, authRetried, peerMaxMsgSize,
                    peerMaxObjSize, mode, base, ourNext, peerNext, startSeq, devInfOwed, syncOpened, finalSent, outbox,
                    maps, queue, next, carry, awaiting, partial, owedDeletes, itemsSent, itemsReceived, messages, idle,
                    lastRequest, error);
        }
    }
}

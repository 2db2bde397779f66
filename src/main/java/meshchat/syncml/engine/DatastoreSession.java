package meshchat.syncml.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.store.ClientKey;

/** The state of one alerted datastore within a session. */
final class DatastoreSession {
    /** How this datastore's items carry a message. */
    enum Format {
        /** {@code meshchat}: text/plain, the text only; we stamp the other fields. */
        MEMO,
        /** {@code meshchat-full}: text/x-meshchat-message ({@link meshchat.syncml.chat.MessageItem}), every field and the GUID. */
        FULL
    }

    final ClientKey key;
    final Format format;
    /** The client's datastore URI (its Alert Source), e.g. "./memo". */
    final String clientUri;
    /** Our datastore URI exactly as the client addressed it (its Alert Target), e.g. "meshchat?channel=x". */
    final String serverUri;
    /** Channel filter from the URI's CGI part, or null for all channels. */
    final String channel;
    final AlertCode mode;
    final String clientNext;
    final String serverNext;
    /** Changes up to this sequence number are (being) sent in this session; saved on completion. */
    long seenSeq;
    /** The stored state the client's anchor confirmed (becomes the "previous" one on completion), or null. */
    meshchat.syncml.store.SyncState base;
    /**
     * LUIDs of client items refused in this slow sync or refresh because their text is a purged
     * message's: in a slow sync package 4 tells the client to delete them.
     */
    final Set<String> purgedLuids = new LinkedHashSet<>();
    /**
     * GUIDs the client deleted in this session (full format): their PURGE or HIDE is not echoed
     * back to it, though a full-format Delete goes out by GUID even without a map entry.
     */
    final Set<meshchat.syncml.chat.MessageId> deletedByClient = new LinkedHashSet<>();
    /**
     * Full format: tombstones purged at or after this time are sent as Deletes in a slow sync
     * (the tombstone retention), and in a slow sync of a client away longer than that
     * ({@link #zombiesBefore} set) an unknown message older than it is answered like a purged one.
     */
    java.time.Instant tombstonesFrom = java.time.Instant.EPOCH;
    /** Epoch seconds: in this slow sync, unknown messages posted before it are refused as possible zombies; MIN_VALUE: off. */
    long zombiesBefore = Long.MIN_VALUE;
    /** Our package-4 commands not yet sent (Add/Replace/Delete, newest first). */
    final Deque<Command> pending = new ArrayDeque<>();
    int numberOfChanges;
    /** Slow sync or refresh: the messages still to read into {@link #pending}, page by page; null otherwise. */
    Package4Feed feed;
    /** How many items the client added, replaced or deleted (for the log). */
    int received;
    int sent;
    /** A large object the client is sending in chunks, or null. */
    IncomingChunks.Partial partial;
    /** A chunked object refused part-way: its remaining chunks get the same answer. Null when none. */
    IncomingChunks.Refused refused;
    /** Memo datastores: the note format the client's DevInf asks for (null: none we speak, or no DevInf yet). */
    meshchat.syncml.chat.NoteFormat negotiated;
    /** Memo datastores: the note format the client's DevInf says it sends (Tx-Pref, else Tx); null when none we speak. */
    meshchat.syncml.chat.NoteFormat clientSends;
    /** Memo datastores: the type of the client's first typed item in this session, or null. */
    meshchat.syncml.chat.NoteFormat clientType;
    /** Memo datastores: the format we send, settled when package 4 is worked out (null before). */
    meshchat.syncml.chat.NoteFormat sending;
    /** b64 once the client sent an item in b64: ours go the same way. */
    meshchat.syncml.protocol.DataFormat dataFormat = meshchat.syncml.protocol.DataFormat.CHR;
    /** Whether our Sync for this datastore went out in package 4 (it goes even when empty). */
    boolean syncSent;
    /** The pending command that continues a large object we are sending (no Size on it), or null. */
    Command continuation;

    DatastoreSession(ClientKey key, Format format, String clientUri, String serverUri, String channel, AlertCode mode,
                     String clientNext, String serverNext) {
        this.key = key;
        this.format = format;
        this.clientUri = clientUri;
        this.serverUri = serverUri;
        this.channel = channel;
        this.mode = mode;
        this.clientNext = clientNext;
        this.serverNext = serverNext;
    }

    /** Whether only the server sends in this mode: the client's changes are not taken. */
    boolean fromServerOnly() {
        return mode == AlertCode.ONE_WAY_FROM_SERVER || mode == AlertCode.REFRESH_FROM_SERVER;
    }

    /** Whether the server sends its changes in this mode. */
    boolean serverSends() {
        return switch (mode) {
            case TWO_WAY, SLOW_SYNC, ONE_WAY_FROM_SERVER, REFRESH_FROM_SERVER -> true;
            default -> false;
        };
    }

    /** Whether the client's items replace what it had mapped (slow sync and refreshes start from scratch). */
    boolean fullSync() {
        return mode == AlertCode.SLOW_SYNC || mode == AlertCode.REFRESH_FROM_CLIENT || mode == AlertCode.REFRESH_FROM_SERVER;
    }
}

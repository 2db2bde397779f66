package meshchat.syncml.engine;

import java.time.Instant;
import java.util.Objects;
import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.SyncState;

/**
 * A store write the server role decided on (the server role's {@link LocalChange}). Decisions
 * collect them in {@link PendingChanges}; {@link SyncServer} applies them in the transaction of the
 * client's message, so a failure rolls back the whole message and the anchors move only with the
 * message that completes the session (package 6).
 */
sealed interface ServerChange {
    enum Kind {
        POST, PUT_MAP, INSERT_MAP, REMOVE_MAP, CLEAR_MAPS, PURGE, HIDE, SAVE_SYNC_STATE, DELETE_SYNC_STATE,
        MARK_SYNCED, SAVE_DEV_INF
    }

    Kind kind();

    /** Store a message (a no-op when its GUID is stored or tombstoned); {@code origin} as in Tx.addMessage. */
    record Post(Message message, String origin) implements ServerChange {
        public Post {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(origin, "origin");
        }

        @Override
        public Kind kind() {
            return Kind.POST;
        }
    }

    /** Map the client's LUID to our GUID, replacing any mapping of either. */
    record PutMap(ClientKey key, String luid, MessageId guid) implements ServerChange {
        public PutMap {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(luid, "luid");
            Objects.requireNonNull(guid, "guid");
        }

        @Override
        public Kind kind() {
            return Kind.PUT_MAP;
        }
    }

    /** Map an unmapped LUID to the GUID of a message just posted (one INSERT, no deletes). */
    record InsertMap(ClientKey key, String luid, MessageId guid) implements ServerChange {
        public InsertMap {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(luid, "luid");
            Objects.requireNonNull(guid, "guid");
        }

        @Override
        public Kind kind() {
            return Kind.INSERT_MAP;
        }
    }

    /** Forget the client's LUID (it no longer holds that item, or it stands for nothing of ours). */
    record RemoveMap(ClientKey key, String luid) implements ServerChange {
        public RemoveMap {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(luid, "luid");
        }

        @Override
        public Kind kind() {
            return Kind.REMOVE_MAP;
        }
    }

    /** A slow sync or refresh: the client's old map is void. */
    record ClearMaps(ClientKey key) implements ServerChange {
        public ClearMaps {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public Kind kind() {
            return Kind.CLEAR_MAPS;
        }
    }

    /** Purge zone-wide (a tombstone; an unknown GUID is tombstoned too; a no-op when purged already). */
    record Purge(MessageId guid, String who, Instant at, String textHash) implements ServerChange {
        /** {@code textHash}: the hash a peer's Delete carried (meshchat-full), kept for an unknown GUID; null when none. */
        public Purge {
            Objects.requireNonNull(guid, "guid");
            Objects.requireNonNull(who, "who");
            Objects.requireNonNull(at, "at");
        }

        Purge(MessageId guid, String who, Instant at) {
            this(guid, who, at, null);
        }

        @Override
        public Kind kind() {
            return Kind.PURGE;
        }
    }

    /** Hide a stored message from one account's devices (a no-op when hidden already or not stored). */
    record Hide(String account, MessageId guid) implements ServerChange {
        public Hide {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(guid, "guid");
        }

        @Override
        public Kind kind() {
            return Kind.HIDE;
        }
    }

    /** These anchors (and the change seq the client has seen) stand for this client's datastore. */
    record SaveSyncState(ClientKey key, SyncState state) implements ServerChange {
        public SaveSyncState {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public Kind kind() {
            return Kind.SAVE_SYNC_STATE;
        }
    }

    /** Forget the anchors (and the last sync time) of this client's datastore. */
    record DeleteSyncState(ClientKey key) implements ServerChange {
        public DeleteSyncState {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public Kind kind() {
            return Kind.DELETE_SYNC_STATE;
        }
    }

    /** This client's session completed at {@code at} (after {@link SaveSyncState}, which made its row). */
    record MarkSynced(ClientKey key, Instant at) implements ServerChange {
        public MarkSynced {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public Kind kind() {
            return Kind.MARK_SYNCED;
        }
    }

    /** The DevInf XML the device sent (Put or Results). */
    record SaveDevInf(String device, String account, String xml) implements ServerChange {
        public SaveDevInf {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(xml, "xml");
        }

        @Override
        public Kind kind() {
            return Kind.SAVE_DEV_INF;
        }
    }
}

package meshchat.syncml.engine;

import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.MessageItem;
import meshchat.syncml.store.Tombstone;
import meshchat.syncml.store.Tx;

/**
 * The text hash a purge's Delete carries on meshchat-full (both roles), read from its tombstone:
 * a node that never held the message keeps it, so a memo client's copy of the purged text is
 * recognised there too (see {@link MessageItem}, "Deletes").
 */
final class DeleteHashes {
    private DeleteHashes() {
    }

    /** The purged text's hash for a Delete naming {@code guid}; null when not tombstoned or purged without one. */
    static String hashFor(Tx tx, MessageId guid) {
        return tx.tombstone(guid).map(Tombstone::textHash).orElse(null);
    }

    /** The Delete's Data for the GUID {@code luid}; null when there is no hash to carry (a hide, an unknown GUID). */
    static String dataFor(ServerView view, String luid) {
        MessageId guid = MessageId.parseOrNull(luid);
        return guid == null ? null : MessageItem.deleteData(view.tombstone(guid).map(Tombstone::textHash).orElse(null));
    }
}

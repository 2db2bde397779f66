package meshchat.syncml.engine;

import java.util.Objects;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.protocol.StatusCode;

/**
 * What an item rule decided for one client item, besides its store changes: the item's status,
 * and what the session must remember for package 4 (a LUID that is a purged message, to be told
 * to delete it; a GUID the client deleted, not to be echoed back). The step keeps those in the
 * session; the rules change no session state.
 */
record ItemResult(StatusCode code, String purgedLuid, MessageId deletedGuid) {
    ItemResult {
        Objects.requireNonNull(code, "code");
    }

    static ItemResult of(StatusCode code) {
        return new ItemResult(code, null, null);
    }

    /** The item is a purged message: not stored, and (where we send) package 4 deletes it. */
    static ItemResult purged(StatusCode code, String luid) {
        return new ItemResult(code, Objects.requireNonNull(luid, "luid"), null);
    }

    /** The client deleted this message: its purge or hide is not echoed back to it. */
    static ItemResult deleted(StatusCode code, MessageId guid) {
        return new ItemResult(code, null, Objects.requireNonNull(guid, "guid"));
    }

    ItemResult withCode(StatusCode other) {
        return new ItemResult(other, purgedLuid, deletedGuid);
    }
}

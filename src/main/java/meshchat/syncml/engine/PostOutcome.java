package meshchat.syncml.engine;

import meshchat.syncml.chat.Message;

/** What {@link ChatDesk#post} did: posted the message, or refused the call sign asked for. */
public sealed interface PostOutcome permits PostOutcome.Posted, PostOutcome.Forbidden {

    /** The message as stored, fresh v2 id and GUID included. */
    record Posted(Message message) implements PostOutcome {
    }

    /** The account may not post under the call sign it asked for; {@code reason} says why, for the client. */
    record Forbidden(String reason) implements PostOutcome {
    }
}

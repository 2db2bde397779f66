package meshchat.syncml.store;

import meshchat.syncml.chat.Message;

/**
 * A stored message with the change sequence number of its ADD: the stable order the JSON API pages
 * by ({@code before=}, {@code since=}). Arrival order at this node, not posting time.
 */
public record SequencedMessage(long seq, Message message) {
}

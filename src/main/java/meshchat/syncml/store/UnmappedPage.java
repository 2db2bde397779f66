package meshchat.syncml.store;

import java.util.List;

import meshchat.syncml.chat.Message;

/**
 * One page of the messages a client lacks ({@link Tx#unmappedPage}), newest first.
 *
 * @param messages the page's messages the client lacks (possibly none: all of its rows were mapped)
 * @param next     where the next page starts (the last row read); null when nothing was read yet
 * @param end      whether the scan reached the oldest message
 */
public record UnmappedPage(List<Message> messages, Position next, boolean end) {
    public UnmappedPage {
        messages = List.copyOf(messages);
    }

    /** A place in the newest-first order (epoch, then seq, descending): the last row read. */
    public record Position(long epoch, long seq) {
    }
}

package meshchat.syncml.legacy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import meshchat.syncml.chat.Message;
import meshchat.syncml.store.Store;

/**
 * Fuzzes the v2 messages_raw parsing the puller does on a peer's body ({@link V2Format#lines},
 * then {@link V2Format#parse} per line). Its documented refusal is a {@link V2Format.Parsed} with
 * a {@link V2Format.Reject}; no exception may come out, and an accepted line gives a message
 * that fits the store and keeps the line's v2 id and epoch.
 *
 * <p>Finding kept in V2LineFuzzTestInputs/parseBody: {@code crash-a99d1303...}, a line whose text
 * is only control characters; once Message applies the text rule, parse threw
 * IllegalArgumentException instead of rejecting the line (which would end a whole v2 pull).
 */
class V2LineFuzzTest {
    private static final long NOW = 1_800_000_000L;

    @FuzzTest(maxDuration = "25s")
    void parseBody(byte[] body) {
        for (String line : V2Format.lines(body)) {
            V2Format.Parsed p = V2Format.parse(line, NOW);
            if ((p.message() == null) == (p.reject() == null)) {
                throw new AssertionError("exactly one of message and reject must be set: " + p);
            }
            Message m = p.message();
            if (m == null) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (!m.v2Id().equals(f[0]) || m.epoch() != Long.parseLong(f[1])) {
                throw new AssertionError("accepted line changed its id or epoch: " + line + " -> " + m);
            }
            if (m.text().isEmpty() || m.text().length() > Store.MAX_TEXT_CHARS
                    || m.callSign().length() > Store.MAX_FIELD_CHARS || m.channel().length() > Store.MAX_FIELD_CHARS) {
                throw new AssertionError("accepted a message the store cannot hold: " + m);
            }
            if (V2Format.tooFarAhead(m.epoch(), NOW)) {
                throw new AssertionError("accepted a line 30 days or more ahead: " + line);
            }
        }
    }
}

package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import meshchat.syncml.protocol.Alert;
import meshchat.syncml.protocol.AlertCode;
import meshchat.syncml.protocol.Anchor;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.StatusCode;
import org.junit.jupiter.api.Test;

/** Commands carried to later replies come back as they went in, in order; plain statuses packed small. */
class CarriedReplyTest {
    private static final StatusCode[] CODES = StatusCode.values();

    private static String ref(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "./memo/" + r.nextInt(1_000_000);
            case 3 -> "é€😀" + r.nextInt(100); // two- to four-byte UTF-8, a surrogate pair
            case 4 -> "L".repeat(100 + r.nextInt(300)); // a length over one varint byte
            default -> Integer.toString(r.nextInt(100_000));
        };
    }

    private static IntFunction<Command> command(Random r, String msgRef) {
        int kind = r.nextInt(10);
        if (kind == 0) { // a status with an item (an Alert's anchor): kept unpacked, in its place
            return ReplyDraft.statusOf(msgRef, Integer.toString(r.nextInt(500)), "Alert", "meshchat", "./memo",
                    StatusCode.OK, null, List.of(Item.withData(null, null, MetInf.EMPTY.withAnchor(new Anchor(null, "N")),
                            null)));
        }
        if (kind == 1) { // not a status at all
            return id -> Alert.of(Integer.toString(id), AlertCode.NEXT_MESSAGE, List.of(Item.naming(Location.of("a"),
                    Location.of("b"))));
        }
        return ReplyDraft.statusOf(msgRef, ref(r), r.nextBoolean() ? "Put" : "Add", ref(r), ref(r),
                CODES[r.nextInt(CODES.length)], null, List.of());
    }

    @Test
    void whatGoesInComesOutInOrderThroughInterleavedAddsAndPolls() {
        Random r = new Random(42);
        CarriedReply carried = new CarriedReply();
        Deque<IntFunction<Command>> expected = new ArrayDeque<>();
        int checked = 0;
        for (int step = 0; step < 60_000; step++) {
            int what = r.nextInt(10);
            if (what < 5) {
                IntFunction<Command> c = command(r, Integer.toString(1 + step / 5_000)); // new MsgRef now and then
                carried.add(c);
                expected.addLast(c);
            } else if (what == 5) {
                IntFunction<Command> c = command(r, "9");
                carried.addFirst(c);
                expected.addFirst(c);
            } else if (!expected.isEmpty()) {
                IntFunction<Command> peeked = carried.peek();
                assertSame(peeked, carried.peek(), "peek twice, the same command");
                IntFunction<Command> polled = carried.poll();
                assertSame(peeked, polled);
                int id = 1 + r.nextInt(1000);
                assertEquals(expected.pollFirst().apply(id), polled.apply(id), "command " + checked);
                checked++;
            }
            assertEquals(expected.size(), carried.size());
        }
        while (!expected.isEmpty()) {
            assertEquals(expected.pollFirst().apply(7), carried.poll().apply(7));
        }
        assertTrue(carried.isEmpty());
        assertNull(carried.peek());
        assertNull(carried.poll());
        assertTrue(checked > 20_000, "drained " + checked);
    }

    @Test
    void plainStatusesCostAboutTenBytesAndTheirRefs() {
        CarriedReply carried = new CarriedReply();
        for (int i = 1; i <= 95_000; i++) {
            carried.add(ReplyDraft.statusOf("1", Integer.toString(i), "Put", null, null, StatusCode.OK, null, List.of()));
        }
        // each: Cmd index, code, CmdRef's length and 1-5 digits, two absent refs = 8-10 bytes; the array doubles
        assertTrue(carried.retainedBytes() <= 2 * 95_000 * 10, "retained " + carried.retainedBytes());
        List<String> refs = new ArrayList<>();
        while (!carried.isEmpty()) {
            refs.add(((meshchat.syncml.protocol.Status) carried.poll().apply(1)).cmdRef());
        }
        assertEquals(95_000, refs.size());
        assertEquals("1", refs.get(0));
        assertEquals("95000", refs.get(94_999));
    }
}

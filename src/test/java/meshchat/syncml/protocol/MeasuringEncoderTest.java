package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The reply measured last is sent with the bytes it was measured with, and only an equal message gets them. */
class MeasuringEncoderTest {
    private static final SyncHdr HEADER = new SyncHdr(SyncMLVersion.V1_2, "77", "3", Location.of("phone"),
            Location.of("http://127.0.0.1/sync"), null, false, null, null);

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void anEqualMessageReusesTheMeasuredBytes(Encoding e) {
        MeasuringEncoder encoder = new MeasuringEncoder(e);
        List<Command> commands = new ArrayList<>(List.of(Status.forHeader("1", "3", StatusCode.OK)));
        SyncMessage measured = new SyncMessage(HEADER, commands, true);
        int size = encoder.size(measured);
        commands.add(Status.of("2", "3", "4", "Add", StatusCode.ITEM_ADDED)); // the builder's list changes on

        SyncMessage sent = new SyncMessage(HEADER, List.of(Status.forHeader("1", "3", StatusCode.OK)), true);
        byte[] bytes = encoder.encode(sent);
        assertEquals(size, bytes.length);
        assertArrayEquals(SyncMLCodec.encode(sent, e), bytes);
        assertSame(bytes, encoder.encode(sent), "not encoded again");

        SyncMessage longer = new SyncMessage(HEADER, commands, true);
        assertArrayEquals(SyncMLCodec.encode(longer, e), encoder.encode(longer));
        SyncMessage notFinal = new SyncMessage(HEADER, sent.commands(), false);
        byte[] other = encoder.encode(notFinal);
        assertNotSame(bytes, other);
        assertArrayEquals(SyncMLCodec.encode(notFinal, e), other);
        assertTrue(other.length < bytes.length, "without Final");
    }

    /**
     * ReplyBuilder measures a reply without Final as itself plus Final's bytes: they are the same
     * in every message with commands (WBXML's empty SyncBody has no END without Final).
     */
    @ParameterizedTest
    @EnumSource(Encoding.class)
    void finalCostsTheSameBytesInEveryMessage(Encoding e) {
        List<Integer> finalBytes = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        for (int n : new int[] {1, 2, 30, 300}) {
            while (commands.size() < n) {
                int i = commands.size();
                commands.add(Status.of(Integer.toString(i + 1), "3", Integer.toString(i + 2), i % 2 == 0 ? "Add" : "Replace",
                        StatusCode.ITEM_ADDED).withSourceRef("luid-" + (i % 7) + "-" + i));
            }
            finalBytes.add(SyncMLCodec.encode(new SyncMessage(HEADER, commands, true), e).length
                    - SyncMLCodec.encode(new SyncMessage(HEADER, commands, false), e).length);
        }
        assertEquals(List.of(finalBytes.get(0), finalBytes.get(0), finalBytes.get(0), finalBytes.get(0)), finalBytes);
        assertTrue(finalBytes.get(0) > 0);
    }

    /** Final's bytes follow the last command: in WBXML a body ending in MetInf's code page switches back first. */
    @ParameterizedTest
    @EnumSource(Encoding.class)
    void finalCostsWhatItCostsAfterTheLastCommand(Encoding e) {
        Command plain = Status.of("1", "3", "2", "Add", StatusCode.ITEM_ADDED).withSourceRef("luid-1");
        Command anchored = Status.of("2", "3", "0", "Alert", StatusCode.OK)
                .withItems(List.of(Item.withAnchor(new Anchor(null, "20261127T070000Z"))));
        int afterAnchored = finalBytes(List.of(anchored), e);
        assertEquals(afterAnchored, finalBytes(List.of(plain, anchored), e), "priced after the last command");
        assertEquals(finalBytes(List.of(plain), e), finalBytes(List.of(anchored, plain), e));
        if (e == Encoding.WBXML) {
            assertTrue(afterAnchored > finalBytes(List.of(plain), e), "after MetInf's page Final switches back first");
        }
    }

    private static int finalBytes(List<Command> commands, Encoding e) {
        return SyncMLCodec.encode(new SyncMessage(HEADER, commands, true), e).length
                - SyncMLCodec.encode(new SyncMessage(HEADER, commands, false), e).length;
    }
}

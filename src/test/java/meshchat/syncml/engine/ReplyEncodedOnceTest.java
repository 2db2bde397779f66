package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MeasuringEncoder;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A reply is encoded whole once: the last message the builder measures is the one it returns, so
 * the encoder sends the measured bytes. With or without Final (a slow sync's replies to the
 * client's non-final messages go without: issue 10, where pricing Final after the whole reply
 * made every such reply encoded twice).
 */
class ReplyEncodedOnceTest {
    private static final SyncHdr HEADER = new SyncHdr(SyncMLVersion.V1_2, "1732012345", "12",
            Location.of("http://127.0.0.1:9000/sync"), Location.of("sc-api-nat-1234abcd"), null, false, null,
            MetInf.EMPTY.withMaxMsgSize(150000L));

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void theBuiltReplyIsTheMessageMeasuredLast(Encoding e) {
        for (boolean fin : new boolean[] {false, true}) {
            List<SyncMessage> measured = new ArrayList<>();
            MeasuringEncoder encoder = new MeasuringEncoder(e);
            CarriedReply carried = new CarriedReply();
            SyncMessage built = build(e, 150_000, fin, measured, encoder, carried);

            assertTrue(carried.isEmpty());
            assertEquals(fin, built.fin());
            assertEquals(300, built.commands().size());
            assertSentAsMeasured(e, built, measured, encoder, fin, 150_000);
        }
    }

    /** A reply that carries statuses over goes without Final, and is measured so (not with Final, then again without). */
    @ParameterizedTest
    @EnumSource(Encoding.class)
    void aReplyThatCarriesCommandsOverIsMeasuredWithoutFinal(Encoding e) {
        for (boolean fin : new boolean[] {false, true}) {
            List<SyncMessage> measured = new ArrayList<>();
            MeasuringEncoder encoder = new MeasuringEncoder(e);
            CarriedReply carried = new CarriedReply();
            SyncMessage built = build(e, 3_000, fin, measured, encoder, carried);

            assertFalse(carried.isEmpty(), "300 statuses do not fit in 3,000 bytes");
            assertTrue(built.commands().size() > 1 && built.commands().size() < 300, "cut: " + built.commands().size());
            assertFalse(built.fin(), "the client asks for the rest");
            assertEquals(fin, carried.owedFinal);
            assertSentAsMeasured(e, built, measured, encoder, fin, 3_000);
        }
    }

    private static SyncMessage build(Encoding e, long maxMsgSize, boolean fin, List<SyncMessage> measured,
                                     MeasuringEncoder encoder, CarriedReply carried) {
        ReplyBuilder reply = new ReplyBuilder(HEADER);
        reply.fitTo(maxMsgSize, m -> {
            measured.add(m);
            return encoder.size(m);
        }, carried);
        for (int i = 0; i < 300; i++) {
            Status st = new Status("0", "3", Integer.toString(2 + i), "Add", List.of(), List.of("luid-" + i), null,
                    "201", List.of());
            reply.add(id -> st.withCmdId(Integer.toString(id)));
        }
        return reply.build(fin);
    }

    private static void assertSentAsMeasured(Encoding e, SyncMessage built, List<SyncMessage> measured,
                                             MeasuringEncoder encoder, boolean fin, long maxMsgSize) {
        assertTrue(built.equals(measured.get(measured.size() - 1)), "the reply is the message measured last, fin=" + fin);
        byte[] sent = encoder.encode(built);
        assertSame(sent, encoder.encode(built), "the measured bytes, not a new encoding, fin=" + fin);
        assertArrayEquals(SyncMLCodec.encode(built, e), sent);
        assertTrue(sent.length > 0 && sent.length <= maxMsgSize, "within MaxMsgSize: " + sent.length);
    }
}

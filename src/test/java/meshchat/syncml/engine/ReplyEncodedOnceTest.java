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
            ReplyBuilder reply = new ReplyBuilder(HEADER);
            reply.fitTo(150_000, m -> {
                measured.add(m);
                return encoder.size(m);
            }, new CarriedReply());
            for (int i = 0; i < 300; i++) {
                Status st = new Status("0", "3", Integer.toString(2 + i), "Add", List.of(), List.of("luid-" + i), null,
                        "201", List.of());
                reply.add(id -> st.withCmdId(Integer.toString(id)));
            }
            SyncMessage built = reply.build(fin);

            assertEquals(fin, built.fin());
            assertEquals(300, built.commands().size());
            assertTrue(built.equals(measured.get(measured.size() - 1)), "the reply is the message measured last, fin=" + fin);
            byte[] sent = encoder.encode(built);
            assertSame(sent, encoder.encode(built), "the measured bytes, not a new encoding, fin=" + fin);
            assertArrayEquals(SyncMLCodec.encode(built, e), sent);
            assertFalse(sent.length == 0);
            assertTrue(sent.length <= 150_000);
        }
    }
}

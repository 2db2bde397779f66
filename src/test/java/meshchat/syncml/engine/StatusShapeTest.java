package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reply's per-status size cache (issue 10) is exact: statuses of one shape encode to the same
 * size, whatever their CmdRefs and SourceRefs, also when those equal or begin like the header's
 * strings (the WBXML string table takes such strings); and a reply of many statuses of varied
 * lengths is cut exactly where measuring every status alone would cut it, with a few encodings.
 */
class StatusShapeTest {
    private static final SyncHdr HEADER = new SyncHdr(SyncMLVersion.V1_2, "1732012345", "12",
            Location.of("http://127.0.0.1:9000/sync"), Location.of("sc-api-nat-1234abcd"), null, false, null,
            MetInf.EMPTY.withMaxMsgSize(150000L));

    /** Refs drawn from a pool that collides with the header and with each other on purpose. */
    private static String ref(Random r) {
        switch (r.nextInt(9)) {
            case 0:
                return Integer.toString(r.nextInt(40)); // like CmdIDs and MsgIDs
            case 1:
                return List.of("12", "1732012345", "1.2", "SyncML/1.2", "150000", "sc-api-nat-1234abcd",
                        "http://127.0.0.1:9000/sync", "Add", "201").get(r.nextInt(9)); // a header or field string
            case 2:
                return "http://127.0.0.1:9000/sync" + "/x".repeat(r.nextInt(3)); // begins with the header's URI
            case 3:
                return "sc-api".substring(0, 1 + r.nextInt(6)); // begins the header's source
            case 4:
                return "1732" + r.nextInt(100);
            default:
                StringBuilder b = new StringBuilder();
                int n = 1 + r.nextInt(24);
                for (int i = 0; i < n; i++) {
                    b.append((char) ('a' + r.nextInt(r.nextBoolean() ? 3 : 26)));
                }
                return b.toString();
        }
    }

    private static Status status(Random r) {
        String cmd = r.nextInt(4) == 0 ? "Replace" : "Add";
        String data = r.nextInt(3) == 0 ? "200" : "201";
        Status st = new Status(Integer.toString(1 + r.nextInt(300)), Integer.toString(1 + r.nextInt(14)),
                r.nextInt(5) == 0 ? ref(r) : Integer.toString(1 + r.nextInt(400)), cmd, List.of(), List.of(), null, data,
                List.of());
        if (r.nextBoolean()) {
            st = st.withSourceRef(ref(r));
        }
        if (r.nextInt(4) == 0) {
            st = st.withTargetRef(ref(r));
        }
        return st;
    }

    private static int alone(Status st, Encoding e) {
        return SyncMLCodec.encode(new SyncMessage(HEADER, List.of(st), true), e).length;
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void statusesOfOneShapeEncodeToOneSize(Encoding e) {
        StatusShape shapes = new StatusShape(HEADER);
        Random r = new Random(10);
        Map<String, Integer> sizeByShape = new HashMap<>();
        Map<String, Status> firstByShape = new HashMap<>();
        int compared = 0;
        for (int i = 0; i < 1200; i++) {
            Status st = status(r);
            String shape = shapes.of(st);
            assertNotNull(shape, st::toString);
            int size = alone(st, e);
            Integer before = sizeByShape.putIfAbsent(shape, size);
            firstByShape.putIfAbsent(shape, st);
            if (before != null) {
                compared++;
                assertEquals(before, size, "shape " + shape + ": " + firstByShape.get(shape) + " and " + st);
            }
        }
        assertTrue(compared > 200, "shapes repeat: " + compared);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void replyOfManyStatusesIsCutWhereExactMeasuringCutsIt(Encoding e) {
        Random r = new Random(17);
        List<Status> statuses = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            String luid = Long.toString(r.nextLong() & Long.MAX_VALUE, 36).substring(0, 1 + r.nextInt(10));
            statuses.add(new Status("0", "3", Integer.toString(2 + i), "Add", List.of(), List.of(luid), null, "201",
                    List.of()));
        }
        long max = 40_000;
        AtomicInteger encodings = new AtomicInteger();
        ToIntFunction<SyncMessage> size = m -> {
            encodings.incrementAndGet();
            return SyncMLCodec.encode(m, e).length;
        };
        ReplyBuilder reply = new ReplyBuilder(HEADER);
        reply.fitTo(max, size, new CarriedReply());
        for (Status st : statuses) {
            reply.add(id -> st.withCmdId(Integer.toString(id)));
        }
        SyncMessage built = reply.build(true);
        int encodingsUsed = encodings.get();

        // the same cut by measuring every status exactly, alone after the header
        int empty = SyncMLCodec.encode(new SyncMessage(HEADER, List.of(), true), e).length;
        long budget = max - Math.min(512, max / 16);
        long used = 0;
        int fit = 0;
        for (Status st : statuses) {
            int s = alone(st.withCmdId(Integer.toString(fit + 1)), e) - empty;
            if (empty + used + s > budget) {
                break;
            }
            used += s;
            fit++;
        }
        assertTrue(fit > 100 && fit < statuses.size(), "the reply is cut: " + fit);
        assertEquals(fit, built.commands().size());
        List<Command> expected = new ArrayList<>();
        for (int i = 0; i < fit; i++) {
            expected.add(statuses.get(i).withCmdId(Integer.toString(i + 1)));
        }
        assertEquals(expected, built.commands());
        assertTrue(SyncMLCodec.encode(built, e).length <= max, "within MaxMsgSize");
        assertTrue(encodingsUsed <= 120, "a few encodings for " + fit + " statuses, not one each: " + encodingsUsed);
        assertEquals(StatusCode.ITEM_ADDED.data(), ((Status) built.commands().get(fit - 1)).data());
    }
}

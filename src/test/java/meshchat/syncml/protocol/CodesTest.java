package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Status and alert codes as types: ours are named, codes we do not list stay representable as data. */
class CodesTest {

    @Test
    void everyCodeOfOursIsFoundByItsNumberAndItsData() {
        for (StatusCode c : StatusCode.values()) {
            assertEquals(Optional.of(c), StatusCode.byCode(c.code));
            assertEquals(Optional.of(c), StatusCode.parse(" " + c.data() + " "));
        }
        for (AlertCode c : AlertCode.values()) {
            assertEquals(Optional.of(c), AlertCode.byCode(c.code));
            assertEquals(Optional.of(c), AlertCode.parse(c.data()));
        }
        assertEquals(StatusCode.values().length, List.of(StatusCode.values()).stream().mapToInt(c -> c.code).distinct().count());
        assertEquals(AlertCode.values().length, List.of(AlertCode.values()).stream().mapToInt(c -> c.code).distinct().count());
    }

    @Test
    void aClientsCodeWeDoNotListSurvivesDecodingAndIsNoneOfOurs() throws Exception {
        // 420 "device full" and Funambol's Alert 250 are real codes we never send
        Status full = new Status("4", "2", "5", "Add", List.of(), List.of("L1"), null, "420", List.of());
        Alert vendor = new Alert("3", false, null, "250", List.of());
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, "1", "1", Location.of("http://127.0.0.1/sync"), Location.of("dev"),
                null, false, null, null);
        for (Encoding e : Encoding.values()) {
            SyncMessage back = SyncMLCodec.decode(SyncMLCodec.encode(new SyncMessage(h, List.of(full, vendor), true), e), e);
            Status s = (Status) back.commands().get(0);
            assertEquals("420", s.data(), e.name());
            assertEquals(420, s.code());
            assertEquals(Optional.empty(), s.statusCode());
            assertFalse(s.is(StatusCode.OK));
            Alert a = (Alert) back.commands().get(1);
            assertEquals("250", a.data());
            assertEquals(Optional.empty(), a.alertCode());
        }
        assertEquals(Optional.empty(), StatusCode.parse("abc"));
        assertEquals(Optional.empty(), StatusCode.parse(null));
        assertEquals(Optional.empty(), AlertCode.parse("-1"));
    }

    @Test
    void namedFactoriesBuildWhatThePositionalConstructorsBuilt() {
        Item plain = Item.withData(null, Location.of("m1"), "hello");
        assertEquals(new Item(null, Location.of("m1"), null, "hello", null, null, false), plain);
        assertEquals(new Item(null, Location.of("m1"), null, "hello", null, null, true), plain.withMoreData(true));
        assertEquals(new Item(null, null, null, null, new Anchor(null, "A2"), null, false), Item.withAnchor(new Anchor(null, "A2")));
        assertEquals(new ItemCommand(Command.Kind.ADD, "3", false, false, false, MetInf.ofType("text/plain"), List.of(plain)),
                ItemCommand.add("3", MetInf.ofType("text/plain"), plain));
        assertEquals(new ItemCommand(Command.Kind.DELETE, null, false, true, false, null, List.of(plain)),
                ItemCommand.delete(null, null, plain).withDeleteFlags(true, false));
        Alert next = Alert.of("7", AlertCode.NEXT_MESSAGE, Item.naming(Location.of("./memo"), Location.of("meshchat")));
        assertEquals(new Alert("7", false, null, "222", List.of(new Item(Location.of("./memo"), Location.of("meshchat"),
                null, null, null, null, false))), next);
        assertEquals(Optional.of(AlertCode.NEXT_MESSAGE), next.alertCode());
        Status st = Status.answering("2", "1", next, StatusCode.OK).withTargetRef("./memo").withSourceRef(null);
        assertEquals(new Status("2", "1", "7", "Alert", List.of("./memo"), List.of(), null, "200", List.of()), st);
        assertTrue(st.is(StatusCode.OK) && st.statusCode().orElseThrow().isSuccess());
        assertEquals(new Status("1", "1", "0", "SyncHdr", List.of(), List.of(), null, "212", List.of()),
                Status.forHeader("1", "1", StatusCode.AUTHENTICATION_ACCEPTED));
    }
}

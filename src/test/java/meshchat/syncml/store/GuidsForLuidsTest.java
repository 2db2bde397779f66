package meshchat.syncml.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import meshchat.syncml.chat.MessageId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Tx#guidsForLuids} answers each LUID as {@link Tx#guidForLuid} does, many per statement:
 * more LUIDs than one statement holds (the last padded), repeated ones, another client's rows,
 * a blank-padded match, odd characters, LUIDs scattered among many mapped ones (the ranges give up); null, empty and over-long LUIDs are left out, never a failure.
 */
class GuidsForLuidsTest {
    private static final ClientKey PHONE = new ClientKey("alice", "phone", "meshchat");
    private static final ClientKey LAPTOP = new ClientKey("alice", "laptop", "meshchat");
    private static final ClientKey TABLET = new ClientKey("alice", "tablet", "meshchat");
    private static final ClientKey NONE = new ClientKey("alice", "never", "meshchat");

    @TempDir
    static Path dir;
    private static Store store;

    @BeforeAll
    static void open() {
        store = Store.open(dir);
        store.write(tx -> {
            tx.putAccount(Account.user("alice", "secret", "N0CALL"));
            for (int i = 0; i < 130; i += 2) { // even LUIDs mapped
                tx.putMap(PHONE, "L" + i, guid(i));
                tx.putMap(LAPTOP, "L" + (i + 1), guid(1000 + i));
            }
            tx.putMap(PHONE, "blank ", guid(500));
            tx.putMap(PHONE, "ünï\u0001çødé", guid(501));
            tx.putMap(PHONE, "x".repeat(Store.MAX_FIELD_CHARS), guid(502));
            tx.putMap(PHONE, "Ωmega", guid(503)); // plain, beyond ASCII: ordered by UTF-16 unit in a range
            tx.putMap(PHONE, "\uD83D\uDE00smile", guid(504)); // a surrogate pair sorts below U+FFxx
            tx.putMap(PHONE, "\uFF21wide", guid(505));
            List<String> luids = new ArrayList<>();
            List<MessageId> guids = new ArrayList<>();
            for (int i = 0; i < 2000; i += 2) { // many mapped LUIDs between the ones asked
                luids.add("K" + i);
                guids.add(guid(10_000 + i));
            }
            tx.insertMaps(TABLET, luids, guids);
            return null;
        });
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static MessageId guid(int n) {
        return new MessageId(String.format("%08x-1795693803-%08x", n, n));
    }

    @Test
    void eachLuidIsAnsweredAsItsSingleProbeAnswersIt() {
        List<String> ask = new ArrayList<>();
        for (int i = 0; i < 140; i++) {
            ask.add("L" + i); // 140: two full statements and a padded third
        }
        ask.addAll(Arrays.asList("L4", "L4", "blank", "blank ", "ünï\u0001çødé", "x".repeat(Store.MAX_FIELD_CHARS),
                "Ωmega", "Ωmegb", "\uD83D\uDE00smile", "\uD83D\uDE00smilf", "\uFF21wide", "\uFF21wid"));
        Map<String, Optional<MessageId>> many = store.read(tx -> tx.guidsForLuids(PHONE, ask));
        Map<String, Optional<MessageId>> one = store.read(tx -> {
            Map<String, Optional<MessageId>> out = new HashMap<>();
            for (String l : ask) {
                out.put(l, tx.guidForLuid(PHONE, l));
            }
            return out;
        });
        assertEquals(one, many);
        assertEquals(Optional.of(guid(4)), many.get("L4"));
        assertEquals(Optional.empty(), many.get("L5"), "the laptop's row is not the phone's");
        assertEquals(Optional.of(guid(500)), many.get("blank"), "Derby compares blank-padded, as the single probe");
        assertEquals(Optional.of(guid(128)), many.get("L128"), "in the padded last statement");
        assertEquals(Optional.of(guid(504)), many.get("\uD83D\uDE00smile"));
        assertEquals(Optional.of(guid(505)), many.get("\uFF21wide"));
    }

    @Test
    void luidsScatteredAmongManyMappedOnesAreProbedAndAnsweredTheSame() {
        List<String> ask = new ArrayList<>();
        for (int i = 0; i < 2000; i += 19) { // odd ones unmapped, even ones mapped, across the whole map
            ask.add("K" + i);
        }
        ask.add("K 1"); // a blank inside: never in a range
        assertTrue(ask.size() > 2 * MapProbe.LUIDS_PER_PROBE);
        Map<String, Optional<MessageId>> many = store.read(tx -> tx.guidsForLuids(TABLET, ask));
        Map<String, Optional<MessageId>> one = store.read(tx -> {
            Map<String, Optional<MessageId>> out = new HashMap<>();
            for (String l : ask) {
                out.put(l, tx.guidForLuid(TABLET, l));
            }
            return out;
        });
        assertEquals(one, many);
        assertEquals(Optional.of(guid(10_038)), many.get("K38"));
        assertEquals(Optional.empty(), many.get("K19"));
    }

    @Test
    void nullEmptyAndOverLongLuidsAreLeftOutAndAClientWithoutRowsHasNone() {
        String tooLong = "y".repeat(Store.MAX_FIELD_CHARS + 1);
        Map<String, Optional<MessageId>> got = store.read(tx -> tx.guidsForLuids(PHONE, Arrays.asList(null, "", tooLong,
                "L2")));
        assertEquals(Map.of("L2", Optional.of(guid(2))), got);
        Map<String, Optional<MessageId>> none = store.read(tx -> tx.guidsForLuids(NONE, List.of("L2", "L3")));
        assertEquals(Map.of("L2", Optional.empty(), "L3", Optional.empty()), none);
        assertFalse(store.read(tx -> tx.guidsForLuids(PHONE, List.of())).containsKey("L2"));
    }
}

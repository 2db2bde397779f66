package meshchat.syncml.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Presence is bounded in size, not only in count: anyone on the mesh can poll the v2 API, any v2 node serve users_raw. */
class V2UsersTest {
    @Test
    void aBrowsersOverlongCallSignOrIdIsNotKept() {
        V2Users users = new V2Users("node-t", "pi");
        String longest = "K".repeat(V2Users.MAX_FIELD_CHARS);
        users.touch(longest, "abc", 1_700_000_000L);
        users.touch("K".repeat(100_000), "abc", 1_700_000_001L);
        users.touch("N0CALL", "i".repeat(V2Users.MAX_FIELD_CHARS + 1), 1_700_000_002L);
        assertEquals(longest + "\tabc\tnode-t\t1700000000\tpi\n", new String(users.localRaw(), StandardCharsets.UTF_8));
    }

    @Test
    void aPeersOverlongPresenceLineIsSkipped() {
        V2Users users = new V2Users("node-t", "pi");
        users.mergeRemote(List.of("W1AW\tid1\tnode-x\t1700000000\tnode",
                "HUGE\tid2\tnode-y\t1700000001\t" + "p".repeat(V2Users.MAX_LINE_CHARS)));
        List<V2Users.User> all = users.all();
        assertEquals(1, all.size(), all.toString());
        assertEquals("W1AW", all.get(0).callSign());
    }
}

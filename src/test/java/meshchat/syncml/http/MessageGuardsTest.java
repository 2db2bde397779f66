package meshchat.syncml.http;

import static meshchat.syncml.http.Cmds.add;
import static meshchat.syncml.http.Cmds.alert;
import static meshchat.syncml.http.Cmds.hdr;
import static meshchat.syncml.http.Cmds.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.engine.LoginThrottle;
import meshchat.syncml.engine.ServerConfig;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.protocol.Command;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 items 4 and 7: a message is refused whole, with one small SyncHdr status, before any
 * work when it holds more commands than we answer, when its login fails, when its device id is
 * longer than we keep, or when its account already has as many sessions as we allow.
 */
class MessageGuardsTest {
    @TempDir
    Path data;
    SyncEndpoint endpoint;

    @AfterEach
    void stop() throws Exception {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    /** An XML message of {@code n} empty Puts, no credentials: 1.8 MB for 300,000. */
    private static byte[] puts(String device, int n) {
        StringBuilder b = new StringBuilder(n * 6 + 600);
        b.append("<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2</VerDTD><VerProto>SyncML/1.2</VerProto>")
                .append("<SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>http://127.0.0.1/sync</LocURI></Target>")
                .append("<Source><LocURI>").append(device).append("</LocURI></Source></SyncHdr><SyncBody>");
        b.append("<Put/>".repeat(n));
        return b.append("<Final/></SyncBody></SyncML>").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void threeHundredThousandPutsWithoutCredentialsGetOneSmallStatus() throws Exception {
        endpoint = SyncEndpoint.start(data);
        TestSyncClient c = new TestSyncClient(endpoint.url, "dev-put", null, null);
        byte[] body = puts("dev-put", 300_000);
        SyncMessage r = c.post(body);
        System.out.printf("%d <Put/> in %d bytes without credentials: %d-byte reply%n", 300_000, body.length, c.lastReplyBytes);
        assertEquals("413", hdr(r), "more commands than we answer: refused before authentication");
        assertEquals(1, r.commands().size());
        assertTrue(c.lastReplyBytes < 2_000, "reply of " + c.lastReplyBytes + " bytes");
        // under the command limit, the login refusal is one status too, not one per command
        r = c.post(puts("dev-put", 20_000));
        assertEquals("407", hdr(r));
        assertEquals(1, r.commands().size());
        assertTrue(c.lastReplyBytes < 2_000, "reply of " + c.lastReplyBytes + " bytes");
        // and the server keeps working
        TestSyncClient alice = new TestSyncClient(endpoint.url, "dev-a", "alice", "secret");
        alice.newSession();
        assertEquals("212", hdr(alice.send(List.of(alert(201, null, "A1")), true)));
    }

    @Test
    void aMillionEmptyWbxmlPutsStopTheDecodeAndGetTheGatesOneSmallStatus() throws Exception {
        endpoint = SyncEndpoint.start(data);
        TestSyncClient c = new TestSyncClient(endpoint.url, "dev-put", null, null);
        c.encoding = meshchat.syncml.protocol.Encoding.WBXML;
        byte[] body = meshchat.syncml.protocol.CraftedWbxml.emptyPuts(1_000_000, "dev-put"); // 1 MB, a byte each
        SyncMessage r = c.post(body);
        assertEquals("413", hdr(r), "refused as the command gate refuses, though decoding stopped at 100,001");
        assertEquals(1, r.commands().size());
        assertTrue(c.lastReplyBytes < 2_000, "reply of " + c.lastReplyBytes + " bytes");
    }

    @Test
    void aWbxmlBodyWhoseStringTableExpandsPastTheBoundGetsA400WithTheReason() throws Exception {
        endpoint = SyncEndpoint.start(data);
        TestSyncClient c = new TestSyncClient(endpoint.url, "dev-x", null, null);
        c.encoding = meshchat.syncml.protocol.Encoding.WBXML;
        byte[] body = meshchat.syncml.protocol.CraftedWbxml.stringTableRefs(50_000, 25_000, "dev-x"); // 100 KB for 1.25e9 chars
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> c.post(body));
        assertEquals(400, c.lastHttpStatus);
        assertTrue(e.getMessage().contains("string table references expand to more than"), e.getMessage());
        TestSyncClient alice = new TestSyncClient(endpoint.url, "dev-a", "alice", "secret");
        alice.newSession();
        assertEquals("212", hdr(alice.send(List.of(alert(201, null, "A1")), true)));
    }

    @Test
    void aLoggedInClientsOversizedMessageIsRefusedWholeAndTheSessionGoesOn() throws Exception {
        endpoint = SyncEndpoint.start(data, new ServerConfig.Guards(1_000, 8, LoginThrottle.Settings.defaults(), 100));
        TestSyncClient alice = new TestSyncClient(endpoint.url, "dev-a", "alice", "secret");
        alice.newSession();
        assertEquals("212", hdr(alice.send(List.of(alert(201, null, "A1")), true)));
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            items.add(Item.text(null, Location.of("l" + i), null, "memo " + i));
        }
        ItemCommand bigAdd = new ItemCommand(Command.Kind.ADD, "3", false, false, false, MetInf.ofType("text/plain"), items);
        SyncMessage r = alice.send(List.of(sync(bigAdd)), false);
        assertEquals("413", hdr(r));
        assertEquals(1, r.commands().size());
        assertTrue(alice.lastReplyBytes < 2_000, "reply of " + alice.lastReplyBytes + " bytes");
        assertEquals(0L, (long) endpoint.store.read(tx -> tx.lastSeq()), "nothing stored");
        alice.msgId--; // the refused message did not count: send a smaller one in its place
        assertEquals("200", hdr(alice.send(List.of(sync(add(3, "m1", "one memo"))), true)));
        assertEquals(1, endpoint.store.read(tx -> tx.newest(10, null, null)).size());
    }

    @Test
    void anOversizedDeviceIdGetsA4xxAndTheServerKeepsWorking() throws Exception {
        endpoint = SyncEndpoint.start(data);
        TestSyncClient big = new TestSyncClient(endpoint.url, "d".repeat(300), "alice", "secret");
        big.newSession();
        SyncMessage r = big.send(List.of(alert(201, null, "A1")), true);
        assertEquals("414", hdr(r), "device id longer than the store's 255 characters");
        assertEquals(1, r.commands().size());
        TestSyncClient alice = new TestSyncClient(endpoint.url, "dev-a", "alice", "secret");
        alice.newSession();
        assertEquals("212", hdr(alice.send(List.of(alert(201, null, "A1")), true)));
    }

    @Test
    void sessionsPerAccountAreLimited() throws Exception {
        endpoint = SyncEndpoint.start(data, new ServerConfig.Guards(100_000, 2, LoginThrottle.Settings.defaults(), 100));
        List<TestSyncClient> open = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            TestSyncClient c = new TestSyncClient(endpoint.url, "dev-" + i, "alice", "secret");
            c.newSession();
            assertEquals("212", hdr(c.send(List.of(alert(201, null, "A1")), true)));
            open.add(c);
        }
        TestSyncClient third = new TestSyncClient(endpoint.url, "dev-3", "alice", "secret");
        third.newSession();
        SyncMessage r = third.send(List.of(alert(201, null, "A1")), true);
        assertEquals("417", hdr(r), "retry later: the account has as many sessions as allowed");
        assertEquals(1, r.commands().size());
        // a device starting over does not count twice
        TestSyncClient first = open.get(0);
        first.newSession();
        assertEquals("212", hdr(first.send(List.of(alert(201, null, "A2")), true)), "dev-1 starts over");
        // a finished session (kept only to replay its last reply) no longer counts
        first.send(List.of(sync()), true);
        assertTrue(first.send(List.of(), true).fin());
        third.newSession();
        assertEquals("212", hdr(third.send(List.of(alert(201, null, "A1")), true)), "room once dev-1 finished");
        TestSyncClient root = new TestSyncClient(endpoint.url, "dev-r", "root", "admin");
        root.newSession();
        assertEquals("212", hdr(root.send(List.of(alert(201, null, "A1")), true)), "other accounts are not affected");
    }
}

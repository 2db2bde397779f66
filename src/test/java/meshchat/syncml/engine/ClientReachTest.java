package meshchat.syncml.engine;

import static meshchat.syncml.engine.NoteClient.add;
import static meshchat.syncml.engine.NoteClient.alert;
import static meshchat.syncml.engine.NoteClient.gets;
import static meshchat.syncml.engine.NoteClient.hdr;
import static meshchat.syncml.engine.NoteClient.itemStatuses;
import static meshchat.syncml.engine.NoteClient.status;
import static meshchat.syncml.engine.NoteClient.sync;
import static meshchat.syncml.engine.NoteClient.syncs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import meshchat.syncml.chat.Message;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Get;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Status;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.ClientKey;
import meshchat.syncml.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11 in the engine: SyncML 1.0 logs in with Basic and is answered in 1.0; an unknown VerDTD
 * is 505; a device we have no DevInf for is asked for it (Get) once, and never again once stored;
 * the default and configured aliases of the memo datastore, each with its own anchors and with
 * ?channel=; an unknown item type 415 and a malformed object 400 per item, nothing stored.
 * One store for the class; each test is its own device.
 */
class ClientReachTest {
    @TempDir
    static Path dir;
    static Store store;
    static SyncServer server;

    @BeforeAll
    static void open() {
        store = Store.open(dir.resolve("db"));
        store.write(tx -> {
            tx.putAccount(Account.user("memo", "memo-pw", "K1MEM"));
            return null;
        });
        server = new SyncServer(store, ServerConfig.defaults("node-r").withDatastoreAliases(List.of("./My Notes")),
                Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static List<String> texts() {
        return store.read(tx -> tx.newest(100, null, null)).stream().map(Message::text).toList();
    }

    @Test
    void syncml10IsChallengedForBasicAnMd5CredentialIsNotCheckedAndBasicLogsIn() {
        NoteClient c = new NoteClient(server, SyncMLVersion.V1_0, Encoding.XML, "old-phone");
        c.cred = null;
        c.newSession();
        SyncMessage r = c.send(List.of(alert("201", "notes", null, "A1")), true);
        assertEquals("407", hdr(r));
        assertEquals(SyncMLVersion.V1_0, r.header().version());
        assertEquals(Authenticator.BASIC, ((Status) r.commands().get(0)).chal().type(), "1.0 is challenged for Basic");
        // a 1.0 MD5 credential (b64(md5(user:pw:nonce))) cannot be checked against what we keep
        // sent more often than LoginThrottle's free failures (5 by default): none counts as a failure
        c.cred = new Cred(MetInf.EMPTY.withType(Authenticator.MD5).withFormat("b64"), "bm90IGNoZWNrZWQ=");
        for (int i = 0; i < 7; i++) {
            c.newSession();
            r = c.send(List.of(alert("201", "notes", null, "A1")), true);
            assertEquals("401", hdr(r), "attempt " + i);
            assertEquals(Authenticator.BASIC, ((Status) r.commands().get(0)).chal().type());
        }
        c.cred = NoteClient.basic("memo", "memo-pw");
        c.newSession();
        r = c.send(List.of(alert("201", "notes", null, "A1")), true);
        assertEquals("212", hdr(r), "the MD5 attempt did not throttle the account");
        assertEquals("200", status(r, "Alert", "1").data());
        r = c.send(List.of(sync("notes", List.of(add(10, "c1", "text/plain", null, "a 1.0 note")))), true);
        assertEquals("201", itemStatuses(r).get(0).data());
        assertEquals(SyncMLVersion.V1_0, r.header().version());
        assertTrue(texts().contains("a 1.0 note"));
        byte[] xml = SyncMLCodec.encode(r, Encoding.XML);
        assertTrue(new String(xml, StandardCharsets.UTF_8).contains("SYNCML:SYNCML1.0"));
    }

    @Test
    void anUnknownVerDtdIsAnswered505() throws Exception {
        String xml = "<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.3</VerDTD><VerProto>SyncML/1.3</VerProto>"
                + "<SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>http://x/sync</LocURI></Target>"
                + "<Source><LocURI>dev-13</LocURI></Source></SyncHdr><SyncBody><Final/></SyncBody></SyncML>";
        SyncMessage in = SyncMLCodec.decode(xml.getBytes(StandardCharsets.UTF_8), Encoding.XML);
        assertNull(in.header().version(), "an unknown VerDTD is not read as 1.2");
        SyncMessage r = server.handle(in, null, NoteClient.ENDPOINT, Encoding.XML, m -> 0, "127.0.0.9");
        assertEquals("505", hdr(r));
    }

    @Test
    void aDeviceWithoutStoredDevInfIsAskedOnceAndItsResultsAreKept() {
        NoteClient c = new NoteClient(server, SyncMLVersion.V1_2, Encoding.WBXML, "syncevo-like");
        c.newSession();
        SyncMessage p2 = c.send(List.of(alert("201", "memo", null, "A1")), true);
        List<Get> asked = gets(p2);
        assertEquals(1, asked.size(), p2.toString());
        assertEquals("./devinf12", asked.get(0).items().get(0).targetUri());
        assertEquals(Encoding.WBXML.devInfContentType, asked.get(0).meta().type());
        SyncMessage p4 = c.send(List.of(NoteClient.results(p2.header().msgId(), asked.get(0).cmdId(),
                NoteClient.devInf(SyncMLVersion.V1_2, "text/calendar", "2.0", "text/plain", "1.0"), SyncMLVersion.V1_2,
                Encoding.WBXML), sync("memo", List.of(add(10, "c1", null, null, "plain, no type")))), true);
        assertEquals("201", itemStatuses(p4).get(0).data(), p4.toString());
        assertTrue(texts().contains("plain, no type"), "an untyped item is in the format the client sends (Tx-Pref)");
        assertTrue(store.read(tx -> tx.devInf("syncevo-like")).orElse("").contains("NoteClient"), "the Results are stored");
        c.send(List.of(), true);

        store.write(tx -> tx.addMessage(Message.create("0000abcd", 1_764_000_000L, "after", "K1X", "n", "pi", ""), "api:t"));
        c.newSession();
        p2 = c.send(List.of(alert("200", "memo", "A1", "A2")), true);
        assertEquals("200", status(p2, "Alert", "1").data());
        assertTrue(gets(p2).isEmpty(), "stored: not asked again");
        p4 = c.send(List.of(sync("memo", List.of())), true);
        assertEquals("text/calendar", ((meshchat.syncml.protocol.ItemCommand) syncs(p4).get(0).commands().get(0)).meta().type(),
                "the stored DevInf's Rx-Pref picks the format");
    }

    @ParameterizedTest
    @ValueSource(strings = {"notes", "./Notes", "NOTE", "memo", "./memo?channel=Emergency", "my notes", "./MY NOTES"})
    void aliasesAreTheMemoDatastoreWithTheirOwnAnchorsAndEchoTheirName(String name) {
        String device = "alias-" + name;
        NoteClient c = new NoteClient(server, SyncMLVersion.V1_1, Encoding.XML, device);
        c.newSession();
        SyncMessage p2 = c.send(List.of(alert("201", name, null, "A1")), true);
        assertEquals("200", status(p2, "Alert", "1").data(), p2.toString());
        SyncMessage p4 = c.send(List.of(sync(name, List.of(add(10, "c1", "text/plain", null, "via " + name)))), true);
        assertEquals("201", itemStatuses(p4).get(0).data());
        assertEquals(name, syncs(p4).get(0).source().uri(), "the reply names the datastore as the client did");
        c.send(List.of(), true);
        Message m = store.read(tx -> tx.newest(1000, null, null)).stream().filter(x -> x.text().equals("via " + name))
                .findFirst().orElseThrow();
        assertEquals(name.contains("channel=") ? "Emergency" : "", m.channel());
        String key = ServerConfig.datastoreName(name) + (name.contains("channel=") ? "?channel=Emergency" : "");
        assertTrue(store.read(tx -> tx.syncState(new ClientKey("memo", device, key))).isPresent(), key);
        assertTrue(store.read(tx -> tx.syncState(new ClientKey("memo", device, "meshchat"))).isEmpty(),
                "an alias does not share the anchors of meshchat");
    }

    @Test
    void anotherDatastoreNameIsNotFoundAndMeshchatFullCannotBeAnAlias() {
        NoteClient c = new NoteClient(server, SyncMLVersion.V1_2, Encoding.XML, "cal-dev");
        c.newSession();
        assertEquals("404", status(c.send(List.of(alert("201", "./calendar", null, "A1")), true), "Alert", "1").data());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.defaults("x").withDatastoreAliases(List.of("./meshchat-full")));
    }

    @Test
    void anUnknownTypeIs415AndAMalformedObjectIs400PerItemAndNothingIsStored() {
        NoteClient c = new NoteClient(server, SyncMLVersion.V1_2, Encoding.XML, "bad-items");
        c.newSession();
        // it receives text/plain (Rx-Pref) but sends vNotes (Tx-Pref): its untyped c4 is read as a vNote
        c.send(List.of(NoteClient.put(NoteClient.devInf(SyncMLVersion.V1_2, "text/plain", "1.0", "text/x-vnote", "1.1"),
                SyncMLVersion.V1_2, Encoding.XML), alert("201", "notes", null, "A1")), true);
        SyncMessage p4 = c.send(List.of(sync("notes", List.of(
                add(10, "c1", "text/x-vcard", null, "BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n"),
                add(11, "c2", "text/x-vnote", null, "BEGIN:VNOTE\r\nBODY:no end"),
                add(12, "c3", "text/x-vnote", "b64", "not base64 !!"),
                add(13, "c4", null, null, "BEGIN:VNOTE\r\nVERSION:1.1\r\nBODY:typed by the session\r\nEND:VNOTE\r\n")))), true);
        List<String> codes = itemStatuses(p4).stream().map(Status::data).toList();
        assertEquals(List.of("415", "400", "400", "201"), codes, p4.toString());
        assertTrue(texts().contains("typed by the session"));
        assertTrue(texts().stream().noneMatch(t -> t.contains("VCARD") || t.contains("no end") || t.contains("base64")),
                "only the good item is stored: " + texts());
        assertNotNull(syncs(p4).get(0));
    }
}

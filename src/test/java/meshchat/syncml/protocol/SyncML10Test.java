package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SyncML 1.0 (namespace SYNCML:SYNCML1.0, DevInf 1.0 at ./devinf10) and messages without any
 * namespace, read by their VerDTD. The messages are written by hand from RepPro 1.0 / DevInf 1.0.
 */
class SyncML10Test {
    static byte[] golden(String name) {
        try (InputStream in = SyncML10Test.class.getResourceAsStream("/golden/syncml10/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("test resource /golden/syncml10/" + name, e);
        }
    }

    @Test
    void aSyncML10ClientMessageIsReadAsVersion10WithItsDevInf10() throws Exception {
        SyncMessage m = SyncMLCodec.decode(golden("client-msg1.xml"), Encoding.XML);
        assertEquals(SyncMLVersion.V1_0, m.header().version());
        assertEquals(3300L, m.header().meta().maxMsgSize());
        assertEquals("syncml:auth-basic", m.header().cred().meta().type());
        Put put = (Put) m.commands().get(0);
        assertEquals("./devinf10", put.items().get(0).sourceUri());
        DevInf d = put.items().get(0).devInf();
        assertEquals("1.0", d.verDtd());
        assertEquals("./Notes", d.dataStores().get(0).sourceRef());
        assertEquals(new DevInf.ContentType("text/x-vnote", "1.1"), d.dataStores().get(0).rxPref());
        assertEquals("200", ((Alert) m.commands().get(1)).data());
        assertEquals("./devinf10", ((Get) m.commands().get(2)).items().get(0).targetUri());
    }

    @Test
    void version10IsWrittenWithItsNamespaceVerDtdAndVerProto() throws Exception {
        SyncMessage m = SyncMLCodec.decode(golden("client-msg1.xml"), Encoding.XML);
        String xml = new String(SyncMLCodec.encode(m, Encoding.XML), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<SyncML xmlns=\"SYNCML:SYNCML1.0\">"), xml);
        assertTrue(xml.contains("<VerDTD>1.0</VerDTD><VerProto>SyncML/1.0</VerProto>"), xml);
        assertFalse(xml.contains("SYNCML1.2"), xml);
        assertEquals(normalize(m), normalize(SyncMLCodec.decode(xml.getBytes(StandardCharsets.UTF_8), Encoding.XML)));
    }

    @Test
    void wbxml10UsesPublicId0FD1AndRoundTrips() throws Exception {
        SyncMessage m = SyncMLCodec.decode(golden("client-msg1.xml"), Encoding.XML);
        byte[] wbxml = SyncMLCodec.encode(m, Encoding.WBXML);
        assertEquals(0x02, wbxml[0], "WBXML 1.2");
        assertEquals(0x9F, wbxml[1] & 0xff, "public id 0x0FD1 as mb_u_int32: 9F 51");
        assertEquals(0x51, wbxml[2]);
        SyncMessage back = SyncMLCodec.decode(wbxml, Encoding.WBXML);
        assertEquals(SyncMLVersion.V1_0, back.header().version());
        assertEquals(normalize(m), normalize(back));
    }

    @Test
    void ourDevInf10LeavesOutWhatDevInf11Added() {
        DevInf ours = new DevInf("1.0", "MeshChat", "meshchat-syncml", null, "0.1", "0.1", "-", "node", "server",
                true, true, true, List.of(new DevInf.DataStore("notes", "MeshChat", 64L,
                        new DevInf.ContentType("text/x-vnote", "1.1"), List.of(), new DevInf.ContentType("text/x-vnote", "1.1"),
                        List.of(), List.of("1", "2"))), null);
        SyncMessage results = new SyncMessage(new SyncHdr(SyncMLVersion.V1_0, "1", "1", Location.of("IMEI:1"),
                Location.of("http://127.0.0.1/sync"), null, false, null, null),
                List.of(new Results("2", "1", "3", MetInf.ofType(Encoding.XML.devInfContentType), null, null,
                        List.of(Item.withDevInf(Location.of(SyncMLVersion.V1_0.devInfUri), ours)))), true);
        String xml = new String(SyncMLCodec.encode(results, Encoding.XML), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<VerDTD>1.0</VerDTD><Man>MeshChat</Man>"), xml);
        assertTrue(xml.contains("<LocURI>./devinf10</LocURI>"), xml);
        for (String added : new String[] {"UTC", "SupportLargeObjs", "SupportNumberOfChanges"}) {
            assertFalse(xml.contains("<" + added), added + " is not DevInf 1.0: " + xml);
        }
        String v11 = new String(SyncMLCodec.encode(new SyncMessage(results.header(), List.of(new Results("2", "1", "3",
                null, null, null, List.of(Item.withDevInf(Location.of("./devinf11"), new DevInf("1.1", "M", null, null,
                        null, null, null, "d", "server", true, true, true, ours.dataStores(), null))))), true),
                Encoding.XML), StandardCharsets.UTF_8);
        assertTrue(v11.contains("<UTC>") && v11.contains("<SupportLargeObjs>"), "1.1 keeps them: " + v11);
    }

    @Test
    void aMessageWithoutAnyNamespaceIsReadByItsVerDtd() throws Exception {
        SyncMessage m = SyncMLCodec.decode(golden("client-msg3-nonamespace.xml"), Encoding.XML);
        assertEquals(SyncMLVersion.V1_0, m.header().version());
        assertEquals(3300L, m.header().meta().maxMsgSize(), "MetInf without its namespace");
        Sync sync = (Sync) m.commands().get(1);
        assertEquals("notes", sync.target().uri());
        ItemCommand add = (ItemCommand) sync.commands().get(0);
        assertEquals("text/x-vnote", add.meta().type());
        assertTrue(add.items().get(0).data().startsWith("BEGIN:VNOTE"), add.items().get(0).data());
        ItemCommand b64 = (ItemCommand) sync.commands().get(1);
        assertEquals(DataFormat.B64, DataFormat.of(b64.meta().format()));
        assertEquals(Command.Kind.DELETE, sync.commands().get(3).kind());
        String again = new String(SyncMLCodec.encode(m, Encoding.XML), StandardCharsets.UTF_8);
        assertTrue(again.contains("<SyncML xmlns=\"SYNCML:SYNCML1.0\">"), "answered in the namespace of its VerDTD");
    }

    @ParameterizedTest
    @CsvSource({"1.0, V1_0", "1.1, V1_1", "1.2, V1_2"})
    void withoutANamespaceEachVerDtdGivesItsVersion(String verDtd, SyncMLVersion expected) throws Exception {
        String xml = new String(golden("client-msg3-nonamespace.xml"), StandardCharsets.UTF_8)
                .replace("<VerDTD>1.0</VerDTD>", "<VerDTD>" + verDtd + "</VerDTD>");
        assertEquals(expected, SyncMLCodec.decode(xml.getBytes(StandardCharsets.UTF_8), Encoding.XML).header().version());
    }

    @Test
    void theVerDtdDecidesWhenTheNamespaceSaysOtherwise() throws Exception {
        String xml = new String(golden("client-msg1.xml"), StandardCharsets.UTF_8).replace("SYNCML:SYNCML1.0", "SYNCML:SYNCML1.2");
        assertEquals(SyncMLVersion.V1_0, SyncMLCodec.decode(xml.getBytes(StandardCharsets.UTF_8), Encoding.XML).header().version());
    }

    @Test
    void aSyncML10MessageLeavesOutWhat11Added() throws Exception {
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_0, "1", "2", Location.of("IMEI:1"), Location.of("http://127.0.0.1/sync"),
                null, false, null, MetInf.EMPTY.withMaxMsgSize(10000L).withMaxObjSize(4000000L));
        Sync sync = new Sync("3", false, Location.of("./Notes"), Location.of("notes"), null, 2L,
                List.of(new ItemCommand(Command.Kind.ADD, "4", false, false, false, MetInf.ofType("text/x-vnote"),
                        List.of(Item.withData(null, Location.of("g1"), "BEGIN:VNOTE\r\nEND:VNOTE\r\n")))));
        SyncMessage m = new SyncMessage(h, List.of(sync), true);
        for (Encoding e : Encoding.values()) {
            SyncMessage back = SyncMLCodec.decode(SyncMLCodec.encode(m, e), e);
            assertEquals(10000L, back.header().meta().maxMsgSize(), e.name());
            assertEquals(null, back.header().meta().maxObjSize(), e + ": MaxObjSize is MetInf 1.1");
            assertEquals(null, ((Sync) back.commands().get(0)).numberOfChanges(), e + ": NumberOfChanges is RepPro 1.1");
            assertEquals("text/x-vnote", ((ItemCommand) ((Sync) back.commands().get(0)).commands().get(0)).meta().type(), e.name());
            SyncMessage as11 = new SyncMessage(new SyncHdr(SyncMLVersion.V1_1, "1", "2", h.target(), h.source(), null, false,
                    null, h.meta()), m.commands(), true);
            SyncMessage back11 = SyncMLCodec.decode(SyncMLCodec.encode(as11, e), e);
            assertEquals(4000000L, back11.header().meta().maxObjSize(), e + ": 1.1 keeps it");
            assertEquals(2L, ((Sync) back11.commands().get(0)).numberOfChanges(), e + ": 1.1 keeps it");
        }
    }

    /** The DevInf's XML copy depends on the serializer; everything else must be equal. */
    static String normalize(SyncMessage m) {
        return m.toString().replaceAll("xml=<[^\\]]*?</DevInf>", "xml=");
    }
}

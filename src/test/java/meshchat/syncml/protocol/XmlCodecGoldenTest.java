package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every captured real SyncEvolution message decodes, and survives encode/decode unchanged. */
class XmlCodecGoldenTest {
    /** Captures the dump tool cut short: they must be refused as malformed, not half-read. */
    static final List<String> TRUNCATED = List.of("k-08-in-msg000.xml", "p-03-out-msg000.NOT-SENT-aborted.xml");

    @Test
    void truncatedCapturesAreMalformed() {
        for (String name : TRUNCATED) {
            assertThrows(MalformedMessageException.class, () -> read(name), name);
        }
    }

    static Stream<Path> captures() throws IOException, URISyntaxException {
        Path dir = Path.of(XmlCodecGoldenTest.class.getResource("/golden/xml").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !TRUNCATED.contains(p.getFileName().toString())).sorted().toList().stream();
        }
    }

    static SyncMessage read(String name) throws Exception {
        Path dir = Path.of(XmlCodecGoldenTest.class.getResource("/golden/xml").toURI());
        return SyncMLCodec.decode(Files.readAllBytes(dir.resolve(name)), Encoding.XML);
    }

    @ParameterizedTest
    @MethodSource("captures")
    void captureRoundTripsThroughOurModel(Path capture) throws Exception {
        SyncMessage m = SyncMLCodec.decode(Files.readAllBytes(capture), Encoding.XML);
        assertNotNull(m.header().sessionId());
        byte[] again = SyncMLCodec.encode(m, Encoding.XML);
        SyncMessage m2 = SyncMLCodec.decode(again, Encoding.XML);
        assertEquals(normalize(m), normalize(m2), capture.getFileName().toString());
    }

    /** DevInf's XML copy depends on the serializer; everything else must be equal. */
    private static String normalize(SyncMessage m) {
        return m.toString().replaceAll("xml=<[^\\]]*?</DevInf>", "xml=");
    }

    @Test
    void firstMessageOfSlowSyncHasCredDevInfAndAlert201() throws Exception {
        SyncMessage m = read("a-01-out-msg001.xml");
        assertEquals(SyncMLVersion.V1_2, m.header().version());
        assertEquals("5", m.header().sessionId());
        assertEquals("sc-syncevo-harness", m.header().source().uri());
        assertEquals("test", m.header().source().name());
        assertEquals("syncml:auth-md5", m.header().cred().meta().type());
        assertEquals("MraccrRHny5AADBfmPIGpQ==", m.header().cred().data());
        assertEquals(150000L, m.header().meta().maxMsgSize());
        assertTrue(m.fin());
        List<Command> c = m.commands();
        assertEquals(Command.Kind.PUT, c.get(0).kind());
        DevInf di = c.get(0).items().get(0).devInf();
        assertEquals("SyncEvolution", di.mod());
        assertTrue(di.supportNumberOfChanges());
        assertEquals("./memo", di.dataStores().get(0).sourceRef());
        assertEquals(64L, di.dataStores().get(0).maxGuidSize());
        assertTrue(di.dataStores().get(0).syncTypes().contains("390001"));
        assertEquals(Command.Kind.GET, c.get(1).kind());
        Alert a = (Alert) c.get(2);
        assertEquals("201", a.data());
        assertEquals("memo", a.items().get(0).targetUri());
        assertEquals("20261126T020002Z", a.items().get(0).meta().anchor().next());
        assertEquals(null, a.items().get(0).meta().anchor().last());
    }

    @Test
    void syncWithAddsKeepsCdataText() throws Exception {
        SyncMessage m = read("a-03-out-msg002.xml");
        Sync s = (Sync) m.commands().get(3);
        assertEquals(3, s.commands().size());
        ItemCommand add = (ItemCommand) s.commands().get(0);
        assertEquals(Command.Kind.ADD, add.kind());
        assertEquals("memo1", add.items().get(0).sourceUri());
        assertEquals("Memo 1 subject\nBody of memo number 1.\n\n", add.items().get(0).data());
        assertEquals("text/plain", add.meta().type());
    }

    @Test
    void statusCarriesAnchorInItemData() throws Exception {
        SyncMessage m = read("a-02-in-msg001.xml");
        Status s = (Status) m.commands().stream().filter(c -> c instanceof Status st && "Alert".equals(st.cmd())).findFirst().orElseThrow();
        assertEquals("20261126T020002Z", s.items().get(0).anchor().next());
        Status hdr = (Status) m.commands().get(0);
        assertEquals("212", hdr.data());
        assertEquals("MEQyIzsiISE=", hdr.chal().nextNonce());
    }

    @Test
    void syncml11MessageIsReadAsVersion11AndWrittenBackIn11Namespace() throws Exception {
        SyncMessage m = read("o-01-out-msg001.xml");
        assertEquals(SyncMLVersion.V1_1, m.header().version());
        String out = new String(SyncMLCodec.encode(m, Encoding.XML), StandardCharsets.UTF_8);
        assertTrue(out.contains("xmlns=\"SYNCML:SYNCML1.1\""), out);
        assertTrue(out.contains("<Type xmlns=\"syncml:metinf\">"), out);
        assertFalse(out.contains("ns2:"), out);
    }

    @Test
    void elementsInAnyOrderAndWithoutNamespacesAreAccepted() throws Exception {
        String xml = "<SyncML><SyncHdr><VerProto>SyncML/1.1</VerProto><VerDTD>1.1</VerDTD><MsgID>1</MsgID><SessionID>7</SessionID>"
                + "<Source><LocURI>dev</LocURI></Source><Target><LocURI>http://x/sync</LocURI></Target>"
                + "<Meta><MaxMsgSize>9000</MaxMsgSize></Meta></SyncHdr>"
                + "<SyncBody><Alert><Item><Meta><Anchor><Next>2</Next><Last>1</Last></Anchor></Meta><Source><LocURI>./c</LocURI></Source><Target><LocURI>meshchat</LocURI></Target></Item><Data>200</Data><CmdID>1</CmdID></Alert><Final/></SyncBody></SyncML>";
        SyncMessage m = SyncMLCodec.decode(xml.getBytes(StandardCharsets.UTF_8), Encoding.XML);
        assertEquals(SyncMLVersion.V1_1, m.header().version());
        assertEquals(9000L, m.header().meta().maxMsgSize());
        Alert a = (Alert) m.commands().get(0);
        assertEquals("200", a.data());
        assertEquals(new Anchor("1", "2"), a.items().get(0).meta().anchor());
    }

    @Test
    void doctypeAndExternalEntitiesAreRefused() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE SyncML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2</VerDTD><VerProto>SyncML/1.2</VerProto><SessionID>1</SessionID><MsgID>1</MsgID>"
                + "<Target><LocURI>&x;</LocURI></Target><Source><LocURI>d</LocURI></Source></SyncHdr><SyncBody/></SyncML>";
        assertThrows(MalformedMessageException.class, () -> SyncMLCodec.decode(xml.getBytes(StandardCharsets.UTF_8), Encoding.XML));
    }

    @Test
    void garbageAndTruncationAreMalformedNotCrashes() throws Exception {
        byte[] good = Files.readAllBytes(Path.of(getClass().getResource("/golden/xml/a-03-out-msg002.xml").toURI()));
        for (int cut = 0; cut < good.length; cut += 37) {
            byte[] part = java.util.Arrays.copyOf(good, cut);
            assertThrows(MalformedMessageException.class, () -> SyncMLCodec.decode(part, Encoding.XML), "cut at " + cut);
        }
        assertThrows(MalformedMessageException.class, () -> SyncMLCodec.decode("<a><b></a>".getBytes(), Encoding.XML));
        StringBuilder deep = new StringBuilder("<SyncML>");
        deep.append("<x>".repeat(200));
        assertThrows(MalformedMessageException.class, () -> SyncMLCodec.decode(deep.toString().getBytes(), Encoding.XML));
    }

    @Test
    void itemDataGoesOutAsCdataAndKeepsEdgeWhitespaceAndCdataEnds() throws Exception {
        SyncMessage m = read("a-03-out-msg002.xml");
        Sync s = (Sync) m.commands().get(3);
        ItemCommand add = (ItemCommand) s.commands().get(0);
        String tricky = "\n starts with a newline, has ]]> inside & <tags>\n";
        ItemCommand changed = new ItemCommand(add.kind(), add.cmdId(), false, false, false, add.meta(),
                List.of(Item.text(null, add.items().get(0).source(), null, tricky)));
        SyncMessage out = new SyncMessage(m.header(), List.of(new Sync(s.cmdId(), false, s.target(), s.source(), null, null,
                List.of(changed))), true);
        String xml = new String(SyncMLCodec.encode(out, Encoding.XML), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<Data><![CDATA[\n starts"), xml);
        SyncMessage back = SyncMLCodec.decode(xml.getBytes(StandardCharsets.UTF_8), Encoding.XML);
        assertEquals(tricky, ((Sync) back.commands().get(0)).commands().get(0).items().get(0).data());
    }
}

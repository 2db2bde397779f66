package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DevInfReader} against JAXB, the reader it replaced (the generated classes and
 * {@link DevInfMapper}, kept here as the oracle), on every golden message holding a DevInf bent the
 * ways DevInfs come bent; and its text copy ({@link DevInf#xml}): the element whole, read back by
 * {@link DevInfText} to the same DevInf, old copies written by JAXB included.
 */
class DevInfReaderTest {

    /** The message as text, each DevInf's copy left out (the one field that differs from JAXB by design). */
    static String withoutCopies(SyncMessage m) {
        String s = m.toString();
        for (DevInf d : devInfs(m)) {
            if (d.xml() != null) {
                s = s.replace("xml=" + d.xml() + "]", "xml=(copy)]");
            }
        }
        return s;
    }

    /** Null when every DevInf's copy reads back to that DevInf, else what differs. */
    static String copiesReadBack(SyncMessage m) {
        for (DevInf d : devInfs(m)) {
            Optional<DevInf> back = DevInfText.parse(d.xml());
            if (back.isEmpty() || !sameButCopy(d, back.get())) {
                return "copy does not read back: " + d + "\n  read back: " + back;
            }
        }
        return null;
    }

    static boolean sameButCopy(DevInf a, DevInf b) {
        return withCopy(a, null).equals(withCopy(b, null));
    }

    private static DevInf withCopy(DevInf d, String xml) {
        return new DevInf(d.verDtd(), d.man(), d.mod(), d.oem(), d.fwV(), d.swV(), d.hwV(), d.devId(), d.devTyp(),
                d.utc(), d.supportLargeObjs(), d.supportNumberOfChanges(), d.dataStores(), xml);
    }

    /** Every DevInf in a model, wherever it sits (records and lists walked). */
    static List<DevInf> devInfs(Object root) {
        List<DevInf> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Object o, List<DevInf> out) {
        if (o instanceof DevInf d) {
            out.add(d);
        } else if (o instanceof List<?> list) {
            list.forEach(e -> collect(e, out));
        } else if (o != null && o.getClass().isRecord()) {
            for (RecordComponent c : o.getClass().getRecordComponents()) {
                try {
                    collect(c.getAccessor().invoke(o), out);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    private static final String[] INSERTS = {
        "<Man>second</Man>", "<UTC/>", "<SupportLargeObjs>x</SupportLargeObjs>", "<VerDTD> 1.1 </VerDTD>",
        "<DataStore><SourceRef>./extra</SourceRef><Rx-Pref><CTType>a</CTType></Rx-Pref><SyncCap><SyncType>7</SyncType></SyncCap></DataStore>",
        "<CTCap><CTType>text/plain</CTType><PropName>BEGIN</PropName><ValEnum>VNOTE</ValEnum></CTCap>",
        "<Ext><XNam>X-foo</XNam><XVal>1</XVal></Ext>", "<SyncCap><SyncType> 9 </SyncType><Foo>8</Foo></SyncCap>",
        "<Rx><CTType> text/x </CTType><VerCT>1</VerCT><CTType>again</CTType></Rx>", "<Tx-Pref><VerCT>2</VerCT></Tx-Pref>",
        "<MaxGUIDSize>not a number</MaxGUIDSize>", "<MaxGUIDSize> 32 </MaxGUIDSize>", "<x:Man xmlns:x='urn:other'>foreign</x:Man>",
        "<Foo>t<Man>inside</Man>u</Foo>", "<!-- a comment -->", " \n text between ", "<![CDATA[c<d]]>", "<Type xmlns='syncml:metinf'>t</Type>",
        "<SourceRef>./r</SourceRef>", "<DisplayName> shown </DisplayName>", "<DevInf><Man>nested</Man></DevInf>",
        "<Meta><Type xmlns='syncml:metinf'>t</Type></Meta>", "<SupportHierarchicalSync/>", "<DSMem><MaxID>5</MaxID></DSMem>",
    };

    /** Each golden message with a DevInf, an element inserted after a random tag inside the DevInf (1,000+ cases). */
    @Test
    void bentDevInfsDecodeAsJaxbDecodedThem() throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Random r = new Random(RandomCases.seed());
        for (Path p : SyncMLReaderTest.files("golden/xml", ".xml")) {
            String xml = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
            int from = xml.indexOf("<DevInf");
            int to = xml.indexOf("</DevInf>");
            if (from < 0 || to < 0) {
                continue;
            }
            List<Integer> tagEnds = new ArrayList<>();
            for (int i = xml.indexOf('>', from); i >= 0 && i < to; i = xml.indexOf('>', i + 1)) {
                tagEnds.add(i + 1);
            }
            for (int k = 0; k < 40; k++) {
                int at = tagEnds.get(r.nextInt(tagEnds.size()));
                String insert = INSERTS[r.nextInt(INSERTS.length)];
                bodies.add((xml.substring(0, at) + insert + xml.substring(at)).getBytes(StandardCharsets.UTF_8));
                names.add(p + " + " + insert + " at " + at);
            }
        }
        assertTrue(bodies.size() >= 1000, "bent " + bodies.size());
        List<String> diff = SyncMLReaderTest.differences(bodies, Encoding.XML, names);
        assertTrue(diff.isEmpty(), diff.size() + " of " + bodies.size() + " differ:\n"
                + String.join("\n", diff.subList(0, Math.min(8, diff.size()))));
    }

    private static final String CLIENT_DEVINF = "<DevInf xmlns='syncml:devinf'><VerDTD>1.2</VerDTD><Man>Nokia</Man>"
            + "<Mod>E51</Mod><DevID>IMEI:1</DevID><DevTyp>phone</DevTyp><UTC/>"
            + "<DataStore><SourceRef>./Notes</SourceRef><MaxGUIDSize>8</MaxGUIDSize>"
            + "<Rx-Pref><CTType>text/plain</CTType><VerCT>1.0</VerCT></Rx-Pref><Tx-Pref><CTType>text/plain</CTType><VerCT>1.0</VerCT></Tx-Pref>"
            + "<CTCap><CTType>text/plain</CTType><VerCT>1.0</VerCT><Property><PropName>BODY</PropName><MaxSize>4000</MaxSize></Property></CTCap>"
            + "<DSMem><MaxID>500</MaxID></DSMem><SyncCap><SyncType>1</SyncType><SyncType>2</SyncType></SyncCap></DataStore>"
            + "<Ext><XNam>X-NOKIA-SYNC</XNam><XVal>1</XVal></Ext><m:Foo xmlns:m='urn:vendor'>v<Man>not ours</Man></m:Foo><Type xmlns='syncml:metinf'>t<Size>1</Size></Type></DevInf>";

    private static String putOf(String devInf) {
        return "<SyncML xmlns='SYNCML:SYNCML1.2'><SyncHdr><VerDTD>1.2</VerDTD><VerProto>SyncML/1.2</VerProto>"
                + "<SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>http://s</LocURI></Target>"
                + "<Source><LocURI>IMEI:1</LocURI></Source></SyncHdr><SyncBody><Put><CmdID>1</CmdID>"
                + "<Meta><Type xmlns='syncml:metinf'>application/vnd.syncml-devinf+xml</Type></Meta>"
                + "<Item><Source><LocURI>./devinf12</LocURI></Source><Data>" + devInf + "</Data></Item></Put><Final/></SyncBody></SyncML>";
    }

    @Test
    void theCopyKeepsTheWholeElementInDocumentOrder() throws Exception {
        SyncMessage m = SyncMLCodec.decode(putOf(CLIENT_DEVINF).getBytes(StandardCharsets.UTF_8), Encoding.XML);
        DevInf d = devInfs(m).get(0);
        assertEquals("Nokia", d.man()); // the Man inside the vendor's element is not the device's
        assertEquals(8L, d.dataStores().get(0).maxGuidSize());
        assertEquals(List.of("1", "2"), d.dataStores().get(0).syncTypes());
        assertEquals("<DevInf xmlns=\"syncml:devinf\"><VerDTD>1.2</VerDTD><Man>Nokia</Man><Mod>E51</Mod><DevID>IMEI:1</DevID>"
                + "<DevTyp>phone</DevTyp><UTC></UTC><DataStore><SourceRef>./Notes</SourceRef><MaxGUIDSize>8</MaxGUIDSize>"
                + "<Rx-Pref><CTType>text/plain</CTType><VerCT>1.0</VerCT></Rx-Pref><Tx-Pref><CTType>text/plain</CTType>"
                + "<VerCT>1.0</VerCT></Tx-Pref><CTCap><CTType>text/plain</CTType><VerCT>1.0</VerCT><Property>"
                + "<PropName>BODY</PropName><MaxSize>4000</MaxSize></Property></CTCap><DSMem><MaxID>500</MaxID></DSMem>"
                + "<SyncCap><SyncType>1</SyncType><SyncType>2</SyncType></SyncCap></DataStore><Ext><XNam>X-NOKIA-SYNC</XNam>"
                + "<XVal>1</XVal></Ext><Foo>v<Man>not ours</Man></Foo>" // an unknown namespace is its parent's (NamespaceNormalizingReader)
                + "<Type xmlns=\"syncml:metinf\">t<Size>1</Size></Type></DevInf>",
                d.xml());
        assertTrue(sameButCopy(d, DevInfText.parse(d.xml()).orElseThrow()));
        assertEquals(d.xml(), DevInfText.parse(d.xml()).orElseThrow().xml(), "read back, the stored text is its copy");
    }

    /** Rows stored before this change hold JAXB's copy (its prefixes, schema order); they still read. */
    @Test
    void aCopyJaxbWroteStillReads() {
        String stored = "<ns3:DevInf xmlns=\"SYNCML:SYNCML1.2\" xmlns:ns2=\"syncml:metinf\" xmlns:ns3=\"syncml:devinf\">"
                + "<ns3:VerDTD>1.2</ns3:VerDTD><ns3:Man>Patrick Ohly</ns3:Man><ns3:Mod>SyncEvolution</ns3:Mod>"
                + "<ns3:SwV>2.0.0</ns3:SwV><ns3:DevID>sc-1</ns3:DevID><ns3:DevTyp>workstation</ns3:DevTyp><ns3:UTC/>"
                + "<ns3:SupportLargeObjs/><ns3:DataStore><ns3:SourceRef>memo</ns3:SourceRef><ns3:MaxGUIDSize>64</ns3:MaxGUIDSize>"
                + "<ns3:Rx-Pref><ns3:CTType>text/plain</ns3:CTType><ns3:VerCT>1.0</ns3:VerCT></ns3:Rx-Pref>"
                + "<ns3:Tx-Pref><ns3:CTType>text/plain</ns3:CTType><ns3:VerCT>1.0</ns3:VerCT></ns3:Tx-Pref>"
                + "<ns3:SyncCap><ns3:SyncType>1</ns3:SyncType><ns3:SyncType>2</ns3:SyncType></ns3:SyncCap></ns3:DataStore></ns3:DevInf>";
        DevInf d = DevInfText.parse(stored).orElseThrow();
        assertEquals("SyncEvolution", d.mod());
        assertEquals("2.0.0", d.swV());
        assertTrue(d.utc() && d.supportLargeObjs() && !d.supportNumberOfChanges());
        assertEquals(new DevInf.DataStore("memo", null, 64L, new DevInf.ContentType("text/plain", "1.0"), List.of(),
                new DevInf.ContentType("text/plain", "1.0"), List.of(), List.of("1", "2")), d.dataStores().get(0));
    }

    @Test
    void storedTextThatIsNoDevInfReadsAsNone() {
        for (String text : new String[] {"", "  ", "not xml", "<Other xmlns='syncml:devinf'/>", "<x:DevInf xmlns:x='syncml:metinf'/>",
            "<DevInf xmlns='syncml:devinf'><Man>cut", "<!DOCTYPE d [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><DevInf xmlns='syncml:devinf'><Man>&e;</Man></DevInf>"}) {
            assertEquals(Optional.empty(), DevInfText.parse(text), text);
        }
    }

    /** A leaf holding an element keeps all its own text, as SyncMLReader's leaves do (JAXB kept what followed the element). */
    @Test
    void aLeafWithAnElementInItKeepsAllItsText() throws Exception {
        String bent = CLIENT_DEVINF.replace("<DevID>IMEI:1</DevID>", "<DevID>IMEI<b>x</b>:1</DevID>");
        byte[] body = putOf(bent).getBytes(StandardCharsets.UTF_8);
        assertEquals("IMEI:1", devInfs(SyncMLCodec.decode(body, Encoding.XML)).get(0).devId());
        assertEquals(":1", devInfs(SyncMLReaderTest.decodeByJaxb(body, Encoding.XML)).get(0).devId());
    }

    /** WBXML can carry characters XML cannot: the copy holds a space for a C0 control, U+FFFD for the rest, a reference for CR. */
    @Test
    void charactersXmlCannotHoldAreReplacedInTheCopySoItReadsBack() throws Exception {
        String[][] cases = { // Mod as sent, Mod read back from the copy
            {"a\u0001b\u000Bc", "a b c"}, {"\u0001abc", "abc"}, {"\u0001", ""}, {"a\rb", "a\rb"}, {"a\r\nb", "a\r\nb"},
            {"a\uFFFEb", "a\uFFFDb"}, {"a\uDBFF\uDFFFb", "a\uDBFF\uDFFFb"},
        };
        for (String[] c : cases) {
            DevInf d = devInfs(SyncMLCodec.decode(CraftedWbxml.devInfPut(new byte[0], b -> CraftedWbxml.element(b, 0x55, c[0])), Encoding.WBXML)).get(0);
            assertEquals(c[0].trim(), d.mod(), "the model keeps what came");
            DevInf back = DevInfText.parse(d.xml()).orElseThrow(() -> new AssertionError("copy unreadable: " + d.xml()));
            assertEquals(c[1], back.mod());
            assertEquals("phone", back.devTyp());
        }
    }

    /** WBXML names elements from its string table, where any text fits: a name the copy does not write (anything but ASCII letters, digits, _ - .) is left out whole. */
    @Test
    void anElementXmlCannotNameIsLeftOutOfTheCopy() throws Exception {
        for (String name : new String[] {"a b", "1x", "x:y", "", "a<b", "-x", "a\u0001", "\u00e9t\u00e9"}) {
            byte[] body = CraftedWbxml.devInfPut(CraftedWbxml.stringTable(name), b -> {
                b.write(0x44); // LITERAL with content, name at offset 0 of the string table
                b.write(0);
                CraftedWbxml.element(b, 0x51, "inside"); // a Man inside it: not the device's
                b.write(0x01);
            });
            DevInf d = devInfs(SyncMLCodec.decode(body, Encoding.WBXML)).get(0);
            assertEquals("M", d.man(), name);
            assertTrue(!d.xml().contains("inside"), name + ": " + d.xml());
            assertTrue(sameButCopy(d, DevInfText.parse(d.xml()).orElseThrow(() -> new AssertionError(name + ": " + d.xml()))), name);
        }
        assertTrue(DevInfCopy.isXmlName("X-Foo_1.2") && !DevInfCopy.isXmlName(".x") && !DevInfCopy.isXmlName("x y"));
    }

    /** A copy past MAX_COPY_CHARS is not kept (the DevInf is still read): a million empty elements cost their model only. */
    @Test
    void aCopyTooLongIsNotKept() throws Exception {
        String many = "<Ext><XNam>X</XNam></Ext>".repeat(DevInfCopy.MAX_COPY_CHARS / 24 + 10);
        DevInf big = devInfs(SyncMLCodec.decode(putOf(CLIENT_DEVINF.replace("<UTC/>", "<UTC/>" + many))
                .getBytes(StandardCharsets.UTF_8), Encoding.XML)).get(0);
        assertEquals(null, big.xml());
        assertEquals("Nokia", big.man());
        assertEquals(8L, big.dataStores().get(0).maxGuidSize());
        DevInf small = devInfs(SyncMLCodec.decode(putOf(CLIENT_DEVINF.replace("<UTC/>", "<UTC/>" + many.substring(0, 200_000)))
                .getBytes(StandardCharsets.UTF_8), Encoding.XML)).get(0);
        assertTrue(small.xml() != null && small.xml().length() > 200_000);
    }
}

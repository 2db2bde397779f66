package meshchat.syncml.protocol.wbxml;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import meshchat.syncml.protocol.wbxml.WbxmlTrees.Node;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Random SyncML-shaped trees survive writer then reader; random damage never escapes as anything but XMLStreamException. */
class WbxmlProperties {

    @Property(tries = 500)
    void treesSurviveWriterThenReader(@ForAll("messages") Node message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XMLStreamWriter w = Wbxml.newWriter(out);
        write(message, w);
        w.writeEndDocument();
        Node decoded = WbxmlTrees.wbxmlTree(out.toByteArray());
        if (!decoded.equals(message)) {
            throw new AssertionError("expected\n" + message + "but decoded\n" + decoded);
        }
    }

    private static void write(Node n, XMLStreamWriter w) throws XMLStreamException {
        w.writeStartElement(n.ns(), n.name());
        w.writeCharacters(n.text());
        for (Node child : n.children()) {
            write(child, w);
        }
        w.writeEndElement();
    }

    @Provide
    Arbitrary<Node> messages() {
        return Arbitraries.of(Wbxml.SYNCML_1_1_NS, Wbxml.SYNCML_1_2_NS).flatMap(ns ->
                children(syncmlElement(ns, 4)).map(kids -> new Node(ns, "SyncML", "", kids)));
    }

    private static Arbitrary<List<Node>> children(Arbitrary<Node> element) {
        return element.list().ofMaxSize(4);
    }

    /** SyncML page 0 and MetInf page 1 elements; Data sometimes holds a DevInf document. */
    private Arbitrary<Node> syncmlElement(String ns, int depth) {
        Arbitrary<Node> leaf = Combinators.combine(names(ns, CodePages.SYNCML, CodePages.METINF), texts())
                .as((name, text) -> new Node(name[0], name[1], text, List.of()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Node> container = Combinators.combine(names(ns, CodePages.SYNCML, CodePages.METINF),
                children(Arbitraries.lazy(() -> syncmlElement(ns, depth - 1))))
                .as((name, kids) -> new Node(name[0], name[1], "", kids));
        CodePage devInfPage = ns.equals(Wbxml.SYNCML_1_1_NS) ? CodePages.DEVINF_11 : CodePages.DEVINF_12;
        Arbitrary<Node> dataWithDevInf = children(devInfElement(devInfPage, 3)).map(kids ->
                new Node(ns, "Data", "", List.of(new Node(Wbxml.DEVINF_NS, "DevInf", "", kids))));
        return Arbitraries.frequencyOf(Tuple.of(5, leaf), Tuple.of(3, container), Tuple.of(1, dataWithDevInf));
    }

    private Arbitrary<Node> devInfElement(CodePage page, int depth) {
        Arbitrary<String[]> name = names(Wbxml.DEVINF_NS, page, null);
        Arbitrary<Node> leaf = Combinators.combine(name, texts()).as((n, text) -> new Node(n[0], n[1], text, List.of()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Node> container = Combinators.combine(name, children(Arbitraries.lazy(() -> devInfElement(page, depth - 1))))
                .as((n, kids) -> new Node(n[0], n[1], "", kids));
        return Arbitraries.frequencyOf(Tuple.of(3, leaf), Tuple.of(1, container));
    }

    /** {namespace, local name} pairs drawn from the code-page tables (the decoder's names). */
    private static Arbitrary<String[]> names(String page0Ns, CodePage page0, CodePage metInf) {
        List<String[]> names = new ArrayList<>();
        for (int token = 0x05; token < 0x40; token++) {
            if (page0.name(token) != null) {
                names.add(new String[] {page0Ns, page0.name(token)});
            }
            if (metInf != null && metInf.name(token) != null) {
                names.add(new String[] {Wbxml.METINF_NS, metInf.name(token)});
            }
        }
        return Arbitraries.of(names);
    }

    /** Text with ASCII, CR/LF/TAB, BMP, non-BMP and control characters including NUL. */
    @Provide
    static Arbitrary<String> texts() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(2, Arbitraries.of(0x0D, 0x0A, 0x09, 0x20)),
                Tuple.of(2, Arbitraries.integers().between(0xA0, 0xD7FF)),
                Tuple.of(2, Arbitraries.integers().between(0xE000, 0xFFFD)),
                Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)),
                Tuple.of(1, Arbitraries.of(0x00, 0x01, 0x1F)));
        return codePoint.list().ofMaxSize(12).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    /** Damaged captures: decoding either works or throws XMLStreamException with offset and path. */
    @Property(tries = 1000)
    void damagedCapturesFailCleanly(@ForAll("damaged") byte[] body) {
        try {
            XMLStreamReader r = Wbxml.newReader(body);
            int events = 0;
            while (r.hasNext()) {
                r.next();
                // every event consumes a byte or ends an empty element, so no endless loop
                assertTrue(++events < body.length * 2 + 10);
            }
        } catch (XMLStreamException e) {
            assertTrue(e.getMessage().startsWith("WBXML offset "), e.getMessage());
            assertFalse(e.getMessage().contains("internal decoder error"), e.getMessage());
        }
    }

    @Provide
    Arbitrary<byte[]> damaged() {
        Arbitrary<byte[]> capture = Arbitraries.of(WbxmlTrees.WBXML_MESSAGES)
                .map(m -> WbxmlTrees.resource(WbxmlTrees.WBXML_SESSION + "/" + m + ".wbxml"));
        Arbitrary<int[]> change = Combinators.combine(Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.integers().between(0, 255)).as((at, value) -> new int[] {at, value});
        return Combinators.combine(capture, change.list().ofMinSize(1).ofMaxSize(4)).as((bytes, changes) -> {
            byte[] copy = bytes.clone();
            for (int[] c : changes) {
                copy[c[0] % copy.length] = (byte) c[1];
            }
            return copy;
        });
    }
}

package meshchat.syncml.protocol.wbxml;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import meshchat.syncml.protocol.RandomCases;
import meshchat.syncml.protocol.wbxml.WbxmlTrees.Node;
import org.junit.jupiter.api.Test;

/**
 * Properties of the WBXML codec, on seeded random cases (see {@link RandomCases}: -Dproperty.seed,
 * -Dproperty.case, -Dproperty.cases): random SyncML-shaped trees survive writer then reader;
 * random damage never escapes as anything but XMLStreamException.
 */
class WbxmlPropertiesTest {

    /**
     * SyncML 1.1 and 1.2 trees of page 0 (SyncML) and page 1 (MetInf) elements, with DevInf
     * documents nested under Data, text with non-BMP characters, CR/LF/TAB and NUL, read back as
     * the same tree.
     */
    @Test
    void treesSurviveWriterThenReader() {
        RandomCases.forAll("WBXML trees survive writer then reader", 500, WbxmlPropertiesTest::message, message -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            XMLStreamWriter w = Wbxml.newWriter(out);
            write(message, w);
            w.writeEndDocument();
            Node decoded = WbxmlTrees.wbxmlTree(out.toByteArray());
            if (!decoded.equals(message)) {
                throw new AssertionError("decoded\n" + show(decoded));
            }
        }, m -> "\n" + show(m));
    }

    /** The tree one element a line (Node's toString), with controls and non-ASCII escaped. */
    private static String show(Node n) {
        return String.join("\n", n.toString().lines().map(RandomCases::visible).toList());
    }

    private static void write(Node n, XMLStreamWriter w) throws XMLStreamException {
        w.writeStartElement(n.ns(), n.name());
        w.writeCharacters(n.text());
        for (Node child : n.children()) {
            write(child, w);
        }
        w.writeEndElement();
    }

    // --- generators -------------------------------------------------------------------------

    private static final List<String[]> SYNCML_1_1_NAMES = names(Wbxml.SYNCML_1_1_NS, CodePages.SYNCML, CodePages.METINF);
    private static final List<String[]> SYNCML_1_2_NAMES = names(Wbxml.SYNCML_1_2_NS, CodePages.SYNCML, CodePages.METINF);
    private static final List<String[]> DEVINF_11_NAMES = names(Wbxml.DEVINF_NS, CodePages.DEVINF_11, null);
    private static final List<String[]> DEVINF_12_NAMES = names(Wbxml.DEVINF_NS, CodePages.DEVINF_12, null);

    static Node message(Random r) {
        String ns = r.nextBoolean() ? Wbxml.SYNCML_1_1_NS : Wbxml.SYNCML_1_2_NS;
        return new Node(ns, "SyncML", "", children(r, () -> syncmlElement(r, ns, 4)));
    }

    /** Zero to four elements. */
    private static List<Node> children(Random r, Supplier<Node> element) {
        int n = r.nextInt(5);
        List<Node> kids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            kids.add(element.get());
        }
        return kids;
    }

    /** SyncML page 0 and MetInf page 1 elements: leaf 5, container 3, Data holding a DevInf 1. */
    private static Node syncmlElement(Random r, String ns, int depth) {
        List<String[]> names = ns.equals(Wbxml.SYNCML_1_1_NS) ? SYNCML_1_1_NAMES : SYNCML_1_2_NAMES;
        int pick = depth == 0 ? 0 : r.nextInt(9);
        if (pick < 5) {
            String[] name = names.get(r.nextInt(names.size()));
            return new Node(name[0], name[1], text(r), List.of());
        }
        if (pick < 8) {
            String[] name = names.get(r.nextInt(names.size()));
            return new Node(name[0], name[1], "", children(r, () -> syncmlElement(r, ns, depth - 1)));
        }
        List<String[]> devInfNames = ns.equals(Wbxml.SYNCML_1_1_NS) ? DEVINF_11_NAMES : DEVINF_12_NAMES;
        List<Node> kids = children(r, () -> devInfElement(r, devInfNames, 3));
        return new Node(ns, "Data", "", List.of(new Node(Wbxml.DEVINF_NS, "DevInf", "", kids)));
    }

    /** DevInf elements: leaf 3, container 1. */
    private static Node devInfElement(Random r, List<String[]> names, int depth) {
        String[] name = names.get(r.nextInt(names.size()));
        if (depth == 0 || r.nextInt(4) < 3) {
            return new Node(name[0], name[1], text(r), List.of());
        }
        return new Node(name[0], name[1], "", children(r, () -> devInfElement(r, names, depth - 1)));
    }

    /** {namespace, local name} pairs drawn from the code-page tables (the decoder's names). */
    private static List<String[]> names(String page0Ns, CodePage page0, CodePage metInf) {
        List<String[]> names = new ArrayList<>();
        for (int token = 0x05; token < 0x40; token++) {
            if (page0.name(token) != null) {
                names.add(new String[] {page0Ns, page0.name(token)});
            }
            if (metInf != null && metInf.name(token) != null) {
                names.add(new String[] {Wbxml.METINF_NS, metInf.name(token)});
            }
        }
        return List.copyOf(names);
    }

    /**
     * Up to 12 code points: printable ASCII 5, CR/LF/TAB/space 2, BMP below the surrogates 2, BMP
     * above them 2, non-BMP 2, controls NUL/0x01/0x1F 1.
     */
    static String text(Random r) {
        int n = r.nextInt(13);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(14);
            int cp;
            if (pick < 5) {
                cp = between(r, 0x20, 0x7E);
            } else if (pick < 7) {
                cp = oneOf(r, 0x0D, 0x0A, 0x09, 0x20);
            } else if (pick < 9) {
                cp = between(r, 0xA0, 0xD7FF);
            } else if (pick < 11) {
                cp = between(r, 0xE000, 0xFFFD);
            } else if (pick < 13) {
                cp = between(r, 0x10000, 0x10FFFF);
            } else {
                cp = oneOf(r, 0x00, 0x01, 0x1F);
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static int between(Random r, int from, int to) {
        return from + r.nextInt(to - from + 1);
    }

    private static int oneOf(Random r, int... values) {
        return values[r.nextInt(values.length)];
    }

    // --- damaged captures ---------------------------------------------------------------------

    private static final List<byte[]> CAPTURES = Arrays.stream(WbxmlTrees.WBXML_MESSAGES)
            .map(m -> WbxmlTrees.resource(WbxmlTrees.WBXML_SESSION + "/" + m + ".wbxml")).toList();

    /** A damaged capture and what was done to it. */
    record Damaged(String capture, List<int[]> changes, byte[] body) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(capture).append(".wbxml with");
            for (int[] c : changes) {
                sb.append(String.format(" [%d]=0x%02X", c[0], c[1]));
            }
            return sb.toString();
        }
    }

    /**
     * A capture of a real session with one to four bytes overwritten (position uniform in
     * 0..2^20 modulo the length, value 0..255): decoding either works or throws an
     * XMLStreamException whose message gives the offset, never another exception, an internal
     * decoder error or an endless loop.
     */
    @Test
    void damagedCapturesFailCleanly() {
        RandomCases.forAll("damaged WBXML captures fail cleanly", 1000, WbxmlPropertiesTest::damaged, d -> {
            byte[] body = d.body();
            try {
                XMLStreamReader r = Wbxml.newReader(body);
                int events = 0;
                while (r.hasNext()) {
                    r.next();
                    // every event consumes a byte or ends an empty element, so no endless loop
                    assertTrue(++events < body.length * 2 + 10, "more events than the body allows");
                }
            } catch (XMLStreamException e) {
                assertTrue(e.getMessage().startsWith("WBXML offset "), e.getMessage());
                assertFalse(e.getMessage().contains("internal decoder error"), e.getMessage());
            }
        });
    }

    static Damaged damaged(Random r) {
        int which = r.nextInt(CAPTURES.size());
        byte[] copy = CAPTURES.get(which).clone();
        int n = 1 + r.nextInt(4);
        List<int[]> changes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt((1 << 20) + 1) % copy.length;
            int value = r.nextInt(256);
            copy[at] = (byte) value;
            changes.add(new int[] {at, value});
        }
        return new Damaged(WbxmlTrees.WBXML_MESSAGES[which], changes, copy);
    }
}

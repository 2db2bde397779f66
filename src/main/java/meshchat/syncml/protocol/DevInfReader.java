package meshchat.syncml.protocol;

import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Reads one DevInf element (syncml:devinf) from a normalized stream into {@link DevInf}, and keeps
 * the element as XML text ({@link DevInf#xml}): every element in document order, CTCap, Ext and
 * unknown ones included, as read (names without prefixes, namespaces as normalized; attributes,
 * comments and processing instructions left out; an element whose name XML cannot hold, which WBXML
 * can send, left out whole; characters XML cannot hold replaced). A copy longer than
 * {@link #MAX_COPY_CHARS} is not kept (null): real DevInfs are tens of KB. Read as JAXB
 * read it before (issue 10; {@code DevInfReaderTest} compares the two): children in any order, the
 * last of a single element given twice, elements unknown at their place or of another namespace
 * skipped, values trimmed, a MaxGUIDSize that is no number absent.
 */
final class DevInfReader {
    private static final String DEVINF = NamespaceNormalizingReader.DEVINF;
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();
    /** The longest copy kept, in characters; a longer one is left out (null), the DevInf is still read. */
    static final int MAX_COPY_CHARS = 256 * 1024;

    private final NamespaceNormalizingReader in;
    private final StringWriter text;
    /** Null: no copy made (reading a stored copy back). */
    private final XMLStreamWriter copy;
    /** The default namespace in force at each open element of the copy. */
    private final Deque<String> namespaces = new ArrayDeque<>();
    /** Depth inside an element left out of the copy (0: copying). */
    private int leftOut;
    private boolean tooLong;

    private DevInfReader(NamespaceNormalizingReader in, boolean copying) throws XMLStreamException {
        this.in = in;
        this.text = copying ? new StringWriter() : null;
        this.copy = copying ? OUTPUT.createXMLStreamWriter(text) : null;
    }

    /** Reads the DevInf whose start tag the stream is at, with its copy; ends on its end tag. */
    static DevInf read(NamespaceNormalizingReader in) throws XMLStreamException {
        return new DevInfReader(in, true).devInf(null);
    }

    /** Reads a DevInf the store kept, whose text is {@code stored}: that text stays its copy. */
    static DevInf readStored(NamespaceNormalizingReader in, String stored) throws XMLStreamException {
        return new DevInfReader(in, false).devInf(stored);
    }

    private DevInf devInf(String stored) throws XMLStreamException {
        copyStart();
        String verDtd = null;
        String man = null;
        String mod = null;
        String oem = null;
        String fwV = null;
        String swV = null;
        String hwV = null;
        String devId = null;
        String devTyp = null;
        boolean utc = false;
        boolean largeObjs = false;
        boolean numberOfChanges = false;
        List<DevInf.DataStore> stores = new ArrayList<>();
        while (devInfChild()) {
            switch (in.getLocalName()) {
                case "VerDTD" -> verDtd = text();
                case "Man" -> man = text();
                case "Mod" -> mod = text();
                case "OEM" -> oem = text();
                case "FwV" -> fwV = text();
                case "SwV" -> swV = text();
                case "HwV" -> hwV = text();
                case "DevID" -> devId = text();
                case "DevTyp" -> devTyp = text();
                case "UTC" -> utc = flag();
                case "SupportLargeObjs" -> largeObjs = flag();
                case "SupportNumberOfChanges" -> numberOfChanges = flag();
                case "DataStore" -> stores.add(dataStore());
                default -> skip();
            }
        }
        String xml = stored;
        if (copy != null) {
            copy.flush();
            xml = tooLong ? null : text.toString();
        }
        return new DevInf(trim(verDtd), trim(man), trim(mod), trim(oem), trim(fwV), trim(swV), trim(hwV),
                trim(devId), trim(devTyp), utc, largeObjs, numberOfChanges, stores, xml);
    }

    private DevInf.DataStore dataStore() throws XMLStreamException {
        String sourceRef = null;
        String displayName = null;
        String maxGuidSize = null;
        DevInf.ContentType rxPref = null;
        DevInf.ContentType txPref = null;
        List<DevInf.ContentType> rx = new ArrayList<>();
        List<DevInf.ContentType> tx = new ArrayList<>();
        List<String> syncTypes = List.of();
        while (devInfChild()) {
            switch (in.getLocalName()) {
                case "SourceRef" -> sourceRef = text();
                case "DisplayName" -> displayName = text();
                case "MaxGUIDSize" -> maxGuidSize = text();
                case "Rx-Pref" -> rxPref = contentType();
                case "Rx" -> rx.add(contentType());
                case "Tx-Pref" -> txPref = contentType();
                case "Tx" -> tx.add(contentType());
                case "SyncCap" -> syncTypes = syncCap();
                default -> skip();
            }
        }
        return new DevInf.DataStore(trim(sourceRef), trim(displayName), ElementCursor.number(maxGuidSize),
                rxPref, rx, txPref, tx, syncTypes);
    }

    private DevInf.ContentType contentType() throws XMLStreamException {
        String ctType = null;
        String verCt = null;
        while (devInfChild()) {
            switch (in.getLocalName()) {
                case "CTType" -> ctType = text();
                case "VerCT" -> verCt = text();
                default -> skip();
            }
        }
        return new DevInf.ContentType(trim(ctType), trim(verCt));
    }

    private List<String> syncCap() throws XMLStreamException {
        List<String> types = new ArrayList<>();
        while (devInfChild()) {
            if ("SyncType".equals(in.getLocalName())) {
                types.add(text().trim());
            } else {
                skip();
            }
        }
        return types;
    }

    /** Moves to the next child in the DevInf namespace, skipping others whole (see ElementCursor.childIn). */
    private boolean devInfChild() throws XMLStreamException {
        while (child()) {
            if (DEVINF.equals(in.getNamespaceURI())) {
                return true;
            }
            skip();
        }
        return false;
    }

    private boolean child() throws XMLStreamException {
        while (true) {
            int ev = next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
    }

    /** A leaf's own text (an element inside it is skipped with its text), as ElementCursor.text. */
    private String text() throws XMLStreamException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int ev = next();
            switch (ev) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> sb.append(in.getText());
                case XMLStreamConstants.START_ELEMENT -> skip();
                case XMLStreamConstants.END_ELEMENT -> {
                    return sb.toString();
                }
                default -> {
                    // comments and processing instructions are not text
                }
            }
        }
    }

    private boolean flag() throws XMLStreamException {
        skip();
        return true;
    }

    private void skip() throws XMLStreamException {
        for (int depth = 1; depth > 0; ) {
            int ev = next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** The next event, written to the copy as it passes. */
    private int next() throws XMLStreamException {
        int ev = in.next();
        switch (ev) {
            case XMLStreamConstants.START_ELEMENT -> copyStart();
            case XMLStreamConstants.END_ELEMENT -> copyEnd();
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> copyText(in.getText());
            case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("the document ends inside DevInf");
            default -> {
                // comments and processing instructions are not kept
            }
        }
        return ev;
    }

    private boolean copying() {
        if (copy == null || tooLong) {
            return false;
        }
        if (text.getBuffer().length() > MAX_COPY_CHARS) {
            tooLong = true; // bounds what a hostile DevInf (a million empty elements) costs beyond its own model
            return false;
        }
        return leftOut == 0;
    }

    /** Each element in its namespace as the default one, declared where it changes. */
    private void copyStart() throws XMLStreamException {
        if (!copying()) {
            leftOut++;
            return;
        }
        String name = in.getLocalName();
        if (!isXmlName(name)) {
            leftOut++;
            return;
        }
        String ns = in.getNamespaceURI() == null ? "" : in.getNamespaceURI();
        copy.writeStartElement(name);
        if (!ns.equals(namespaces.isEmpty() ? "" : namespaces.peek())) {
            copy.writeDefaultNamespace(ns);
        }
        namespaces.push(ns);
    }

    private void copyEnd() throws XMLStreamException {
        if (leftOut > 0) {
            leftOut--;
        } else if (!tooLong && copy != null) {
            copy.writeEndElement();
            namespaces.pop();
        }
    }

    /**
     * Text, with what XML 1.0 cannot hold replaced: a C0 control character (WBXML can carry one) by a
     * space, which trims as the model's value does; a lone surrogate, U+FFFE or U+FFFF by U+FFFD. A
     * carriage return is written as a reference, which reads back as itself (a raw one reads as LF).
     */
    private void copyText(String s) throws XMLStreamException {
        if (!copying()) {
            return;
        }
        StringBuilder run = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                run.append(c).append(s.charAt(++i));
            } else if (c == '\r') {
                copy.writeCharacters(run.toString());
                run.setLength(0);
                copy.writeEntityRef("#13");
            } else if (c < 0x20) {
                run.append(c == '\t' || c == '\n' ? c : ' ');
            } else {
                run.append(Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF ? '\uFFFD' : c);
            }
        }
        copy.writeCharacters(run.toString());
    }

    /** A name the copy can hold: ASCII letters, digits, '_', '-', '.', not beginning with a digit, '-' or '.'. */
    static boolean isXmlName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            boolean other = (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (!letter && !(other && i > 0)) {
                return false;
            }
        }
        return true;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}

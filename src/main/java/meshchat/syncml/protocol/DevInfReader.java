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
 * the element whole as XML text ({@link DevInf#xml}): every element in document order, CTCap, Ext and
 * unknown ones included (attributes, comments and processing instructions are not kept). Read as JAXB
 * read it before (issue 10; {@code DevInfReaderTest} compares the two): children in any order, the
 * last of a single element given twice, elements unknown at their place or of another namespace
 * skipped, values trimmed, a MaxGUIDSize that is no number absent.
 */
final class DevInfReader {
    private static final String DEVINF = NamespaceNormalizingReader.DEVINF;
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private final NamespaceNormalizingReader in;
    private final StringWriter text = new StringWriter();
    private final XMLStreamWriter copy;
    /** The default namespace in force at each open element of the copy. */
    private final Deque<String> namespaces = new ArrayDeque<>();

    private DevInfReader(NamespaceNormalizingReader in) throws XMLStreamException {
        this.in = in;
        this.copy = OUTPUT.createXMLStreamWriter(text);
    }

    /** Reads the DevInf whose start tag the stream is at; ends on its end tag. */
    static DevInf read(NamespaceNormalizingReader in) throws XMLStreamException {
        return new DevInfReader(in).devInf();
    }

    private DevInf devInf() throws XMLStreamException {
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
        copy.flush();
        return new DevInf(trim(verDtd), trim(man), trim(mod), trim(oem), trim(fwV), trim(swV), trim(hwV),
                trim(devId), trim(devTyp), utc, largeObjs, numberOfChanges, stores, text.toString());
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
            case XMLStreamConstants.END_ELEMENT -> {
                copy.writeEndElement();
                namespaces.pop();
            }
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                    copy.writeCharacters(xmlChars(in.getText()));
            case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("the document ends inside DevInf");
            default -> {
                // comments and processing instructions are not kept
            }
        }
        return ev;
    }

    /** Each element in its namespace as the default one, declared where it changes. */
    private void copyStart() throws XMLStreamException {
        String ns = in.getNamespaceURI() == null ? "" : in.getNamespaceURI();
        copy.writeStartElement(in.getLocalName());
        if (!ns.equals(namespaces.isEmpty() ? "" : namespaces.peek())) {
            copy.writeDefaultNamespace(ns);
        }
        namespaces.push(ns);
    }

    /** A character XML 1.0 cannot hold (a control character from WBXML, a lone surrogate) becomes U+FFFD in the copy. */
    private static String xmlChars(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (ok) {
                    if (out != null) {
                        out.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                ok = c >= 0x20 ? !Character.isLowSurrogate(c) && c != 0xFFFE && c != 0xFFFF : c == '\t' || c == '\n' || c == '\r';
            }
            if (!ok && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(ok ? c : '\uFFFD');
            }
        }
        return out == null ? s : out.toString();
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}

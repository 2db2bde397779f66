package meshchat.syncml.protocol;

import static meshchat.syncml.protocol.ElementCursor.number;
import static meshchat.syncml.protocol.ElementCursor.trim;

import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Reads one DevInf element (syncml:devinf) from a normalized stream into {@link DevInf}, and passes
 * every event to a {@link DevInfCopy}, which keeps the element as XML text ({@link DevInf#xml}). Read as JAXB
 * read it before (issue 10; {@code DevInfReaderTest} compares the two): children in any order, the
 * last of a single element given twice, elements unknown at their place or of another namespace
 * skipped, values trimmed, a MaxGUIDSize that is no number absent.
 */
final class DevInfReader {
    private static final String DEVINF = NamespaceNormalizingReader.DEVINF;

    private final NamespaceNormalizingReader in;
    /** Null: no copy made (reading a stored copy back). */
    private final DevInfCopy copy;

    private DevInfReader(NamespaceNormalizingReader in, DevInfCopy copy) {
        this.in = in;
        this.copy = copy;
    }

    /** Reads the DevInf whose start tag the stream is at, with its copy; ends on its end tag. */
    static DevInf read(NamespaceNormalizingReader in) throws XMLStreamException {
        return new DevInfReader(in, new DevInfCopy()).devInf(null);
    }

    /** Reads a DevInf the store kept, whose text is {@code stored}: that text stays its copy. */
    static DevInf readStored(NamespaceNormalizingReader in, String stored) throws XMLStreamException {
        return new DevInfReader(in, null).devInf(stored);
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
        String xml = copy == null ? stored : copy.text();
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
        return new DevInf.DataStore(trim(sourceRef), trim(displayName), number(maxGuidSize),
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
                if (copy != null) {
                    copy.end();
                }
            }
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                if (copy != null) {
                    copy.text(in.getText());
                }
            }
            case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("the document ends inside DevInf");
            default -> {
                // comments and processing instructions are not kept
            }
        }
        return ev;
    }

    private void copyStart() throws XMLStreamException {
        if (copy != null) {
            copy.start(in.getLocalName(), in.getNamespaceURI());
        }
    }
}

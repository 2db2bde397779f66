package meshchat.syncml.protocol;

import static meshchat.syncml.protocol.ElementCursor.number;
import static meshchat.syncml.protocol.ElementCursor.trim;

import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * The elements {@link SyncMLReader}'s commands and header share: Item, Target and Source, Cred,
 * Meta (MetInf), Anchor, and Data with its mixed content.
 */
final class CommandParts {
    private static final String METINF = NamespaceNormalizingReader.METINF;
    private static final String DEVINF = NamespaceNormalizingReader.DEVINF;

    private final ElementCursor at;
    /** The body was not valid UTF-8: item data carries XML-safe byte escapes (see RawText). */
    private final boolean escapedBytes;

    CommandParts(ElementCursor at, boolean escapedBytes) {
        this.at = at;
        this.escapedBytes = escapedBytes;
    }

    Item item() throws XMLStreamException {
        Location target = null;
        Location source = null;
        MetInf meta = null;
        Data data = null;
        boolean moreData = false;
        while (at.syncMlChild()) {
            switch (at.name()) {
                case "Target" -> target = location();
                case "Source" -> source = location();
                case "Meta" -> meta = meta();
                case "Data" -> data = data();
                case "MoreData" -> moreData = at.flag();
                default -> at.skip(); // SourceParent and TargetParent are not kept
            }
        }
        String text = null;
        Anchor anchor = null;
        DevInf devInf = null;
        if (data != null) {
            anchor = data.anchor;
            devInf = data.devInf;
            text = anchor == null && devInf == null ? data.text.toString() : null;
            if (escapedBytes) {
                text = RawText.fromXmlEscapes(text);
            }
        }
        return new Item(target, source, meta, text, anchor, devInf, moreData);
    }

    /** Target, Source and their kind: LocURI and LocName, each trimmed (a Target's Filter is not kept). */
    Location location() throws XMLStreamException {
        String uri = null;
        String name = null;
        while (at.syncMlChild()) {
            if ("LocURI".equals(at.name())) {
                uri = at.text();
            } else if ("LocName".equals(at.name())) {
                name = at.text();
            } else {
                at.skip();
            }
        }
        return new Location(trim(uri), trim(name));
    }

    Cred cred() throws XMLStreamException {
        MetInf meta = null;
        Data data = null;
        while (at.syncMlChild()) {
            if ("Meta".equals(at.name())) {
                meta = meta();
            } else if ("Data".equals(at.name())) {
                data = data();
            } else {
                at.skip();
            }
        }
        return new Cred(meta, trim(Data.text(data)));
    }

    /** Meta's MetInf children (Mem and FieldLevel are not kept); EMI as sent, the rest trimmed. */
    MetInf meta() throws XMLStreamException {
        String format = null;
        String type = null;
        String mark = null;
        String size = null;
        Anchor anchor = null;
        String version = null;
        String nextNonce = null;
        String maxMsgSize = null;
        String maxObjSize = null;
        List<String> emi = new ArrayList<>();
        while (at.metInfChild()) {
            switch (at.name()) {
                case "Format" -> format = at.text();
                case "Type" -> type = at.text();
                case "Mark" -> mark = at.text();
                case "Size" -> size = at.text();
                case "Anchor" -> anchor = anchor();
                case "Version" -> version = at.text();
                case "NextNonce" -> nextNonce = at.text();
                case "MaxMsgSize" -> maxMsgSize = at.text();
                case "MaxObjSize" -> maxObjSize = at.text();
                case "EMI" -> emi.add(at.text());
                default -> at.skip();
            }
        }
        return new MetInf(trim(format), trim(type), trim(mark), number(size), anchor, trim(version), trim(nextNonce),
                number(maxMsgSize), number(maxObjSize), emi);
    }

    /** A MetInf Anchor: Last and Next, trimmed. */
    Anchor anchor() throws XMLStreamException {
        String last = null;
        String next = null;
        while (at.metInfChild()) {
            if ("Last".equals(at.name())) {
                last = at.text();
            } else if ("Next".equals(at.name())) {
                next = at.text();
            } else {
                at.skip();
            }
        }
        return new Anchor(trim(last), trim(next));
    }

    /** Data's mixed content: its own text (not that of elements in it), the last Anchor, the last DevInf. */
    static final class Data {
        final StringBuilder text = new StringBuilder();
        Anchor anchor;
        DevInf devInf;

        /** Data's text, as a Cred, an Alert or a Status keeps it (null without Data). */
        static String text(Data d) {
            return d == null ? null : d.text.toString();
        }
    }

    Data data() throws XMLStreamException {
        Data d = new Data();
        int ev = at.in.next();
        while (ev != XMLStreamConstants.END_ELEMENT) {
            switch (ev) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        d.text.append(at.in.getText());
                case XMLStreamConstants.START_ELEMENT -> {
                    if (METINF.equals(at.namespace()) && "Anchor".equals(at.name())) {
                        d.anchor = anchor();
                    } else if (DEVINF.equals(at.namespace()) && "DevInf".equals(at.name())) {
                        d.devInf = DevInfReader.read(at.in);
                    } else {
                        at.skip();
                    }
                }
                case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("the document ends inside Data");
                default -> {
                    // comments and processing instructions are not content
                }
            }
            ev = at.in.next();
        }
        return d;
    }
}

package meshchat.syncml.protocol;

import jakarta.xml.bind.JAXBException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Reads one SyncML message from the normalized StAX stream straight into the model. JAXB did this
 * before through the generated wire classes; its runtime sets and clears a thread-local per
 * element and text event and builds every object by reflection, about 6% of a slow sync's server
 * CPU (issue 10). JAXB still reads DevInf (once a session) and writes every reply.
 *
 * It reads as JAXB read the wire classes, which {@code SyncMLReaderTest} checks message by message:
 * children in any order; a single element given twice keeps the last; an element unknown where it
 * stands (or in another namespace) is skipped with everything in it; text is kept only where the
 * schema has text (leaves, and Data, whose mixed content is text, an Anchor or a DevInf).
 */
final class SyncMLReader {
    private static final String SYNCML = NamespaceNormalizingReader.SYNCML;
    private static final String METINF = NamespaceNormalizingReader.METINF;
    private static final String DEVINF = NamespaceNormalizingReader.DEVINF;

    private final NamespaceNormalizingReader in;
    /** The body was not valid UTF-8: item data carries XML-safe byte escapes (see RawText). */
    private final boolean escapedBytes;

    SyncMLReader(NamespaceNormalizingReader in, boolean escapedBytes) {
        this.in = in;
        this.escapedBytes = escapedBytes;
    }

    /** Reads the document from its start; the stream is left at the root's end tag. */
    SyncMessage message() throws XMLStreamException, MalformedMessageException {
        int ev = in.getEventType();
        while (ev != XMLStreamConstants.START_ELEMENT) {
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw new MalformedMessageException("/", "no root element", null);
            }
            ev = in.next();
        }
        if (!is(SYNCML, "SyncML")) {
            throw new MalformedMessageException("/", "the root element is not SyncML", null);
        }
        Header header = null;
        Body body = null;
        while (child()) {
            if (is(SYNCML, "SyncHdr")) {
                header = header();
            } else if (is(SYNCML, "SyncBody")) {
                body = body();
            } else {
                skip();
            }
        }
        if (header == null) {
            throw new MalformedMessageException("/SyncML", "no SyncHdr", null);
        }
        if (body == null) {
            throw new MalformedMessageException("/SyncML", "no SyncBody", null);
        }
        SyncMLVersion fallback = in.rootVersion() == null ? SyncMLVersion.V1_2 : in.rootVersion();
        // the VerDTD decides (a message without a namespace is read by it); an unknown one is null, refused 505
        SyncMLVersion v = header.verDtd == null || header.verDtd.isBlank() ? fallback : SyncMLVersion.ofVerDtd(header.verDtd);
        SyncHdr hdr = new SyncHdr(v, trim(header.sessionId), trim(header.msgId), header.target, header.source,
                trim(header.respUri), header.noResp, header.cred, header.meta);
        return new SyncMessage(hdr, body.commands, body.fin);
    }

    private static final class Header {
        String verDtd;
        String sessionId;
        String msgId;
        Location target;
        Location source;
        String respUri;
        boolean noResp;
        Cred cred;
        MetInf meta;
    }

    private record Body(List<Command> commands, boolean fin) {
    }

    private Header header() throws XMLStreamException {
        Header h = new Header();
        while (child()) {
            if (!syncMl()) {
                skip();
                continue;
            }
            switch (in.getLocalName()) {
                case "VerDTD" -> h.verDtd = text();
                case "SessionID" -> h.sessionId = text();
                case "MsgID" -> h.msgId = text();
                case "Target" -> h.target = location();
                case "Source" -> h.source = location();
                case "RespURI" -> h.respUri = text();
                case "NoResp" -> h.noResp = flag();
                case "Cred" -> h.cred = cred();
                case "Meta" -> h.meta = meta();
                default -> skip(); // VerProto is not kept
            }
        }
        return h;
    }

    private Body body() throws XMLStreamException {
        List<Command> commands = new ArrayList<>();
        boolean fin = false;
        while (child()) {
            if (!syncMl()) {
                skip();
                continue;
            }
            Command c = switch (in.getLocalName()) {
                case "Alert" -> alert();
                case "Status" -> status();
                case "Sync" -> sync();
                case "Get", "Put" -> deviceCommand(in.getLocalName());
                case "Results" -> results();
                case "Map" -> map();
                case "Exec" -> childless(Command.Kind.EXEC);
                case "Search" -> childless(Command.Kind.SEARCH);
                case "Add", "Replace", "Copy", "Move", "Delete", "Atomic", "Sequence" -> syncCommand(in.getLocalName());
                case "Final" -> {
                    fin = flag();
                    yield null;
                }
                default -> {
                    skip();
                    yield null;
                }
            };
            if (c != null) {
                commands.add(c);
            }
        }
        return new Body(commands, fin);
    }

    /** The commands a Sync, Atomic or Sequence may hold; null (skipped) for any other name. */
    private Command syncCommand(String name) throws XMLStreamException {
        return switch (name) {
            case "Add" -> itemCommand(Command.Kind.ADD);
            case "Replace" -> itemCommand(Command.Kind.REPLACE);
            case "Copy" -> itemCommand(Command.Kind.COPY);
            case "Move" -> itemCommand(Command.Kind.MOVE);
            case "Delete" -> itemCommand(Command.Kind.DELETE);
            case "Atomic" -> container(Command.Kind.ATOMIC);
            case "Sequence" -> container(Command.Kind.SEQUENCE);
            default -> {
                skip();
                yield null;
            }
        };
    }

    /** Add, Replace, Copy, Move and Delete (only Delete has Archive and SftDel). */
    private ItemCommand itemCommand(Command.Kind kind) throws XMLStreamException {
        boolean delete = kind == Command.Kind.DELETE;
        String cmdId = null;
        boolean noResp = false;
        boolean archive = false;
        boolean sftDel = false;
        MetInf meta = null;
        List<Item> items = new ArrayList<>();
        while (child()) {
            if (!syncMl()) {
                skip();
                continue;
            }
            switch (in.getLocalName()) {
                case "CmdID" -> cmdId = text();
                case "NoResp" -> noResp = flag();
                case "Meta" -> meta = meta();
                case "Item" -> items.add(item());
                case "Archive" -> archive = delete ? flag() : skipped(archive);
                case "SftDel" -> sftDel = delete ? flag() : skipped(sftDel);
                default -> skip(); // Cred is not kept
            }
        }
        return new ItemCommand(kind, trim(cmdId), noResp, archive, sftDel, meta, items);
    }

    private Container container(Command.Kind kind) throws XMLStreamException {
        String cmdId = null;
        boolean noResp = false;
        List<Command> commands = new ArrayList<>();
        while (child()) {
            if (!syncMl()) {
                skip();
                continue;
            }
            switch (in.getLocalName()) {
                case "CmdID" -> cmdId = text();
                case "NoResp" -> noResp = flag();
                default -> add(commands, syncCommand(in.getLocalName())); // Meta is not kept
            }
        }
        return new Container(kind, trim(cmdId), noResp, commands);
    }

    /** Exec and Search: only their CmdID and NoResp are kept (the engine refuses them). */
    private Container childless(Command.Kind kind) throws XMLStreamException {
        String cmdId = null;
        boolean noResp = false;
        while (child()) {
            if (syncMl() && "CmdID".equals(in.getLocalName())) {
                cmdId = text();
            } else if (syncMl() && "NoResp".equals(in.getLocalName())) {
                noResp = flag();
            } else {
                skip();
            }
        }
        return new Container(kind, trim(cmdId), noResp, List.of());
    }

    private Sync sync() throws XMLStreamException {
        String cmdId = null;
        boolean noResp = false;
        Location target = null;
        Location source = null;
        MetInf meta = null;
        String numberOfChanges = null;
        List<Command> commands = new ArrayList<>();
        while (child()) {
            if (!syncMl()) {
                skip();
                continue;
            }
            switch (in.getLocalName()) {
                case "CmdID" -> cmdId = text();
                case "NoResp" -> noResp = flag();
                case "Target" -> target = location();
                case "Source" -> source = location();
                case "Meta" -> meta = meta();
                case "NumberOfChanges" -> numberOfChanges = text();
                default -> add(commands, syncCommand(in.getLocalName())); // Cred is not kept
            }
        }
        return new Sync(trim(cmdId), noResp, target, source, meta, number(numberOfChanges), commands);
    }

    private Alert alert() throws XMLStreamException {
        String cmdId = null;
        boolean noResp = false;
        Cred cred = null;
        Data data = null;
        List<Item> items = new ArrayList<>();
        while (child()) {
            if (!syncMl()) {
                skip();
                continue;
            }
            switch (in.getLocalName()) {
                case "CmdID" -> cmdId = text();
                case "NoResp" -> noResp = flag();
                case "Cred" -> cred = cred();
                case "Data" -> data = data();
                case "Item" -> items.add(item());
                default -> skip(); // Correlator is not kept
            }
        }
        return new Alert(trim(cmdId), noResp, cred, Data.text(data), items);
    }

    private Status status() throws XMLStreamException {
        String cmdId = null;
        String msgRef = null;
        String cmdRef = null;
        String cmd = null;
        List<String> targetRefs = new ArrayList<>();
        List<String> sourceRefs = new ArrayList<>();
        MetInf chal = null;
        Data data = null;
        List<Item> items = new ArrayList<>();
        while (child()) {
            if (!syncMl()) {
                skip();
                continue;
            }
            switch (in.getLocalName()) {
                case "CmdID" -> cmdId = text();
                case "MsgRef" -> msgRef = text();
                case "CmdRef" -> cmdRef = text();
                case "Cmd" -> cmd = text();
                case "TargetRef" -> targetRefs.add(text().trim());
                case "SourceRef" -> sourceRefs.add(text().trim());
                case "Chal" -> chal = chal();
                case "Data" -> data = data();
                case "Item" -> items.add(item());
                default -> skip(); // Cred is not kept
            }
        }
        return new Status(trim(cmdId), trim(msgRef), trim(cmdRef), trim(cmd), targetRefs, sourceRefs, chal,
                Data.text(data), items);
    }

    /** A Chal's Meta (null when it has none). */
    private MetInf chal() throws XMLStreamException {
        MetInf meta = null;
        while (child()) {
            if (syncMl() && "Meta".equals(in.getLocalName())) {
                meta = meta();
            } else {
                skip();
            }
        }
        return meta;
    }

    private Command deviceCommand(String name) throws XMLStreamException {
        String cmdId = null;
        boolean noResp = false;
        MetInf meta = null;
        List<Item> items = new ArrayList<>();
        while (child()) {
            if (!syncMl()) {
                skip();
                continue;
            }
            switch (in.getLocalName()) {
                case "CmdID" -> cmdId = text();
                case "NoResp" -> noResp = flag();
                case "Meta" -> meta = meta();
                case "Item" -> items.add(item());
                default -> skip(); // Lang and Cred are not kept
            }
        }
        return "Get".equals(name) ? new Get(trim(cmdId), noResp, meta, items) : new Put(trim(cmdId), noResp, meta, items);
    }

    private Results results() throws XMLStreamException {
        String cmdId = null;
        String msgRef = null;
        String cmdRef = null;
        MetInf meta = null;
        String targetRef = null;
        String sourceRef = null;
        List<Item> items = new ArrayList<>();
        while (child()) {
            if (!syncMl()) {
                skip();
                continue;
            }
            switch (in.getLocalName()) {
                case "CmdID" -> cmdId = text();
                case "MsgRef" -> msgRef = text();
                case "CmdRef" -> cmdRef = text();
                case "Meta" -> meta = meta();
                case "TargetRef" -> targetRef = text();
                case "SourceRef" -> sourceRef = text();
                case "Item" -> items.add(item());
                default -> skip();
            }
        }
        return new Results(trim(cmdId), trim(msgRef), trim(cmdRef), meta, trim(targetRef), trim(sourceRef), items);
    }

    private MapCommand map() throws XMLStreamException {
        String cmdId = null;
        Location target = null;
        Location source = null;
        MetInf meta = null;
        List<MapCommand.MapItem> mapItems = new ArrayList<>();
        while (child()) {
            if (!syncMl()) {
                skip();
                continue;
            }
            switch (in.getLocalName()) {
                case "CmdID" -> cmdId = text();
                case "Target" -> target = location();
                case "Source" -> source = location();
                case "Meta" -> meta = meta();
                case "MapItem" -> mapItems.add(mapItem());
                default -> skip(); // Cred is not kept
            }
        }
        return new MapCommand(trim(cmdId), target, source, meta, mapItems);
    }

    private MapCommand.MapItem mapItem() throws XMLStreamException {
        Location target = null;
        Location source = null;
        while (child()) {
            if (syncMl() && "Target".equals(in.getLocalName())) {
                target = location();
            } else if (syncMl() && "Source".equals(in.getLocalName())) {
                source = location();
            } else {
                skip();
            }
        }
        return new MapCommand.MapItem(target == null ? null : target.uri(), source == null ? null : source.uri());
    }

    private Item item() throws XMLStreamException {
        Location target = null;
        Location source = null;
        MetInf meta = null;
        Data data = null;
        boolean moreData = false;
        while (child()) {
            if (!syncMl()) {
                skip();
                continue;
            }
            switch (in.getLocalName()) {
                case "Target" -> target = location();
                case "Source" -> source = location();
                case "Meta" -> meta = meta();
                case "Data" -> data = data();
                case "MoreData" -> moreData = flag();
                default -> skip(); // SourceParent and TargetParent are not kept
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
    private Location location() throws XMLStreamException {
        String uri = null;
        String name = null;
        while (child()) {
            if (syncMl() && "LocURI".equals(in.getLocalName())) {
                uri = text();
            } else if (syncMl() && "LocName".equals(in.getLocalName())) {
                name = text();
            } else {
                skip();
            }
        }
        return new Location(trim(uri), trim(name));
    }

    private Cred cred() throws XMLStreamException {
        MetInf meta = null;
        Data data = null;
        while (child()) {
            if (syncMl() && "Meta".equals(in.getLocalName())) {
                meta = meta();
            } else if (syncMl() && "Data".equals(in.getLocalName())) {
                data = data();
            } else {
                skip();
            }
        }
        return new Cred(meta, trim(Data.text(data)));
    }

    /** Meta's MetInf children (Mem and FieldLevel are not kept); EMI as sent, the rest trimmed. */
    private MetInf meta() throws XMLStreamException {
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
        while (child()) {
            if (!METINF.equals(in.getNamespaceURI())) {
                skip();
                continue;
            }
            switch (in.getLocalName()) {
                case "Format" -> format = text();
                case "Type" -> type = text();
                case "Mark" -> mark = text();
                case "Size" -> size = text();
                case "Anchor" -> anchor = anchor();
                case "Version" -> version = text();
                case "NextNonce" -> nextNonce = text();
                case "MaxMsgSize" -> maxMsgSize = text();
                case "MaxObjSize" -> maxObjSize = text();
                case "EMI" -> emi.add(text());
                default -> skip();
            }
        }
        return new MetInf(trim(format), trim(type), trim(mark), number(size), anchor, trim(version), trim(nextNonce),
                number(maxMsgSize), number(maxObjSize), emi);
    }

    /** A MetInf Anchor: Last and Next, trimmed. */
    private Anchor anchor() throws XMLStreamException {
        String last = null;
        String next = null;
        while (child()) {
            if (METINF.equals(in.getNamespaceURI()) && "Last".equals(in.getLocalName())) {
                last = text();
            } else if (METINF.equals(in.getNamespaceURI()) && "Next".equals(in.getLocalName())) {
                next = text();
            } else {
                skip();
            }
        }
        return new Anchor(trim(last), trim(next));
    }

    /** Data's mixed content: its own text (not that of elements in it), the last Anchor, the last DevInf. */
    private static final class Data {
        final StringBuilder text = new StringBuilder();
        Anchor anchor;
        DevInf devInf;

        /** Data's text, as a Cred, an Alert or a Status keeps it (null without Data). */
        static String text(Data d) {
            return d == null ? null : d.text.toString();
        }
    }

    private Data data() throws XMLStreamException {
        Data d = new Data();
        int ev = in.next();
        while (ev != XMLStreamConstants.END_ELEMENT) {
            switch (ev) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        d.text.append(in.getText());
                case XMLStreamConstants.START_ELEMENT -> {
                    if (METINF.equals(in.getNamespaceURI()) && "Anchor".equals(in.getLocalName())) {
                        d.anchor = anchor();
                    } else if (DEVINF.equals(in.getNamespaceURI()) && "DevInf".equals(in.getLocalName())) {
                        d.devInf = devInf();
                        ev = in.getEventType(); // JAXB left the stream just past DevInf's end tag
                        continue;
                    } else {
                        skip();
                    }
                }
                case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("the document ends inside Data");
                default -> {
                    // comments and processing instructions are not content
                }
            }
            ev = in.next();
        }
        return d;
    }

    /** DevInf through JAXB and the generated classes: rare (a Put or Results a session) and large. */
    private DevInf devInf() throws XMLStreamException {
        try {
            var wire = Jaxb.context().createUnmarshaller()
                    .unmarshal(in, meshchat.syncml.protocol.wire.devinf.DevInf.class).getValue();
            return DevInfMapper.fromWire(wire);
        } catch (JAXBException e) {
            Throwable cause = e.getLinkedException() != null ? e.getLinkedException() : e;
            throw new XMLStreamException("DevInf: " + (cause.getMessage() != null ? cause.getMessage()
                    : cause.getClass().getSimpleName()), e);
        }
    }

    // ---- the stream

    /** Moves to the next child of the current element: true at its start tag, false at the parent's end tag. */
    private boolean child() throws XMLStreamException {
        while (true) {
            int ev = in.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (ev == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("the document ends inside an element");
            }
            // text between elements, comments and processing instructions are not content here
        }
    }

    /** A leaf's text, its own only (an element inside it is skipped with its text); ends on its end tag. */
    private String text() throws XMLStreamException {
        StringBuilder sb = null;
        String first = null;
        while (true) {
            int ev = in.next();
            switch (ev) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (first == null) {
                        first = in.getText();
                    } else {
                        if (sb == null) {
                            sb = new StringBuilder(first);
                        }
                        sb.append(in.getText());
                    }
                }
                case XMLStreamConstants.START_ELEMENT -> skip();
                case XMLStreamConstants.END_ELEMENT -> {
                    return sb != null ? sb.toString() : first != null ? first : "";
                }
                case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("the document ends inside an element");
                default -> {
                    // comments and processing instructions are not text
                }
            }
        }
    }

    /** An empty element whose presence is the value (NoResp, Final, MoreData...): its content is skipped. */
    private boolean flag() throws XMLStreamException {
        skip();
        return true;
    }

    /** Skips an element this command does not have, keeping the value it had. */
    private boolean skipped(boolean value) throws XMLStreamException {
        skip();
        return value;
    }

    /** Skips the current element (at its start tag) with all it holds; ends on its end tag. */
    private void skip() throws XMLStreamException {
        for (int depth = 1; depth > 0; ) {
            int ev = in.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("the document ends inside an element");
            }
        }
    }

    private boolean syncMl() {
        return SYNCML.equals(in.getNamespaceURI());
    }

    private boolean is(String ns, String local) {
        return ns.equals(in.getNamespaceURI()) && local.equals(in.getLocalName());
    }

    private static void add(List<Command> commands, Command c) {
        if (c != null) {
            commands.add(c);
        }
    }

    /** Numbers in SyncML are decimal text; an unreadable one counts as absent rather than failing the message. */
    private static Long number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}

package meshchat.syncml.protocol;

import static meshchat.syncml.protocol.ElementCursor.number;
import static meshchat.syncml.protocol.ElementCursor.trim;

import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Reads one SyncML message from the normalized StAX stream straight into the model. JAXB did this
 * before through the generated wire classes; its runtime sets and clears a thread-local per
 * element and text event and builds every object by reflection, about 6% of a slow sync's server
 * CPU (issue 10). {@link DevInfReader} reads a DevInf in Data; {@link SyncMLWriter} writes replies.
 *
 * It reads as JAXB read the wire classes, which {@code SyncMLReaderTest} checks message by message:
 * children in any order; a single element given twice keeps the last; an element unknown where it
 * stands (or in another namespace) is skipped with everything in it; text is kept only where the
 * schema has text (leaves, and Data, whose mixed content is text, an Anchor or a DevInf). Two
 * differences on purpose: a leaf with an element in it keeps all its own text (JAXB kept what followed
 * the last element), and the codec reads past the root to the document's end (JAXB read one event, so
 * a comment then anything passed).
 */
final class SyncMLReader {
    private static final String SYNCML = NamespaceNormalizingReader.SYNCML;

    private final ElementCursor at;
    private final CommandParts parts;

    SyncMLReader(NamespaceNormalizingReader in, boolean escapedBytes) {
        this.at = new ElementCursor(in);
        this.parts = new CommandParts(at, escapedBytes);
    }

    /** Reads the document from its start; the stream is left at the root's end tag. */
    SyncMessage message() throws XMLStreamException, MalformedMessageException {
        int ev = at.in.getEventType();
        while (ev != XMLStreamConstants.START_ELEMENT) {
            if (ev == XMLStreamConstants.END_DOCUMENT) {
                throw new MalformedMessageException("/", "no root element", null);
            }
            ev = at.in.next();
        }
        if (!SYNCML.equals(at.namespace()) || !"SyncML".equals(at.name())) {
            throw new MalformedMessageException("/", "the root element is not SyncML", null);
        }
        Header header = null;
        Body body = null;
        while (at.syncMlChild()) {
            if ("SyncHdr".equals(at.name())) {
                header = header();
            } else if ("SyncBody".equals(at.name())) {
                body = body();
            } else {
                at.skip();
            }
        }
        if (header == null) {
            throw new MalformedMessageException("/SyncML", "no SyncHdr", null);
        }
        if (body == null) {
            throw new MalformedMessageException("/SyncML", "no SyncBody", null);
        }
        SyncMLVersion fallback = at.in.rootVersion() == null ? SyncMLVersion.V1_2 : at.in.rootVersion();
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
        while (at.syncMlChild()) {
            switch (at.name()) {
                case "VerDTD" -> h.verDtd = at.text();
                case "SessionID" -> h.sessionId = at.text();
                case "MsgID" -> h.msgId = at.text();
                case "Target" -> h.target = parts.location();
                case "Source" -> h.source = parts.location();
                case "RespURI" -> h.respUri = at.text();
                case "NoResp" -> h.noResp = at.flag();
                case "Cred" -> h.cred = parts.cred();
                case "Meta" -> h.meta = parts.meta();
                default -> at.skip(); // VerProto is not kept
            }
        }
        return h;
    }

    private Body body() throws XMLStreamException {
        List<Command> commands = new ArrayList<>();
        boolean fin = false;
        while (at.syncMlChild()) {
            Command c = switch (at.name()) {
                case "Alert" -> alert();
                case "Status" -> status();
                case "Sync" -> sync();
                case "Get", "Put" -> deviceCommand(at.name());
                case "Results" -> results();
                case "Map" -> map();
                case "Exec" -> childless(Command.Kind.EXEC);
                case "Search" -> childless(Command.Kind.SEARCH);
                case "Add", "Replace", "Copy", "Move", "Delete", "Atomic", "Sequence" -> syncCommand(at.name());
                case "Final" -> {
                    fin = at.flag();
                    yield null;
                }
                default -> {
                    at.skip();
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
                at.skip();
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
        while (at.syncMlChild()) {
            switch (at.name()) {
                case "CmdID" -> cmdId = at.text();
                case "NoResp" -> noResp = at.flag();
                case "Meta" -> meta = parts.meta();
                case "Item" -> items.add(parts.item());
                case "Archive" -> archive = at.flag() && delete;
                case "SftDel" -> sftDel = at.flag() && delete;
                default -> at.skip(); // Cred is not kept
            }
        }
        return new ItemCommand(kind, trim(cmdId), noResp, archive, sftDel, meta, items);
    }

    private Container container(Command.Kind kind) throws XMLStreamException {
        String cmdId = null;
        boolean noResp = false;
        List<Command> commands = new ArrayList<>();
        while (at.syncMlChild()) {
            switch (at.name()) {
                case "CmdID" -> cmdId = at.text();
                case "NoResp" -> noResp = at.flag();
                default -> add(commands, syncCommand(at.name())); // Meta is not kept
            }
        }
        return new Container(kind, trim(cmdId), noResp, commands);
    }

    /** Exec and Search: only their CmdID and NoResp are kept (the engine refuses them). */
    private Container childless(Command.Kind kind) throws XMLStreamException {
        String cmdId = null;
        boolean noResp = false;
        while (at.syncMlChild()) {
            if ("CmdID".equals(at.name())) {
                cmdId = at.text();
            } else if ("NoResp".equals(at.name())) {
                noResp = at.flag();
            } else {
                at.skip();
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
        while (at.syncMlChild()) {
            switch (at.name()) {
                case "CmdID" -> cmdId = at.text();
                case "NoResp" -> noResp = at.flag();
                case "Target" -> target = parts.location();
                case "Source" -> source = parts.location();
                case "Meta" -> meta = parts.meta();
                case "NumberOfChanges" -> numberOfChanges = at.text();
                default -> add(commands, syncCommand(at.name())); // Cred is not kept
            }
        }
        return new Sync(trim(cmdId), noResp, target, source, meta, number(numberOfChanges), commands);
    }

    private Alert alert() throws XMLStreamException {
        String cmdId = null;
        boolean noResp = false;
        Cred cred = null;
        CommandParts.Data data = null;
        List<Item> items = new ArrayList<>();
        while (at.syncMlChild()) {
            switch (at.name()) {
                case "CmdID" -> cmdId = at.text();
                case "NoResp" -> noResp = at.flag();
                case "Cred" -> cred = parts.cred();
                case "Data" -> data = parts.data();
                case "Item" -> items.add(parts.item());
                default -> at.skip(); // Correlator is not kept
            }
        }
        return new Alert(trim(cmdId), noResp, cred, CommandParts.Data.text(data), items);
    }

    private Status status() throws XMLStreamException {
        String cmdId = null;
        String msgRef = null;
        String cmdRef = null;
        String cmd = null;
        List<String> targetRefs = new ArrayList<>();
        List<String> sourceRefs = new ArrayList<>();
        MetInf chal = null;
        CommandParts.Data data = null;
        List<Item> items = new ArrayList<>();
        while (at.syncMlChild()) {
            switch (at.name()) {
                case "CmdID" -> cmdId = at.text();
                case "MsgRef" -> msgRef = at.text();
                case "CmdRef" -> cmdRef = at.text();
                case "Cmd" -> cmd = at.text();
                case "TargetRef" -> targetRefs.add(at.text().trim());
                case "SourceRef" -> sourceRefs.add(at.text().trim());
                case "Chal" -> chal = chal();
                case "Data" -> data = parts.data();
                case "Item" -> items.add(parts.item());
                default -> at.skip(); // Cred is not kept
            }
        }
        return new Status(trim(cmdId), trim(msgRef), trim(cmdRef), trim(cmd), targetRefs, sourceRefs, chal,
                CommandParts.Data.text(data), items);
    }

    /** A Chal's Meta (null when it has none). */
    private MetInf chal() throws XMLStreamException {
        MetInf meta = null;
        while (at.syncMlChild()) {
            if ("Meta".equals(at.name())) {
                meta = parts.meta();
            } else {
                at.skip();
            }
        }
        return meta;
    }

    private Command deviceCommand(String name) throws XMLStreamException {
        String cmdId = null;
        boolean noResp = false;
        MetInf meta = null;
        List<Item> items = new ArrayList<>();
        while (at.syncMlChild()) {
            switch (at.name()) {
                case "CmdID" -> cmdId = at.text();
                case "NoResp" -> noResp = at.flag();
                case "Meta" -> meta = parts.meta();
                case "Item" -> items.add(parts.item());
                default -> at.skip(); // Lang and Cred are not kept
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
        while (at.syncMlChild()) {
            switch (at.name()) {
                case "CmdID" -> cmdId = at.text();
                case "MsgRef" -> msgRef = at.text();
                case "CmdRef" -> cmdRef = at.text();
                case "Meta" -> meta = parts.meta();
                case "TargetRef" -> targetRef = at.text();
                case "SourceRef" -> sourceRef = at.text();
                case "Item" -> items.add(parts.item());
                default -> at.skip();
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
        while (at.syncMlChild()) {
            switch (at.name()) {
                case "CmdID" -> cmdId = at.text();
                case "Target" -> target = parts.location();
                case "Source" -> source = parts.location();
                case "Meta" -> meta = parts.meta();
                case "MapItem" -> mapItems.add(mapItem());
                default -> at.skip(); // Cred is not kept
            }
        }
        return new MapCommand(trim(cmdId), target, source, meta, mapItems);
    }

    private MapCommand.MapItem mapItem() throws XMLStreamException {
        Location target = null;
        Location source = null;
        while (at.syncMlChild()) {
            if ("Target".equals(at.name())) {
                target = parts.location();
            } else if ("Source".equals(at.name())) {
                source = parts.location();
            } else {
                at.skip();
            }
        }
        return new MapCommand.MapItem(target == null ? null : target.uri(), source == null ? null : source.uri());
    }

    private static void add(List<Command> commands, Command c) {
        if (c != null) {
            commands.add(c);
        }
    }
}

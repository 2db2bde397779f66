package meshchat.syncml.protocol;

import jakarta.xml.bind.JAXBElement;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.protocol.wire.Data;
import meshchat.syncml.protocol.wire.DeviceCommand;
import meshchat.syncml.protocol.wire.Meta;
import meshchat.syncml.protocol.wire.SyncML;
import meshchat.syncml.protocol.wire.Target;

/** Converts the generated JAXB wire classes into our model (the edge between wire and model). */
final class WireReader {
    private final SyncMLVersion version;
    /** The body was not valid UTF-8: item data carries XML-safe byte escapes (see RawText). */
    private final boolean escapedBytes;

    WireReader(SyncMLVersion version, boolean escapedBytes) {
        this.version = version;
        this.escapedBytes = escapedBytes;
    }

    SyncMessage message(SyncML w) throws MalformedMessageException {
        var h = w.getSyncHdr();
        if (h == null) {
            throw new MalformedMessageException("/SyncML", "no SyncHdr", null);
        }
        if (w.getSyncBody() == null) {
            throw new MalformedMessageException("/SyncML", "no SyncBody", null);
        }
        // the VerDTD decides (a message without a namespace is read by it); an unknown one is null, refused 505
        SyncMLVersion v = h.getVerDTD() == null || h.getVerDTD().isBlank() ? version : SyncMLVersion.ofVerDtd(h.getVerDTD());
        SyncHdr hdr = new SyncHdr(v, trim(h.getSessionID()), trim(h.getMsgID()),
                target(h.getTarget()), location(h.getSource()), trim(h.getRespURI()), h.getNoResp() != null,
                cred(h.getCred()), meta(h.getMeta()));
        List<Command> body = new ArrayList<>();
        for (Object o : w.getSyncBody().getAlertOrAtomicOrCopy()) {
            body.add(command(o));
        }
        return new SyncMessage(hdr, body, w.getSyncBody().getFinal() != null);
    }

    private Command command(Object o) throws MalformedMessageException {
        if (o instanceof JAXBElement<?> e) {
            String name = e.getName().getLocalPart();
            Object v = e.getValue();
            if (v instanceof meshchat.syncml.protocol.wire.ItemCommand ic) {
                Command.Kind kind = switch (name) {
                    case "Add" -> Command.Kind.ADD;
                    case "Replace" -> Command.Kind.REPLACE;
                    case "Copy" -> Command.Kind.COPY;
                    default -> Command.Kind.MOVE;
                };
                return new ItemCommand(kind, trim(ic.getCmdID()), ic.getNoResp() != null, false, false,
                        meta(ic.getMeta()), items(ic.getItem()));
            }
            if (v instanceof DeviceCommand dc) {
                return "Get".equals(name)
                        ? new Get(trim(dc.getCmdID()), dc.getNoResp() != null, meta(dc.getMeta()), items(dc.getItem()))
                        : new Put(trim(dc.getCmdID()), dc.getNoResp() != null, meta(dc.getMeta()), items(dc.getItem()));
            }
            throw new MalformedMessageException("/SyncML/SyncBody/" + name, "unexpected content", null);
        }
        if (o instanceof meshchat.syncml.protocol.wire.Alert a) {
            return new Alert(trim(a.getCmdID()), a.getNoResp() != null, cred(a.getCred()), text(a.getData()), items(a.getItem()));
        }
        if (o instanceof meshchat.syncml.protocol.wire.Status s) {
            return new Status(trim(s.getCmdID()), trim(s.getMsgRef()), trim(s.getCmdRef()), trim(s.getCmd()),
                    trimAll(s.getTargetRef()), trimAll(s.getSourceRef()),
                    s.getChal() == null ? null : meta(s.getChal().getMeta()), text(s.getData()), items(s.getItem()));
        }
        if (o instanceof meshchat.syncml.protocol.wire.Sync s) {
            List<Command> inner = new ArrayList<>();
            for (Object c : s.getSyncCommands()) {
                inner.add(command(c));
            }
            return new Sync(trim(s.getCmdID()), s.getNoResp() != null, target(s.getTarget()), location(s.getSource()),
                    meta(s.getMeta()), number(s.getNumberOfChanges()), inner);
        }
        if (o instanceof meshchat.syncml.protocol.wire.Delete d) {
            return new ItemCommand(Command.Kind.DELETE, trim(d.getCmdID()), d.getNoResp() != null, d.getArchive() != null,
                    d.getSftDel() != null, meta(d.getMeta()), items(d.getItem()));
        }
        if (o instanceof meshchat.syncml.protocol.wire.Results r) {
            return new Results(trim(r.getCmdID()), trim(r.getMsgRef()), trim(r.getCmdRef()), meta(r.getMeta()),
                    trim(r.getTargetRef()), trim(r.getSourceRef()), items(r.getItem()));
        }
        if (o instanceof meshchat.syncml.protocol.wire.Map m) {
            List<MapCommand.MapItem> mi = new ArrayList<>();
            for (var i : m.getMapItem()) {
                mi.add(new MapCommand.MapItem(i.getTarget() == null ? null : trim(i.getTarget().getLocURI()),
                        i.getSource() == null ? null : trim(i.getSource().getLocURI())));
            }
            return new MapCommand(trim(m.getCmdID()), target(m.getTarget()), location(m.getSource()), meta(m.getMeta()), mi);
        }
        if (o instanceof meshchat.syncml.protocol.wire.Atomic a) {
            return new Container(Command.Kind.ATOMIC, trim(a.getCmdID()), a.getNoResp() != null, nested(a.getSyncCommands()));
        }
        if (o instanceof meshchat.syncml.protocol.wire.Sequence s) {
            return new Container(Command.Kind.SEQUENCE, trim(s.getCmdID()), s.getNoResp() != null, nested(s.getSyncCommands()));
        }
        if (o instanceof meshchat.syncml.protocol.wire.Exec e) {
            return new Container(Command.Kind.EXEC, trim(e.getCmdID()), e.getNoResp() != null, List.of());
        }
        if (o instanceof meshchat.syncml.protocol.wire.Search s) {
            return new Container(Command.Kind.SEARCH, trim(s.getCmdID()), s.getNoResp() != null, List.of());
        }
        throw new MalformedMessageException("/SyncML/SyncBody", "unexpected element " + o.getClass().getSimpleName(), null);
    }

    private List<Command> nested(List<Object> cmds) throws MalformedMessageException {
        List<Command> out = new ArrayList<>();
        for (Object c : cmds) {
            out.add(command(c));
        }
        return out;
    }

    private List<Item> items(List<meshchat.syncml.protocol.wire.Item> in) {
        List<Item> out = new ArrayList<>(in.size());
        for (var i : in) {
            Data d = i.getData();
            Anchor anchor = null;
            DevInf devInf = null;
            String text = null;
            if (d != null) {
                StringBuilder sb = new StringBuilder();
                for (Object c : d.getContent()) {
                    if (c instanceof String s) {
                        sb.append(s);
                    } else if (c instanceof meshchat.syncml.protocol.wire.metinf.Anchor a) {
                        anchor = new Anchor(trim(a.getLast()), trim(a.getNext()));
                    } else if (c instanceof meshchat.syncml.protocol.wire.devinf.DevInf di) {
                        devInf = DevInfMapper.fromWire(di);
                    }
                }
                text = anchor == null && devInf == null ? sb.toString() : null;
                if (escapedBytes) {
                    text = RawText.fromXmlEscapes(text);
                }
            }
            out.add(new Item(target(i.getTarget()), location(i.getSource()), meta(i.getMeta()), text, anchor, devInf,
                    i.getMoreData() != null));
        }
        return out;
    }

    static MetInf meta(Meta m) {
        if (m == null) {
            return null;
        }
        var a = m.getAnchor();
        return new MetInf(trim(m.getFormat()), trim(m.getType()), trim(m.getMark()), number(m.getSize()),
                a == null ? null : new Anchor(trim(a.getLast()), trim(a.getNext())), trim(m.getVersion()),
                trim(m.getNextNonce()), number(m.getMaxMsgSize()), number(m.getMaxObjSize()), m.getEMI());
    }

    private static Cred cred(meshchat.syncml.protocol.wire.Cred c) {
        return c == null ? null : new Cred(meta(c.getMeta()), trim(text(c.getData())));
    }

    private static Location target(Target t) {
        return t == null ? null : new Location(trim(t.getLocURI()), trim(t.getLocName()));
    }

    private static Location location(meshchat.syncml.protocol.wire.Location l) {
        return l == null ? null : new Location(trim(l.getLocURI()), trim(l.getLocName()));
    }

    private static String text(Data d) {
        if (d == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Object c : d.getContent()) {
            if (c instanceof String s) {
                sb.append(s);
            }
        }
        return sb.toString();
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

    private static List<String> trimAll(List<String> in) {
        List<String> out = new ArrayList<>(in.size());
        for (String s : in) {
            out.add(s.trim());
        }
        return out;
    }
}

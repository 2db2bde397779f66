package meshchat.syncml.protocol;

import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes one SyncML message from the model straight to a StAX writer (a {@link DefaultNamespaceWriter}),
 * in the schema's element order, leaving out what is absent. JAXB did this before through the
 * generated wire classes; every reply is written once to be measured against MaxMsgSize, so its
 * per-element cost counted (issue 10). DevInf, inside Data, is written by {@link DevInfWriter}. The
 * bytes are those JAXB wrote, which {@code SyncMLWriterTest} checks message by message.
 */
final class SyncMLWriter {
    private static final String SYNCML = NamespaceNormalizingReader.SYNCML;
    private static final String METINF = NamespaceNormalizingReader.METINF;

    private final XMLStreamWriter out;

    SyncMLWriter(XMLStreamWriter out) {
        this.out = out;
    }

    void message(SyncMessage m) throws XMLStreamException {
        SyncHdr h = m.header();
        start("SyncML");
        start("SyncHdr");
        leaf("VerDTD", h.version().verDtd);
        leaf("VerProto", h.version().verProto);
        leaf("SessionID", h.sessionId());
        leaf("MsgID", h.msgId());
        location("Target", h.target());
        location("Source", h.source());
        leaf("RespURI", h.respUri());
        flag("NoResp", h.noResp());
        cred(h.cred());
        meta(h.meta());
        out.writeEndElement();
        start("SyncBody");
        for (Command c : m.commands()) {
            command(c);
        }
        flag("Final", m.fin());
        out.writeEndElement();
        out.writeEndElement();
    }

    private void command(Command c) throws XMLStreamException {
        switch (c.kind()) {
            case ALERT -> {
                Alert a = (Alert) c;
                start("Alert");
                leaf("CmdID", a.cmdId());
                flag("NoResp", a.noResp());
                cred(a.cred());
                data(a.data());
                items(a.items());
            }
            case STATUS -> {
                Status s = (Status) c;
                start("Status");
                leaf("CmdID", s.cmdId());
                leaf("MsgRef", s.msgRef());
                leaf("CmdRef", s.cmdRef());
                leaf("Cmd", s.cmd());
                for (String ref : s.targetRefs()) {
                    leaf("TargetRef", ref);
                }
                for (String ref : s.sourceRefs()) {
                    leaf("SourceRef", ref);
                }
                if (s.chal() != null) {
                    start("Chal");
                    meta(s.chal());
                    out.writeEndElement();
                }
                data(s.data());
                items(s.items());
            }
            case SYNC -> {
                Sync s = (Sync) c;
                start("Sync");
                leaf("CmdID", s.cmdId());
                flag("NoResp", s.noResp());
                location("Target", s.target());
                location("Source", s.source());
                meta(s.meta());
                leaf("NumberOfChanges", s.numberOfChanges() == null ? null : s.numberOfChanges().toString());
                for (Command inner : s.commands()) {
                    command(inner);
                }
            }
            case ADD, REPLACE, COPY, MOVE, DELETE -> {
                ItemCommand ic = (ItemCommand) c;
                start(c.kind().element);
                leaf("CmdID", ic.cmdId());
                flag("NoResp", ic.noResp());
                if (c.kind() == Command.Kind.DELETE) {
                    flag("Archive", ic.archive());
                    flag("SftDel", ic.sftDel());
                }
                meta(ic.meta());
                items(ic.items());
            }
            case PUT, GET -> {
                start(c.kind().element);
                leaf("CmdID", c.cmdId());
                flag("NoResp", c.noResp());
                meta(c instanceof Put p ? p.meta() : ((Get) c).meta());
                items(c.items());
            }
            case RESULTS -> {
                Results r = (Results) c;
                start("Results");
                leaf("CmdID", r.cmdId());
                leaf("MsgRef", r.msgRef());
                leaf("CmdRef", r.cmdRef());
                meta(r.meta());
                leaf("TargetRef", r.targetRef());
                leaf("SourceRef", r.sourceRef());
                items(r.items());
            }
            case MAP -> {
                MapCommand m = (MapCommand) c;
                start("Map");
                leaf("CmdID", m.cmdId());
                location("Target", m.target());
                location("Source", m.source());
                meta(m.meta());
                for (MapCommand.MapItem mi : m.mapItems()) {
                    start("MapItem");
                    location("Target", Location.of(mi.guid()));
                    location("Source", Location.of(mi.luid()));
                    out.writeEndElement();
                }
            }
            case ATOMIC, SEQUENCE, EXEC, SEARCH -> throw new IllegalArgumentException("we never send " + c.kind().element);
            default -> throw new IllegalStateException("unknown command kind " + c.kind());
        }
        out.writeEndElement();
    }

    private void items(List<Item> items) throws XMLStreamException {
        for (Item i : items) {
            start("Item");
            location("Target", i.target());
            location("Source", i.source());
            meta(i.meta());
            if (i.anchor() != null) {
                start("Data");
                anchor(i.anchor());
                out.writeEndElement();
            } else if (i.devInf() != null) {
                start("Data");
                new DevInfWriter(out).devInf(i.devInf());
                out.writeEndElement();
            } else {
                data(i.data());
            }
            flag("MoreData", i.moreData());
            out.writeEndElement();
        }
    }

    private void meta(MetInf m) throws XMLStreamException {
        if (m == null || m.equals(MetInf.EMPTY)) {
            return;
        }
        start("Meta");
        metInf("Format", m.format());
        metInf("Type", m.type());
        metInf("Mark", m.mark());
        metInf("Size", m.size() == null ? null : m.size().toString());
        if (m.anchor() != null) {
            anchor(m.anchor());
        }
        metInf("Version", m.version());
        metInf("NextNonce", m.nextNonce());
        metInf("MaxMsgSize", m.maxMsgSize() == null ? null : m.maxMsgSize().toString());
        metInf("MaxObjSize", m.maxObjSize() == null ? null : m.maxObjSize().toString());
        for (String emi : m.emi()) {
            metInf("EMI", emi);
        }
        out.writeEndElement();
    }

    private void anchor(Anchor a) throws XMLStreamException {
        out.writeStartElement("", "Anchor", METINF);
        metInf("Last", a.last());
        metInf("Next", a.next());
        out.writeEndElement();
    }

    private void cred(Cred c) throws XMLStreamException {
        if (c == null) {
            return;
        }
        start("Cred");
        meta(c.meta());
        data(c.data());
        out.writeEndElement();
    }

    /** Target or Source (a MapItem's too): LocURI and LocName. */
    private void location(String element, Location l) throws XMLStreamException {
        if (l == null) {
            return;
        }
        start(element);
        leaf("LocURI", l.uri());
        leaf("LocName", l.name());
        out.writeEndElement();
    }

    /** Data holding text (null: no Data). */
    private void data(String text) throws XMLStreamException {
        if (text == null) {
            return;
        }
        start("Data");
        out.writeCharacters(text);
        out.writeEndElement();
    }

    private void start(String element) throws XMLStreamException {
        out.writeStartElement("", element, SYNCML);
    }

    private void leaf(String element, String text) throws XMLStreamException {
        leaf(out, SYNCML, element, text);
    }

    private void metInf(String element, String text) throws XMLStreamException {
        leaf(out, METINF, element, text);
    }

    private void flag(String element, boolean present) throws XMLStreamException {
        flag(out, SYNCML, element, present);
    }

    /** An element holding text, left out when the text is null (shared with {@link DevInfWriter}). */
    static void leaf(XMLStreamWriter out, String namespace, String element, String text) throws XMLStreamException {
        if (text == null) {
            return;
        }
        out.writeStartElement("", element, namespace);
        out.writeCharacters(text);
        out.writeEndElement();
    }

    /** An empty element whose presence is the value (Final, NoResp, UTC...). */
    static void flag(XMLStreamWriter out, String namespace, String element, boolean present) throws XMLStreamException {
        if (present) {
            out.writeStartElement("", element, namespace);
            out.writeEndElement();
        }
    }
}

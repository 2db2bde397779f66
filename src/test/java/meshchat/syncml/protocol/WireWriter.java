package meshchat.syncml.protocol;

import java.util.List;
import meshchat.syncml.protocol.wire.Chal;
import meshchat.syncml.protocol.wire.Data;
import meshchat.syncml.protocol.wire.DeviceCommand;
import meshchat.syncml.protocol.wire.Final;
import meshchat.syncml.protocol.wire.Meta;
import meshchat.syncml.protocol.wire.MoreData;
import meshchat.syncml.protocol.wire.NoResp;
import meshchat.syncml.protocol.wire.ObjectFactory;
import meshchat.syncml.protocol.wire.SyncBody;
import meshchat.syncml.protocol.wire.SyncML;
import meshchat.syncml.protocol.wire.Target;

/** Converts our model into the generated JAXB wire classes, for marshalling. */
final class WireWriter {
    private static final ObjectFactory F = new ObjectFactory();

    private WireWriter() {
    }

    static SyncML message(SyncMessage m) {
        SyncHdr h = m.header();
        var wh = new meshchat.syncml.protocol.wire.SyncHdr();
        wh.setVerDTD(h.version().verDtd);
        wh.setVerProto(h.version().verProto);
        wh.setSessionID(h.sessionId());
        wh.setMsgID(h.msgId());
        wh.setTarget(target(h.target()));
        wh.setSource(location(h.source()));
        wh.setRespURI(h.respUri());
        wh.setNoResp(h.noResp() ? new NoResp() : null);
        wh.setCred(cred(h.cred()));
        wh.setMeta(meta(h.meta()));
        SyncBody body = new SyncBody();
        for (Command c : m.commands()) {
            body.getAlertOrAtomicOrCopy().add(command(c));
        }
        body.setFinal(m.fin() ? new Final() : null);
        SyncML w = new SyncML();
        w.setSyncHdr(wh);
        w.setSyncBody(body);
        return w;
    }

    static Object command(Command c) {
        switch (c.kind()) {
            case ALERT -> {
                Alert a = (Alert) c;
                var w = new meshchat.syncml.protocol.wire.Alert();
                w.setCmdID(a.cmdId());
                w.setNoResp(a.noResp() ? new NoResp() : null);
                w.setCred(cred(a.cred()));
                w.setData(text(a.data()));
                items(a.items(), w.getItem());
                return w;
            }
            case STATUS -> {
                Status s = (Status) c;
                var w = new meshchat.syncml.protocol.wire.Status();
                w.setCmdID(s.cmdId());
                w.setMsgRef(s.msgRef());
                w.setCmdRef(s.cmdRef());
                w.setCmd(s.cmd());
                w.getTargetRef().addAll(s.targetRefs());
                w.getSourceRef().addAll(s.sourceRefs());
                if (s.chal() != null) {
                    Chal chal = new Chal();
                    chal.setMeta(meta(s.chal()));
                    w.setChal(chal);
                }
                w.setData(text(s.data()));
                items(s.items(), w.getItem());
                return w;
            }
            case SYNC -> {
                Sync s = (Sync) c;
                var w = new meshchat.syncml.protocol.wire.Sync();
                w.setCmdID(s.cmdId());
                w.setNoResp(s.noResp() ? new NoResp() : null);
                w.setTarget(target(s.target()));
                w.setSource(location(s.source()));
                w.setMeta(meta(s.meta()));
                w.setNumberOfChanges(s.numberOfChanges() == null ? null : s.numberOfChanges().toString());
                for (Command inner : s.commands()) {
                    w.getSyncCommands().add(command(inner));
                }
                return w;
            }
            case ADD, REPLACE, COPY, MOVE -> {
                ItemCommand ic = (ItemCommand) c;
                var w = new meshchat.syncml.protocol.wire.ItemCommand();
                w.setCmdID(ic.cmdId());
                w.setNoResp(ic.noResp() ? new NoResp() : null);
                w.setMeta(meta(ic.meta()));
                items(ic.items(), w.getItem());
                return switch (ic.kind()) {
                    case ADD -> F.createAdd(w);
                    case REPLACE -> F.createReplace(w);
                    case COPY -> F.createCopy(w);
                    default -> F.createMove(w);
                };
            }
            case DELETE -> {
                ItemCommand ic = (ItemCommand) c;
                var w = new meshchat.syncml.protocol.wire.Delete();
                w.setCmdID(ic.cmdId());
                w.setNoResp(ic.noResp() ? new NoResp() : null);
                w.setArchive(ic.archive() ? new meshchat.syncml.protocol.wire.Archive() : null);
                w.setSftDel(ic.sftDel() ? new meshchat.syncml.protocol.wire.SftDel() : null);
                w.setMeta(meta(ic.meta()));
                items(ic.items(), w.getItem());
                return w;
            }
            case PUT, GET -> {
                boolean put = c.kind() == Command.Kind.PUT;
                DeviceCommand w = new DeviceCommand();
                w.setCmdID(c.cmdId());
                w.setNoResp(c.noResp() ? new NoResp() : null);
                w.setMeta(meta(put ? ((Put) c).meta() : ((Get) c).meta()));
                items(c.items(), w.getItem());
                return put ? F.createPut(w) : F.createGet(w);
            }
            case RESULTS -> {
                Results r = (Results) c;
                var w = new meshchat.syncml.protocol.wire.Results();
                w.setCmdID(r.cmdId());
                w.setMsgRef(r.msgRef());
                w.setCmdRef(r.cmdRef());
                w.setMeta(meta(r.meta()));
                w.setTargetRef(r.targetRef());
                w.setSourceRef(r.sourceRef());
                items(r.items(), w.getItem());
                return w;
            }
            case MAP -> {
                MapCommand m = (MapCommand) c;
                var w = new meshchat.syncml.protocol.wire.Map();
                w.setCmdID(m.cmdId());
                w.setTarget(target(m.target()));
                w.setSource(location(m.source()));
                w.setMeta(meta(m.meta()));
                for (MapCommand.MapItem mi : m.mapItems()) {
                    var wi = new meshchat.syncml.protocol.wire.MapItem();
                    wi.setTarget(target(Location.of(mi.guid())));
                    wi.setSource(location(Location.of(mi.luid())));
                    w.getMapItem().add(wi);
                }
                return w;
            }
            case ATOMIC, SEQUENCE, EXEC, SEARCH -> throw new IllegalArgumentException("we never send " + c.kind().element);
            default -> throw new IllegalStateException("unknown command kind " + c.kind());
        }
    }

    private static void items(List<Item> in, List<meshchat.syncml.protocol.wire.Item> out) {
        for (Item i : in) {
            var w = new meshchat.syncml.protocol.wire.Item();
            w.setTarget(target(i.target()));
            w.setSource(location(i.source()));
            w.setMeta(meta(i.meta()));
            if (i.anchor() != null) {
                Data d = new Data();
                d.getContent().add(anchor(i.anchor()));
                w.setData(d);
            } else if (i.devInf() != null) {
                Data d = new Data();
                d.getContent().add(DevInfMapper.toWire(i.devInf()));
                w.setData(d);
            } else if (i.data() != null) {
                w.setData(text(i.data()));
            }
            w.setMoreData(i.moreData() ? new MoreData() : null);
            out.add(w);
        }
    }

    private static Data text(String s) {
        if (s == null) {
            return null;
        }
        Data d = new Data();
        d.getContent().add(s);
        return d;
    }

    private static meshchat.syncml.protocol.wire.metinf.Anchor anchor(Anchor a) {
        var w = new meshchat.syncml.protocol.wire.metinf.Anchor();
        w.setLast(a.last());
        w.setNext(a.next());
        return w;
    }

    static Meta meta(MetInf m) {
        if (m == null || m.equals(MetInf.EMPTY)) {
            return null;
        }
        Meta w = new Meta();
        w.setFormat(m.format());
        w.setType(m.type());
        w.setMark(m.mark());
        w.setSize(m.size() == null ? null : m.size().toString());
        w.setAnchor(m.anchor() == null ? null : anchor(m.anchor()));
        w.setVersion(m.version());
        w.setNextNonce(m.nextNonce());
        w.setMaxMsgSize(m.maxMsgSize() == null ? null : m.maxMsgSize().toString());
        w.setMaxObjSize(m.maxObjSize() == null ? null : m.maxObjSize().toString());
        w.getEMI().addAll(m.emi());
        return w;
    }

    private static meshchat.syncml.protocol.wire.Cred cred(Cred c) {
        if (c == null) {
            return null;
        }
        var w = new meshchat.syncml.protocol.wire.Cred();
        w.setMeta(meta(c.meta()));
        w.setData(text(c.data()));
        return w;
    }

    private static Target target(Location l) {
        if (l == null) {
            return null;
        }
        Target t = new Target();
        t.setLocURI(l.uri());
        t.setLocName(l.name());
        return t;
    }

    private static meshchat.syncml.protocol.wire.Location location(Location l) {
        if (l == null) {
            return null;
        }
        var w = new meshchat.syncml.protocol.wire.Location();
        w.setLocURI(l.uri());
        w.setLocName(l.name());
        return w;
    }
}

package meshchat.syncml.protocol;

import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import meshchat.syncml.protocol.wire.devinf.ContentTypeRef;
import meshchat.syncml.protocol.wire.devinf.DataStore;
import meshchat.syncml.protocol.wire.devinf.SupportLargeObjs;
import meshchat.syncml.protocol.wire.devinf.SupportNumberOfChanges;
import meshchat.syncml.protocol.wire.devinf.SyncCap;
import meshchat.syncml.protocol.wire.devinf.UTC;

/** DevInf between wire and model. The model keeps the whole document as XML text too. */
final class DevInfMapper {
    private DevInfMapper() {
    }

    static DevInf fromWire(meshchat.syncml.protocol.wire.devinf.DevInf w) {
        List<DevInf.DataStore> stores = new ArrayList<>();
        for (DataStore ds : w.getDataStore()) {
            List<String> syncTypes = ds.getSyncCap() == null ? List.of() : trimAll(ds.getSyncCap().getSyncType());
            stores.add(new DevInf.DataStore(t(ds.getSourceRef()), t(ds.getDisplayName()), number(ds.getMaxGUIDSize()),
                    ct(ds.getRxPref()), cts(ds.getRx()), ct(ds.getTxPref()), cts(ds.getTx()), syncTypes));
        }
        return new DevInf(t(w.getVerDTD()), t(w.getMan()), t(w.getMod()), t(w.getOEM()), t(w.getFwV()), t(w.getSwV()),
                t(w.getHwV()), t(w.getDevID()), t(w.getDevTyp()), w.getUTC() != null, w.getSupportLargeObjs() != null,
                w.getSupportNumberOfChanges() != null, stores, xml(w));
    }

    static meshchat.syncml.protocol.wire.devinf.DevInf toWire(DevInf d) {
        var w = new meshchat.syncml.protocol.wire.devinf.DevInf();
        w.setVerDTD(d.verDtd());
        w.setMan(d.man());
        w.setMod(d.mod());
        w.setOEM(d.oem());
        w.setFwV(d.fwV());
        w.setSwV(d.swV());
        w.setHwV(d.hwV());
        w.setDevID(d.devId());
        w.setDevTyp(d.devTyp());
        // DevInf 1.0 has no UTC, SupportLargeObjs or SupportNumberOfChanges (DevInf 1.1 added them)
        boolean v10 = SyncMLVersion.V1_0.devInfVerDtd.equals(d.verDtd());
        w.setUTC(d.utc() && !v10 ? new UTC() : null);
        w.setSupportLargeObjs(d.supportLargeObjs() && !v10 ? new SupportLargeObjs() : null);
        w.setSupportNumberOfChanges(d.supportNumberOfChanges() && !v10 ? new SupportNumberOfChanges() : null);
        for (DevInf.DataStore s : d.dataStores()) {
            DataStore ds = new DataStore();
            ds.setSourceRef(s.sourceRef());
            ds.setDisplayName(s.displayName());
            ds.setMaxGUIDSize(s.maxGuidSize() == null ? null : s.maxGuidSize().toString());
            ds.setRxPref(ct(s.rxPref()));
            s.rx().forEach(c -> ds.getRx().add(ct(c)));
            ds.setTxPref(ct(s.txPref()));
            s.tx().forEach(c -> ds.getTx().add(ct(c)));
            SyncCap cap = new SyncCap();
            cap.getSyncType().addAll(s.syncTypes());
            ds.setSyncCap(cap);
            w.getDataStore().add(ds);
        }
        return w;
    }

    private static String xml(meshchat.syncml.protocol.wire.devinf.DevInf w) {
        try {
            Marshaller m = Jaxb.context().createMarshaller();
            m.setProperty(Marshaller.JAXB_FRAGMENT, true);
            StringWriter out = new StringWriter();
            m.marshal(w, out);
            return out.toString();
        } catch (JAXBException e) {
            return null; // the parsed fields are what matter; the text copy is a convenience
        }
    }

    private static DevInf.ContentType ct(ContentTypeRef r) {
        return r == null ? null : new DevInf.ContentType(t(r.getCTType()), t(r.getVerCT()));
    }

    private static ContentTypeRef ct(DevInf.ContentType c) {
        if (c == null) {
            return null;
        }
        ContentTypeRef r = new ContentTypeRef();
        r.setCTType(c.ctType());
        r.setVerCT(c.verCt());
        return r;
    }

    private static List<DevInf.ContentType> cts(List<ContentTypeRef> in) {
        List<DevInf.ContentType> out = new ArrayList<>();
        for (ContentTypeRef r : in) {
            out.add(ct(r));
        }
        return out;
    }

    private static Long number(String s) {
        try {
            return s == null ? null : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String t(String s) {
        return s == null ? null : s.trim();
    }

    private static List<String> trimAll(List<String> in) {
        List<String> out = new ArrayList<>();
        in.forEach(s -> out.add(s.trim()));
        return out;
    }
}

package meshchat.syncml.protocol;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes our own DevInf (syncml:devinf) inside a message's Data, in the schema's element order,
 * leaving out what is absent. The bytes are those JAXB wrote before (issue 10), which
 * {@code SyncMLWriterTest} checks.
 */
final class DevInfWriter {
    private static final String DEVINF = NamespaceNormalizingReader.DEVINF;

    private final XMLStreamWriter out;

    DevInfWriter(XMLStreamWriter out) {
        this.out = out;
    }

    void devInf(DevInf d) throws XMLStreamException {
        start("DevInf");
        leaf("VerDTD", d.verDtd());
        leaf("Man", d.man());
        leaf("Mod", d.mod());
        leaf("OEM", d.oem());
        leaf("FwV", d.fwV());
        leaf("SwV", d.swV());
        leaf("HwV", d.hwV());
        leaf("DevID", d.devId());
        leaf("DevTyp", d.devTyp());
        // DevInf 1.0 has no UTC, SupportLargeObjs or SupportNumberOfChanges (DevInf 1.1 added them)
        boolean v10 = SyncMLVersion.V1_0.devInfVerDtd.equals(d.verDtd());
        flag("UTC", d.utc() && !v10);
        flag("SupportLargeObjs", d.supportLargeObjs() && !v10);
        flag("SupportNumberOfChanges", d.supportNumberOfChanges() && !v10);
        for (DevInf.DataStore s : d.dataStores()) {
            start("DataStore");
            leaf("SourceRef", s.sourceRef());
            leaf("DisplayName", s.displayName());
            leaf("MaxGUIDSize", s.maxGuidSize() == null ? null : s.maxGuidSize().toString());
            contentType("Rx-Pref", s.rxPref());
            for (DevInf.ContentType c : s.rx()) {
                contentType("Rx", c);
            }
            contentType("Tx-Pref", s.txPref());
            for (DevInf.ContentType c : s.tx()) {
                contentType("Tx", c);
            }
            start("SyncCap");
            for (String type : s.syncTypes()) {
                leaf("SyncType", type);
            }
            out.writeEndElement();
            out.writeEndElement();
        }
        out.writeEndElement();
    }

    private void contentType(String element, DevInf.ContentType c) throws XMLStreamException {
        if (c == null) {
            return;
        }
        start(element);
        leaf("CTType", c.ctType());
        leaf("VerCT", c.verCt());
        out.writeEndElement();
    }

    private void start(String element) throws XMLStreamException {
        out.writeStartElement("", element, DEVINF);
    }

    private void leaf(String element, String text) throws XMLStreamException {
        SyncMLWriter.leaf(out, DEVINF, element, text);
    }

    private void flag(String element, boolean present) throws XMLStreamException {
        SyncMLWriter.flag(out, DEVINF, element, present);
    }
}

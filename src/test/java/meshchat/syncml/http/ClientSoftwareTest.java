package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The status page's "software" of a device, from the DevInf copy the store keeps. */
class ClientSoftwareTest {
    private static String devInf(String inner) {
        return "<DevInf xmlns=\"syncml:devinf\"><VerDTD>1.2</VerDTD>" + inner + "<DevID>d1</DevID><DevTyp>workstation</DevTyp></DevInf>";
    }

    @Test
    void manModAndSwV() {
        assertEquals("SyncEvolution 2.0 (SwV 2.0.0)",
                ClientSoftware.of(devInf("<Man> SyncEvolution </Man><Mod>2.0</Mod><SwV>2.0.0</SwV>")));
        assertEquals("Nokia", ClientSoftware.of(devInf("<Man>Nokia</Man>")));
        assertEquals("(SwV 1.1)", ClientSoftware.of(devInf("<SwV>1.1</SwV>")));
    }

    @Test
    void onlyTheDevInfsOwnFieldsCountNotOnesInsideOtherElements() {
        // the stored copy keeps vendor elements and Ext as the client sent them, in document order
        String xml = devInf("<X-Vendor><Man>Spoofed</Man><SwV>9</SwV></X-Vendor><Man>Funambol</Man><Mod>Plug-in</Mod>"
                + "<Ext><XNam>X-Man</XNam><XVal>x</XVal></Ext><SwV>10.0</SwV>");
        assertEquals("Funambol Plug-in (SwV 10.0)", ClientSoftware.of(xml));
    }

    @Test
    void nothingReadableIsUnknown() {
        assertEquals("unknown", ClientSoftware.of(null));
        assertEquals("unknown", ClientSoftware.of(" "));
        assertEquals("unknown", ClientSoftware.of("<DevInf xmlns=\"syncml:devinf\"><Man>cut"));
        assertEquals("unknown", ClientSoftware.of("<Other><Man>x</Man></Other>"));
        assertEquals("unknown", ClientSoftware.of(devInf("<Man> </Man>")));
        assertEquals("unknown", ClientSoftware.of("<!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + devInf("<Man>&e;</Man>")));
    }

    @Test
    void aLongNameIsCut() {
        String out = ClientSoftware.of(devInf("<Man>" + "M".repeat(500) + "</Man>"));
        assertEquals("M".repeat(ClientSoftware.MAX_CHARS) + "...", out);
    }
}

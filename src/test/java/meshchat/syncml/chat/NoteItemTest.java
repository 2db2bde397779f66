package meshchat.syncml.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.DataFormat;
import meshchat.syncml.protocol.DevInf;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMessage;
import org.junit.jupiter.api.Test;

/** The road the engine will take: a SyncML 1.0 message's items (chr and b64) to message texts and back. */
class NoteItemTest {
    @Test
    void theItemsOfAHandWrittenSyncML10MessageBecomeTexts() throws Exception {
        byte[] body;
        try (InputStream in = getClass().getResourceAsStream("/golden/syncml10/client-msg3-nonamespace.xml")) {
            body = in.readAllBytes();
        }
        SyncMessage m = SyncMLCodec.decode(body, Encoding.XML);
        List<Command> changes = ((Sync) m.commands().get(1)).commands();
        assertEquals("Net tonight at 20:00", text((ItemCommand) changes.get(0)));
        assertEquals("Grüße\naus Köln", text((ItemCommand) changes.get(1)), "b64, then quoted-printable UTF-8");
        assertEquals("plain text", text((ItemCommand) changes.get(2)));
    }

    private static String text(ItemCommand c) throws MalformedNoteException {
        NoteFormat f = NoteFormat.of(c.meta().type()).orElseThrow();
        return NoteItem.read(f, c.meta().format(), c.items().get(0).data()).text();
    }

    @Test
    void whatWeWriteInB64ReadsBack() throws Exception {
        for (NoteFormat f : NoteFormat.ALL) {
            String data = NoteItem.write(f, DataFormat.B64, Note.of("73 ✓\nde K1ABC", 1764183600L, "g"));
            assertEquals("73 ✓\nde K1ABC", NoteItem.read(f, "b64", data).text(), f.contentType());
        }
    }

    @Test
    void dataThatIsNotBase64IsAMalformedNoteOfItsType() {
        NoteFormat vnote = NoteFormat.of("text/x-vnote").orElseThrow();
        MalformedNoteException e = assertThrows(MalformedNoteException.class, () -> NoteItem.read(vnote, "b64", "%%%"));
        assertTrue(e.getMessage().startsWith("text/x-vnote: item data in Format b64 is not base64"), e.getMessage());
    }

    @Test
    void ourDevInfListsEveryTypeAndVersionPlainTextFirst() {
        List<DevInf.ContentType> types = NoteItem.contentTypes();
        assertEquals(new DevInf.ContentType("text/plain", "1.0"), types.get(0));
        assertEquals(7, types.size(), types.toString());
        assertTrue(types.contains(new DevInf.ContentType("text/x-vnote", "1.1")));
        assertTrue(types.contains(new DevInf.ContentType("text/calendar", "2.0")));
        assertTrue(types.contains(new DevInf.ContentType("text/x-vcalendar", "1.0")));
        assertTrue(types.contains(new DevInf.ContentType("text/x-s4j-sifn", "1.1")));
    }

    @Test
    void negotiationTakesTheClientsRxPrefThenItsFirstRxWeSpeak() {
        DevInf.ContentType vnote = new DevInf.ContentType("TEXT/X-VNOTE", "1.1");
        DevInf.ContentType vcard = new DevInf.ContentType("text/x-vcard", "2.1");
        DevInf.ContentType ical = new DevInf.ContentType("text/calendar", "2.0");
        assertEquals("text/x-vnote", NoteItem.negotiate(store(vnote, List.of(ical))).orElseThrow().contentType());
        assertEquals("text/calendar", NoteItem.negotiate(store(vcard, List.of(vcard, ical))).orElseThrow().contentType());
        assertEquals("text/calendar", NoteItem.negotiate(store(new DevInf.ContentType("text/x-vnote", "9.0"), List.of(ical)))
                .orElseThrow().contentType(), "a version we do not speak is skipped");
        assertFalse(NoteItem.negotiate(store(vcard, List.of())).isPresent());
        assertFalse(NoteItem.negotiate(null).isPresent());
    }

    private static DevInf.DataStore store(DevInf.ContentType rxPref, List<DevInf.ContentType> rx) {
        return new DevInf.DataStore("./Notes", null, null, rxPref, rx, rxPref, List.of(), List.of("1", "2"));
    }
}

package meshchat.syncml.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.DataFormat;
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
}

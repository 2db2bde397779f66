package meshchat.syncml.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the note decoders: whatever the object, a format returns a note or refuses it with
 * {@link MalformedNoteException}; any other exception or a hang is a finding. And what was read
 * survives our own encoding: the text (under the TextRule, as a message stores it) comes back.
 */
class NoteDecodeFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void decodeNote(FuzzedDataProvider data) throws Exception {
        NoteFormat f = NoteFormat.ALL.get(data.consumeInt(0, NoteFormat.ALL.size() - 1));
        Note n;
        try {
            n = f.decode(data.consumeRemainingAsString());
        } catch (MalformedNoteException e) {
            return;
        }
        String text = TextRule.cleanText(n.text());
        if (!text.isBlank()) {
            assertEquals(text, f.decode(f.encode(Note.of(text, n.epoch(), n.uid()))).text(), f.contentType());
        }
    }
}

package meshchat.syncml.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageItemTest {

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        Message m = Message.create("0a1b2c3d", 1764000000L, "line one\n\nline three: with colon\n", "K1ABC",
                "k1abc-node", "node", "Emergency");
        Message back = MessageItem.decode(MessageItem.encode(m));
        assertEquals(m, back);
        assertEquals(m.id(), back.id());
    }

    @Test
    void keepsTheGuidEvenWhenTheFieldsWouldHashOtherwise() {
        // a GUID kept through cleaning (migration 04) no longer matches its fields' hash: it still travels as is
        MessageId id = new MessageId("0a1b2c3d-5-00000000");
        Message m = new Message(id, 5, "text", "K1ABC", "n", "pi", "");
        assertEquals(id, MessageItem.decode(MessageItem.encode(m)).id());
    }

    @Test
    void headerNamesAreCaseInsensitiveUnknownOnesIgnoredAndCrTolerated() {
        String data = "id: 0a1b2c3d-7-00000000\r\nEPOCH: 7\r\ncall-sign: W1AW\r\nnode: x\r\nX-Future: y\r\n\r\nhi";
        Message m = MessageItem.decode(data);
        assertEquals("hi", m.text());
        assertEquals("W1AW", m.callSign());
        assertEquals("pi", m.platform());
        assertEquals("", m.channel());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Id: 0a1b2c3d-7-00000000\nEpoch: 7\nCall-Sign: a\nNode: b\n",
        "Id: nope\nEpoch: 7\nCall-Sign: a\nNode: b\n\nx", "Id: 0a1b2c3d-7-00000000\nEpoch: x\nCall-Sign: a\nNode: b\n\nx",
        "Id: 0a1b2c3d-7-00000000\nEpoch: 7\nNode: b\n\nx", "no colon here\n\nx",
        "Id: 0a1b2c3d-7-00000000\nEpoch: 7\nCall-Sign: a\nNode: b\n\n   "})
    void malformedItemsAreRefusedWithAReason(String data) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageItem.decode(data));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void tooManyHeaderLinesAreRefused() {
        String data = "X: y\n".repeat(100) + "\ntext";
        assertThrows(IllegalArgumentException.class, () -> MessageItem.decode(data));
    }
}

package meshchat.syncml.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import meshchat.syncml.protocol.Command;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.Item;
import meshchat.syncml.protocol.ItemCommand;
import meshchat.syncml.protocol.Location;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.Sync;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.protocol.SyncMessage;

/**
 * Fuzzes the POST /api/messages body ({@link ApiMessageBody#parse}): only IllegalArgumentException
 * may come out. An accepted body's message obeys the text rule, checked here on its own terms
 * (not by calling the rule): not blank, no C0 control but TAB and LF, no DEL or C1 control, no lone
 * surrogate, no U+FFFE/U+FFFF; and it survives an Add item of a SyncML reply in XML and in WBXML
 * unchanged, which is what "breaks every client" was about. Call sign and channel are one line.
 */
class ApiBodyFuzzTest {

    @FuzzTest(maxDuration = "25s")
    void parseBody(byte[] json) throws Exception {
        ApiMessageBody body;
        try {
            body = ApiMessageBody.parse(json);
        } catch (IllegalArgumentException refused) {
            return; // the documented refusal: ApiHandler answers 400 with its message
        }
        String text = body.message();
        if (text == null || text.isBlank()) {
            throw new AssertionError("accepted a blank message");
        }
        String bad = TextCheck.badChar(text, false);
        if (bad != null) {
            throw new AssertionError("accepted message breaks the text rule: " + bad);
        }
        for (String field : new String[] {body.callSign(), body.channel()}) {
            if (field != null && (TextCheck.badChar(field, true) != null || field.length() > 255 || !field.equals(field.strip()))) {
                throw new AssertionError("accepted field is not one clean line: " + TextCheck.badChar(field, true));
            }
        }
        for (Encoding enc : Encoding.values()) {
            String back = throughSyncMl(text, enc);
            if (!text.equals(back)) {
                throw new AssertionError("message does not survive a " + enc + " item: " + TextCheck.escape(text)
                        + " came back as " + TextCheck.escape(back));
            }
        }
    }

    /** The text as an Add item of a server message, encoded and decoded by our codec. */
    private static String throughSyncMl(String text, Encoding enc) throws Exception {
        SyncHdr h = new SyncHdr(SyncMLVersion.V1_2, "1", "2", Location.of("dev"), Location.of("http://x/sync"), null,
                false, null, null);
        ItemCommand add = new ItemCommand(Command.Kind.ADD, "3", false, false, false, MetInf.ofType("text/plain"),
                List.of(Item.text(null, Location.of("g1"), null, text)));
        SyncMessage m = new SyncMessage(h, List.of(new Sync("2", false, Location.of("./memo"), Location.of("meshchat"),
                null, null, List.of(add))), true);
        SyncMessage back = SyncMLCodec.decode(SyncMLCodec.encode(m, enc), enc);
        return ((Sync) back.commands().get(0)).commands().get(0).items().get(0).data();
    }
}

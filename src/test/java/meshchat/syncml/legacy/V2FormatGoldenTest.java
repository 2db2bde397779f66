package meshchat.syncml.legacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import meshchat.syncml.chat.Message;

/** The v2 line format, its escaping, version sum, sort and caps, against the captured bytes. */
class V2FormatGoldenTest {

    static final long NOW = Golden.CAPTURE_EPOCH;

    @Test
    void capturedLineParsesIntoItsMessageAndFormatsBackByteForByte() {
        byte[] golden = Golden.bytes("messages_raw.body");
        List<String> lines = V2Format.lines(golden);
        assertEquals(1, lines.size());
        V2Format.Parsed parsed = V2Format.parse(lines.get(0), NOW);
        assertNull(parsed.reject());
        assertEquals(Golden.CAPTURED, parsed.message());
        assertArrayEquals(golden, V2Format.body(List.of(V2Format.line(Golden.CAPTURED))));
        assertEquals(Golden.CAPTURED_MD5, V2Format.md5Hex(golden));
    }

    @Test
    void versionIsTheCapturedSumWithoutTheTrailingNewline() {
        String v2Body = Golden.text("messages_version.body");
        assertEquals("1983266181\n", v2Body);
        assertEquals("1983266181", V2Format.version(List.of(V2Format.line(Golden.CAPTURED))));
        assertEquals("0", V2Format.version(List.of()));
    }

    @Test
    void versionAddsOnlyTheLeadingLowerCaseHexOfEachLine() {
        // upper-case ids add 0 in v2 (its pattern is [0-9a-f]), non-hex lines add nothing
        assertEquals(Long.toString(0xdeadbeefL + 0x10L), V2Format.version(List.of("deadbeef\t1\tx",
                "DEADBEEF\t1\tx", "10\t1\tx", "zz\t1\tx")));
        assertEquals("8.1985529216487e+16", V2Format.version(List.of("0123456789abcdef\t1\tx")));
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"3735928559, 3735928559", "0, 0", "2147483647500, 2147483647500", "1.5, 1.5",
            "9007199254740992, 9.007199254741e+15", "18446744073709551615, 1.844674407371e+19",
            "0.00001, 1e-05", "0.0001, 0.0001", "-2.5e20, -2.5e+20"})
    void luaNumbersPrintAsIntegersBelow2Pow53AndOtherwiseAsPercent14g(double value, String printed) {
        assertEquals(printed, V2Format.luaNumber(value));
    }

    @Test
    void escapingTurnsNewlinesAndQuotesIntoBackslashSequencesAndTabsIntoSpaces() {
        assertEquals("Hello from A\\nline2 \\\"quoted\\\" tab", V2Format.escape("Hello from A\nline2 \"quoted\"\ttab"));
        assertEquals("Hello from A\nline2 \"quoted\" tab", V2Format.unescape("Hello from A\\nline2 \\\"quoted\\\" tab"));
        assertEquals("cr\r and backslash \\ pass", V2Format.escape("cr\r and backslash \\ pass"));
    }

    @Test
    void escapingLosesWhatV2Loses() {
        // a typed backslash-n comes back as a newline, a TAB as a space, as on a v2 node
        assertEquals("C:\new", V2Format.unescape(V2Format.escape("C:\\new")));
        assertEquals("a b", V2Format.unescape(V2Format.escape("a\tb")));
        Message tabbed = Message.create("0000abcd", NOW, "col1\tcol2", "N0CALL", "node-a", "pi", "");
        assertNotEquals(tabbed.id(), V2Format.v2Shape(tabbed).id());
        assertEquals(Golden.CAPTURED.id(), V2Format.v2Shape(Golden.CAPTURED).id());
    }

    @Test
    void otherFieldsCannotBreakTheLine() {
        Message m = Message.create("0000abcd", NOW, "hi", "N0\tCALL", "node\na", "pi", "ch\tone");
        assertEquals("0000abcd\t" + NOW + "\thi\tN0 CALL\tnode a\tpi\tch one", V2Format.line(m));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "1.0831443016181E+19\\t1795658698\\thi\\tN0CALL\\tnode-a\\tnode\\t | ID",
            "DEADBEEF\\t1795658698\\thi\\tN0CALL\\tnode-a\\tnode\\t | ID",
            "deadbeef01\\t1795658698\\thi\\tN0CALL\\tnode-a\\tnode\\t | ID",
            "deadbeef\\t1.7e9\\thi\\tN0CALL\\tnode-a\\tnode\\t | EPOCH",
            "deadbeef\\t\\thi\\tN0CALL\\tnode-a\\tnode\\t | EPOCH",
            "deadbeef\\t1795658698\\t\\tN0CALL\\tnode-a\\tnode\\t | EMPTY_TEXT",
            "deadbeef\\t1795658698\\thi\\tN0CALL\\tnode-a\\tnode | FIELD_COUNT",
            "deadbeef\\t1795658698\\thi\\tN0CALL\\tnode-a\\tnode\\t\\textra | FIELD_COUNT",
            "deadbeef\\t4795658698\\thi\\tN0CALL\\tnode-a\\tnode\\t | FUTURE"})
    void badLinesAreDroppedWithTheirReason(String line, V2Format.Reject reason) {
        assertEquals(reason, V2Format.parse(line.replace("\\t", "\t"), NOW).reject());
    }

    @Test
    void epochsThirtyDaysAheadOrMoreAreDroppedAndOneSecondLessIsKept() {
        long limit = NOW + 30L * 24 * 60 * 60;
        assertNull(V2Format.parse("deadbeef\t" + (limit - 1) + "\thi\tN0CALL\tn\tnode\t", NOW).reject());
        assertEquals(V2Format.Reject.FUTURE, V2Format.parse("deadbeef\t" + limit + "\thi\tN0CALL\tn\tnode\t", NOW).reject());
        Message near = Message.create("00000001", limit - 1, "near", "N0CALL", "n", "node", "");
        Message far = Message.create("00000002", limit, "far", "N0CALL", "n", "node", "");
        assertEquals(List.of(near), V2Format.sortAndCap(List.of(far, near), NOW));
    }

    @Test
    void onlyTheNewest500AreKeptSortedByEpochThenNumericId() {
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 505; i++) {
            // pairs share an epoch, so the id decides their order
            all.add(Message.create(String.format("%08x", 0xffff - i), NOW - 1000 + i / 2, "m" + i, "N0CALL", "n", "node", ""));
        }
        Collections.shuffle(all);
        List<Message> kept = V2Format.sortAndCap(all, NOW);
        assertEquals(500, kept.size());
        for (int i = 1; i < kept.size(); i++) {
            Message a = kept.get(i - 1);
            Message b = kept.get(i);
            boolean ordered = a.epoch() < b.epoch()
                    || a.epoch() == b.epoch() && Long.parseLong(a.v2Id(), 16) < Long.parseLong(b.v2Id(), 16);
            assertEquals(true, ordered, a + " before " + b);
        }
        assertEquals(NOW - 1000 + 2, kept.get(0).epoch(), "the five oldest (epochs -1000, -999 and half of -998) went");
        assertEquals(NOW - 1000 + 252, kept.get(499).epoch());
    }
}

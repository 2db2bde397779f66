package meshchat.syncml.protocol.wbxml;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed WBXML ends in an XMLStreamException naming byte offset and element path. */
class WbxmlMalformedTest {
    /** WBXML 1.2, SyncML 1.2, UTF-8, empty string table. */
    static final int[] HEADER = {0x02, 0xA4, 0x01, 0x6A, 0x00};

    /** Bytes from ints (one byte each) and Strings (UTF-8, no terminator). */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof int[] ints) {
                for (int b : ints) {
                    out.write(b);
                }
            } else if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(((String) part).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** Reads every event; returns the failure message. */
    static String failure(byte[] body) {
        XMLStreamException e = assertThrows(XMLStreamException.class, () -> readAll(body));
        assertTrue(e.getMessage().startsWith("WBXML offset "), e.getMessage());
        assertFalse(e.getMessage().contains("internal decoder error"), e.getMessage());
        return e.getMessage();
    }

    static void readAll(byte[] body) throws XMLStreamException {
        XMLStreamReader r = Wbxml.newReader(body);
        while (r.hasNext()) {
            r.next();
        }
    }

    static String[] messages() {
        return WbxmlTrees.WBXML_MESSAGES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void truncationAtEveryByteIsAnXmlStreamException(String message) {
        byte[] capture = WbxmlTrees.resource(WbxmlTrees.WBXML_SESSION + "/" + message + ".wbxml");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int length = 0; length < capture.length; length++) {
                failure(Arrays.copyOf(capture, length));
            }
        });
        assertDoesNotThrow(() -> readAll(capture));
    }

    @Test
    void unknownTagTokenNamesOffsetPathAndPage() {
        byte[] body = bytes(HEADER, 0x6D, 0x6B, 0x6A, 0x45, 0x3F, 0x01, 0x01, 0x01, 0x01);
        assertEquals("WBXML offset 9 in /SyncML/SyncBody/Sync/Add: unknown tag token 0x3f on code page 0", failure(body));
    }

    @Test
    void unknownTokenOnMetInfPage() {
        assertTrue(failure(bytes(HEADER, 0x6D, 0x5A, 0x00, 0x01, 0x7F)).endsWith("in /SyncML/Meta: unknown tag token 0x3f on code page 1"));
    }

    @Test
    void unknownCodePage() {
        assertEquals("WBXML offset 6 in /SyncML: unknown code page 5", failure(bytes(HEADER, 0x6D, 0x00, 0x05, 0x01)));
    }

    @Test
    void hugeOpaqueLength() {
        String m = failure(bytes(HEADER, 0x6D, 0x4F, 0xC3, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F, 0x01, 0x01));
        assertTrue(m.contains("/SyncML/Data: OPAQUE length 4294967295 exceeds the 2 bytes left"), m);
    }

    @Test
    void mbUInt32LongerThanFiveBytes() {
        String m = failure(bytes(HEADER, 0x6D, 0x4F, 0xC3, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01, 0x01));
        assertTrue(m.contains("bad mb_u_int32 (OPAQUE length): more than 5 bytes"), m);
    }

    @Test
    void mbUInt32Over32Bits() {
        String m = failure(bytes(HEADER, 0x6D, 0x4F, 0xC3, 0x90, 0x80, 0x80, 0x80, 0x00, 0x01, 0x01));
        assertTrue(m.contains("exceeds 32 bits"), m);
    }

    @Test
    void hugeStringTableLength() {
        assertTrue(failure(bytes(0x02, 0xA4, 0x01, 0x6A, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F, 0x6D, 0x01))
                .contains("string table length 4294967295 exceeds"));
    }

    @Test
    void stringTableIndexOutOfRange() {
        byte[] body = bytes(0x02, 0xA4, 0x01, 0x6A, 0x03, "ab", 0x00, 0x6D, 0x4F, 0x83, 0x05, 0x01, 0x01);
        assertEquals("WBXML offset 10 in /SyncML/Data: string table index 5 out of range (table has 3 bytes)", failure(body));
    }

    @Test
    void nestingDeeperThan64() {
        byte[] ok = nested(64);
        assertDoesNotThrow(() -> readAll(ok));
        String m = failure(nested(65));
        assertTrue(m.endsWith(": nesting deeper than 64 elements"), m);
    }

    /** SyncML and depth-1 nested Add elements, properly closed. */
    private static byte[] nested(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(HEADER, 0x6D));
        for (int i = 1; i < depth; i++) {
            out.write(0x45);
        }
        for (int i = 0; i < depth; i++) {
            out.write(0x01);
        }
        return out.toByteArray();
    }

    @Test
    void bodyOverTheLimit() throws Exception {
        byte[] capture = WbxmlTrees.resource(WbxmlTrees.WBXML_SESSION + "/01-out-msg001.wbxml");
        XMLStreamException e = assertThrows(XMLStreamException.class,
                () -> Wbxml.newReader(new ByteArrayInputStream(capture), capture.length - 1));
        assertEquals("WBXML offset 747 in /: body exceeds the limit of 747 bytes", e.getMessage());
        XMLStreamReader fits = Wbxml.newReader(new ByteArrayInputStream(capture), capture.length);
        assertEquals(XMLStreamReader.START_ELEMENT, fits.nextTag());
    }

    @Test
    void attributesAreRejected() {
        assertTrue(failure(bytes(HEADER, 0x6D, 0xC5, 0x01, 0x01)).contains("tag token 0x05 on code page 0 has attributes"));
        assertTrue(failure(bytes(HEADER, 0x6D, 0x84, 0x00, 0x01)).contains("attributes are not allowed"));
    }

    @Test
    void inlineStringWithoutTerminator() {
        assertTrue(failure(bytes(HEADER, 0x6D, 0x4F, 0x03, "abc")).contains("/SyncML/Data: inline string (STR_I) without NUL terminator"));
    }

    @Test
    void headerProblems() {
        assertTrue(failure(bytes(0x04, 0xA4, 0x01, 0x6A, 0x00, 0x6D, 0x01)).contains("unsupported WBXML version byte 0x04"));
        assertTrue(failure(bytes(0x02, 0x05, 0x6A, 0x00, 0x6D, 0x01)).contains("unsupported public id 0x0005"));
        assertTrue(failure(bytes(0x02, 0xA4, 0x01, 0x87, 0x77, 0x00, 0x6D, 0x01)).contains("unsupported charset"));
        assertTrue(failure(bytes(0x02, 0x00, 0x00, 0x6A, 0x04, "abc", 0x00, 0x6D, 0x01))
                .contains("unsupported public id \"abc\""));
        assertEquals("WBXML offset 0 in /: truncated: expected WBXML version", failure(new byte[0]));
    }

    @Test
    void structureProblems() {
        assertTrue(failure(bytes(HEADER, 0x01)).contains("END without an open element"));
        assertTrue(failure(bytes(HEADER, 0x03, "x", 0x00, 0x6D, 0x01)).contains("text outside the root element"));
        assertTrue(failure(bytes(HEADER, 0x6D, 0x01, 0x01)).contains("trailing bytes after the root element"));
        assertTrue(failure(bytes(HEADER, 0x6D, 0x43, 0x01)).contains("processing instructions (PI) are not supported"));
        assertTrue(failure(bytes(HEADER, 0x6D, 0x40, 0x03, "x", 0x00, 0x01)).contains("unsupported global token 0x40 (EXT)"));
        assertTrue(failure(bytes(HEADER, 0x6D, 0x4F, 0x02, 0x83, 0xB0, 0x00, 0x01, 0x01)).contains("ENTITY 55296 is not a Unicode code point"));
        assertTrue(failure(bytes(HEADER)).contains("truncated: no root element"));
        // found by the fuzz property: a MetInf 1.2 document has no code page 0
        assertTrue(failure(bytes(0x02, 0xA4, 0x02, 0x6A, 0x00, 0x6D, 0x01)).contains("code page 0 does not exist in a METINF_12 document"));
    }

    @Test
    void brokenNestedDevInfNamesThePathInsideIt() {
        // Data holds a 6-byte DevInf document whose root element is never closed inside the OPAQUE
        byte[] body = bytes(HEADER, 0x6D, 0x4F, 0xC3, 0x06, 0x02, 0xA4, 0x03, 0x6A, 0x00, 0x4A, 0x01, 0x01);
        assertEquals("WBXML offset 15 in /SyncML/Data/DevInf: truncated: element not closed", failure(body));
        byte[] trailing = bytes(HEADER, 0x6D, 0x4F, 0xC3, 0x08, 0x02, 0xA4, 0x03, 0x6A, 0x00, 0x0A, 0x00, 0x00, 0x01, 0x01);
        assertTrue(failure(trailing).contains("trailing bytes after the nested DevInf document"));
    }

    @Test
    void theFirstErrorSticks() throws Exception {
        XMLStreamReader r = Wbxml.newReader(bytes(HEADER, 0x6D, 0x3F, 0x01));
        r.next();
        XMLStreamException first = assertThrows(XMLStreamException.class, r::next);
        assertSame(first, assertThrows(XMLStreamException.class, r::next));
        assertEquals(6, first.getLocation().getCharacterOffset());
    }
}

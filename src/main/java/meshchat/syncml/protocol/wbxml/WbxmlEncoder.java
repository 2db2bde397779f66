package meshchat.syncml.protocol.wbxml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Writes the tokens of one WBXML document: WBXML 1.2, numeric public id, UTF-8; strings the
 * finished document repeats go to its string table ({@link StringTable}). A tag byte is held back until the next call shows whether the element has content
 * (0x40 bit) or not. The current code page is state that END does not reset, so SWITCH_PAGE is
 * written only in front of a tag whose page differs from the last page switched to.
 */
final class WbxmlEncoder {
    final WbxmlDocType type;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private int page;
    private int pendingPage;
    private int pendingToken = -1;
    /** Offset of the string table's length byte; -1 once bytes left (no table can be added then). */
    private int tableLength;

    WbxmlEncoder(WbxmlDocType type) {
        this.type = type;
        out.write(WbxmlTokens.VERSION_1_2);
        MbUInt32.write(type.publicId, out);
        MbUInt32.write(WbxmlTokens.CHARSET_UTF_8, out);
        tableLength = out.size();
        out.write(0); // string table length: filled in by finish()
    }

    /** The document is complete: moves the strings it repeats to the string table. */
    void finish() {
        if (tableLength < 0 || pendingToken >= 0) {
            return;
        }
        byte[] doc = out.toByteArray();
        byte[] tabled = StringTable.apply(doc, tableLength);
        if (tabled != doc) {
            out.reset();
            out.writeBytes(tabled);
        }
        tableLength = -1;
    }

    void startElement(int tagPage, int token) {
        contentFollows();
        pendingPage = tagPage;
        pendingToken = token;
    }

    /** Writes a held-back tag with the content bit, because something goes inside it. */
    void contentFollows() {
        writePendingTag(WbxmlTokens.HAS_CONTENT);
    }

    void endElement() {
        if (pendingToken >= 0) {
            writePendingTag(0); // no content: no END either
        } else {
            out.write(WbxmlTokens.END);
        }
    }

    /** Text as STR_I; text with a NUL cannot be NUL-terminated, so it goes as OPAQUE. */
    void text(String text) throws CharacterCodingException {
        byte[] utf8;
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder() // REPORT: an unpaired surrogate is an error
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            utf8 = new byte[encoded.remaining()];
            encoded.get(utf8);
        } catch (CharacterCodingException e) {
            if (!meshchat.syncml.protocol.RawText.isEncodable(text)) {
                throw e;
            }
            opaque(meshchat.syncml.protocol.RawText.encode(text)); // escaped raw bytes go back out as they came
            return;
        }
        if (text.indexOf('\0') >= 0) {
            opaque(utf8);
            return;
        }
        contentFollows();
        out.write(WbxmlTokens.STR_I);
        out.writeBytes(utf8);
        out.write(0);
    }

    void opaque(byte[] bytes) {
        contentFollows();
        out.write(WbxmlTokens.OPAQUE);
        MbUInt32.write(bytes.length, out);
        out.writeBytes(bytes);
    }

    /** All bytes written so far (a held-back tag is not yet among them). */
    byte[] bytes() {
        return out.toByteArray();
    }

    /** Moves the bytes written so far to a stream, so a long document need not stay in memory. */
    void drainTo(OutputStream sink) throws IOException {
        tableLength = -1; // the header is gone: the table stays empty
        out.writeTo(sink);
        out.reset();
    }

    private void writePendingTag(int contentBit) {
        if (pendingToken < 0) {
            return;
        }
        if (pendingPage != page) {
            out.write(WbxmlTokens.SWITCH_PAGE);
            out.write(pendingPage);
            page = pendingPage;
        }
        out.write(pendingToken | contentBit);
        pendingToken = -1;
    }
}

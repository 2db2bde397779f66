package meshchat.syncml.protocol.wbxml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * WBXML codec for SyncML ({@code application/vnd.syncml+wbxml}) behind the StAX interfaces, so
 * one XML model serves both encodings.
 *
 * <p>Reading: WBXML 1.1-1.3, SyncML 1.0-1.2 (public id numeric, as string-table FPI, or 0x01
 * unknown = SyncML 1.2), MetInf on code page 1, DevInf documents nested in an OPAQUE inside Data
 * decoded inline. Namespaces: {@link #SYNCML_1_2_NS} etc., {@link #METINF_NS}, {@link #DEVINF_NS}.
 * Malformed input throws {@link XMLStreamException} whose message starts with
 * "WBXML offset N in /element/path: ".
 *
 * <p>Text from OPAQUE (some phones send strings that way) is decoded as UTF-8; bytes that are not
 * valid UTF-8 (binary item data, a chunk cut inside a character) become lone surrogates
 * U+DC80..U+DCFF, which loses nothing ({@link meshchat.syncml.protocol.RawText#encode} gives the
 * bytes back); {@link #PROPERTY_OPAQUE_BYTES} gives the raw bytes of an all-OPAQUE text.
 *
 * <p>Writing: WBXML 1.2, numeric public id chosen by the root element's namespace (default
 * SyncML 1.2), UTF-8, STR_I text (OPAQUE if it contains NUL), strings the document repeats in
 * its string table as STR_T (fewer bytes; libwbxml2 and libsynthesis read them). Text is written as
 * given: the Meta Type of a DevInf Put/Results must already say
 * {@code application/vnd.syncml-devinf+wbxml}; libwbxml2 decodes the DevInf OPAQUE only then.
 */
public final class Wbxml {
    public static final String SYNCML_1_0_NS = "SYNCML:SYNCML1.0";
    public static final String SYNCML_1_1_NS = "SYNCML:SYNCML1.1";
    public static final String SYNCML_1_2_NS = "SYNCML:SYNCML1.2";
    public static final String METINF_NS = "syncml:metinf";
    public static final String DEVINF_NS = "syncml:devinf";

    /** HTTP Content-Type of SyncML in WBXML. */
    public static final String MEDIA_TYPE = "application/vnd.syncml+wbxml";

    /**
     * Reader property: for a CHARACTERS event made only of OPAQUE tokens, the raw bytes
     * ({@code byte[]}); otherwise null. Use it for binary item data.
     */
    public static final String PROPERTY_OPAQUE_BYTES = "meshchat.wbxml.opaqueBytes";

    /**
     * Reader property: {@code Boolean.TRUE} if the current text held bytes that are not valid
     * UTF-8, each kept as a lone surrogate U+DC80+byte (see {@link meshchat.syncml.protocol.RawText}).
     */
    public static final String PROPERTY_BYTES_ESCAPED = "meshchat.wbxml.bytesEscaped";

    private Wbxml() {
    }

    /** A reader over a complete WBXML body; the header is checked here already. */
    public static XMLStreamReader newReader(byte[] body) throws XMLStreamException {
        return new WbxmlStreamReader(new WbxmlParser(body));
    }

    /**
     * Reads at most maxBytes from the stream (not closing it) and returns a reader over them.
     * A longer body is refused before any decoding.
     */
    public static XMLStreamReader newReader(InputStream in, int maxBytes) throws XMLStreamException {
        byte[] body;
        try {
            body = in.readNBytes(maxBytes);
            if (body.length == maxBytes && in.read() >= 0) {
                throw new WbxmlException("WBXML offset " + maxBytes + " in /: body exceeds the limit of "
                        + maxBytes + " bytes", maxBytes, null);
            }
        } catch (IOException e) {
            throw new XMLStreamException("cannot read WBXML body: " + e.getMessage(), e);
        }
        return newReader(body);
    }

    /**
     * A writer that encodes one SyncML (or DevInf) document to out. Bytes reach out when the
     * root element ends, on flush() and on writeEndDocument(); out is never closed.
     */
    public static XMLStreamWriter newWriter(OutputStream out) {
        return new WbxmlStreamWriter(out, true);
    }

    /**
     * The same, choosing whether repeated strings go to a string table; without one the bytes
     * are the ones libsynthesis writes (its encoder never uses a table).
     */
    public static XMLStreamWriter newWriter(OutputStream out, boolean stringTable) {
        return new WbxmlStreamWriter(out, stringTable);
    }
}

package meshchat.syncml.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * The codec door: bytes to {@link SyncMessage} and back, in XML or WBXML. Both encodings go
 * through StAX, so nothing above this class knows the encoding: read by {@link SyncMLReader}
 * straight into the model and written from it by {@link SyncMLWriter}.
 */
public final class SyncMLCodec {
    private static final XMLInputFactory INPUT = hardenedInputFactory();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private SyncMLCodec() {
    }

    /** No DTDs, no external entities: every message is hostile until parsed. */
    private static XMLInputFactory hardenedInputFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
            throw new XMLStreamException("external resources are never loaded: " + systemId);
        });
        return f;
    }

    /**
     * Commands plus items a message may hold by default (the engine's gate,
     * {@code ServerConfig.Guards.maxCommandsPerMessage}, passes its own).
     */
    public static final int DEFAULT_MAX_COMMANDS = 100_000;
    /**
     * Elements allowed per command or item. A legitimate message has 3 to about 10 elements per
     * command or item (an Add of one Item: Add, CmdID, Item, Source, LocURI, Data is 6 for 2; a Status
     * 6 for 1; an Item with Meta, Type, Format, Target about 10), so a message the gate accepts fits;
     * elements outside commands (a Status of a million TargetRefs) cannot grow the model past it.
     */
    public static final int ELEMENTS_PER_COMMAND = 8;

    /** As {@link #decode(byte[], Encoding, int)} with {@link #DEFAULT_MAX_COMMANDS}. */
    public static SyncMessage decode(byte[] body, Encoding encoding) throws MalformedMessageException {
        return decode(body, encoding, DEFAULT_MAX_COMMANDS);
    }

    /**
     * Decodes one message, stopping as soon as it holds more than maxCommands commands plus items
     * (counted as the engine's gate counts them) or more than {@link #ELEMENTS_PER_COMMAND} times as
     * many elements: then the exception's {@link MalformedMessageException#tooLarge()} is true.
     */
    public static SyncMessage decode(byte[] body, Encoding encoding, int maxCommands) throws MalformedMessageException {
        int maxElements = (int) Math.min(Integer.MAX_VALUE, (long) ELEMENTS_PER_COMMAND * maxCommands + 1024);
        try {
            return decode(body, encoding, maxCommands, maxElements, false);
        } catch (MalformedMessageException e) {
            if (!e.tooLarge()) {
                throw e;
            }
            // read the header alone (SyncBody's children skipped, nothing of them built), so the
            // engine can refuse the message as its command gate does: one SyncHdr status 413
            SyncMessage header;
            try {
                header = decode(body, encoding, maxCommands, maxElements, true);
            } catch (MalformedMessageException badHeader) {
                header = null;
            }
            throw new MalformedMessageException(e, header);
        }
    }

    private static SyncMessage decode(byte[] body, Encoding encoding, int maxCommands, int maxElements,
                                      boolean headerOnly) throws MalformedMessageException {
        NamespaceNormalizingReader reader = null;
        try {
            Opened opened = open(body, encoding);
            reader = new NamespaceNormalizingReader(opened.reader(), maxCommands, maxElements);
            if (headerOnly) {
                reader.headerOnly();
            }
            SyncMessage message = new SyncMLReader(reader, opened.lenient()).message();
            while (reader.hasNext()) {
                reader.next(); // one document: what follows the root must be nothing but comments and space
            }
            return message;
        } catch (XMLStreamException | RuntimeException e) {
            MessageLimitException limit = limit(e);
            if (limit != null) {
                throw new MalformedMessageException(limit.getMessage(), limit);
            }
            throw new MalformedMessageException(reader == null ? "" : reader.path(), reason(e), e);
        }
    }

    /** A StAX reader over one message, and whether its item data carries byte escapes (see RawText). */
    record Opened(XMLStreamReader reader, boolean lenient) {
    }

    static Opened open(byte[] body, Encoding encoding) throws XMLStreamException {
        if (encoding == Encoding.WBXML) {
            return new Opened(WbxmlBridge.reader(body), false);
        }
        if (RawText.isValidUtf8(body) || !declaresUtf8(body)) {
            return new Opened(INPUT.createXMLStreamReader(new ByteArrayInputStream(body)), false);
        }
        // Not valid UTF-8: SyncEvolution cuts large-object chunks by bytes, inside
        // characters. Keep the stray bytes (escaped) so the chunks can be joined.
        return new Opened(INPUT.createXMLStreamReader(new java.io.StringReader(RawText.decodeForXml(body))), true);
    }

    /** The decode limit that stopped this decode, wherever a reader wrapped it, or null. */
    private static MessageLimitException limit(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++) {
            if (t instanceof MessageLimitException m) {
                return m;
            }
            Throwable next = t instanceof XMLStreamException x && x.getNestedException() != null ? x.getNestedException()
                    : t.getCause();
            t = next == t ? null : next;
        }
        return null;
    }

    /** UTF-8 is XML's default; only another declared encoding (e.g. ISO-8859-1) says otherwise. */
    private static boolean declaresUtf8(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 100), java.nio.charset.StandardCharsets.ISO_8859_1)
                .toLowerCase(java.util.Locale.ROOT);
        int enc = head.indexOf("encoding=");
        return enc < 0 || head.startsWith("utf-8", enc + 10);
    }

    private static String reason(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim();
    }

    public static byte[] encode(SyncMessage message, Encoding encoding) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try {
            XMLStreamWriter raw;
            if (encoding == Encoding.WBXML) {
                raw = WbxmlBridge.writer(bytes);
            } else {
                raw = OUTPUT.createXMLStreamWriter(bytes, "UTF-8");
                raw.writeStartDocument("UTF-8", "1.0");
            }
            new SyncMLWriter(new DefaultNamespaceWriter(raw, message.header().version())).message(message);
            raw.writeEndDocument();
            raw.flush();
            raw.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot encode our own message: " + reason(e), e);
        }
        return bytes.toByteArray();
    }
}

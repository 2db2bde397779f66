package meshchat.syncml.protocol.wbxml;

import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.END_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.START_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Pulls StAX events out of WBXML tokens. Keeps the open elements and a stack of documents, since
 * a DevInf document nested in an OPAQUE inside Data has its own header, string table and code
 * page state. Every malformed input ends in a WbxmlException that names offset and element path.
 */
final class WbxmlParser {
    static final int MAX_DEPTH = 64;
    /**
     * String-table references (STR_T, LITERAL) of one body, nested DevInf documents included, may
     * produce at most this many characters per body byte, plus {@link #TABLE_CHARS_SLACK}. A
     * reference costs 2-4 bytes and copies a whole entry, so without a bound 8 KB decode into
     * 8 million characters. Legitimate encoders refer to short repeated strings (LocURIs, "200",
     * content types) from commands of a dozen bytes or more: a Status citing two 40-character
     * URIs in about 25 bytes is 3.5 characters per byte; 8 leaves twice that, and our own encoder
     * (StringTable) never uses the table beyond 8 per byte. A 2,000,000-byte body then decodes to
     * at most 16 million characters from the table, as an XML body of that text would have to be.
     */
    static final int TABLE_CHARS_PER_BYTE = 8;
    /** Small documents may refer to the table freely up to this many characters. */
    static final int TABLE_CHARS_SLACK = 65_536;

    /** An open element; declaresNamespace when its namespace differs from its parent's. */
    record Element(String localName, String namespace, boolean declaresNamespace) {
    }

    /** One (possibly nested) document: its header, code page state and where its root sits. */
    private static final class Doc {
        final WbxmlHeader header;
        WbxmlDocType type;
        int page;
        final int depth;

        Doc(WbxmlHeader header, int depth) {
            this.header = header;
            this.type = header.type;
            this.depth = depth;
        }
    }

    private final WbxmlInput in;
    private final ArrayDeque<Doc> docs = new ArrayDeque<>();
    private final List<Element> open = new ArrayList<>();
    private final WbxmlText text;
    /** The first failure; later calls report the same problem instead of decoding on. */
    private WbxmlException failure;
    private boolean emptyElementPending;
    private boolean rootClosed;
    /** Characters produced by string-table references so far, and the most allowed for this body. */
    private long tableChars;
    private final long maxTableChars;

    int event = START_DOCUMENT;
    int eventOffset;
    /** The element of the current START_ELEMENT or END_ELEMENT event. */
    Element element;

    WbxmlParser(byte[] body) throws WbxmlException {
        in = new WbxmlInput(body, 0, this::path);
        maxTableChars = maxTableChars(body.length);
        text = new WbxmlText(in);
        docs.push(new Doc(WbxmlHeader.parse(in, body.length), 0));
    }

    /** The most characters string-table references may produce in a body of this many bytes. */
    static long maxTableChars(int bodyLength) {
        return (long) TABLE_CHARS_PER_BYTE * bodyLength + TABLE_CHARS_SLACK;
    }

    /** A string-table entry referred to at tokenOffset, counted against the body's expansion bound. */
    private String tableReference(Doc doc, long index, int tokenOffset) throws WbxmlException {
        String s = doc.header.tableString(in, index, tokenOffset);
        tableChars += s.length();
        if (tableChars > maxTableChars) {
            throw in.error(tokenOffset, "string table references expand to more than " + maxTableChars
                    + " characters (limit: " + TABLE_CHARS_PER_BYTE + " per body byte + " + TABLE_CHARS_SLACK
                    + "; the body has " + in.buf.length + " bytes)");
        }
        return s;
    }

    /** The current CHARACTERS event's text and where it came from. */
    WbxmlText text() {
        return text;
    }

    /** The document type of the outermost document, once known (the root tag may decide it). */
    WbxmlDocType rootType() {
        return docs.peekLast().type;
    }

    /** Open elements outside-in, the current START_ELEMENT included. */
    List<Element> openElements() {
        return open;
    }

    String path() {
        if (open.isEmpty()) {
            return "/";
        }
        StringBuilder path = new StringBuilder();
        for (Element e : open) {
            path.append('/').append(e.localName());
        }
        return path.toString();
    }

    int next() throws WbxmlException {
        if (failure != null) {
            throw failure;
        }
        if (event == END_DOCUMENT) {
            throw new NoSuchElementException("END_DOCUMENT reached");
        }
        if (event == END_ELEMENT) {
            open.remove(open.size() - 1);
        }
        try {
            event = advance();
            return event;
        } catch (WbxmlException e) {
            failure = e;
            throw e;
        } catch (RuntimeException e) { // a decoder bug must still look like bad input to callers
            WbxmlException wrapped = in.error(in.pos, "internal decoder error: " + e, e);
            failure = wrapped;
            throw wrapped;
        }
    }

    private int advance() throws WbxmlException {
        if (emptyElementPending) {
            emptyElementPending = false;
            return endElement(eventOffset);
        }
        if (rootClosed) {
            eventOffset = in.pos;
            return END_DOCUMENT;
        }
        while (true) {
            Doc doc = docs.peek();
            int offset = in.pos;
            eventOffset = offset;
            if (offset >= doc.header.end) {
                throw in.error(offset, open.size() == doc.depth ? "truncated: no root element" : "truncated: element not closed");
            }
            int token = in.buf[offset] & 0xFF;
            switch (token) {
                case WbxmlTokens.SWITCH_PAGE:
                    switchPage(doc);
                    continue;
                case WbxmlTokens.END:
                    if (open.size() == doc.depth) {
                        throw in.error(offset, "END without an open element");
                    }
                    in.pos++;
                    return endElement(offset);
                case WbxmlTokens.STR_I, WbxmlTokens.STR_T, WbxmlTokens.ENTITY, WbxmlTokens.OPAQUE:
                    if (open.size() == doc.depth) {
                        throw in.error(offset, "text outside the root element");
                    }
                    if (token == WbxmlTokens.OPAQUE && nestedDevInfAhead(doc)) {
                        pushNestedDocument();
                        continue;
                    }
                    if (readText(doc)) {
                        return CHARACTERS;
                    }
                    continue; // empty strings make no event
                case WbxmlTokens.LITERAL, WbxmlTokens.LITERAL_C:
                    in.pos++;
                    String literal = tableReference(doc, in.readMbUInt32(doc.header.end, "LITERAL index"), offset);
                    return startElement(doc, offset, literal, doc.type == null ? null : doc.type.namespace(doc.page),
                            token == WbxmlTokens.LITERAL_C);
                case WbxmlTokens.PI:
                    throw in.error(offset, "processing instructions (PI) are not supported in SyncML");
                case WbxmlTokens.LITERAL_A, WbxmlTokens.LITERAL_AC:
                    throw in.error(offset, "attributes are not allowed in SyncML (LITERAL tag with attributes)");
                default:
                    if ((token & 0x3F) < 0x05) { // EXT_I_*, EXT_T_*, EXT_*
                        throw in.error(offset, String.format("unsupported global token 0x%02x (EXT)", token));
                    }
                    in.pos++;
                    return tag(doc, offset, token);
            }
        }
    }

    private void switchPage(Doc doc) throws WbxmlException {
        int offset = in.pos++;
        int page = in.readByte(doc.header.end, "code page number after SWITCH_PAGE");
        boolean known = doc.type == null ? page <= 1 : doc.type.page(page) != null;
        if (!known) {
            throw in.error(offset, "unknown code page " + page);
        }
        doc.page = page;
    }

    private int tag(Doc doc, int offset, int token) throws WbxmlException {
        int tagToken = token & WbxmlTokens.TAG_MASK;
        if ((token & WbxmlTokens.HAS_ATTRIBUTES) != 0) {
            throw in.error(offset, String.format("tag token 0x%02x on code page %d has attributes; SyncML never uses attributes",
                    tagToken, doc.page));
        }
        if (doc.type == null) { // public id 0x01: the root tag tells SyncML (0x2D) from DevInf (0x0A)
            doc.type = doc.page == 0 && tagToken == 0x0A ? WbxmlDocType.DEVINF_12 : WbxmlDocType.SYNCML_12;
        }
        CodePage page = doc.type.page(doc.page);
        if (page == null) { // e.g. a MetInf document has no page 0
            throw in.error(offset, "code page " + doc.page + " does not exist in a " + doc.type + " document");
        }
        String name = page.name(tagToken);
        if (name == null) {
            throw in.error(offset, String.format("unknown tag token 0x%02x on code page %d", tagToken, doc.page));
        }
        return startElement(doc, offset, name, doc.type.namespace(doc.page), (token & WbxmlTokens.HAS_CONTENT) != 0);
    }

    private int startElement(Doc doc, int offset, String name, String namespace, boolean hasContent)
            throws WbxmlException {
        if (open.size() >= MAX_DEPTH) {
            throw in.error(offset, "nesting deeper than " + MAX_DEPTH + " elements");
        }
        if (namespace == null) { // LITERAL before the document type is known
            doc.type = WbxmlDocType.SYNCML_12;
            namespace = doc.type.namespace(doc.page);
        }
        String parent = open.isEmpty() ? null : open.get(open.size() - 1).namespace();
        element = new Element(name, namespace, !namespace.equals(parent));
        open.add(element);
        emptyElementPending = !hasContent;
        return START_ELEMENT;
    }

    /** The element stays on the open stack until the next call, so END_ELEMENT still sees it. */
    private int endElement(int offset) throws WbxmlException {
        eventOffset = offset;
        element = open.get(open.size() - 1);
        Doc doc = docs.peek();
        if (open.size() - 1 == doc.depth) { // this doc's root element ends here
            if (in.pos != doc.header.end) {
                throw in.error(in.pos, (docs.size() > 1 ? "trailing bytes after the nested DevInf document"
                        : "trailing bytes after the root element"));
            }
            if (docs.size() > 1) {
                docs.pop();
            } else {
                rootClosed = true;
            }
        }
        return END_ELEMENT;
    }

    /** OPAQUE inside SyncML Data that holds a whole DevInf document is decoded, not passed as text. */
    private boolean nestedDevInfAhead(Doc doc) {
        Element parent = open.get(open.size() - 1);
        if (doc.type == null || !doc.type.isSyncML() || !parent.localName().equals("Data")
                || !parent.namespace().equals(doc.type.namespace(0))) {
            return false;
        }
        WbxmlInput probe = new WbxmlInput(in.buf, in.pos + 1, () -> "");
        try {
            int length = probe.readLength(doc.header.end, "OPAQUE");
            return WbxmlHeader.isDevInf(in.buf, probe.pos, probe.pos + length);
        } catch (WbxmlException badLength) {
            return false; // reported when read as text
        }
    }

    private void pushNestedDocument() throws WbxmlException {
        in.pos++;
        int length = in.readLength(docs.peek().header.end, "OPAQUE");
        docs.push(new Doc(WbxmlHeader.parse(in, in.pos + length), open.size()));
    }

    /** Reads adjacent string tokens into one text; false if they were all empty. */
    private boolean readText(Doc doc) throws WbxmlException {
        text.reset(doc.header);
        int end = doc.header.end;
        while (in.pos < end) {
            int offset = in.pos;
            int token = in.buf[offset] & 0xFF;
            if (token == WbxmlTokens.SWITCH_PAGE) {
                switchPage(doc);
            } else if (token == WbxmlTokens.STR_I) {
                int nul = in.findNul(++in.pos, end);
                if (nul < 0) {
                    throw in.error(offset, "inline string (STR_I) without NUL terminator");
                }
                text.appendBytes(in.pos, nul, false);
                in.pos = nul + 1;
            } else if (token == WbxmlTokens.STR_T) {
                in.pos++;
                text.appendString(tableReference(doc, in.readMbUInt32(end, "STR_T index"), offset));
            } else if (token == WbxmlTokens.ENTITY) {
                in.pos++;
                text.appendEntity(in.readMbUInt32(end, "ENTITY code point"), offset);
            } else if (token == WbxmlTokens.OPAQUE && !nestedDevInfAhead(doc)) {
                in.pos++;
                int length = in.readLength(end, "OPAQUE");
                text.appendBytes(in.pos, in.pos + length, true);
                in.pos += length;
            } else {
                break;
            }
        }
        return text.finish();
    }
}

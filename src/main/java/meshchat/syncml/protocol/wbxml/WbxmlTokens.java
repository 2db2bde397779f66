package meshchat.syncml.protocol.wbxml;

/** WBXML global tokens and tag-byte bits (WBXML 1.3 §5.8.4). */
final class WbxmlTokens {
    static final int SWITCH_PAGE = 0x00;
    static final int END = 0x01;
    static final int ENTITY = 0x02;
    static final int STR_I = 0x03;
    static final int LITERAL = 0x04;
    static final int EXT_I_0 = 0x40;
    static final int EXT_I_2 = 0x42;
    static final int PI = 0x43;
    static final int LITERAL_C = 0x44;
    static final int EXT_T_0 = 0x80;
    static final int EXT_T_2 = 0x82;
    static final int STR_T = 0x83;
    static final int LITERAL_A = 0x84;
    static final int EXT_0 = 0xC0;
    static final int EXT_2 = 0xC2;
    static final int OPAQUE = 0xC3;
    static final int LITERAL_AC = 0xC4;

    /** Tag byte bit: the element has content and is closed by END. */
    static final int HAS_CONTENT = 0x40;
    /** Tag byte bit: attributes follow; SyncML never uses them. */
    static final int HAS_ATTRIBUTES = 0x80;
    static final int TAG_MASK = 0x3F;

    /** WBXML version byte 0x02 = 1.2: what SyncML clients send and expect. */
    static final int VERSION_1_2 = 0x02;
    /** IANA MIBenum of UTF-8. */
    static final int CHARSET_UTF_8 = 106;
    static final int CHARSET_US_ASCII = 3;
    static final int CHARSET_ISO_8859_1 = 4;
    /** Public id 0x01: "unknown or missing", sent by some Funambol servers. */
    static final int PUBLIC_ID_UNKNOWN = 0x01;

    private WbxmlTokens() {
    }
}

package meshchat.syncml.protocol.wbxml;

/**
 * The WBXML document types a SyncML server meets, with their public ids, namespaces and code
 * pages. The namespace of code page 0 of a SyncML document carries the protocol version.
 */
enum WbxmlDocType {
    SYNCML_10(0x0FD1, "-//SYNCML//DTD SyncML 1.0//EN", Wbxml.SYNCML_1_0_NS, CodePages.SYNCML, CodePages.METINF),
    SYNCML_11(0x0FD3, "-//SYNCML//DTD SyncML 1.1//EN", Wbxml.SYNCML_1_1_NS, CodePages.SYNCML, CodePages.METINF),
    SYNCML_12(0x1201, "-//SYNCML//DTD SyncML 1.2//EN", Wbxml.SYNCML_1_2_NS, CodePages.SYNCML, CodePages.METINF),
    DEVINF_10(0x0FD2, "-//SYNCML//DTD DevInf 1.0//EN", Wbxml.DEVINF_NS, CodePages.DEVINF_11, null),
    DEVINF_11(0x0FD4, "-//SYNCML//DTD DevInf 1.1//EN", Wbxml.DEVINF_NS, CodePages.DEVINF_11, null),
    DEVINF_12(0x1203, "-//SYNCML//DTD DevInf 1.2//EN", Wbxml.DEVINF_NS, CodePages.DEVINF_12, null),
    /** A stand-alone MetInf document; its tags live on page 1 as in SyncML documents. */
    METINF_12(0x1202, "-//SYNCML//DTD MetInf 1.2//EN", null, null, CodePages.METINF);

    final int publicId;
    final String fpi;
    private final String page0Namespace;
    private final CodePage page0;
    private final CodePage page1;

    WbxmlDocType(int publicId, String fpi, String page0Namespace, CodePage page0, CodePage page1) {
        this.publicId = publicId;
        this.fpi = fpi;
        this.page0Namespace = page0Namespace;
        this.page0 = page0;
        this.page1 = page1;
    }

    boolean isSyncML() {
        return this == SYNCML_10 || this == SYNCML_11 || this == SYNCML_12;
    }

    boolean isDevInf() {
        return this == DEVINF_10 || this == DEVINF_11 || this == DEVINF_12;
    }

    /** The DevInf document type that goes inside Data of this SyncML version. */
    WbxmlDocType nestedDevInf() {
        switch (this) {
            case SYNCML_10: return DEVINF_10;
            case SYNCML_11: return DEVINF_11;
            default: return DEVINF_12;
        }
    }

    /** The code page with that number, or null if this document type has none. */
    CodePage page(int number) {
        return number == 0 ? page0 : number == 1 ? page1 : null;
    }

    /** Namespace URI of the elements on a code page, or null. */
    String namespace(int page) {
        return page == 0 ? page0Namespace : page == 1 && page1 != null ? Wbxml.METINF_NS : null;
    }

    /** The code page whose elements are in that namespace, or null. */
    CodePage pageFor(String namespace) {
        if (page0 != null && page0Namespace.equals(namespace)) {
            return page0;
        }
        return page1 != null && Wbxml.METINF_NS.equals(namespace) ? page1 : null;
    }

    static WbxmlDocType byPublicId(long publicId) {
        for (WbxmlDocType type : values()) {
            if (type.publicId == publicId) {
                return type;
            }
        }
        return null;
    }

    /** Public ids given as a string-table FPI; spacing and case are not significant. */
    static WbxmlDocType byFpi(String fpi) {
        String wanted = fpi.trim().replaceAll("\\s+", " ");
        for (WbxmlDocType type : values()) {
            if (type.fpi.equalsIgnoreCase(wanted)) {
                return type;
            }
        }
        return null;
    }

    /** The SyncML document type whose page-0 namespace this is, or null. */
    static WbxmlDocType bySyncMLNamespace(String namespace) {
        for (WbxmlDocType type : new WbxmlDocType[] {SYNCML_10, SYNCML_11, SYNCML_12}) {
            if (type.page0Namespace.equals(namespace)) {
                return type;
            }
        }
        return null;
    }
}

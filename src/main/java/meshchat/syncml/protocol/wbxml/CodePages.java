package meshchat.syncml.protocol.wbxml;

/** The SyncML, MetInf and DevInf tag tables (OMA SyncML RepPro / MetaInfo / DevInf WBXML tables). */
final class CodePages {
    /** SyncML code page 0, the same for 1.0, 1.1 and 1.2 (1.2 only adds tokens 0x35..0x3C). */
    static final CodePage SYNCML = new CodePage(0,
            "Add", "Alert", "Archive", "Atomic", "Chal", "Cmd", "CmdID", "CmdRef", "Copy", "Cred", // 05..0E
            "Data", "Delete", "Exec", "Final", "Get", "Item", "Lang", "LocName", "LocURI", "Map", // 0F..18
            "MapItem", "Meta", "MsgID", "MsgRef", "NoResp", "NoResults", "Put", "Replace", // 19..20
            "RespURI", "Results", "Search", "Sequence", "SessionID", "SftDel", "Source", // 21..27
            "SourceRef", "Status", "Sync", "SyncBody", "SyncHdr", "SyncML", "Target", "TargetRef", // 28..2F
            null, "VerDTD", "VerProto", "NumberOfChanges", "MoreData", // 30..34
            "Field", "Filter", "Record", "FilterType", "SourceParent", "TargetParent", "Move", // 35..3B
            "Correlator"); // 3C

    /** MetInf, code page 1 inside SyncML documents. */
    static final CodePage METINF = new CodePage(1,
            "Anchor", "EMI", "Format", "FreeID", "FreeMem", "Last", "Mark", "MaxMsgSize", "Mem", // 05..0D
            "MetInf", "Next", "NextNonce", "SharedMem", "Size", "Type", "Version", "MaxObjSize", // 0E..15
            "FieldLevel"); // 16

    /** DevInf code page 0 of the separate DevInf document, with the 1.2 name of token 0x1C. */
    private static final CodePage DEVINF_BASE = new CodePage(0,
            "CTCap", "CTType", "DataStore", "DataType", "DevID", "DevInf", "DevTyp", "DisplayName", // 05..0C
            "DSMem", "Ext", "FwV", "HwV", "Man", "MaxGUIDSize", "MaxID", "MaxMem", "Mod", "OEM", // 0D..16
            "ParamName", "PropName", "Rx", "Rx-Pref", "SharedMem", "MaxSize", "SourceRef", "SwV", // 17..1E
            "SyncCap", "SyncType", "Tx", "Tx-Pref", "ValEnum", "VerCT", "VerDTD", "XNam", "XVal", // 1F..27
            "UTC", "SupportNumberOfChanges", "SupportLargeObjs", "Property", "PropParam", // 28..2C
            "MaxOccur", "NoTruncate", null, "Filter-Rx", "FilterCap", "FilterKeyword", "FieldLevel", // 2D..33
            "SupportHierarchicalSync"); // 34

    /** DevInf 1.0/1.1 decode token 0x1C as Size; encoding accepts MaxSize too. */
    static final CodePage DEVINF_11 = DEVINF_BASE.withAlias(0x1C, "Size");

    /** DevInf 1.2 decodes 0x1C as MaxSize; encoding accepts the 1.1 name Size too. */
    static final CodePage DEVINF_12 = DEVINF_11.withAlias(0x1C, "MaxSize");

    private CodePages() {
    }
}

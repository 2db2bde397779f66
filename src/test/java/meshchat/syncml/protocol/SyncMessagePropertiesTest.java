package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random SyncML models survive {@code SyncMLCodec.decode(SyncMLCodec.encode(m, enc), enc)}, in XML
 * and WBXML, SyncML 1.1 and 1.2, on seeded random cases (see {@link RandomCases}:
 * -Dproperty.seed, -Dproperty.case, -Dproperty.cases).
 *
 * <p>The generator makes only values the format can represent, and the comparison applies only
 * the normalisations the codec documents:
 * <ul>
 *   <li>ids, URIs, names, Meta and DevInf values have no white space at their edges (the reader
 *       trims every leaf but Data) and are never empty (an empty element may read back as empty
 *       or absent);</li>
 *   <li>item Data text is never empty; it has white space and line breaks at its edges, tabs,
 *       '<', '&', "]]>", non-BMP characters and CR. In XML, CR and CRLF are compared as LF (XML
 *       parsers normalise line ends, also inside CDATA); WBXML keeps them, and also carries NUL
 *       and other C0 controls, U+FFFE/U+FFFF and bytes of a UTF-8 character cut at a chunk edge
 *       (kept as RawText escapes), which XML 1.0 cannot hold;</li>
 *   <li>a Meta (or Chal) equal to {@link MetInf#EMPTY} is compared as absent (the writer omits
 *       empty Meta);</li>
 *   <li>{@link DevInf#xml()} is the reader's serialisation copy: it is checked to be there and
 *       then ignored;</li>
 *   <li>Add, Replace, Copy and Move carry no Archive/SftDel (Delete only), and Atomic, Sequence,
 *       Exec and Search ({@link Container}) are never generated: we only read them.</li>
 * </ul>
 */
class SyncMessagePropertiesTest {
    static final int CASES = 500;

    static Stream<Arguments> encodingsAndVersions() {
        return Stream.of(Arguments.of(Encoding.XML, SyncMLVersion.V1_0), Arguments.of(Encoding.XML, SyncMLVersion.V1_1),
                Arguments.of(Encoding.XML, SyncMLVersion.V1_2), Arguments.of(Encoding.WBXML, SyncMLVersion.V1_0),
                Arguments.of(Encoding.WBXML, SyncMLVersion.V1_1), Arguments.of(Encoding.WBXML, SyncMLVersion.V1_2));
    }

    @ParameterizedTest(name = "{0} SyncML {1}")
    @MethodSource("encodingsAndVersions")
    void modelsSurviveEncodeThenDecode(Encoding encoding, SyncMLVersion version) {
        RandomCases.forAll("SyncML " + version.verDtd + " models survive " + encoding + " encode then decode", CASES,
                r -> new Models(r, version, encoding).message(),
                m -> {
                    byte[] wire = SyncMLCodec.encode(m, encoding);
                    SyncMessage decoded = SyncMLCodec.decode(wire, encoding);
                    checkDevInfXml(decoded);
                    String expected = String.valueOf(expected(m, encoding));
                    String actual = String.valueOf(withoutDevInfXml(decoded));
                    if (!expected.equals(actual)) {
                        throw new AssertionError(difference(expected, actual)
                                + (encoding == Encoding.XML ? "\n  wire: " + RandomCases.visible(
                                        new String(wire, StandardCharsets.UTF_8)) : ""));
                    }
                });
    }

    /** Where two renderings first differ, with some context. */
    private static String difference(String expected, String actual) {
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 60);
        return "models differ at character " + at + "\n  expected ..." + RandomCases.visible(
                expected.substring(from, Math.min(expected.length(), at + 60))) + "...\n  but got  ..."
                + RandomCases.visible(actual.substring(from, Math.min(actual.length(), at + 60))) + "...";
    }

    // --- what the codec should give back ------------------------------------------------------

    /** The model as it should read back: documented normalisations only (see the class comment). */
    static SyncMessage expected(SyncMessage m, Encoding encoding) {
        UnaryOperator<String> data = encoding == Encoding.XML
                ? s -> s == null ? null : s.replace("\r\n", "\n").replace('\r', '\n')
                : UnaryOperator.identity();
        return new Normal(data, m.header().version() == SyncMLVersion.V1_0).message(m);
    }

    static SyncMessage withoutDevInfXml(SyncMessage m) {
        return new Normal(UnaryOperator.identity(), false).message(m);
    }

    private static void checkDevInfXml(SyncMessage m) {
        for (Command c : m.commands()) {
            for (Item i : c.items()) {
                if (i.devInf() != null) {
                    assertNotNull(i.devInf().xml(), "DevInf xml copy");
                    assertTrue(i.devInf().xml().contains("DevInf"), i.devInf().xml());
                }
            }
        }
    }

    /**
     * Rebuilds a model with item Data text mapped, empty Meta as absent and no DevInf xml copy;
     * for SyncML 1.0 without what 1.1 added (MaxObjSize, FieldLevel, NumberOfChanges).
     */
    private record Normal(UnaryOperator<String> data, boolean v10) {
        SyncMessage message(SyncMessage m) {
            SyncHdr h = m.header();
            return new SyncMessage(new SyncHdr(h.version(), h.sessionId(), h.msgId(), h.target(), h.source(),
                    h.respUri(), h.noResp(), cred(h.cred()), meta(h.meta())),
                    m.commands().stream().map(this::command).toList(), m.fin());
        }

        Command command(Command c) {
            if (c instanceof Alert a) {
                return new Alert(a.cmdId(), a.noResp(), cred(a.cred()), a.data(), items(a.items()));
            } else if (c instanceof Status s) {
                return new Status(s.cmdId(), s.msgRef(), s.cmdRef(), s.cmd(), s.targetRefs(), s.sourceRefs(),
                        meta(s.chal()), s.data(), items(s.items()));
            } else if (c instanceof Sync s) {
                return new Sync(s.cmdId(), s.noResp(), s.target(), s.source(), meta(s.meta()), v10 ? null : s.numberOfChanges(),
                        s.commands().stream().map(this::command).toList());
            } else if (c instanceof ItemCommand ic) {
                return new ItemCommand(ic.kind(), ic.cmdId(), ic.noResp(), ic.archive(), ic.sftDel(), meta(ic.meta()),
                        items(ic.items()));
            } else if (c instanceof Put p) {
                return new Put(p.cmdId(), p.noResp(), meta(p.meta()), items(p.items()));
            } else if (c instanceof Get g) {
                return new Get(g.cmdId(), g.noResp(), meta(g.meta()), items(g.items()));
            } else if (c instanceof Results r) {
                return new Results(r.cmdId(), r.msgRef(), r.cmdRef(), meta(r.meta()), r.targetRef(), r.sourceRef(),
                        items(r.items()));
            } else if (c instanceof MapCommand m) {
                return new MapCommand(m.cmdId(), m.target(), m.source(), meta(m.meta()), m.mapItems());
            }
            throw new IllegalArgumentException("not generated: " + c);
        }

        List<Item> items(List<Item> items) {
            return items.stream().map(i -> new Item(i.target(), i.source(), meta(i.meta()), data.apply(i.data()),
                    i.anchor(), devInf(i.devInf()), i.moreData())).toList();
        }

        static DevInf devInf(DevInf d) {
            if (d == null) {
                return null;
            }
            boolean v11 = !SyncMLVersion.V1_0.devInfVerDtd.equals(d.verDtd()); // 1.0 has none of the three flags
            return new DevInf(d.verDtd(), d.man(), d.mod(), d.oem(), d.fwV(), d.swV(), d.hwV(), d.devId(), d.devTyp(),
                    d.utc() && v11, d.supportLargeObjs() && v11, d.supportNumberOfChanges() && v11, d.dataStores(), null);
        }

        Cred cred(Cred c) {
            return c == null ? null : new Cred(meta(c.meta()), c.data());
        }

        MetInf meta(MetInf m) {
            if (v10 && m != null) {
                m = new MetInf(m.format(), m.type(), m.mark(), m.size(), m.anchor(), m.version(), m.nextNonce(),
                        m.maxMsgSize(), null, m.emi());
            }
            return MetInf.EMPTY.equals(m) ? null : m;
        }
    }

    // --- generators -----------------------------------------------------------------------------

    /** Random SyncML models of one version, with text the given encoding can carry. */
    static final class Models {
        private static final String[] ALERT_CODES = {"100", "200", "201", "202", "203", "204", "205", "206", "222",
            "223", "224", "225", "1201"};
        private static final String[] STATUS_CODES = {"101", "200", "201", "207", "211", "212", "213", "215", "401",
            "404", "405", "407", "408", "418", "500", "506", "508", "511", "514"};
        private static final String[] COMMAND_NAMES = {"SyncHdr", "Alert", "Sync", "Add", "Replace", "Delete", "Put",
            "Get", "Results", "Map", "Status", "Copy", "Move"};
        private static final String[] CONTENT_TYPES = {"text/x-vcard", "text/vcard", "text/x-vcalendar",
            "text/calendar", "text/plain", "application/vnd.syncml-devinf+xml", "application/vnd.syncml-devinf+wbxml",
            "syncml:auth-basic", "syncml:auth-md5"};
        private static final String[] FORMATS = {"b64", "chr", "bin", "xml"};
        private static final String[] URIS = {"http://sync.example.org:8080/syncml", "https://[::1]/sync?id=1&x=2",
            "IMEI:493005100592800", "sc-api-nat", "./contacts", "./calendar", "./notes", "card", "memo", "calendar",
            "1", "42", "pas-id-4A3B2C1D"};
        private static final String[] DEV_TYPES = {"phone", "smartphone", "pda", "server", "workstation", "handheld"};

        private final Random r;
        private final SyncMLVersion version;
        private final Encoding encoding;
        private int nextCmdId = 1;

        Models(Random r, SyncMLVersion version, Encoding encoding) {
            this.r = r;
            this.version = version;
            this.encoding = encoding;
        }

        SyncMessage message() {
            SyncHdr header = new SyncHdr(version, sessionId(), String.valueOf(1 + r.nextInt(999)), location(),
                    location(), chance(0.2) ? uri() : null, chance(0.1), chance(0.3) ? cred() : null,
                    chance(0.6) ? headerMeta() : null);
            int n = r.nextInt(7);
            List<Command> body = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                body.add(command());
            }
            return new SyncMessage(header, body, r.nextBoolean());
        }

        private String sessionId() {
            return switch (r.nextInt(3)) {
                case 0 -> String.valueOf(r.nextInt(100_000));
                case 1 -> Long.toHexString(r.nextLong());
                default -> token();
            };
        }

        private Command command() {
            int pick = r.nextInt(20);
            if (pick < 3) {
                return alert();
            } else if (pick < 7) {
                return status();
            } else if (pick < 10) {
                return sync();
            } else if (pick < 13) {
                return itemCommand(r.nextBoolean() ? Command.Kind.ADD : r.nextBoolean() ? Command.Kind.REPLACE
                        : Command.Kind.DELETE);
            } else if (pick < 14) {
                return itemCommand(r.nextBoolean() ? Command.Kind.COPY : Command.Kind.MOVE);
            } else if (pick < 16) {
                return put();
            } else if (pick < 17) {
                return get();
            } else if (pick < 19) {
                return results();
            }
            return map();
        }

        private String cmdId() {
            return String.valueOf(nextCmdId++);
        }

        private Alert alert() {
            return new Alert(cmdId(), chance(0.1), chance(0.1) ? cred() : null,
                    chance(0.95) ? pick(ALERT_CODES) : null,
                    list(0, 2, () -> new Item(location(), chance(0.8) ? location() : null,
                            chance(0.8) ? anchorMeta() : meta(), null, null, null, false)));
        }

        private Status status() {
            return new Status(cmdId(), String.valueOf(1 + r.nextInt(20)), String.valueOf(r.nextInt(30)),
                    pick(COMMAND_NAMES), list(0, 2, this::uri), list(0, 2, this::uri), chance(0.15) ? chal() : null,
                    pick(STATUS_CODES), list(0, 2, () -> chance(0.5)
                            ? new Item(null, null, null, null, anchor(), null, false) : item()));
        }

        private Sync sync() {
            return new Sync(cmdId(), chance(0.1), chance(0.9) ? location() : null, chance(0.9) ? location() : null,
                    meta(), chance(0.3) ? number() : null, list(0, 4, () -> {
                        int k = r.nextInt(7);
                        return itemCommand(k < 2 ? Command.Kind.ADD : k < 4 ? Command.Kind.REPLACE
                                : k < 6 ? Command.Kind.DELETE : k == 6 && r.nextBoolean() ? Command.Kind.COPY
                                : Command.Kind.MOVE);
                    }));
        }

        private ItemCommand itemCommand(Command.Kind kind) {
            boolean delete = kind == Command.Kind.DELETE;
            return new ItemCommand(kind, cmdId(), chance(0.1), delete && chance(0.3), delete && chance(0.3),
                    chance(0.5) ? itemMeta() : meta(), list(1, 3, this::item));
        }

        private Put put() {
            return new Put(cmdId(), chance(0.1), chance(0.9) ? MetInf.ofType(encoding.devInfContentType) : meta(),
                    list(1, 2, () -> new Item(null, chance(0.9) ? Location.of(version.devInfUri) : location(), null,
                            null, null, devInf(), false)));
        }

        private Get get() {
            return new Get(cmdId(), chance(0.1), chance(0.9) ? MetInf.ofType(encoding.devInfContentType) : meta(),
                    list(1, 2, () -> new Item(chance(0.9) ? Location.of(version.devInfUri) : location(), null, null,
                            null, null, null, false)));
        }

        private Results results() {
            return new Results(cmdId(), chance(0.8) ? String.valueOf(1 + r.nextInt(20)) : null,
                    String.valueOf(r.nextInt(30)), chance(0.8) ? MetInf.ofType(encoding.devInfContentType) : meta(),
                    chance(0.7) ? version.devInfUri : null, chance(0.3) ? uri() : null,
                    list(1, 2, () -> chance(0.8)
                            ? new Item(null, Location.of(version.devInfUri), null, null, null, devInf(), false)
                            : item()));
        }

        private MapCommand map() {
            return new MapCommand(cmdId(), location(), location(), meta(),
                    list(1, 4, () -> new MapCommand.MapItem(token(), token())));
        }

        /** An item of an Add, Replace, Delete, Copy, Move or Status: text, anchor, DevInf or no Data. */
        private Item item() {
            int pick = r.nextInt(20);
            String data = pick < 15 ? data() : null;
            Anchor anchor = pick == 15 ? anchor() : null;
            DevInf devInf = pick == 16 ? devInf() : null;
            return new Item(chance(0.5) ? location() : null, chance(0.7) ? location() : null,
                    chance(0.3) ? itemMeta() : meta(), data, anchor, devInf, data != null && chance(0.15));
        }

        private Location location() {
            return new Location(uri(), chance(0.3) ? token() : null);
        }

        private Cred cred() {
            MetInf meta = chance(0.8) ? new MetInf(chance(0.7) ? "b64" : null, pick("syncml:auth-basic", "syncml:auth-md5"),
                    null, null, null, null, null, null, null, List.of()) : null;
            return new Cred(meta, chance(0.7) ? base64() : token());
        }

        private MetInf headerMeta() {
            return new MetInf(null, null, null, null, null, null, null, chance(0.9) ? number() : null,
                    chance(0.6) ? number() : null, list(0, 1, this::token));
        }

        private MetInf anchorMeta() {
            return MetInf.EMPTY.withAnchor(anchor());
        }

        private MetInf chal() {
            boolean md5 = r.nextBoolean();
            return new MetInf(chance(0.8) ? "b64" : null, md5 ? "syncml:auth-md5" : "syncml:auth-basic", null, null, null,
                    null, md5 ? base64() : null, null, null, List.of());
        }

        private MetInf itemMeta() {
            return new MetInf(chance(0.3) ? pick(FORMATS) : null, pick(CONTENT_TYPES), null,
                    chance(0.3) ? number() : null, null, chance(0.2) ? pick("1.0", "2.1", "3.0") : null, null, null,
                    null, List.of());
        }

        /** Null (0.4), or any subset of the MetInf fields, so sometimes MetInf.EMPTY. */
        private MetInf meta() {
            if (chance(0.4)) {
                return null;
            }
            return new MetInf(chance(0.3) ? pick(FORMATS) : null, chance(0.3) ? pick(CONTENT_TYPES) : null,
                    chance(0.2) ? token() : null, chance(0.3) ? number() : null, chance(0.2) ? anchor() : null,
                    chance(0.2) ? token() : null, chance(0.2) ? base64() : null, chance(0.2) ? number() : null,
                    chance(0.2) ? number() : null, list(0, chance(0.2) ? 2 : 0, this::token));
        }

        private Anchor anchor() {
            return new Anchor(chance(0.7) ? anchorValue() : null, anchorValue());
        }

        private String anchorValue() {
            return switch (r.nextInt(3)) {
                case 0 -> String.valueOf(r.nextInt(Integer.MAX_VALUE));
                case 1 -> String.format("2025%02d%02dT%02d%02d%02dZ", 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24),
                        r.nextInt(60), r.nextInt(60));
                default -> token();
            };
        }

        private DevInf devInf() {
            return new DevInf(version.devInfVerDtd, opt(this::token), opt(this::token), opt(this::token), opt(this::token),
                    opt(this::token), opt(this::token), token(), pick(DEV_TYPES), r.nextBoolean(), r.nextBoolean(),
                    r.nextBoolean(), list(1, 3, this::dataStore), null);
        }

        private DevInf.DataStore dataStore() {
            List<String> syncTypes = new ArrayList<>();
            for (int t = 1; t <= 7; t++) {
                if (chance(0.5)) {
                    syncTypes.add(String.valueOf(t));
                }
            }
            return new DevInf.DataStore(chance(0.5) ? uri() : token(), opt(this::token), chance(0.4) ? number() : null,
                    chance(0.9) ? contentType() : null, list(0, 2, this::contentType),
                    chance(0.9) ? contentType() : null, list(0, 2, this::contentType), syncTypes);
        }

        private DevInf.ContentType contentType() {
            return new DevInf.ContentType(chance(0.8) ? pick(CONTENT_TYPES) : token(),
                    chance(0.9) ? pick("1.0", "2.1", "3.0", "2.0") : null);
        }

        // --- leaves ---

        private Long number() {
            return switch (r.nextInt(4)) {
                case 0 -> (long) r.nextInt(1000);
                case 1 -> (long) r.nextInt(Integer.MAX_VALUE);
                case 2 -> r.nextLong() & Long.MAX_VALUE;
                default -> pick(0L, 1L, 4_294_967_295L, Long.MAX_VALUE);
            };
        }

        private String uri() {
            return chance(0.6) ? pick(URIS) : token();
        }

        private String base64() {
            byte[] b = new byte[1 + r.nextInt(24)];
            r.nextBytes(b);
            return java.util.Base64.getEncoder().encodeToString(b);
        }

        /**
         * A non-Data leaf value: 1-16 characters, no white space or control at either edge (the
         * reader trims), spaces and tabs inside, XML specials, BMP and non-BMP letters.
         */
        private String token() {
            int n = 1 + r.nextInt(16);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                boolean edge = i == 0 || i == n - 1;
                int pick = r.nextInt(edge ? 10 : 12);
                if (pick < 5) {
                    sb.appendCodePoint(between(0x21, 0x7E));
                } else if (pick < 6) {
                    sb.append(pick("<", "&", ">", "\"", "'", "]]>", "&amp;", "-"));
                } else if (pick < 7) {
                    sb.appendCodePoint(between(0xA1, 0xD7FF));
                } else if (pick < 8) {
                    sb.appendCodePoint(between(0xE000, 0xFFFD));
                } else if (pick < 10) {
                    sb.appendCodePoint(between(0x10000, 0x10FFFF));
                } else {
                    sb.append(pick(" ", "\t", "  "));
                }
            }
            return sb.toString();
        }

        /**
         * Item Data text, never empty: runs of ASCII, XML specials ('<', '&', "]]>", a CDATA
         * start), white space (space, tab, LF, CR, CRLF), BMP (DEL and C1 controls included, XML 1.0
         * allows them), non-BMP; white space or line breaks
         * at the edges half the time; sometimes only white space, sometimes a vCard, sometimes
         * 2,000 to 40,000 characters (so CRLF pairs and surrogate pairs fall on parser buffer edges). For WBXML
         * also controls (NUL included), U+FFFE/U+FFFF and bytes of a cut UTF-8 character.
         */
        private String data() {
            if (chance(0.1)) {
                return vcard();
            }
            if (chance(0.05)) {
                return list(1, 3, () -> pick(" ", "\t", "\n", "\r\n", "\r")).stream().reduce("", String::concat);
            }
            boolean wbxml = encoding == Encoding.WBXML;
            StringBuilder sb = new StringBuilder();
            if (chance(0.5)) {
                sb.append(pick(" ", "  ", "\n", "\r\n", "\t", " \n ", "\r", "\n\n"));
            }
            if (wbxml && chance(0.1)) {
                cutCharacterSuffix(sb);
            }
            int n = chance(0.02) ? between(2_000, 40_000) : 1 + r.nextInt(chance(0.1) ? 400 : 30);
            for (int i = 0; i < n; i++) {
                int pick = r.nextInt(wbxml ? 22 : 20);
                if (pick < 8) {
                    sb.appendCodePoint(between(0x20, 0x7E));
                } else if (pick < 10) {
                    sb.append(pick("<", "&", ">", "]]>", "]]", "<![CDATA[", "&lt;", "\"'"));
                } else if (pick < 13) {
                    sb.append(pick(" ", "\t", "\n", "\r", "\r\n"));
                } else if (pick < 15) {
                    sb.appendCodePoint(chance(0.1) ? between(0x7F, 0x9F) : between(0xA0, 0xD7FF));
                } else if (pick < 16) {
                    sb.appendCodePoint(between(0xE000, 0xFFFD));
                } else if (pick < 20) {
                    sb.appendCodePoint(between(0x10000, 0x10FFFF));
                } else {
                    sb.appendCodePoint(chance(0.8) ? between(0x00, 0x1F) : pick(0xFFFE, 0xFFFF));
                }
            }
            if (wbxml && chance(0.1)) {
                cutCharacterPrefix(sb);
            }
            if (chance(0.5)) {
                sb.append(pick(" ", "  ", "\n", "\r\n", "\t", " \n ", "\r", "\n\n"));
            }
            return sb.toString();
        }

        /** The first bytes of a multi-byte character, as a chunk cut inside it ends (RawText escapes). */
        private void cutCharacterPrefix(StringBuilder sb) {
            byte[] utf8 = multiByteCharacter();
            sb.append(RawText.decode(utf8, 0, 1 + r.nextInt(utf8.length - 1)));
        }

        /** The last bytes of a multi-byte character, as the next chunk starts (RawText escapes). */
        private void cutCharacterSuffix(StringBuilder sb) {
            byte[] utf8 = multiByteCharacter();
            int from = 1 + r.nextInt(utf8.length - 1);
            sb.append(RawText.decode(utf8, from, utf8.length - from));
        }

        private byte[] multiByteCharacter() {
            int cp = pick(between(0x80, 0x7FF), between(0x800, 0xD7FF), between(0x10000, 0x10FFFF));
            return new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        }

        private String vcard() {
            String eol = chance(0.7) ? "\r\n" : "\n";
            return "BEGIN:VCARD" + eol + "VERSION:" + pick("2.1", "3.0") + eol + "N:" + token() + ";" + token() + eol
                    + "FN:" + token() + eol + "NOTE:" + token().replace("\t", "\\t") + eol + "END:VCARD" + eol;
        }

        // --- helpers ---

        private boolean chance(double p) {
            return r.nextDouble() < p;
        }

        private int between(int from, int to) {
            return from + r.nextInt(to - from + 1);
        }

        private <T> T opt(Supplier<T> s) {
            return chance(0.6) ? s.get() : null;
        }

        @SafeVarargs
        private <T> T pick(T... values) {
            return values[r.nextInt(values.length)];
        }

        private <T> List<T> list(int min, int max, Supplier<T> element) {
            int n = min + r.nextInt(max - min + 1);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(element.get());
            }
            return out;
        }
    }
}

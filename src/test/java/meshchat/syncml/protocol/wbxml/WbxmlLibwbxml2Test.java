package meshchat.syncml.protocol.wbxml;

import static meshchat.syncml.protocol.wbxml.WbxmlTrees.comparable;
import static meshchat.syncml.protocol.wbxml.WbxmlTrees.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interoperability with an independent implementation: libwbxml2 0.11.x (Debian libwbxml2-utils).
 * Its tools exit 0 even on some failures ("Failed to open ..."), so the tests check the output
 * file, and compare trees, where libwbxml2 shows unknown tokens as {@code <unknown/>}.
 */
class WbxmlLibwbxml2Test {
    @TempDir
    Path tmp;

    @BeforeAll
    static void toolsPresent() {
        meshchat.syncml.protocol.wbxml.Libwbxml2Tools.require();
    }

    static List<String> xmlMessages() {
        return WbxmlTrees.allXmlMessages();
    }

    /** xml2wbxml option sets: its default (WBXML 1.3 with a string table, so STR_T), 1.2 and 1.1 inline. */
    static Stream<Arguments> xmlMessagesAndOptions() {
        List<Arguments> args = new ArrayList<>();
        for (String path : WbxmlTrees.allXmlMessages()) {
            args.add(Arguments.of(path, ""));
            args.add(Arguments.of(path, "-n -v 1.2"));
            args.add(Arguments.of(path, "-n -v 1.1"));
        }
        return args.stream();
    }

    /**
     * wbxml2xml decodes the DevInf OPAQUE only when the Meta Type before it says devinf+wbxml;
     * otherwise it copies the raw bytes into its XML. The XML captures say devinf+xml, so the
     * copy sets the Meta Type as a WBXML sender must (our writer does not rewrite text).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("xmlMessages")
    void wbxml2xmlDecodesOurEncoding(String path) throws Exception {
        byte[] ours = WbxmlTrees.encode(WbxmlTrees.xmlReader(resource(path)),
                t -> t.replace("application/vnd.syncml-devinf+xml", "application/vnd.syncml-devinf+wbxml"));
        Path in = Files.write(tmp.resolve("ours.wbxml"), ours);
        Path out = tmp.resolve("decoded.xml");
        run(List.of("wbxml2xml", "-m", "0", "-o", out.toString(), in.toString()), out);
        assertEquals(comparable(WbxmlTrees.xmlTree(resource(path))), comparable(WbxmlTrees.xmlTree(Files.readAllBytes(out))));
    }

    /**
     * Our replies' string tables (issue 10): libwbxml2 decodes them to the same tree, DevInf
     * included, and a table never makes a document longer; the captures repeat enough that
     * most documents get one.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("xmlMessages")
    void wbxml2xmlDecodesOurStringTables(String path) throws Exception {
        UnaryOperator<String> devinfWbxml = t -> t.replace("application/vnd.syncml-devinf+xml",
                "application/vnd.syncml-devinf+wbxml");
        byte[] plain = WbxmlTrees.encode(WbxmlTrees.xmlReader(resource(path)), devinfWbxml);
        byte[] tabled = WbxmlTrees.encodeWithTable(WbxmlTrees.xmlReader(resource(path)), devinfWbxml);
        assertTrue(tabled.length <= plain.length, tabled.length + " > " + plain.length);
        assertEquals(comparable(WbxmlTrees.wbxmlTree(plain)), comparable(WbxmlTrees.wbxmlTree(tabled)), "our own decoder");
        Path in = Files.write(tmp.resolve("ours.wbxml"), tabled);
        Path out = tmp.resolve("decoded.xml");
        run(List.of("wbxml2xml", "-m", "0", "-o", out.toString(), in.toString()), out);
        assertEquals(comparable(WbxmlTrees.xmlTree(resource(path))), comparable(WbxmlTrees.xmlTree(Files.readAllBytes(out))));
    }

    @Test
    void aSyncMlReplyGetsAStringTable() throws Exception {
        byte[] tabled = WbxmlTrees.encodeWithTable(WbxmlTrees.xmlReader(resource(WbxmlTrees.WBXML_SESSION + "/02-in-msg001.xml")),
                t -> t);
        byte[] plain = WbxmlTrees.encode(WbxmlTrees.xmlReader(resource(WbxmlTrees.WBXML_SESSION + "/02-in-msg001.xml")));
        assertTrue(tabled[4] != 0, "non-empty string table");
        assertTrue(tabled.length < plain.length, tabled.length + " >= " + plain.length);
    }

    @ParameterizedTest(name = "{0} xml2wbxml {1}")
    @MethodSource("xmlMessagesAndOptions")
    void weDecodeXml2wbxmlOutput(String path, String options) throws Exception {
        Path in = Files.write(tmp.resolve("capture.xml"), resource(path));
        Path out = tmp.resolve("theirs.wbxml");
        List<String> command = new ArrayList<>(List.of("xml2wbxml"));
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split(" ")));
        }
        command.addAll(List.of("-o", out.toString(), in.toString()));
        run(command, out);
        assertEquals(comparable(WbxmlTrees.xmlTree(resource(path))), comparable(WbxmlTrees.wbxmlTree(Files.readAllBytes(out))));
    }

    /** Makes sure the default variant above really exercises string-table references. */
    @Test
    void xml2wbxmlDefaultUsesAStringTable() throws Exception {
        Path in = Files.write(tmp.resolve("capture.xml"),
                resource(WbxmlTrees.WBXML_SESSION + "/01-out-msg001.xml"));
        Path out = tmp.resolve("theirs.wbxml");
        run(List.of("xml2wbxml", "-o", out.toString(), in.toString()), out);
        byte[] wbxml = Files.readAllBytes(out);
        assertEquals(0x03, wbxml[0], "WBXML 1.3");
        assertTrue(wbxml[4] != 0, "non-empty string table");
    }

    private void run(List<String> command, Path expectedOutput) throws IOException, InterruptedException {
        Path log = tmp.resolve("tool.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 60 s");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + output);
        assertTrue(Files.isRegularFile(expectedOutput) && Files.size(expectedOutput) > 0,
                String.join(" ", command) + " wrote nothing: " + output);
    }
}

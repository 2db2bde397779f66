package meshchat.syncml.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SyncML 1.0 in WBXML against an independent implementation, libwbxml2 (Debian libwbxml2-utils):
 * it reads our 1.0 WBXML as SyncML 1.0, and we read its encoding of hand-written 1.0 messages.
 * Missing tools skip the test, except with CI=true, where they fail it.
 */
class SyncML10Libwbxml2Test {
    @TempDir
    Path tmp;

    @BeforeAll
    static void toolsPresent() {
        meshchat.syncml.protocol.wbxml.Libwbxml2Tools.require();
    }

    @Test
    void libwbxml2ReadsOurSyncML10WbxmlAsSyncML10() throws Exception {
        // a WBXML sender says devinf+wbxml (libwbxml2 decodes the nested DevInf only then)
        SyncMessage m = SyncMLCodec.decode(new String(SyncML10Test.golden("client-msg1.xml"), StandardCharsets.UTF_8)
                .replace("application/vnd.syncml-devinf+xml", "application/vnd.syncml-devinf+wbxml")
                .getBytes(StandardCharsets.UTF_8), Encoding.XML);
        Path in = Files.write(tmp.resolve("ours.wbxml"), SyncMLCodec.encode(m, Encoding.WBXML));
        Path out = tmp.resolve("theirs.xml");
        run(List.of("wbxml2xml", "-m", "0", "-o", out.toString(), in.toString()), out);
        String xml = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(xml.contains("\"-//SYNCML//DTD SyncML 1.0//EN\""), xml);
        assertTrue(xml.contains("<SyncML xmlns=\"SYNCML:SYNCML1.0\">"), xml);
        assertTrue(xml.contains("<Man>Old Phone Co</Man>"), "the nested DevInf decoded: " + xml);
        SyncMessage back = SyncMLCodec.decode(xml.getBytes(StandardCharsets.UTF_8), Encoding.XML);
        assertEquals(SyncMLVersion.V1_0, back.header().version());
        assertEquals(sameType(m), sameType(back));
    }

    @Test
    void weReadLibwbxml2sEncodingOfSyncML10Messages() throws Exception {
        for (String name : new String[] {"client-msg1.xml", "client-msg3-nonamespace.xml"}) {
            byte[] xml = SyncML10Test.golden(name);
            Path in = Files.write(tmp.resolve(name), xml);
            Path out = tmp.resolve(name + ".wbxml");
            run(List.of("xml2wbxml", "-n", "-v", "1.2", "-o", out.toString(), in.toString()), out);
            byte[] wbxml = Files.readAllBytes(out);
            SyncMessage theirs = SyncMLCodec.decode(wbxml, Encoding.WBXML);
            assertEquals(SyncMLVersion.V1_0, theirs.header().version(), name + " (public id byte " + (wbxml[1] & 0xff) + ")");
            assertEquals(sameType(SyncMLCodec.decode(xml, Encoding.XML)), sameType(theirs), name);
        }
    }

    /**
     * libwbxml2 rewrites the DevInf Meta Type with the encoding it converts the nested DevInf to,
     * and xml2wbxml writes the LF line ends of text as CRLF.
     */
    private static String sameType(SyncMessage m) {
        return SyncML10Test.normalize(m).replace("application/vnd.syncml-devinf+wbxml", "application/vnd.syncml-devinf+xml")
                .replace("\r\n", "\n");
    }

    private void run(List<String> command, Path expectedOutput) throws Exception {
        Path log = tmp.resolve("tool.log");
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 60 s");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + output);
        assertTrue(Files.isRegularFile(expectedOutput) && Files.size(expectedOutput) > 0,
                String.join(" ", command) + " wrote nothing: " + output);
    }
}

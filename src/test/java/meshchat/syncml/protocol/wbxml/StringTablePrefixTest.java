package meshchat.syncml.protocol.wbxml;

import static meshchat.syncml.protocol.wbxml.WbxmlTrees.comparable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A string that begins with a table string goes as STR_T of that string and STR_I of the rest
 * (issue 10): our reply's RespURI after its Source URL, our Next anchor after the client's. The
 * document is shorter, and both our parser and libwbxml2 join the parts back into the same tree.
 */
class StringTablePrefixTest {
    private static final String URL = "http://127.0.0.1:39999/sync";
    private static final String ANCHOR = "20261127T021403Z";
    private static final String REPLY = """
            <SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>SyncML/1.2</VerProto>
            <SessionID>15</SessionID><MsgID>1</MsgID><Target><LocURI>dev-1</LocURI></Target>
            <Source><LocURI>%1$s</LocURI></Source><RespURI>%1$s?sessionid=0123456789abcdef</RespURI></SyncHdr>
            <SyncBody><Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>3</CmdRef><Cmd>Alert</Cmd><Data>200</Data>
            <Item><Data><Anchor xmlns="syncml:metinf"><Next>%2$s</Next></Anchor></Data></Item></Status>
            <Alert><CmdID>2</CmdID><Data>200</Data><Item><Target><LocURI>./memo</LocURI></Target>
            <Source><LocURI>meshchat</LocURI></Source><Meta><Anchor xmlns="syncml:metinf"><Last>%2$s</Last>
            <Next>%2$s-645885</Next></Anchor></Meta></Item></Alert><Final/></SyncBody></SyncML>
            """.formatted(URL, ANCHOR).replace("\n", "");

    @TempDir
    Path tmp;

    @BeforeAll
    static void toolsPresent() {
        Libwbxml2Tools.require();
    }

    private static int count(byte[] doc, String s) {
        byte[] needle = s.getBytes(StandardCharsets.US_ASCII);
        int n = 0;
        outer:
        for (int i = 0; i + needle.length <= doc.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (doc[i + j] != needle[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    @Test
    void aStringAfterATableStringCarriesOnlyItsRest() throws Exception {
        byte[] xml = REPLY.getBytes(StandardCharsets.UTF_8);
        byte[] plain = WbxmlTrees.encode(WbxmlTrees.xmlReader(xml));
        byte[] tabled = WbxmlTrees.encodeWithTable(WbxmlTrees.xmlReader(xml), t -> t);
        assertEquals(2, count(plain, URL), "the plain document has the URL twice");
        assertEquals(1, count(tabled, URL), "the URL is written once, in the table");
        assertEquals(1, count(tabled, "?sessionid=0123456789abcdef"), "the RespURI's rest stays inline");
        assertEquals(1, count(tabled, ANCHOR), "the client's anchor once, in the table");
        assertEquals(1, count(tabled, "-645885"), "our anchor's rest inline");
        assertTrue(plain.length - tabled.length >= 40, plain.length + " -> " + tabled.length);
        assertEquals(comparable(WbxmlTrees.wbxmlTree(plain)), comparable(WbxmlTrees.wbxmlTree(tabled)), "our decoder");

        Path in = Files.write(tmp.resolve("ours.wbxml"), tabled);
        Path out = tmp.resolve("decoded.xml");
        Process p = new ProcessBuilder(List.of("wbxml2xml", "-m", "0", "-o", out.toString(), in.toString()))
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(tmp.resolve("tool.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("wbxml2xml did not finish within 60 s");
        }
        assertTrue(Files.isRegularFile(out) && Files.size(out) > 0, Files.readString(tmp.resolve("tool.log")));
        assertEquals(comparable(WbxmlTrees.xmlTree(xml)), comparable(WbxmlTrees.xmlTree(Files.readAllBytes(out))),
                "libwbxml2 joins STR_T and STR_I into one text");
    }
}

package meshchat.syncml.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;

/** Runs a command as the shell would: given standard input, capturing exit code, out and err. */
record CliRun(int exit, String out, String err) {

    static CliRun run(Object command, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(command);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return new CliRun(cmd.execute(args), out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }
}

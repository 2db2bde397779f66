package meshchat.syncml.store;

import java.io.IOException;
import java.io.Reader;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import meshchat.syncml.chat.MessageId;
import meshchat.syncml.chat.TextRule;

/**
 * Migration 04's Java step (SQL cannot express {@link TextRule}): every stored message that
 * breaks the rule is cleaned in place. Before version 4 the JSON API and v2 stored control
 * characters and lone surrogates as given, and such a message broke every XML sync (and every
 * WBXML sync, for a lone surrogate) of each view that held it.
 *
 * <p>The message keeps its GUID: clients (through their LUID maps) and peers know it by that, and
 * a new GUID would be a new message to them. The clients that hold the old text could not have
 * received it where it broke the reply; WBXML clients that did get invisible controls keep
 * them, and a slow sync matches their copy to the cleaned one (memo text goes through the same
 * rule). A v2 node may still serve the old line, which now parses into the cleaned message
 * whose GUID is computed from the cleaned fields: a v2 alias from that GUID to the kept one
 * stops the bridge importing it as a new message.
 *
 * <p>A text with nothing left after cleaning becomes U+FFFD rather than going: deleting the row
 * would leave it on every client that holds it, with no tombstone to tell them.
 */
final class CleanTextStep {

    static final String MIGRATION = "04-clean-text";

    private CleanTextStep() {
    }

    /** Cleans every message that breaks the rule; returns how many were cleaned. */
    static int apply(Connection c) throws SQLException {
        List<Row> dirty = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT guid, epoch, message_text, call_sign, node, platform, channel,"
                     + " message_text_long FROM messages")) {
            while (rs.next()) {
                String text = rs.getString(8) == null ? rs.getString(3) : clob(rs.getClob(8));
                Row r = new Row(rs.getString(1), rs.getLong(2), text, rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7));
                if (!r.isClean()) {
                    dirty.add(r);
                }
            }
        }
        for (Row r : dirty) {
            Row clean = r.cleaned();
            update(c, clean);
            MessageId kept = new MessageId(r.guid());
            MessageId fresh = MessageId.of(kept.v2Id(), r.epoch(), clean.callSign(), clean.node(), clean.text());
            if (!fresh.equals(kept)) {
                alias(c, fresh, kept);
            }
        }
        return dirty.size();
    }

    private record Row(String guid, long epoch, String text, String callSign, String node, String platform,
                       String channel) {
        boolean isClean() {
            return equals(cleaned());
        }

        Row cleaned() {
            String t = TextRule.isBlank(text) ? "\uFFFD" : TextRule.text(text);
            return new Row(guid, epoch, t, field(callSign), field(node), field(platform), field(channel));
        }

        private static String field(String s) {
            return TextRule.field("field", s); // cleaning never lengthens, so the stored width still fits
        }
    }

    private static void update(Connection c, Row r) throws SQLException {
        boolean inline = r.text().length() <= Store.MAX_TEXT_CHARS;
        try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET message_text = ?, message_text_long = ?,"
                + " call_sign = ?, node = ?, platform = ?, channel = ? WHERE guid = ?")) {
            ps.setString(1, inline ? r.text() : r.text().substring(0, Store.MAX_TEXT_CHARS));
            if (inline) {
                ps.setNull(2, java.sql.Types.CLOB);
            } else {
                ps.setString(2, r.text());
            }
            ps.setString(3, r.callSign());
            ps.setString(4, r.node());
            ps.setString(5, r.platform());
            ps.setString(6, r.channel());
            ps.setString(7, r.guid());
            ps.executeUpdate();
        }
    }

    private static void alias(Connection c, MessageId alias, MessageId guid) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM v2_aliases WHERE alias = ?")) {
            exists.setString(1, alias.value());
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO v2_aliases (alias, guid) VALUES (?, ?)")) {
            ps.setString(1, alias.value());
            ps.setString(2, guid.value());
            ps.executeUpdate();
        }
    }

    private static String clob(Clob clob) throws SQLException {
        try (Reader in = clob.getCharacterStream()) {
            StringBuilder sb = new StringBuilder((int) Math.min(clob.length(), Integer.MAX_VALUE));
            char[] buf = new char[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                sb.append(buf, 0, n);
            }
            return sb.toString();
        } catch (IOException e) {
            throw new SQLException("cannot read message_text_long: " + e.getMessage(), e);
        }
    }
}

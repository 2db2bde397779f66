package meshchat.syncml.chat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Note dates: we write UTC in ISO 8601 basic form ({@code 20251126T120000Z}, RFC 5545 DATE-TIME,
 * vCalendar 1.0 and vNote 1.1 alike). We read that, floating times and dates ({@code 20251126}),
 * the extended form SIF writers use ({@code 2025-11-26T12:00:00}), fractions and UTC offsets.
 * A floating or TZID-qualified time is taken as UTC: a note's date only orders the chat.
 */
final class NoteDates {
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})-?(\\d{2})-?(\\d{2})(?:[T ](\\d{2}):?(\\d{2})(?::?(\\d{2}))?(?:[.,]\\d{1,9})?)?"
                    + "(Z|[+-]\\d{2}:?\\d{2})?");
    /** The largest epoch we read: 9999-12-31T23:59:59Z. */
    private static final long MAX_EPOCH = 253_402_300_799L;

    private NoteDates() {
    }

    static String format(long epoch) {
        return BASIC.format(Instant.ofEpochSecond(epoch));
    }

    /**
     * Unix seconds of a date value; null (no date) when it is none we read, before 1970 or after
     * 9999: the note's date is not kept (the message is dated when it arrives), so an odd date
     * never refuses a note.
     */
    static Long parse(String type, String what, String value) {
        String v = value.trim();
        Matcher m = DATE_TIME.matcher(v);
        if (v.length() > 40 || !m.matches()) {
            return null;
        }
        try {
            LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            LocalDateTime t = m.group(4) == null ? d.atStartOfDay()
                    : d.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                            m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            String zone = m.group(7);
            ZoneOffset offset = zone == null || zone.equals("Z") ? ZoneOffset.UTC
                    : ZoneOffset.of(zone.length() == 5 ? zone.substring(0, 3) + ":" + zone.substring(3) : zone);
            long epoch = t.toEpochSecond(offset);
            if (epoch < 0 || epoch > MAX_EPOCH) {
                return null;
            }
            return epoch;
        } catch (DateTimeException e) {
            return null;
        }
    }
}

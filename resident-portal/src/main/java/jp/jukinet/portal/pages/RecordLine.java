package jp.jukinet.portal.pages;

/**
 * One provision record as the page shows it: everything in words, the time in Japan's.
 *
 * @param outcomeKey the message key of the outcome ({@code outcome.PROVIDED})
 */
public record RecordLine(String at, String recipientName, String recipient, String basis, String task, String fields,
                         String outcome, String outcomeKey) {
}

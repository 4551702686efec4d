package jp.jukinet.portal.pages;

import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;

import jp.jukinet.model.provision.ProvisionRecordView;

/**
 * Provision records as CSV (RFC 4180, CRLF), UTF-8 with a byte-order mark so that a spreadsheet opened
 * in Japan reads it as UTF-8: when, who received the data (in words, and their identity), under which
 * rule and for which task, which items, and the outcome. A cell that starts like a formula is
 * quoted with a leading apostrophe (CSV injection), though nothing here is typed by a resident.
 */
final class ProvisionRecordsCsv {

    private ProvisionRecordsCsv() {
    }

    static String write(List<ProvisionRecordView> records, MessageSource messages, Locale locale) {
        StringBuilder csv = new StringBuilder("\uFEFF");
        row(csv, messages.getMessage("csv.header", null, locale).split(","));
        for (ProvisionRecordView record : records) {
            row(csv, PortalController.at(record.at()),
                    messages.getMessage("recipient." + record.recipient(), null, record.recipient(), locale),
                    record.recipient(),
                    record.basis(),
                    record.task() == null ? "" : record.task(),
                    PortalController.fields(record, messages, locale),
                    messages.getMessage("outcome." + record.outcome(), null, String.valueOf(record.outcome()), locale));
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(cell(cells[i]));
        }
        csv.append("\r\n");
    }

    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}

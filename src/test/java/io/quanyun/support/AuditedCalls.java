package io.quanyun.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The product calls the audit log records for a product: its {@code product.calls} entries, each auditing a
 * group of calls, read back call by call from the entry's {@code calls} detail ({@code id time subjectHash},
 * separated by {@code ;}).
 */
public final class AuditedCalls {

    private static final Pattern COUNT = Pattern.compile("\"count\":\"(\\d+)\"");
    private static final Pattern CALLS = Pattern.compile("\"calls\":\"([^\"]*)\"");

    /** One audited call: the entry's outcome and the call's id, time and subject hash. */
    public record Call(long seq, String outcome, String id, String time, String subjectHash) {
    }

    private AuditedCalls() {
    }

    public static List<Call> of(JdbcClient jdbc, Object productId) {
        List<Call> calls = new ArrayList<>();
        jdbc.sql("select seq, outcome, details from audit_entry where action = 'product.calls' and object_id = :p "
                + "order by seq").param("p", productId.toString()).query((rs, n) -> {
                    String details = rs.getString("details");
                    Matcher count = COUNT.matcher(details);
                    Matcher each = CALLS.matcher(details);
                    if (!count.find() || !each.find()) {
                        throw new AssertionError("entry " + rs.getLong("seq") + " lacks count or calls: " + details);
                    }
                    String[] parts = each.group(1).split(";");
                    if (parts.length != Integer.parseInt(count.group(1))) {
                        throw new AssertionError("entry " + rs.getLong("seq") + " counts " + count.group(1)
                                + " calls but lists " + parts.length);
                    }
                    for (String part : parts) {
                        String[] fields = part.split(" ");
                        calls.add(new Call(rs.getLong("seq"), rs.getString("outcome"), fields[0], fields[1],
                                fields[2]));
                    }
                    return null;
                }).list();
        return calls;
    }

    /** How many calls the log records for the product. */
    public static long count(JdbcClient jdbc, Object productId) {
        return of(jdbc, productId).size();
    }
}

package io.quanyun.supervision;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violation;

/**
 * A reporting period of security reports: periods of {@code months} months (3, quarterly, by default) from the
 * start of the year, named {@code 2026Q3} for quarters and {@code 2026M07-6} otherwise (first month and length);
 * due {@code graceDays} days after the period ends.
 */
record ReportingPeriod(String label, LocalDate start, LocalDate end, LocalDate dueOn) {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})Q([1-4])");
    private static final Pattern OTHER = Pattern.compile("(\\d{4})M(\\d{2})-(\\d{1,2})");

    /** The period containing the day. */
    static ReportingPeriod containing(LocalDate day, int months, int graceDays) {
        int index = (day.getMonthValue() - 1) / months;
        return of(day.getYear(), index * months + 1, months, graceDays);
    }

    /** The last period that has ended before the day. */
    static ReportingPeriod lastFinished(LocalDate day, int months, int graceDays) {
        return containing(containing(day, months, graceDays).start().minusDays(1), months, graceDays);
    }

    static ReportingPeriod parse(String label, int months, int graceDays) {
        Matcher quarter = QUARTER.matcher(label.trim());
        if (months == 3 && quarter.matches()) {
            return of(Integer.parseInt(quarter.group(1)), (Integer.parseInt(quarter.group(2)) - 1) * 3 + 1, 3,
                    graceDays);
        }
        Matcher other = OTHER.matcher(label.trim());
        if (other.matches() && Integer.parseInt(other.group(3)) == months
                && (Integer.parseInt(other.group(2)) - 1) % months == 0) {
            return of(Integer.parseInt(other.group(1)), Integer.parseInt(other.group(2)), months, graceDays);
        }
        throw QuanyunException.invalid(java.util.List.of(new Violation("period",
                "报告期格式不正确，例如2026Q3 (not a reporting period, e.g. 2026Q3)")));
    }

    private static ReportingPeriod of(int year, int firstMonth, int months, int graceDays) {
        LocalDate start = YearMonth.of(year, firstMonth).atDay(1);
        LocalDate end = start.plusMonths(months).minusDays(1);
        String label = months == 3 ? year + "Q" + ((firstMonth - 1) / 3 + 1)
                : String.format("%dM%02d-%d", year, firstMonth, months);
        return new ReportingPeriod(label, start, end, end.plusDays(graceDays));
    }
}

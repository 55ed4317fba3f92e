package io.quanyun.catalog.vault;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads the text of a cell as its field's type. A refusal says what was expected, never what
 * was found.
 */
final class ValueConverter {

    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4)
            .appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 1, 2, java.time.format.SignStyle.NEVER)
            .appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, java.time.format.SignStyle.NEVER)
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DATE)
            .appendLiteral(' ')
            .appendValue(ChronoField.HOUR_OF_DAY, 1, 2, java.time.format.SignStyle.NEVER)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    private static final BigDecimal DECIMAL_LIMIT = BigDecimal.TEN.pow(FieldType.DECIMAL_PRECISION - FieldType.DECIMAL_SCALE);

    private ValueConverter() {
    }

    /** Why a value was refused, without the value. Cheap: no stack trace. */
    static final class Refusal extends Exception {

        private static final long serialVersionUID = 1L;

        private final VaultError error;

        Refusal(VaultError error, String message) {
            super(message, null, false, false);
            this.error = error;
        }

        VaultError error() {
            return error;
        }
    }

    /**
     * @param text the cell text, or null for a missing cell
     * @return the value as the Java type the appender takes, or null for no value
     */
    static @Nullable Object convert(FieldSpec field, @Nullable String text) throws Refusal {
        FieldType type = field.type();
        String value = text == null ? "" : type == FieldType.STRING ? text : text.strip();
        if (value.isEmpty()) {
            if (field.nullable()) {
                return null;
            }
            throw new Refusal(VaultError.MISSING_VALUE, "a value is required");
        }
        return switch (type) {
            case STRING -> value;
            case INTEGER -> parseInteger(value);
            case DECIMAL -> parseDecimal(value);
            case DATE -> parseDate(value);
            case TIMESTAMP -> parseTimestamp(value);
            case BOOLEAN -> parseBoolean(value);
        };
    }

    private static long parseInteger(String value) throws Refusal {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new Refusal(VaultError.TYPE_ERROR, "not a valid INTEGER (a whole number within 64 bits)");
        }
    }

    static BigDecimal parseDecimal(String value) throws Refusal {
        BigDecimal number;
        try {
            number = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new Refusal(VaultError.TYPE_ERROR, "not a valid DECIMAL");
        }
        return fitDecimal(number);
    }

    static BigDecimal fitDecimal(BigDecimal number) throws Refusal {
        BigDecimal scaled;
        try {
            scaled = number.setScale(FieldType.DECIMAL_SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new Refusal(VaultError.TYPE_ERROR, "a DECIMAL has at most " + FieldType.DECIMAL_SCALE + " digits after the point");
        }
        if (scaled.abs().compareTo(DECIMAL_LIMIT) >= 0) {
            throw new Refusal(VaultError.TYPE_ERROR, "a DECIMAL has at most "
                    + (FieldType.DECIMAL_PRECISION - FieldType.DECIMAL_SCALE) + " digits before the point");
        }
        return scaled;
    }

    private static LocalDate parseDate(String value) throws Refusal {
        try {
            return LocalDate.parse(value.replace('/', '-'), DATE);
        } catch (DateTimeParseException e) {
            throw new Refusal(VaultError.TYPE_ERROR, "not a valid DATE (expected yyyy-MM-dd)");
        }
    }

    private static LocalDateTime parseTimestamp(String value) throws Refusal {
        String normalised = value.replace('/', '-');
        int separator = normalised.indexOf('T');
        if (separator > 0) {
            normalised = normalised.substring(0, separator) + ' ' + normalised.substring(separator + 1);
        }
        try {
            return LocalDateTime.parse(normalised, TIMESTAMP);
        } catch (DateTimeParseException e) {
            throw new Refusal(VaultError.TYPE_ERROR, "not a valid TIMESTAMP (expected yyyy-MM-dd HH:mm[:ss[.fraction]])");
        }
    }

    private static boolean parseBoolean(String value) throws Refusal {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "t", "1", "yes", "y", "是":
                return true;
            case "false", "f", "0", "no", "n", "否":
                return false;
            default:
                throw new Refusal(VaultError.TYPE_ERROR, "not a valid BOOLEAN (true/false, 1/0, yes/no, 是/否)");
        }
    }
}

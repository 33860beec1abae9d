package dev.weft.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration as people write it: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 30} (seconds), or ISO-8601 {@code PT10S}. */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern AMOUNT = Pattern.compile("(\\d+)(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        Matcher amount = AMOUNT.matcher(value.trim());
        try {
            if (amount.matches()) {
                long n = Long.parseLong(amount.group(1));
                String unit = amount.group(2) == null ? "s" : amount.group(2);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
            }
            return Duration.parse(value.trim());
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 10s, 2m, 1h)");
        }
    }
}

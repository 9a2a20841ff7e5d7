package dev.tfliteffm.cli;

import dev.tfliteffm.InterpreterOptions;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The values of the common flags, checked as they are parsed, so that a bad one is a usage error. */
final class OptionValues {

    private OptionValues() {}

    /** {@code --threads N}: 1 to {@link InterpreterOptions#MAX_THREADS}, or -1 to let TFLite decide. */
    static final class Threads implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int n = Integer.parseInt(text);
                if ((n >= 1 && n <= InterpreterOptions.MAX_THREADS) || n == -1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            // picocli puts "invalid value for option '--threads': " in front.
            throw new TypeConversionException("'" + text + "' is not a number from 1 to "
                    + InterpreterOptions.MAX_THREADS + " (or -1 to let TFLite decide)");
        }
    }

    /** The value of an on|off flag; not a boolean, which picocli's shell completion would take for a bare flag. */
    enum Switch {
        /** on (or true). */
        ON,
        /** off (or false). */
        OFF
    }

    /** {@code --xnnpack on|off} (true and false too); the two words are also what shell completion offers. */
    static final class OnOff implements ITypeConverter<Switch>, Iterable<String> {
        @Override
        public Switch convert(String text) {
            return switch (text) {
                case "on", "true" -> Switch.ON;
                case "off", "false" -> Switch.OFF;
                default -> throw new TypeConversionException("'" + text + "' is not on or off");
            };
        }

        @Override
        public Iterator<String> iterator() {
            return List.of("on", "off").iterator();
        }
    }
}

package dev.tfliteffm.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments in the plain forms that {@link Main} runs without picocli: the common flags, then the
 * command's name, then its positional parameters and flags in any order, each flag once (but those that may
 * repeat), a value after '=' or as the next argument; values and positional parameters not empty and not
 * starting with '-'. Anything else (help, {@code --}, an unknown or repeated flag, too many or too few positional
 * parameters, a value the common flags' converters refuse) is not plain and goes to picocli, which parses what
 * this accepts to the same fields (CommandDispatchTest compares the two).
 */
final class PlainArgs {

    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();
    private Integer threads;
    private OptionValues.Switch xnnpack;
    private boolean verbose;

    private PlainArgs() {}

    /**
     * {@code args} of {@code command}, or null when they are not plain.
     *
     * @param flags      the command's flags without a value
     * @param options    the command's flags with a value
     * @param repeatable those of them that may come more than once
     * @param positional how many positional parameters the command takes
     */
    static PlainArgs parse(
            String[] args,
            String command,
            Set<String> flags,
            Set<String> options,
            Set<String> repeatable,
            int positional) {
        PlainArgs plain = new PlainArgs();
        Set<String> seen = new HashSet<>();
        boolean named = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!named && arg.equals(command)) {
                    named = true;
                    continue;
                }
                int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
                String name = eq < 0 ? arg : arg.substring(0, eq);
                String value = eq < 0 ? null : arg.substring(eq + 1);
                boolean common = name.equals("-v")
                        || name.equals("--verbose")
                        || name.equals("--threads")
                        || name.equals("--xnnpack");
                boolean flag = name.equals("-v") || name.equals("--verbose") || flags.contains(name);
                if (!flag && !common && !options.contains(name)) {
                    if (!named || arg.isEmpty() || arg.startsWith("-") || plain.positional.size() == positional) {
                        return null;
                    }
                    plain.positional.add(arg);
                    continue;
                }
                if (!named && !common
                        || !repeatable.contains(name) && !seen.add(name.equals("-v") ? "--verbose" : name)) {
                    return null; // the command's flags come after its name; picocli decides what a repeat means
                }
                if (flag) {
                    if (value != null) {
                        return null;
                    }
                } else if (value == null) {
                    if (i + 1 == args.length || !Main.isPlainValue(args[i + 1])) {
                        return null;
                    }
                    value = args[++i];
                } else if (value.isEmpty()) {
                    return null;
                }
                switch (name) {
                    case "-v", "--verbose" -> plain.verbose = true;
                    case "--threads" -> plain.threads = new OptionValues.Threads().convert(value);
                    case "--xnnpack" -> plain.xnnpack = new OptionValues.OnOff().convert(value);
                    default -> {
                        List<String> list = plain.values.get(name);
                        if (list == null) {
                            list = new ArrayList<>();
                            plain.values.put(name, list);
                        }
                        list.add(flag ? "" : value);
                    }
                }
            }
        } catch (RuntimeException e) { // a TypeConversionException: picocli reports it
            return null;
        }
        return named && plain.positional.size() == positional ? plain : null;
    }

    /** Sets the common flags' fields of {@code main}, as picocli would. */
    void applyTo(Main main) {
        if (threads != null) {
            main.threads = threads;
        }
        if (xnnpack != null) {
            main.xnnpack = xnnpack;
        }
        main.verbose |= verbose;
    }

    /** The positional parameters. */
    List<String> positional() {
        return positional;
    }

    /** Whether the flag {@code name} was given. */
    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value of the flag {@code name}, or null. */
    String value(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.getFirst();
    }

    /** The values of the flag {@code name}, in the order given. */
    List<String> all(String name) {
        List<String> v = values.get(name);
        return v == null ? List.of() : v;
    }
}

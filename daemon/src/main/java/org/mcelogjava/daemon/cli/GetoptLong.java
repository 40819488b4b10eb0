package org.mcelogjava.daemon.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * glibc's {@code getopt_long} with an empty short-option string, as mcelog calls it: long options
 * only, {@code --name value} or {@code --name=value}, unambiguous abbreviations, GNU permutation
 * (operands are skipped and collected) and {@code --} ending the options. Options are handed out
 * one at a time, because mcelog acts on each before it looks at the next; errors come out as
 * glibc's messages.
 */
final class GetoptLong {

    /** Whether an option takes an argument. */
    enum Arg { NONE, REQUIRED }

    /** One step: an option with its value, an error message, or the end. */
    sealed interface Item {
        record Option(String name, String value) implements Item { }

        record Error(String message) implements Item { }

        record End() implements Item { }
    }

    private final String program;
    private final String[] args;
    private final Map<String, Arg> options;
    private final List<String> operands = new ArrayList<>();
    private int index;

    /** @param options option names in declaration order, as mcelog's {@code struct option[]} */
    GetoptLong(String program, String[] args, Map<String, Arg> options) {
        this.program = program;
        this.args = args.clone();
        this.options = options;
    }

    /** The next option, error or end. */
    Item next() {
        while (index < args.length) {
            String arg = args[index++];
            if (arg.equals("--")) {
                while (index < args.length) {
                    operands.add(args[index++]);
                }
                break;
            }
            if (arg.startsWith("--")) {
                return longOption(arg.substring(2));
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                return new Item.Error(program + ": invalid option -- '" + arg.charAt(1) + "'");
            }
            operands.add(arg);
        }
        return new Item.End();
    }

    /** Operands seen so far (all of them once {@link #next()} returned the end). */
    List<String> operands() {
        return List.copyOf(operands);
    }

    private Item longOption(String text) {
        int eq = text.indexOf('=');
        String name = eq >= 0 ? text.substring(0, eq) : text;
        String value = eq >= 0 ? text.substring(eq + 1) : null;
        String match = null;
        if (options.containsKey(name)) {
            match = name;
        } else {
            List<String> candidates = new ArrayList<>();
            for (String option : options.keySet()) {
                if (option.startsWith(name)) {
                    candidates.add(option);
                }
            }
            if (candidates.size() > 1) {
                StringBuilder message = new StringBuilder(program).append(": option '--").append(name)
                        .append("' is ambiguous; possibilities:");
                for (String c : candidates) {
                    message.append(" '--").append(c).append('\'');
                }
                return new Item.Error(message.toString());
            }
            if (candidates.isEmpty()) {
                return new Item.Error(program + ": unrecognized option '--" + text + "'");
            }
            match = candidates.get(0);
        }
        if (options.get(match) == Arg.NONE) {
            if (value != null) {
                return new Item.Error(program + ": option '--" + match + "' doesn't allow an argument");
            }
            return new Item.Option(match, null);
        }
        if (value == null) {
            if (index >= args.length) {
                return new Item.Error(program + ": option '--" + match + "' requires an argument");
            }
            value = args[index++];
        }
        return new Item.Option(match, value);
    }
}

package org.mcelogjava.daemon.policy;

import java.util.List;
import java.util.Map;

/**
 * One trigger to run: the program as configured (absolute, or relative to the trigger directory),
 * its arguments after argv[0], and the complete environment it gets — built, never inherited.
 *
 * @param program  the configured trigger name or path
 * @param args     arguments after the program (mcelog passes the page address to pre/post soft triggers)
 * @param env      the whole environment of the child
 * @param reporter mcelog's reporter name for the "Running trigger" line (memdb, page, yellow, bus, ...)
 */
public record TriggerRequest(String program, List<String> args, Map<String, String> env, String reporter) {

    public TriggerRequest {
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    /** The line mcelog logs when it starts this trigger ({@code run_trigger}), without newline. */
    public String runningLine() {
        return "Running trigger `" + program + "' (reporter: " + reporter + ")";
    }
}

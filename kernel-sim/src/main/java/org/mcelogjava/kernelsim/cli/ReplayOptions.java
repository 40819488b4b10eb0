package org.mcelogjava.kernelsim.cli;

import java.util.List;
import org.mcelogjava.kernelsim.mca.KernelProfile;

/**
 * Parsed {@code mce-sim replay [--cpus N] [--ser|--no-ser] [--profile 6.12|4.0] [--inject-mutex] [--json] FILE}.
 *
 * @param cpus        online CPUs (default 4)
 * @param ser         MCG_CAP.SER_P (default on)
 * @param kernel      kernel profile (default 6.12)
 * @param json        print one JSON object on stdout
 * @param file        the mce-inject input
 * @param injectMutex the mce-inject module serialises writes ({@link org.mcelogjava.kernelsim.mca.MceConfig#injectMutex()})
 */
record ReplayOptions(int cpus, boolean ser, KernelProfile kernel, boolean json, String file, boolean injectMutex) {

    static final String USAGE =
            "usage: mce-sim replay [--cpus N] [--ser | --no-ser] [--profile 6.12|4.0] [--inject-mutex] [--json] FILE";

    /** The options with the default, concurrent injection. */
    ReplayOptions(int cpus, boolean ser, KernelProfile kernel, boolean json, String file) {
        this(cpus, ser, kernel, json, file, false);
    }

    /** Parses the arguments after {@code replay}; throws {@link IllegalArgumentException} with a one-line reason. */
    static ReplayOptions parse(List<String> args) {
        int cpus = 4;
        boolean ser = true;
        KernelProfile kernel = KernelProfile.V6_12;
        boolean json = false;
        boolean injectMutex = false;
        String file = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--cpus" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--cpus needs a number");
                    }
                    try {
                        cpus = Integer.parseInt(args.get(++i));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--cpus needs a number, got '" + args.get(i) + "'");
                    }
                    if (cpus < 1 || cpus > 4096) {
                        throw new IllegalArgumentException("--cpus must be 1..4096, got " + cpus);
                    }
                }
                case "--ser" -> ser = true;
                case "--no-ser" -> ser = false;
                case "--profile" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--profile needs 6.12 or 4.0");
                    }
                    kernel = KernelProfile.byLabel(args.get(++i));
                }
                case "--json" -> json = true;
                case "--inject-mutex" -> injectMutex = true;
                default -> {
                    if (a.startsWith("-") && a.length() > 1) {
                        throw new IllegalArgumentException("unknown option '" + a + "'");
                    }
                    if (file != null) {
                        throw new IllegalArgumentException("unexpected argument '" + a + "' after FILE " + file);
                    }
                    file = a;
                }
            }
        }
        if (file == null) {
            throw new IllegalArgumentException("missing FILE");
        }
        return new ReplayOptions(cpus, ser, kernel, json, file, injectMutex);
    }
}

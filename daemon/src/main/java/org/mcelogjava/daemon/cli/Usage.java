package org.mcelogjava.daemon.cli;

import java.io.PrintStream;
import org.mcelogjava.daemon.decode.CpuCatalog;

/**
 * mcelog's {@code usage()} and {@code print_cputypes()} texts, and how a run that asks for them or
 * is given a bad option ends. Where mcelog prints its usage on stderr, for {@code --help} and for
 * every bad option alike, mcelog-java follows the convention of all its commands: {@code --help}
 * prints the text on stdout, exit 0; a bad option is mcelog's own error line (kept as mcelog words
 * it) and {@code Try 'mcelog --help'.} on stderr, exit 1.
 */
final class Usage {

    private static final String TEXT = """
            Usage:

              mcelog [options]  [mcelogdevice]
            Decode machine check error records from current kernel.

              mcelog [options] --daemon
            Run mcelog in daemon mode, waiting for errors from the kernel.

              mcelog [options] --client
            Query a currently running mcelog daemon for errors

              mcelog [options] --ascii < log
              mcelog [options] --ascii --file log
            Decode machine check ASCII output from kernel logs

            Options:
            --version           Show the version of mcelog and exit
            --cpu CPU           Set CPU type CPU to decode (see below for valid types)
            --intel-cpu         FAMILY,MODEL  Set CPU type for an Intel CPU based on family and model from cpuid
            --k8                Set the CPU to be an AMD K8
            --p4                Set the CPU to be an Intel Pentium4
            --core2             Set the CPU to be an Intel Core2
            --generic           Set the CPU to a generic version
            --cpumhz MHZ        Set CPU Mhz to decode time (output unreliable, not needed on new kernels)
            --raw               (with --ascii) Dump in raw ASCII format for machine processing
            --daemon            Run in background waiting for events (needs newer kernel)
            --client            Query a currently running mcelog daemon for errors
            --ping              Send ping command to the currently running mcelog daemon
            --ignorenodev       Exit silently when the device cannot be opened
            --file filename     With --ascii read machine check log from filename instead of stdin
            --logfile filename  Log decoded machine checks in file filename
            --syslog            Log decoded machine checks in syslog (default stdout or syslog for daemon)
            --syslog-error      Log decoded machine checks in syslog with error level
            --no-syslog         Never log anything to syslog
            --logfile filename  Append log output to logfile instead of stdout
            --dmi               Use SMBIOS information to decode DIMMs (needs root)
            --no-dmi            Don't use SMBIOS information
            --dmi-verbose       Dump SMBIOS information (for debugging)
            --filter            Inhibit known bogus events (default on)
            --no-filter         Don't inhibit known broken events
            --config-file       filename Read config information from config file instead of /etc/mcelog/mcelog.conf
            --foreground        Keep in foreground (for debugging)
            --num-errors N      Only process N errors (for testing)
            --pidfile file      Write pid of daemon into file
            --no-imc-log        Disable extended iMC logging
            --is-cpu-supported  Exit with return code indicating whether the CPU is supported
            --max-corr-err-counters Max page correctable error counters
            --binary            Input is binary (e.g. from pstore)
            --help              Display this message.

            mcelog-java:
            --socket PATH       The kernel's /dev/mcelog: the Unix socket of the simulator (mce-sim run),
                                as the positional mcelogdevice is; else $MCE_SIM_SOCKET, else
                                /run/mce-sim/mcelog
            --amd-compat=MODE   AMD family 17h and later (Zen): smca (default) decodes their Scalable
                                MCA banks (unit from MCA_IPID, extended error code, UMC channel, chip
                                select and DIMM); mcelog refuses the CPU ("CPU is unsupported") and
                                decodes their records as a generic CPU, as mcelog v208 does; also
                                [amd] compat = MODE in the config file (the command line wins)
            --config-file also takes sections mcelog lacks: [trigger] timeout and queue-max, [metrics]
            (a Prometheus endpoint), [logfile] (rolling the log by size or period), [history] database
            (every record in an SQLite file with rasdaemon's tables, which ras-mc-ctl reads), [report] listen
            (the history's live HTML page on HOST:PORT, off by default), [amd] compat (--amd-compat);
            conf/mcelog.conf documents every key. 'mcelog summary --help' and 'mcelog report --help': the history as a table, JSON or a page. A daemon reopens its log on SIGUSR1 (SIGUSR2 under jsvc) and stops
            on SIGTERM. Exit status: 0 done, 1 bad option, file, device or config.
            --ignorenodev: a device that cannot be reached ends the run silently with status 0, as
            mcelog's. A daemon (--daemon) whose device is not there yet (absent, or refusing) waits for
            it: it says so once ("waiting for DEVICE: REASON"), again after 1 and 10 minutes and then
            hourly, and when it has it; without --daemon the device must be there (exit 1), and a path
            that is no device socket ends any run (exit 1). --version: the version of
            mcelog-java and the mcelog release it is compatible with.

            Examples:
              mcelog --socket /tmp/mce.sock                 print the records waiting in the device, exit
              mcelog --daemon --foreground --socket /tmp/mce.sock --logfile /tmp/mcelog.log \\
                     --pidfile /tmp/mcelog.pid              the service, in the foreground
              mcelog --ascii --file panic.txt               decode machine checks pasted from a kernel log
              mcelog --client                               ask the running daemon for its DIMM and page counts
              mcelog --config-file conf/mcelog.conf --daemon --foreground --socket /tmp/mce.sock
              mcelog-demo --duration 30                     the simulator and the daemon together
            """;

    private static final String TRY = "Try 'mcelog --help'.\n";

    private final PrintStream out;
    private final PrintStream err;

    Usage(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** {@code --help}: the usage and the CPU types on stdout; exit 0. */
    CliExit help() {
        out.print(TEXT);
        out.print(cpuTypes());
        out.flush();
        return new CliExit(0);
    }

    /** A usage error: {@code what}, the one line saying what is wrong, then where the help is; exit 1. */
    CliExit error(String what) {
        err.print(what + "\n" + TRY);
        return new CliExit(1);
    }

    /** A usage error about the CPU type: {@code what}, the valid CPU types, where the help is; exit 1. */
    CliExit errorWithCpuList(String what) {
        err.print(what + "\n" + cpuTypes() + TRY);
        return new CliExit(1);
    }

    private static String cpuTypes() {
        StringBuilder line = new StringBuilder("Valid CPUs:");
        for (CpuCatalog.CpuName name : CpuCatalog.names()) {
            line.append(' ').append(name.name());
        }
        return line.append('\n').toString();
    }
}

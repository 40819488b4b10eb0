package org.mcelogjava.daemon.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * mcelog.conf, validated and sealed: every section and key of mcelog v208 with its defaults, plus
 * the trigger limits this daemon adds. Built once at start by {@link ConfigValidator}; immutable.
 *
 * @param options  global keys that name long options ({@code daemon = yes}, {@code logfile = /x}),
 *                 in file order, and {@code [amd] compat} as {@code amd-compat}, to apply before the
 *                 command line
 * @param global   the other global keys
 * @param logRolling beyond mcelog: the daemon's own rolling of its log file ({@code [logfile]})
 * @param history  beyond mcelog: the SQLite history ({@code [history]})
 */
public record McelogConfig(Map<String, String> options, Global global, Server server, Dimm dimm,
                           Socket socket, Cache cache, Page page, Triggers triggers, Metrics metrics,
                           LogRolling logRolling, History history) {

    public McelogConfig {
        options = Map.copyOf(options);
    }

    /** A configuration without a history. */
    public McelogConfig(Map<String, String> options, Global global, Server server, Dimm dimm, Socket socket,
                        Cache cache, Page page, Triggers triggers, Metrics metrics, LogRolling logRolling) {
        this(options, global, server, dimm, socket, cache, page, triggers, metrics, logRolling, History.DEFAULT);
    }

    /**
     * Beyond mcelog: the record history in rasdaemon's SQLite schema ({@code [history] database = PATH}).
     *
     * @param database the database file; absent: no history
     * @param report   where the daemon serves the history's live page ({@code [report] listen}); absent: not served
     */
    public record History(Optional<Path> database, Optional<InetSocketAddress> report) {
        static final History DEFAULT = new History(Optional.empty(), Optional.empty());
    }

    /** The same configuration with {@code [page] memory-ce-action} replaced. */
    public McelogConfig withPageAction(PageAction action) {
        return new McelogConfig(options, global, server, dimm, socket, cache, page.withAction(action), triggers, metrics,
                logRolling, history);
    }

    /** The same configuration with {@code --max-corr-err-counters} applied. */
    public McelogConfig withPageCounters(int counters) {
        return new McelogConfig(options, global, server, dimm, socket, cache, page.withCounters(counters), triggers,
                metrics, logRolling, history);
    }

    /** The built-in defaults (no config file). */
    public static McelogConfig defaults() {
        return new McelogConfig(Map.of(), Global.DEFAULT, Server.DEFAULT, Dimm.DEFAULT, Socket.DEFAULT,
                Cache.DEFAULT, Page.DEFAULT, Triggers.DEFAULT, Metrics.DEFAULT, LogRolling.NONE);
    }

    /**
     * @param runCredentialsUser  user to switch to before the event loop
     * @param runCredentialsGroup group to switch to (defaults to the user's)
     * @param filterMemoryErrors  account memory errors but do not print them
     */
    public record Global(Optional<String> runCredentialsUser, Optional<String> runCredentialsGroup,
                         boolean filterMemoryErrors) {
        static final Global DEFAULT = new Global(Optional.empty(), Optional.empty(), false);
    }

    /**
     * The client socket.
     *
     * @param clientUser          user admitted besides root; {@code *} admits everyone
     * @param clientGroup         group admitted
     * @param socketPath          absent: no server
     * @param initialPingTimeout  seconds to wait for an already running daemon's pong at start
     * @param listenBacklog       listen(2) backlog
     */
    public record Server(String clientUser, Optional<String> clientGroup, Optional<Path> socketPath,
                         int initialPingTimeout, int listenBacklog) {
        static final Server DEFAULT = new Server("root", Optional.empty(), Optional.of(Path.of("/var/run/mcelog-client")), 2, 10);
    }

    /**
     * Per-DIMM accounting.
     *
     * @param trackingEnabled absent: on when the CPU reports memory errors
     */
    public record Dimm(Optional<Boolean> trackingEnabled, boolean dmiPrepopulate,
                       ThresholdAction ceError, ThresholdAction ucError) {
        static final Dimm DEFAULT = new Dimm(Optional.empty(), true, ThresholdAction.DISABLED, ThresholdAction.DISABLED);
    }

    /** Per-socket accounting and the socket-wide triggers. */
    public record Socket(Optional<Boolean> trackingEnabled, ThresholdAction memCeError, ThresholdAction memUcError,
                         Optional<String> busUcTrigger, Optional<String> iomcaTrigger, Optional<String> unknownTrigger) {
        static final Socket DEFAULT = new Socket(Optional.empty(), ThresholdAction.DISABLED, ThresholdAction.DISABLED,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Cache errors over the CPU's threshold ("yellow"). */
    public record Cache(Optional<String> trigger, boolean log) {
        static final Cache DEFAULT = new Cache(Optional.empty(), true);
    }

    /** What to do with a page that collects corrected errors. */
    public enum PageAction {
        OFF("off"), ACCOUNT("account"), SOFT("soft"), HARD("hard"), SOFT_THEN_HARD("soft-then-hard");

        private final String configName;

        PageAction(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    /**
     * Per-page accounting and offlining.
     *
     * @param counters the page counters kept at most (the command line's {@code --max-corr-err-counters})
     */
    public record Page(ThresholdAction memoryCe, ThresholdAction counterReplacement, PageAction action,
                       boolean offlineRetry, Optional<String> preSoftTrigger, Optional<String> postSoftTrigger,
                       int counters) {
        /** mcelog's default {@code --max-corr-err-counters}. */
        public static final int DEFAULT_COUNTERS = 4158;
        static final Page DEFAULT = new Page(ThresholdAction.DISABLED, ThresholdAction.DISABLED, PageAction.OFF, false,
                Optional.empty(), Optional.empty(), DEFAULT_COUNTERS);

        public Page {
            if (counters < 1) {
                throw new IllegalArgumentException("page counters must be at least 1: " + counters);
            }
        }

        /** The same settings with another action. */
        public Page withAction(PageAction newAction) {
            return new Page(memoryCe, counterReplacement, newAction, offlineRetry, preSoftTrigger, postSoftTrigger,
                    counters);
        }

        /** The same settings with another number of counters. */
        public Page withCounters(int newCounters) {
            return new Page(memoryCe, counterReplacement, action, offlineRetry, preSoftTrigger, postSoftTrigger,
                    newCounters);
        }
    }

    /**
     * Beyond mcelog: the Prometheus endpoint ({@code [metrics] listen = 127.0.0.1:9177}).
     *
     * @param listen where {@code /metrics} is served; absent: no endpoint
     */
    public record Metrics(Optional<InetSocketAddress> listen) {
        static final Metrics DEFAULT = new Metrics(Optional.empty());
    }

    /**
     * Running triggers.
     *
     * @param childrenMax triggers running at once (mcelog's {@code children-max})
     * @param directory   where relative trigger names are found and triggers run
     * @param timeout     beyond mcelog: a trigger running longer is killed, and the kill logged
     * @param queueMax    beyond mcelog: triggers waiting for a free slot; more are dropped and counted
     */
    public record Triggers(int childrenMax, Optional<Path> directory, Duration timeout, int queueMax) {
        static final Triggers DEFAULT = new Triggers(4, Optional.empty(), Duration.ofSeconds(60), 64);
    }
}

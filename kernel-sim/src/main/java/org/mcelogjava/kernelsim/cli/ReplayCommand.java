package org.mcelogjava.kernelsim.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mcelogjava.client.IoReason;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.inject.InjectSource;
import org.mcelogjava.kernelsim.inject.InjectSyntaxException;
import org.mcelogjava.kernelsim.inject.MceInjectTool;
import org.mcelogjava.kernelsim.klog.KernelLog;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.MceConfig;
import org.mcelogjava.kernelsim.mca.Severity;
import org.mcelogjava.protocol.mce.Mce;

/**
 * {@code mce-sim replay}: boot a fresh Intel Skylake-SP machine (one socket, N single-threaded
 * cores), inject the file as mce-inject would (debugfs {@code mce/fake_panic} set, as the mce-test
 * simple driver does, so the first panic is recorded and the handlers run to their end), drain the
 * deferred work, and report. The outcome follows shared/examples/inject/README.md.
 */
final class ReplayCommand {

    /** The result of one replay: the JSON object, the kernel log lines and the exit status. */
    record Result(Map<String, Object> json, List<KernelLog.Line> log, int exitCode) {
    }

    private static final String PROGRAM = "mce-sim replay";

    static final String HELP = ReplayOptions.USAGE + """


            Boots a fresh Intel Skylake-SP machine (one socket, N single-threaded cores), injects FILE
            as mce-inject would (the language: mce-inject --help), runs it to quiet or panic in
            virtual time and reports the kernel's outcome: the log lines, then "outcome: ...", or
            with --json one JSON object on stdout (the log lines then go to stderr).

              --cpus N            online CPUs, 1..4096 (default 4)
              --ser | --no-ser    MCG_CAP.SER_P, software error recovery (default on)
              --profile 6.12|4.0  kernel profile (default 6.12)
              --inject-mutex      the mce-inject module serialises /dev/mcelog writes, as Linux
                                  6.12's inject.c does with mce_inject_mutex: records the tool's
                                  per-CPU threads write together (HOLD with IN_PROC/IN_IRQ) raise
                                  one after another. By default they raise concurrently, as the
                                  mce-inject tool and the mce-test suite expect, and meet in one
                                  #MC rendezvous
              --json              print the result as one JSON object
              --help, --version

            Exit status: 0 (a panic is an outcome), 1 on a usage error, an unreadable FILE or an
            error in FILE (named with its line; the JSON still says what happened before it).
            """;

    private ReplayCommand() {
    }

    /** {@code mce-sim replay ARGS}: returns the exit status. */
    static int cli(List<String> args, PrintStream out, PrintStream err) {
        if (Cli.wantsHelp(args)) {
            out.print(HELP);
            return Cli.OK;
        }
        if (Cli.wantsVersion(args)) {
            return Cli.version(out, "mce-sim");
        }
        ReplayOptions opt;
        try {
            opt = ReplayOptions.parse(args);
        } catch (IllegalArgumentException e) {
            return Cli.usageError(err, PROGRAM, e.getMessage());
        }
        String text;
        try {
            text = new String(Files.readAllBytes(Path.of(opt.file())), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            err.println(PROGRAM + ": cannot read " + opt.file() + ": " + IoReason.of(e));
            return Cli.FAILED;
        }
        Result r = run(opt, new InjectSource(opt.file(), text));
        PrintStream logOut = opt.json() ? err : out;
        for (KernelLog.Line line : r.log()) {
            logOut.println(line.dmesg());
        }
        if (opt.json()) {
            out.println(Json.write(r.json()));
        } else {
            out.println("outcome: " + r.json().get("outcome"));
            if (r.json().get("parse_error") != null) {
                err.println(PROGRAM + ": " + r.json().get("parse_error"));
            }
        }
        return r.exitCode();
    }

    static Result run(ReplayOptions opt, InjectSource source) {
        ReplayTrace trace = new ReplayTrace();
        Machine machine = new Machine(CpuProfiles.skylakeServer().withSer(opt.ser()), Topology.flat(opt.cpus()));
        SimulatedKernel kernel = new SimulatedKernel.Builder(machine)
                .kernel(opt.kernel())
                .config(new MceConfig().fakePanic(true).injectMutex(opt.injectMutex()))
                .observer(trace)
                .boot();
        MceInjectTool tool = new MceInjectTool(kernel.injector(), opt.cpus(), machine.profile().bankCount() - 1,
                false);
        String parseError = null;
        try {
            tool.run(List.of(source));
        } catch (InjectSyntaxException e) {
            parseError = e.getMessage();
        }
        kernel.runDeferredWork();
        return new Result(toJson(trace, parseError), kernel.log().lines(), parseError == null ? 0 : 1);
    }

    static Map<String, Object> toJson(ReplayTrace trace, String parseError) {
        Map<String, Object> out = new LinkedHashMap<>();
        ReplayTrace.Panic panic = trace.firstPanic();
        Severity sev = trace.severity();
        out.put("outcome", trace.outcome());
        out.put("severity", sev == null ? null : sev.kernelName());
        out.put("message", trace.message());
        out.put("panic_message", panic == null ? null : panic.message());
        out.put("exception_message", panic == null ? null : panic.exception());
        out.put("parse_error", parseError);
        List<Object> logged = new ArrayList<>();
        for (Mce m : trace.logged()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("cpu", m.extcpu());
            r.put("bank", m.bank());
            r.put("status", hex(m.status()));
            r.put("mcgstatus", hex(m.mcgstatus()));
            r.put("misc", hex(m.misc()));
            r.put("addr", hex(m.addr()));
            r.put("ip", hex(m.ip()));
            r.put("cs", hex(m.cs()));
            r.put("severity", Severity.ofValue(m.severity()).kernelName());
            logged.add(r);
        }
        out.put("logged", logged);
        out.put("actions", new ArrayList<Object>(trace.actions()));
        return out;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}

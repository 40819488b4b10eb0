package org.mcelogjava.kernelsim.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The machinecheck {@code trigger} attribute and {@code mce_work_trigger} (dev-mcelog.c): when a
 * record is logged and a helper path is set, a work item runs the program the way
 * {@code call_usermodehelper(path, {path, NULL}, NULL, UMH_NO_WAIT)} does — no arguments, an empty
 * environment, nobody waits for it. A work item already pending is not queued twice, so a burst of
 * records coalesces into one run.
 */
public final class TriggerHelper {

    /** {@code mce_helper[128]}: at most 127 characters are kept. */
    static final int MAX_PATH = 127;

    private final Executor workqueue;
    private final Consumer<String> kernelLog;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile String helper = "";

    /**
     * @param workqueue where {@code trigger_work} runs ({@code system_wq})
     * @param kernelLog where a failed spawn is reported
     */
    public TriggerHelper(Executor workqueue, Consumer<String> kernelLog) {
        this.workqueue = workqueue;
        this.kernelLog = kernelLog;
    }

    /**
     * {@code set_trigger}: keep up to 127 characters, cut at the first newline. Returns what the
     * kernel's store returns: the kept length, plus one when a newline was stripped.
     */
    public int store(String value) {
        String kept = value.length() > MAX_PATH ? value.substring(0, MAX_PATH) : value;
        int newline = kept.indexOf('\n');
        if (newline >= 0) {
            kept = kept.substring(0, newline);
        }
        helper = kept;
        return kept.getBytes(StandardCharsets.UTF_8).length + (newline >= 0 ? 1 : 0);
    }

    /** {@code show_trigger}: the path and a newline. */
    public String show() {
        return helper + "\n";
    }

    /** {@code mce_work_trigger}: queue one run of the helper unless one is pending or none is set. */
    public void fire() {
        if (helper.isEmpty() || !pending.compareAndSet(false, true)) {
            return;
        }
        workqueue.execute(this::run);
    }

    private void run() {
        pending.set(false);
        String path = helper;
        if (path.isEmpty()) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(path));
        pb.environment().clear();
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            pb.start();
        } catch (IOException e) {
            kernelLog.accept("mce: trigger " + path + " failed to start: " + e.getMessage());
        }
    }
}

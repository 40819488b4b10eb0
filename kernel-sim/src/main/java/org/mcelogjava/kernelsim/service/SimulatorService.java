package org.mcelogjava.kernelsim.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.logging.log4j.Logger;
import org.mcelogjava.client.Version;
import org.mcelogjava.kernelsim.SimulatedKernel;
import org.mcelogjava.kernelsim.clock.KernelClock;
import org.mcelogjava.kernelsim.clock.ScaledClock;
import org.mcelogjava.kernelsim.clock.SteppedClock;
import org.mcelogjava.kernelsim.dev.McelogDevice;
import org.mcelogjava.kernelsim.dev.PersistentRecords;
import org.mcelogjava.kernelsim.dev.TriggerHelper;
import org.mcelogjava.kernelsim.faults.FaultGenerator;
import org.mcelogjava.kernelsim.faults.FaultProfile;
import org.mcelogjava.kernelsim.fuse.FuseMount;
import org.mcelogjava.kernelsim.machine.Machine;
import org.mcelogjava.kernelsim.machine.Topology;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.mca.MceConfig;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.kernelsim.mca.McelogConsumer;
import org.mcelogjava.kernelsim.module.ModuleLoader;
import org.mcelogjava.kernelsim.server.DeviceServer;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.kernelsim.sysfs.Attribute;
import org.mcelogjava.kernelsim.sysfs.SysfsTree;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceLayout;

/**
 * The simulator as a running service: one booted {@link SimulatedKernel} driven by its
 * {@link EngineThread}, its {@code /dev/mcelog} ({@link McelogDevice}) fed by the MCELOG notifier,
 * the trigger helper kicked where the profile's kernel kicks it, the records {@code mce_panic}
 * persists kept for the device (ERST), the legacy write path wired to the mce-inject module, and
 * the §9 attribute tree, and optionally the {@link FaultGenerator} on the engine's timers (from boot, or from the device's first open), all served on a Unix socket by {@link DeviceServer},
 * and, when a mount directory is configured, also as files there by {@link FuseMount}.
 *
 * <p>The device mirrors its kernel: in the 6.12 profile {@code len} = max(32, CPUs), 128-byte
 * records, readers woken per record by {@code dev_mce_log}, the trigger kicked by the early
 * notifier; in the 4.0 profile 32 slots of the 88-byte record, readers woken and the trigger run by
 * {@code mce_notify_irq}.
 */
public final class SimulatorService implements AutoCloseable {

    /** The identity the server gives in its HELLO. */
    public static final String IDENTITY = Version.identity("mce-sim");
    /** Event loop threads for client connections. */
    private static final int SERVER_THREADS = 2;

    private final SimulatedKernel kernel;
    private final EngineThread engine;
    private final McelogDevice device;
    private final KernelAttributes attributes;
    private final ExecutorService workqueue;
    private final DeviceServer server;
    private final Optional<InetSocketAddress> tcp;
    private final Optional<FuseMount> mount;
    private final LoadableModules modules;

    private SimulatorService(SimulatedKernel kernel, EngineThread engine, McelogDevice device,
                             KernelAttributes attributes, ExecutorService workqueue, DeviceServer server,
                             Optional<InetSocketAddress> tcp, Optional<FuseMount> mount, LoadableModules modules) {
        this.kernel = kernel;
        this.engine = engine;
        this.device = device;
        this.attributes = attributes;
        this.workqueue = workqueue;
        this.server = server;
        this.tcp = tcp;
        this.mount = mount;
        this.modules = modules;
    }

    /**
     * Boots the kernel and starts serving; the socket exists when this returns.
     *
     * @param observer sees the engine's decisions (a replay trace in tests), or {@link MceObserver#NONE}
     * @param policy   who counts as privileged
     * @param log      the service's own log
     */
    public static SimulatorService start(ServiceConfig config, MceObserver observer, PeerPolicy policy,
                                         Consumer<String> log) throws IOException, InterruptedException {
        FaultProfile faults = FaultProfile.byName(config.faults());
        boolean v40 = config.kernel() == KernelProfile.V4_0;
        int len = v40 ? 32 : Math.max(32, config.cpus());
        int recordLength = v40 ? MceLayout.LEN_3X : MceLayout.SIZE;
        Machine machine = new Machine(config.cpuModel(), Topology.flat(config.cpus()));
        PersistentRecords persistent = new PersistentRecords();
        // The device and the kernel refer to each other; the holders break the cycle at boot.
        DeviceHolder holder = new DeviceHolder();
        SimulatedKernel kernel = new SimulatedKernel.Builder(machine)
                .kernel(config.kernel())
                .config(new MceConfig().injectMutex(config.injectMutex()))
                .clock(clock(config.clock()))
                .observer(observer)
                .mcelog(holder)
                .apeiWrite(persistent::write)
                .cec(config.cec())
                .boot();
        EngineThread engine = new EngineThread(kernel);
        ExecutorService workqueue = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mce-sim-trigger");
            t.setDaemon(true);
            return t;
        });
        TriggerHelper trigger = new TriggerHelper(workqueue,
                msg -> engine.submit(() -> kernel.log().err(msg)));
        SysfsTree tree = new SysfsTree();
        KernelAttributes attributes = new KernelAttributes(kernel, engine, trigger, tree);
        McelogDevice device = new McelogDevice(len, recordLength, !v40, attributes::isOnline,
                new DeviceInjection(engine, kernel), persistent);
        holder.device = device;
        kernel.logger().trigger(v40 ? () -> {
            device.wakeReaders();
            trigger.fire();
        } : trigger::fire);
        attributes.registerAll();
        LoadableModules modules = new LoadableModules(new ModuleLoader(kernel), engine);
        tree.register("/proc/modules", new Attribute(0444, Attribute.Show.text(modules::procModules), null));
        FaultGenerator generator = config.faults().equals("none") ? null
                : new FaultGenerator(kernel, faults, config.faultSeed(), e -> { });
        engine.start();
        if (generator != null && config.faultsAtFirstOpen()) {
            device.onFirstOpen(() -> engine.submit(generator::start));
        } else if (generator != null) {
            startGenerator(engine, generator);
        }
        String identity = IDENTITY + " kernel=" + config.kernel().label();
        DeviceServer server = null;
        Optional<InetSocketAddress> tcp = Optional.empty();
        Optional<FuseMount> mount = Optional.empty();
        try {
            server = DeviceServer.start(config.socket(), device, tree, modules, DeviceServer.MAX_MODULE_FRAME, identity,
                    policy, config.deviceMode(), SERVER_THREADS, log);
            // Anybody may connect; what a peer may do is decided from its credentials (PROTOCOL.md §4).
            Files.setPosixFilePermissions(config.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
            if (config.tcp().isPresent()) {
                tcp = Optional.of(server.listenTcp(config.tcp().get()));
            }
            if (config.mount().isPresent()) {
                mount = Optional.of(FuseMount.start(config.mount().get(), device, config.deviceMode(), tree, policy,
                        log));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            engine.close();
            workqueue.shutdownNow();
            throw e;
        }
        return new SimulatorService(kernel, engine, device, attributes, workqueue, server, tcp, mount, modules);
    }

    private static void startGenerator(EngineThread engine, FaultGenerator generator) {
        try {
            engine.call(() -> {
                generator.start();
                return null;
            });
        } catch (Exception e) {
            engine.close();
            throw new IllegalStateException("fault generator: " + e.getMessage(), e);
        }
    }

    private static KernelClock clock(ServiceConfig.ClockMode mode) {
        if (mode instanceof ServiceConfig.ClockMode.Scaled s) {
            return s.factor() == 1.0 ? ScaledClock.wall() : ScaledClock.accelerated(s.factor());
        }
        return new SteppedClock(System.currentTimeMillis() / 1000);
    }

    /** The running kernel; touch it only through {@link #onEngine}. */
    public SimulatedKernel kernel() {
        return kernel;
    }

    public McelogDevice device() {
        return device;
    }

    /** Copies the kernel log into {@code logger} from now on (the service's journal shows dmesg). */
    public void logKernelTo(Logger logger) {
        KernelLogBridge.attach(kernel.log(), logger);
    }

    public KernelAttributes attributes() {
        return attributes;
    }

    /** The TCP address served besides the socket, as bound (the port chosen when 0 was asked). */
    public Optional<InetSocketAddress> tcpAddress() {
        return tcp;
    }

    public DeviceServer server() {
        return server;
    }

    /** The directory the machine is mounted at as files, if it is. */
    public Optional<Path> mountDirectory() {
        return mount.map(FuseMount::directory);
    }

    /** Runs {@code task} on the engine thread and waits for it (tests, tools). */
    public <T> T onEngine(Callable<T> task) throws Exception {
        return engine.call(task);
    }

    /**
     * Stops: the mount, if any, is unmounted; the listener closes, every client sees its channel
     * close, the socket file is removed; then the engine and the trigger workqueue stop, and the
     * files that kept the images of modules still loaded are deleted. Closing twice is harmless.
     */
    @Override
    public void close() throws IOException {
        if (mount.isPresent()) {
            mount.get().close();
        }
        server.close();
        engine.close();
        workqueue.shutdownNow();
        modules.deleteImages();
    }

    /** The MCELOG notifier's target, set once the device exists. */
    private static final class DeviceHolder implements McelogConsumer {
        private volatile McelogDevice device;

        @Override
        public void accept(Mce m) {
            McelogDevice d = device;
            if (d != null) {
                d.accept(m);
            }
        }
    }
}

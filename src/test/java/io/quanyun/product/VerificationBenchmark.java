package io.quanyun.product;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.catalog.demo.DemoDataGenerator;

/**
 * The load generator of {@code ./quanyun bench verify}, a process of its own: against a server started by the
 * launcher in bench mode with N demo people, it waits until the demo identity verification is listed, takes the
 * people the demo gave consent (the same rule as {@code DemoProducts}, on the same generated data), then drives
 * {@code POST /api/v1/products/{id}/calls} (key, limits, consent, metering and audit) and the bare lookup
 * {@code POST /api/v1/bench/products/{id}/lookup} (no checks) over loopback HTTP/1.1 with keep-alive, one
 * connection per caller, at each concurrency for a fixed time, and prints throughput, p50 and p99.
 */
public final class VerificationBenchmark {

    /** The statuses of the failed requests of the level being printed. */
    private static final java.util.concurrent.ConcurrentMap<Integer, java.util.concurrent.atomic.LongAdder> STATUSES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private VerificationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080";
        int people = 10_000_000;
        int seconds = 10;
        int consentLimit = 20_000;
        String key = "qyc_dev-quanyun-demo-key-2026";
        Path cache = Path.of("data", "bench");
        int[] levels = {1, 16, 64};
        long serverPid = -1;
        int warmup = 20;
        int rounds = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--people" -> people = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--key" -> key = args[++i];
                case "--cache" -> cache = Path.of(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--server-pid" -> serverPid = Long.parseLong(args[++i]);
                case "--consent-limit" -> consentLimit = Integer.parseInt(args[++i]);
                case "--concurrency" -> levels = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (rounds < 1 || rounds > 100) {
            throw new IllegalArgumentException("--rounds must be between 1 and 100, not " + rounds);
        }
        URI base = URI.create(url);
        long start = System.nanoTime();
        String product = waitForProduct(base);
        System.out.printf(Locale.ROOT, "server ready with product %s after %.0f s%n", product, (System.nanoTime() - start) / 1e9);
        List<String[]> subjects = consentedPeople(cache, people, consentLimit);
        System.out.printf(Locale.ROOT, "%d consented people of %,d%n", subjects.size(), people);
        List<byte[]> bodies = new ArrayList<>();
        for (String[] subject : subjects) {
            bodies.add(("{\"inputs\":{\"id_no\":\"" + subject[0] + "\",\"name\":\"" + subject[1] + "\"}}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String callPath = "/api/v1/products/" + product + "/calls";
        String barePath = "/api/v1/bench/products/" + product + "/lookup";
        // warm-up: JIT, connection pools, caches; at the highest measured concurrency (the calls' code paths, batch
        // sizes and compiled code differ with it: after 60 s at 16 callers the calls' rate at 64 still rose for
        // three more minutes of rounds)
        // and alternating between the two endpoints, three times: the first bare lookups after a warm-up of calls
        // alone recompiled the code both share, and the next calls still ran with the compiler busy (0.2-0.3 cores)
        int warmConcurrency = Math.max(16, Arrays.stream(levels).max().orElse(16));
        for (int slice = 0; slice < 3; slice++) {
            run(base, callPath, key, bodies, warmConcurrency, Math.max(1, warmup / 3));
            run(base, barePath, null, bodies, warmConcurrency, Math.max(1, warmup / 6));
        }
        STATUSES.clear();
        Cpu idleFrom = Cpu.now(serverPid);
        Thread.sleep(5_000);
        Cpu idleTo = Cpu.now(serverPid);
        System.out.printf(Locale.ROOT, "server CPU while idle: %.1f ms/s (background work, in every level's figure)%n",
                (idleTo.server() - idleFrom.server()) / 5.0);
        System.out.printf(Locale.ROOT, "%-12s %6s %12s %10s %10s %8s %14s %14s %8s%n", "endpoint", "conc", "calls/s",
                "p50 ms", "p99 ms", "errors", "server cpu ms", "loadgen cpu ms", "load1");
        for (int concurrency : levels) {
            // --rounds R: R rounds of (calls, bare lookup) back to back, so that drift between rounds (the JIT,
            // another process) shows, and the medians over the rounds are printed at the end
            double[] callRates = new double[rounds];
            double[] bareRates = new double[rounds];
            double[] ratios = new double[rounds];
            double[] callP99 = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                Cpu before = Cpu.now(serverPid);
                Result calls = run(base, callPath, key, bodies, concurrency, seconds);
                Cpu between = Cpu.now(serverPid);
                Result bare = run(base, barePath, null, bodies, concurrency, seconds);
                Cpu after = Cpu.now(serverPid);
                calls.print("calls", concurrency, before, between);
                bare.print("bare lookup", concurrency, between, after);
                double callsCpu = (between.server() - before.server()) / (double) Math.max(1, calls.requests());
                double bareCpu = (after.server() - between.server()) / (double) Math.max(1, bare.requests());
                System.out.printf(Locale.ROOT, "%-12s %6d %11.2fx  server cpu per call %.2fx the bare lookup's%n",
                        "ratio", concurrency, calls.throughput() / bare.throughput(), callsCpu / bareCpu);
                callRates[round] = calls.throughput();
                bareRates[round] = bare.throughput();
                ratios[round] = calls.throughput() / bare.throughput();
                callP99[round] = calls.percentile(0.99);
                if (!STATUSES.isEmpty()) {
                    System.out.println("  failed requests by HTTP status: " + new java.util.TreeMap<>(STATUSES));
                    STATUSES.clear();
                }
            }
            if (rounds > 1) {
                System.out.printf(Locale.ROOT, "%-12s %6d  medians of %d rounds: calls %.0f/s (p99 %.2f ms), bare %.0f/s,"
                        + " ratio %.2fx (rounds %s)%n", "median", concurrency, rounds, median(callRates),
                        median(callP99), median(bareRates), median(ratios), Arrays.toString(Arrays.stream(ratios)
                                .map(r -> Math.round(r * 100) / 100.0).toArray()));
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * CPU time used so far (ms) by the server process (utime + stime from /proc/pid/stat; -1 when unknown) and by
     * this load generator, and the machine's 1-minute load average: a load-independent cost per call.
     */
    record Cpu(double server, double loadGenerator, double load) {
        static Cpu now(long serverPid) {
            double server = -1;
            double load = -1;
            try {
                if (serverPid > 0) {
                    String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // fields after the name start at field 3 (state): utime is field 14, stime field 15
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    server = ticks * 1000.0 / 100; // USER_HZ is 100 on Linux
                }
                load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            } catch (IOException | RuntimeException e) {
                // not on Linux: no CPU figures
            }
            double own = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
            return new Cpu(server, own, load);
        }
    }

    record Result(long requests, long errors, double seconds, long[] latencies) {
        double throughput() {
            return requests / seconds;
        }

        double percentile(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            return latencies[(int) Math.min(latencies.length - 1, Math.floor(p * latencies.length))] / 1e6;
        }

        void print(String name, int concurrency, Cpu before, Cpu after) {
            double n = Math.max(1, requests);
            System.out.printf(Locale.ROOT, "%-12s %6d %12.0f %10.2f %10.2f %8d %14.3f %14.3f %8.2f%n", name,
                    concurrency, throughput(), percentile(0.50), percentile(0.99), errors,
                    before.server() < 0 ? Double.NaN : (after.server() - before.server()) / n,
                    (after.loadGenerator() - before.loadGenerator()) / n, after.load());
        }
    }

    private static Result run(URI base, String path, String key, List<byte[]> bodies, int concurrency, int seconds)
            throws Exception {
        long[][] latencies = new long[concurrency][];
        int[] counts = new int[concurrency];
        AtomicLong errors = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                int next = thread * 7919;
                try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 4096);
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
                    ready.countDown();
                    go.await();
                    long end = window[1];
                    while (true) {
                        long begin = System.nanoTime();
                        if (begin >= end) {
                            break;
                        }
                        byte[] body = bodies.get(Math.floorMod(next++, bodies.size()));
                        String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                                + (key == null ? "" : "X-Api-Key: " + key + "\r\n")
                                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
                        out.write(head.getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                        int status = readResponse(in);
                        long took = System.nanoTime() - begin;
                        if (status != 200) {
                            errors.incrementAndGet();
                            STATUSES.computeIfAbsent(status, k -> new java.util.concurrent.atomic.LongAdder()).increment();
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = took;
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    ready.countDown();
                } finally {
                    latencies[thread] = mine;
                    counts[thread] = n;
                }
            });
            threads.add(worker);
            worker.start();
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + Duration.ofSeconds(seconds).toNanos();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < concurrency; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Result(total, errors.get(), elapsed, all);
    }

    /** Reads one HTTP/1.1 response (Content-Length or chunked) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        String header;
        while (!(header = line(in)).isEmpty()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            int size;
            while ((size = Integer.parseInt(line(in).trim(), 16)) > 0) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return code;
    }

    private static void skip(InputStream in, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            if (in.read() < 0) {
                throw new IOException("connection closed");
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                text.append((char) c);
            }
        }
        return text.toString();
    }

    /** Polls the market as bank until the demo verification is listed and subscribed; returns its id. */
    private static String waitForProduct(URI base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofHours(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String login = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/auth/token"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"bank\",\"password\":\"Quanyun@2026\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                String token = JsonPath.read(login, "$.token");
                String market = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/subscriptions/products"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
                List<String> ids = JsonPath.read(market, "$[?(@.name=='" + DemoProducts.PRODUCT
                        + "' && @.subscriptionId != null)].id");
                if (!ids.isEmpty()) {
                    return ids.get(0);
                }
            } catch (IOException | RuntimeException e) {
                // not up yet
            }
            Thread.sleep(2000);
        }
        throw new IllegalStateException("the server did not list the demo product in time");
    }

    /** The people DemoProducts gave consent: the same generated data, the same rule, the same order. */
    private static List<String[]> consentedPeople(Path cache, int people, int limit) throws Exception {
        Path csv = cache.resolve("verify-person-" + people + ".csv").toAbsolutePath();
        if (!Files.exists(csv)) {
            Files.createDirectories(csv.getParent());
            Path partial = csv.resolveSibling(csv.getFileName() + ".partial");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20)) {
                new DemoDataGenerator(DemoDataGenerator.DEFAULT_SEED, people).write("person", out);
            }
            Files.move(partial, csv);
        }
        List<String[]> subjects = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id_no, min(name) FROM read_csv('" + csv
                        + "', header = true, all_varchar = true) WHERE substr(id_no, 16, 1) = '0' GROUP BY id_no ORDER BY id_no")) {
            while (rows.next() && subjects.size() < limit) {
                String id = rows.getString(1);
                if (id != null && IdentityNumbers.isValid(id) && rows.getString(2) != null) {
                    subjects.add(new String[] {id, rows.getString(2)});
                }
            }
        }
        return subjects;
    }
}

package io.bulkimport.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP proxy on loopback that holds each request on its way to the target for a random time up to a maximum, as a
 * network path does: the bytes a client sends after a pause of 50 ms or more are forwarded only after that delay.
 * Answers go back at once. So the arrival of a request lags its start by a varying amount, as it did when the
 * provider counted 61 arrivals in 59.94 s.
 */
final class SlowLinkProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final long maxDelayMillis;
    private volatile boolean closed;

    SlowLinkProxy(int targetPort, Duration maxDelay) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.maxDelayMillis = maxDelay.toMillis();
        Thread acceptor = new Thread(this::accept, "slow-link-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean delayed) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[65536];
            long last = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    long now = System.nanoTime();
                    if (delayed && now - last > 50_000_000L) {
                        Thread.sleep(ThreadLocalRandom.current().nextLong(maxDelayMillis + 1));
                    }
                    last = now;
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side went away: drop the pair
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "slow-link-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}

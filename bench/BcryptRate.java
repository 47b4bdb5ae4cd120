import io.bulkimport.hash.Bcrypt;

/**
 * Usage: java -cp target/bulk-import.jar bench/BcryptRate.java COST [SECONDS] [THREADS]
 *
 * Hashes with the service's own bcrypt (io.bulkimport.hash.Bcrypt) on THREADS threads (default 1) for SECONDS
 * (default 10) after one untimed warm-up hash per thread, and prints "COST THREADS HASHES SECONDS HASHES_PER_S".
 */
public class BcryptRate {

    public static void main(String[] args) throws InterruptedException {
        int cost = Integer.parseInt(args[0]);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Bcrypt bcrypt = new Bcrypt(cost);
        long[] counts = new long[threads];
        double[] elapsed = new double[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int me = t;
            workers[t] = new Thread(() -> {
                bcrypt.hash("warm-up-password");
                long start = System.nanoTime();
                long end = start + (long) (seconds * 1e9);
                long n = 0;
                do {
                    bcrypt.hash("bench-password-" + n);
                    n++;
                } while (System.nanoTime() < end);
                counts[me] = n;
                elapsed[me] = (System.nanoTime() - start) / 1e9;
            });
            workers[t].start();
        }
        long hashes = 0;
        double rate = 0;
        double longest = 0;
        for (int t = 0; t < threads; t++) {
            workers[t].join();
            hashes += counts[t];
            rate += counts[t] / elapsed[t];
            longest = Math.max(longest, elapsed[t]);
        }
        System.out.printf("%d %d %d %.2f %.3f%n", cost, threads, hashes, longest, rate);
    }
}

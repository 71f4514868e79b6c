package org.genlab.experiments.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.genlab.common.UsageException;

import java.util.regex.Pattern;

/**
 * Creates the Spark context genlab uses: quiet (no UI, no console progress bar), one OpenMP thread per executor task
 * (tasks are the parallelism; more native threads per task would oversubscribe the cores), and loopback addresses in
 * local mode so a machine without a resolvable host name works. Any {@code spark.*} system property (e.g.
 * {@code GENLAB_JAVA_OPTS="-Dspark.executor.memory=8g"}, or what spark-submit sets) is honoured; see docs/spark.md.
 */
public final class SparkContexts {
    private static final Pattern MASTER = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?|(spark|yarn|k8s|mesos)(://.+)?");

    private SparkContexts() {
    }

    /** Checks a --spark value early, with a message saying what is accepted. */
    public static String checkMaster(String master) {
        String m = master == null ? "" : master.trim();
        if (!MASTER.matcher(m).matches()) {
            throw new UsageException("--spark must be a Spark master URL such as local[2], local[*], spark://host:7077, "
                    + "yarn or k8s://https://host:443; got '" + master + "'");
        }
        return m;
    }

    public static boolean isLocal(String master) {
        return master.startsWith("local");
    }

    public static JavaSparkContext open(String master, String appName) {
        return new JavaSparkContext(conf(master, appName));
    }

    static SparkConf conf(String master, String appName) {
        SparkConf c = new SparkConf(true).setMaster(checkMaster(master)).setAppName(appName);
        c.setIfMissing("spark.ui.enabled", "false");
        c.setIfMissing("spark.ui.showConsoleProgress", "false");
        // Executors on a cluster: single-threaded ND4J per task (the launcher does the same for local mode).
        c.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        if (isLocal(master)) {
            c.setIfMissing("spark.driver.host", "127.0.0.1");
            c.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        } else if (!c.contains("spark.jars") && !c.contains("spark.executor.extraClassPath")) {
            // Default for clusters whose workers have genlab installed at the same path (one image, shared FS).
            c.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        return c;
    }
}

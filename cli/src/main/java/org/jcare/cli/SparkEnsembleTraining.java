package org.jcare.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code jcare train --ensemble M --data FILE.npz --spark MASTER}: after {@link EnsembleTrainRun} has checked the
 * output folder (guard and lock, held until the job ends), built the members' config from the command line and written
 * the ensemble folder, the members are trained by the spark module's driver ({@code org.jcare.spark.TrainEnsemble},
 * on the class path only through {@code ./jcare ... --spark}) as Spark tasks, one member per task.
 */
final class SparkEnsembleTraining {
    /** The spark module's driver of ensemble training. */
    static final String DRIVER = "org.jcare.spark.TrainEnsemble";

    private SparkEnsembleTraining() {
    }

    /**
     * The driver class.
     *
     * @throws BadInputException saying how to run with Spark when it is not on the class path
     */
    static Class<?> driver(String master) {
        try {
            return Class.forName(DRIVER);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new BadInputException("--spark needs Apache Spark and jcare's spark module on the class path: run it"
                    + " through the launcher (./jcare train --ensemble M --spark " + master + " ...), or submit "
                    + DRIVER + " with spark-submit");
        }
    }

    /** The driver's arguments: the ensemble folder exists with its manifest, so the driver continues it. */
    static List<String> arguments(TrainCommand cmd, List<String> devices) {
        List<String> a = new ArrayList<>(List.of("--master", cmd.spark, "--data", cmd.data.toString(), "--out",
                cmd.out.toString(), "--validation-split", String.valueOf(cmd.validationSplit), "--precision",
                cmd.compute.precision, "--resume"));
        List<String> named = devices.stream().filter(Objects::nonNull).toList();
        if (!named.isEmpty()) {
            a.addAll(List.of("--devices", String.join(";", named)));
        }
        if (cmd.timeBudget != null) {
            a.addAll(List.of("--time-budget", cmd.timeBudget.toMillis() + "ms"));
        }
        if (cmd.noRecalibrate) {
            a.add("--no-recalibrate");
        }
        return a;
    }

    /** Runs the driver; its refusals of arguments or data are bad input (exit code 2). */
    static int handOver(TrainCommand cmd, List<String> devices, PrintWriter out) throws Exception {
        Class<?> driver = driver(cmd.spark);
        try {
            return (Integer) driver.getMethod("run", String[].class, PrintWriter.class)
                    .invoke(null, arguments(cmd, devices).toArray(new String[0]), out);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw new BadInputException(ExitCodes.oneLine(bad.getMessage()));
            }
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}

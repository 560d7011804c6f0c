/**
 * The Java API for embedding CARE: {@link org.jcare.training.CareModel} creates, trains, saves, loads and runs
 * a model on any OpenCL device. Everything that holds device memory is {@code AutoCloseable}.
 *
 * <p>Restore an image with a saved model (a runnable example; the model folder comes from {@code jcare train}
 * or {@link org.jcare.training.CareModel#save}):
 *
 * <pre>{@code
 * import java.nio.file.Path;
 * import org.jcare.engine.Engine;
 * import org.jcare.io.image.FloatImage;
 * import org.jcare.io.tiff.TiffReader;
 * import org.jcare.io.tiff.TiffWriter;
 * import org.jcare.training.CareModel;
 * import org.jcare.training.predict.PredictOptions;
 * import org.jcare.training.predict.Restoration;
 *
 * public class Restore {
 *     public static void main(String[] args) throws Exception {
 *         try (Engine engine = Engine.open("gpu");                      // "cpu", an index, a name part, or null
 *              CareModel model = CareModel.load(engine, Path.of(args[0]))) {
 *             FloatImage noisy = new TiffReader().read(Path.of(args[1]));  // axes from the file (TZCYX)
 *             Restoration r = model.predict(noisy, PredictOptions.defaults());
 *             new TiffWriter().write(r.mean(), Path.of(args[2]));         // ImageJ TIFF, written atomically
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Train from folders of pairs (same file names in the source and target folders):
 *
 * <pre>{@code
 * CareConfig config = CareConfig.builder("YX").unetKernSize(3).trainEpochs(50).build();
 * RawData raw = RawData.fromFolders(base, List.of("low"), "high", "YX", "*.tif", new TiffReader()::read);
 * TrainingData.Split data = Patches.create(raw, PatchOptions.builder(new int[] {64, 64}, 100).build()).split(0.1);
 * try (Engine engine = Engine.open((String) null);
 *      CareModel model = CareModel.create(engine, config, 42)) {
 *     model.train(data.train(), data.validation(), model.trainingSettings(42), Path.of("models/denoise"),
 *             TrainingListener.NONE, Augmentation.NONE, false);   // writes the model folder after every epoch
 * }
 * }</pre>
 *
 * <p>Sub-packages: {@code config} (CSBDeep's Config), {@code data} (pairs, patches, batches), {@code model}
 * (the U-Net), {@code loop} (training), {@code predict} (normalization, tiling, the tiled predictor, Laplace
 * readouts), {@code eval} (NRMSE, PSNR, SSIM).
 */
package org.jcare.training;

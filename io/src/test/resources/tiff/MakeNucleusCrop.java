// Makes nucleus_conf_wf_crop.tif from shared/data/nucleus_conf_wf_3d_neubias.tif with ImageJ 1.54p:
// both channels, slices 16-27, the 64x48 rectangle at (32, 32); calibration and hyperstack metadata kept.
// Run from the repository root:
//   java -Djava.awt.headless=true -cp ~/.m2/repository/net/imagej/ij/1.54p/ij-1.54p.jar \
//        io/src/test/resources/tiff/MakeNucleusCrop.java ../shared/data/nucleus_conf_wf_3d_neubias.tif \
//        io/src/test/resources/tiff/nucleus_conf_wf_crop.tif
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.plugin.Duplicator;

public class MakeNucleusCrop {
    public static void main(String[] args) {
        ImagePlus imp = IJ.openImage(args[0]);
        imp.setRoi(32, 32, 64, 48);
        ImagePlus crop = new Duplicator().run(imp, 1, 2, 16, 27, 1, 1);
        if (!new FileSaver(crop).saveAsTiffStack(args[1])) {
            throw new IllegalStateException("could not save " + args[1]);
        }
    }
}

package org.jcare.optics.synth;

/**
 * Builds {@link SynthSettings} from the {@linkplain SynthSettings#defaults defaults} (or another settings object),
 * changing only what is set; {@link #build()} validates.
 */
public final class SynthSettingsBuilder {
    private Structure structure;
    private int[] patch;
    private double pixelNm;
    private double zStepNm;
    private Range tubuleDensity;
    private Range persistenceNm;
    private Range tubuleLengthNm;
    private double tubuleWidthNm;
    private Range tubuleBrightness;
    private Range granuleDensity;
    private Range granuleRadiusNm;
    private Range granuleBrightness;
    private double targetFwhmNm;
    private double targetFwhmZNm;
    private int backgroundOctaves;
    private Range backgroundStrength;
    private Range backgroundPeriodNm;
    private Range photons;
    private Range readNoise;
    private double offset;
    private double gain;
    private Range pmin;
    private Range pmax;
    private boolean normalize;
    private int upsample;
    private Range diffuseStrength;
    private Range diffusePeriodNm;
    private int diffuseOctaves;

    /** A builder starting from {@code base}. */
    public SynthSettingsBuilder(SynthSettings base) {
        this.structure = base.structure();
        this.patch = base.patch();
        this.pixelNm = base.pixelNm();
        this.zStepNm = base.zStepNm();
        this.tubuleDensity = base.tubuleDensity();
        this.persistenceNm = base.persistenceNm();
        this.tubuleLengthNm = base.tubuleLengthNm();
        this.tubuleWidthNm = base.tubuleWidthNm();
        this.tubuleBrightness = base.tubuleBrightness();
        this.granuleDensity = base.granuleDensity();
        this.granuleRadiusNm = base.granuleRadiusNm();
        this.granuleBrightness = base.granuleBrightness();
        this.targetFwhmNm = base.targetFwhmNm();
        this.targetFwhmZNm = base.targetFwhmZNm();
        this.backgroundOctaves = base.backgroundOctaves();
        this.backgroundStrength = base.backgroundStrength();
        this.backgroundPeriodNm = base.backgroundPeriodNm();
        this.photons = base.photons();
        this.readNoise = base.readNoise();
        this.offset = base.offset();
        this.gain = base.gain();
        this.pmin = base.pmin();
        this.pmax = base.pmax();
        this.normalize = base.normalize();
        this.upsample = base.upsample();
        this.diffuseStrength = base.diffuseStrength();
        this.diffusePeriodNm = base.diffusePeriodNm();
        this.diffuseOctaves = base.diffuseOctaves();
    }

    /** Sets {@link SynthSettings#structure()}. */
    public SynthSettingsBuilder structure(Structure value) {
        this.structure = value;
        return this;
    }

    /** Sets {@link SynthSettings#patch()}. */
    public SynthSettingsBuilder patch(int[] value) {
        this.patch = value;
        return this;
    }

    /** Sets {@link SynthSettings#pixelNm()}. */
    public SynthSettingsBuilder pixelNm(double value) {
        this.pixelNm = value;
        return this;
    }

    /** Sets {@link SynthSettings#zStepNm()}. */
    public SynthSettingsBuilder zStepNm(double value) {
        this.zStepNm = value;
        return this;
    }

    /** Sets {@link SynthSettings#tubuleDensity()}. */
    public SynthSettingsBuilder tubuleDensity(Range value) {
        this.tubuleDensity = value;
        return this;
    }

    /** Sets {@link SynthSettings#persistenceNm()}. */
    public SynthSettingsBuilder persistenceNm(Range value) {
        this.persistenceNm = value;
        return this;
    }

    /** Sets {@link SynthSettings#tubuleLengthNm()}. */
    public SynthSettingsBuilder tubuleLengthNm(Range value) {
        this.tubuleLengthNm = value;
        return this;
    }

    /** Sets {@link SynthSettings#tubuleWidthNm()}. */
    public SynthSettingsBuilder tubuleWidthNm(double value) {
        this.tubuleWidthNm = value;
        return this;
    }

    /** Sets {@link SynthSettings#tubuleBrightness()}. */
    public SynthSettingsBuilder tubuleBrightness(Range value) {
        this.tubuleBrightness = value;
        return this;
    }

    /** Sets {@link SynthSettings#granuleDensity()}. */
    public SynthSettingsBuilder granuleDensity(Range value) {
        this.granuleDensity = value;
        return this;
    }

    /** Sets {@link SynthSettings#granuleRadiusNm()}. */
    public SynthSettingsBuilder granuleRadiusNm(Range value) {
        this.granuleRadiusNm = value;
        return this;
    }

    /** Sets {@link SynthSettings#granuleBrightness()}. */
    public SynthSettingsBuilder granuleBrightness(Range value) {
        this.granuleBrightness = value;
        return this;
    }

    /** Sets {@link SynthSettings#targetFwhmNm()}. */
    public SynthSettingsBuilder targetFwhmNm(double value) {
        this.targetFwhmNm = value;
        return this;
    }

    /** Sets {@link SynthSettings#targetFwhmZNm()}. */
    public SynthSettingsBuilder targetFwhmZNm(double value) {
        this.targetFwhmZNm = value;
        return this;
    }

    /** Sets {@link SynthSettings#backgroundOctaves()}. */
    public SynthSettingsBuilder backgroundOctaves(int value) {
        this.backgroundOctaves = value;
        return this;
    }

    /** Sets {@link SynthSettings#backgroundStrength()}. */
    public SynthSettingsBuilder backgroundStrength(Range value) {
        this.backgroundStrength = value;
        return this;
    }

    /** Sets {@link SynthSettings#backgroundPeriodNm()}. */
    public SynthSettingsBuilder backgroundPeriodNm(Range value) {
        this.backgroundPeriodNm = value;
        return this;
    }

    /** Sets {@link SynthSettings#photons()}. */
    public SynthSettingsBuilder photons(Range value) {
        this.photons = value;
        return this;
    }

    /** Sets {@link SynthSettings#readNoise()}. */
    public SynthSettingsBuilder readNoise(Range value) {
        this.readNoise = value;
        return this;
    }

    /** Sets {@link SynthSettings#offset()}. */
    public SynthSettingsBuilder offset(double value) {
        this.offset = value;
        return this;
    }

    /** Sets {@link SynthSettings#gain()}. */
    public SynthSettingsBuilder gain(double value) {
        this.gain = value;
        return this;
    }

    /** Sets {@link SynthSettings#pmin()}. */
    public SynthSettingsBuilder pmin(Range value) {
        this.pmin = value;
        return this;
    }

    /** Sets {@link SynthSettings#pmax()}. */
    public SynthSettingsBuilder pmax(Range value) {
        this.pmax = value;
        return this;
    }

    /** Sets {@link SynthSettings#normalize()}. */
    public SynthSettingsBuilder normalize(boolean value) {
        this.normalize = value;
        return this;
    }

    /** Sets {@link SynthSettings#upsample()}. */
    public SynthSettingsBuilder upsample(int value) {
        this.upsample = value;
        return this;
    }

    /** Sets {@link SynthSettings#diffuseStrength()}. */
    public SynthSettingsBuilder diffuseStrength(Range value) {
        this.diffuseStrength = value;
        return this;
    }

    /** Sets {@link SynthSettings#diffusePeriodNm()}. */
    public SynthSettingsBuilder diffusePeriodNm(Range value) {
        this.diffusePeriodNm = value;
        return this;
    }

    /** Sets {@link SynthSettings#diffuseOctaves()}. */
    public SynthSettingsBuilder diffuseOctaves(int value) {
        this.diffuseOctaves = value;
        return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException listing every bad value
     */
    public SynthSettings build() {
        return new SynthSettings(structure, patch, pixelNm, zStepNm, tubuleDensity, persistenceNm, tubuleLengthNm,
                tubuleWidthNm, tubuleBrightness, granuleDensity, granuleRadiusNm, granuleBrightness, targetFwhmNm,
                targetFwhmZNm, backgroundOctaves, backgroundStrength, backgroundPeriodNm, photons, readNoise, offset, gain,
                pmin, pmax, normalize, upsample, diffuseStrength, diffusePeriodNm, diffuseOctaves);
    }
}

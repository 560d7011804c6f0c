# Sourced by the GPU scripts in this folder (checks.sh, tune.sh, tf32.sh, run2.sh, run3.sh, ...): the run's environment
# on the lent machine. Results go under $OUT; the device is the GPU unless JCARE_DEVICE says otherwise; every number
# carries the commit that prepare.sh recorded; kernels are cached on the machine's local disk.
OUT=${OUT:-/tmp/jcare-gpu}
export OUT
mkdir -p "$OUT"
export JCARE_DEVICE=${JCARE_DEVICE:-gpu}
export JCARE_COMMIT=${JCARE_COMMIT:-$(cat .gpu/commit 2>/dev/null || echo unknown)}
export JCARE_KERNEL_CACHE=/tmp/jcare-kernels
CP=".gpu/lib/*"
J="$JAVA -Xmx64g"
step() { echo; echo "=== $* ($(date +%T))"; }
# the convolution device tests: TF32 (inline PTX on NVIDIA), fp32, fused residual, read-through decoder input
CONV_TESTS=(--select-class org.jcare.kernels.conv.ConvTf32KernelsTest --select-class org.jcare.kernels.conv.ConvTf32TunablesTest
  --select-class org.jcare.kernels.conv.ConvResidualTest --select-class org.jcare.kernels.conv.ConvUpConcatTest
  --select-class org.jcare.kernels.conv.ConvKernelsTest)
# device_tests OUTFILE SECONDS --select-class C ...: the JUnit console on the shipped jars (it does not expand
# class-path wildcards, so the jars are named), the result tree in OUTFILE
device_tests() {
  local out=$1 limit=$2
  shift 2
  timeout "$limit" $JAVA -jar .gpu/junit-console.jar execute -cp "$(ls "$PWD"/.gpu/lib/*.jar | tr '\n' ':')" "$@" \
    --details=tree --disable-banner > "$out" 2>&1
}

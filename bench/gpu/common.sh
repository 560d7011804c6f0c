# Sourced by the GPU scripts in this folder (checks.sh, tune.sh, tf32.sh, run2.sh): the run's environment on the
# lent machine. Results go under $OUT; the device is the GPU unless JCARE_DEVICE says otherwise; every number
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

#!/usr/bin/env bash
# Packs everything the GPU checks need into .gpu/ (git-ignored): the shared recipe (Java runtime + jars), plus
# the kernels and engine test-jars, the training test classes and the JUnit console launcher, so that the device tests run
# on the GPU machine, which has no Java, Maven or network.
# Usage, from the repository root: bash bench/gpu/prepare.sh
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
# cli/target/jcare.jar is both the jar plugin's output and the shaded jar: when the cli classes did not change,
# the jar plugin keeps it as "up to date" and shade then merges the stale shaded classes over the fresh modules.
rm -f cli/target/jcare.jar cli/target/original-jcare.jar
# ../shared beside the main checkout (also from a git worktree elsewhere: the common git directory is the main one's)
shared="$(cd "$(git rev-parse --git-common-dir)/../.." && pwd)/shared"
bash "$shared/gpu/prepare.sh"
# The shared recipe keeps the first module jar it finds; the shaded cli jar holds every module and dependency.
rm -f .gpu/lib/*.jar
cp cli/target/jcare.jar .gpu/lib/
# The device call ships at most 64 MiB: drop what the GPU checks never load (other platforms' natives, the demo
# images) and use a runtime without java.desktop (the checks are headless and write no images).
zip -q -d .gpu/lib/jcare.jar 'windows/*' 'macos/*' 'linux/arm64/*' 'org/jcare/cli/demo/*' >/dev/null || true
rm -rf .gpu/jre
jlink --add-modules java.base,java.logging,java.management,jdk.unsupported,java.xml,jdk.zipfs --strip-debug \
  --no-header-files --no-man-pages --compress=2 --output .gpu/jre
mvn -q -B -DskipTests test-compile jar:test-jar -pl kernels,training -am >/dev/null
cp kernels/target/jcare-kernels-*-tests.jar engine/target/jcare-engine-*-tests.jar .gpu/lib/
rm -rf .gpu/training-test-classes && cp -r training/target/test-classes .gpu/training-test-classes
junit=org/junit/platform/junit-platform-console-standalone/1.14.4/junit-platform-console-standalone-1.14.4.jar
if [ ! -f "$HOME/.m2/repository/$junit" ]; then
  mvn -q -B dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4 >/dev/null
fi
cp "$HOME/.m2/repository/$junit" .gpu/junit-console.jar
git rev-parse --short HEAD > .gpu/commit
du -sh .gpu

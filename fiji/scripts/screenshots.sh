#!/usr/bin/env bash
# The README's Fiji screenshots: ImageJ 1.54p with cli/target/jcare.jar as plugins/jcare_.jar, on a virtual display
# (Xvfb); the Restore... dialog as a user sees it, then the image and its restoration.
# Needs: apt-get install xvfb xdotool imagemagick; a built jar (mvn -pl cli -am package -DskipTests).
# Usage: fiji/scripts/screenshots.sh MODEL IMAGE.tif OUT_DIR      (for example the model of ./jcare demo)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="$(readlink -f "$1")"; image="$(readlink -f "$2")"; out="$(mkdir -p "$3" && readlink -f "$3")"
home="$(mktemp -d)"; trap 'rm -rf "$home"' EXIT
mkdir -p "$home/plugins"
cp "$root/cli/target/jcare.jar" "$home/plugins/jcare_.jar"
# the ImageJ to run: the one jcare.jar carries for its command line (Fiji would use its own)
ij="$home/ij.jar"
unzip -p "$root/cli/target/jcare.jar" org/jcare/cli/imagej/ij.jar > "$ij"
cat > "$home/shots.ijm" <<MACRO
call("ij.Prefs.set", "jcare.restore.model", "$model");
open("$image");
setLocation(10, 80);
run("Restore...");
setLocation(540, 80);
MACRO
cat > "$home/drive.sh" <<'DRIVE'
#!/usr/bin/env bash
# runs inside the virtual display: start ImageJ, photograph the dialog, press OK, photograph the result
set -euo pipefail
java="$1"; ij="$2"; home="$3"; out="$4"; name="$5"
LD_PRELOAD="$(dirname "$(dirname "$java")")/lib/libjsig.so" "$java" -jar "$ij" -ijpath "$home" -macro "$home/shots.ijm" &
pid=$!
for i in $(seq 60); do w="$(xdotool search --name '^jcare Restore$' 2>/dev/null | head -1 || true)"; [ -n "$w" ] && break; sleep 1; done
sleep 2
import -window "$w" "$out/fiji-restore-dialog.png"
# no window manager runs: click OK (the dialog's bottom-right button) instead of sending keys
eval "$(xdotool getwindowgeometry --shell "$w")"
xdotool mousemove $((X + WIDTH - 36)) $((Y + HEIGHT - 22)) click 1
for i in $(seq 120); do r="$(xdotool search --name -- "-$name\$" 2>/dev/null | head -1 || true)"; [ -n "$r" ] && break; sleep 1; done
sleep 3
import -window root -crop 1080x630+0+0 "$out/fiji-restore-result.png"
kill "$pid" 2>/dev/null || true
DRIVE
chmod +x "$home/drive.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$home/drive.sh" "$(readlink -f "$(command -v java)")" "$ij" "$home" "$out" "$(basename "$model" .zip)"
echo "wrote $out/fiji-restore-dialog.png and $out/fiji-restore-result.png"

#!/usr/bin/env bash
# The attentiongen tool as a user gets it: packed with dotnet pack, installed with dotnet tool install from that
# folder, then run: --help, check on a model (exit 0, its layer table), and check on a broken copy (exit 1,
# AG0101 at the line and column of the bad head count).
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet pack tools/AttentionGen.Tool -c Release -o "$work/packages"
dotnet tool install --tool-path "$work/bin" --add-source "$work/packages" AttentionGen.Tool
tool="$work/bin/attentiongen"

"$tool" --help

cat > "$work/Model.cs" <<'MODEL'
using AttentionGen;

[Model(Vocab = 1000, MaxSeq = 32)]
[Embed(64)]
[MultiHead(8)]
[MeanPool, Dense(2)]
public partial class ProbeClassifier;
MODEL
"$tool" check "$work/Model.cs" | tee "$work/good.txt"
grep -q "ProbeClassifier (line 7): 80,770 parameters" "$work/good.txt"
grep -q "1 model(s), no errors" "$work/good.txt"

sed 's/\[MultiHead(8)\]/[MultiHead(6)]/' "$work/Model.cs" > "$work/Broken.cs"
status=0
"$tool" check "$work/Broken.cs" > "$work/broken.txt" || status=$?
cat "$work/broken.txt"
if [ "$status" -ne 1 ]; then echo "check on a broken model exited with $status, expected 1" >&2; exit 1; fi
grep -q "Broken.cs(5,12): error AG0101" "$work/broken.txt"

echo "attentiongen installed from its package and ran."

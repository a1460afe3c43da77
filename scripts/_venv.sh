# Shared by scripts/run and scripts/test (sourced, not run): find Python 3.11+, create
# .venv when it is missing, and install S2C into it when requirements.lock or
# pyproject.toml changed since the last install (a stamp file in .venv remembers).

s2c_find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "S2C needs Python 3.11 or newer; install it or set PYTHON=/path/to/python3.11." >&2
    return 1
}

# s2c_ensure_venv runtime|test
s2c_ensure_venv() {
    local kind="$1" extras="" python stamp wanted
    [ "$kind" = test ] && extras="[test]"
    if [ ! -x .venv/bin/python ]; then
        python="$(s2c_find_python)"
        echo "Creating .venv with $python ..."
        if ! "$python" -m venv .venv; then
            echo "Could not create .venv. On Debian or Ubuntu: apt-get install python3-venv" >&2
            rm -rf .venv
            return 1
        fi
    fi
    stamp=".venv/.s2c-installed-$kind"
    wanted="$(.venv/bin/python -c 'import hashlib, sys
digest = hashlib.sha256()
for name in sys.argv[1:]:
    digest.update(open(name, "rb").read())
print(digest.hexdigest())' requirements.lock pyproject.toml)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
        return 0
    fi
    echo "Installing S2C${extras} into .venv (pinned by requirements.lock) ..."
    .venv/bin/python -m pip install --quiet --disable-pip-version-check \
        -c requirements.lock -e ".${extras}"
    echo "$wanted" >"$stamp"
    if [ "$kind" = test ]; then
        echo "$wanted" >.venv/.s2c-installed-runtime # the test install includes the runtime
    fi
}

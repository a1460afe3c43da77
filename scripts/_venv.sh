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

# s2c_apt_install WHAT PACKAGE... : install the Debian packages that are missing (as root,
# or through passwordless sudo), running apt-get update once per script. WHAT says what
# they are for. Returns non-zero, with a note on stderr, when some could not be installed.
s2c_apt_install() {
    local what="$1" missing=() package
    shift
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
            missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo=(sudo)
        else
            sudo=(none)
        fi
    fi
    if ! command -v apt-get >/dev/null || [ "${sudo[*]}" = none ]; then
        echo "NOTE: ${missing[*]} (for $what) are missing and could not be installed: that" >&2
        echo "      needs Debian's apt-get and root or passwordless sudo. Install them with" >&2
        echo "      apt-get install ${missing[*]}" >&2
        return 1
    fi
    echo "Installing Debian's ${missing[*]} for $what ..."
    if [ -z "${S2C_APT_UPDATED:-}" ]; then
        "${sudo[@]}" apt-get update -qq || true
        S2C_APT_UPDATED=1
    fi
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
        echo "NOTE: installing ${missing[*]} (for $what) failed; see apt-get's message above." >&2
        return 1
    fi
}

# The tools Sidata's text extraction and previews run (docs/sidata-extraction.md).
S2C_OCR_PACKAGES=(tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng poppler-utils)

# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the shell tests run by "make check".
#
# Environment from Makefile.am: top_srcdir, top_builddir.
# VNET_REQUIRE_ALL_TESTS=1 (set by .ci/run) turns every skip into a failure:
# in CI a test that cannot run has not passed.

set -u
: "${top_srcdir:=.}"
: "${top_builddir:=.}"

VNETCTL="$top_builddir/cli/vnetctl"
# "vnetctl top" runs the vnettop just built, not one installed
export VNETTOP="$top_builddir/tui/vnettop"
LIBTOOL_EXEC="$top_builddir/libtool --mode=execute"

skip() {
	if [ "${VNET_REQUIRE_ALL_TESTS:-0}" = 1 ]; then
		echo "FAIL (skipping is not allowed here): $*" >&2
		exit 1
	fi
	echo "SKIP: $*" >&2
	exit 77
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

require_root() {
	[ "$(id -u)" = 0 ] || skip "needs root"
}

require_cmd() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "needs $c"
	done
}

# Fixture trees captured in real guests (tests/fixtures/<scenario>-<kernel>)
fixture_dirs() {
	for d in "$top_srcdir"/tests/fixtures/*/; do
		[ -d "$d/sys" ] && echo "${d%/}"
	done
}

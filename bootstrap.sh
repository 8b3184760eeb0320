#!/usr/bin/env bash
# bootstrap.sh — set up, build and try rrsup on Debian 12 (x86-64).
#
#   ./bootstrap.sh demo    install packages, build, record and replay an example
#   ./bootstrap.sh test    install packages, build, run the whole test suite
#                          (tests/run-all.sh), then the unit tests and the suite
#                          again with an ASan/UBSan build
#   ./bootstrap.sh build   install packages and build only
#
# Package installation needs root (or sudo) and is skipped when everything is
# already installed.  The main build happens in the source tree, so ./rrsup
# and ./rrsup-stub end up at the top level.  With CI=true the build uses
# --enable-werror.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

PACKAGES=(
	build-essential autoconf automake libtool pkg-config
	libzstd-dev libxxhash-dev libseccomp-dev libelf-dev libunwind-dev
	check zstd
	python3 gzip coreutils strace gdb
)
JOBS=${JOBS:-2}

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'bootstrap.sh: %s\n' "$*" >&2; exit 1; }

usage() {
	if (("${1:-0}" == 0)); then
		sed -n '2,13s/^# \{0,1\}//p' "$0"
	else
		sed -n '2,13s/^# \{0,1\}//p' "$0" >&2
	fi
	exit "${1:-0}"
}

# --- packages ---------------------------------------------------------------

missing_packages() {
	local p status
	for p in "${PACKAGES[@]}"; do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[[ $status == installed ]] || printf '%s\n' "$p"
	done
}

install_packages() {
	command -v dpkg-query >/dev/null 2>&1 ||
		die "dpkg-query not found: this script expects Debian 12 (install the packages by hand: ${PACKAGES[*]})"
	local missing
	mapfile -t missing < <(missing_packages)
	if ((${#missing[@]} == 0)); then
		say "all required packages are installed"
		return
	fi
	say "installing: ${missing[*]}"
	local sudo=()
	if ((EUID != 0)); then
		command -v sudo >/dev/null 2>&1 ||
			die "need root to install: ${missing[*]}"
		sudo=(sudo)
	fi
	export DEBIAN_FRONTEND=noninteractive
	"${sudo[@]}" apt-get update </dev/null
	"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
}

# --- build ------------------------------------------------------------------

configure_args() {
	if [[ ${CI:-} == true ]]; then
		printf '%s\n' --enable-werror
	fi
}

# Is the in-tree build configured with every option in "$@"?
configured_with() {
	local prev=() want p found
	# config.status prints the options shell-quoted.
	eval "prev=($(./config.status --config 2>/dev/null))"
	for want in "$@"; do
		found=0
		for p in "${prev[@]}"; do
			[[ $p != "$want" ]] || found=1
		done
		((found)) || return 1
	done
}

build() {
	local args
	mapfile -t args < <(configure_args)

	# Once configured, the generated Makefile re-runs autoconf, automake
	# and config.status itself when their inputs change, keeping the
	# options the tree was configured with.  Configure afresh only when
	# there is no configuration, or when CI needs an option it lacks.
	if [[ ! -x configure || ! -f Makefile.in ]]; then
		say "autoreconf -fi"
		autoreconf -fi
	fi
	if [[ ! -f config.status || ! -f Makefile ]] ||
		! configured_with "${args[@]}"; then
		say "./configure ${args[*]}"
		./configure "${args[@]}"
	fi

	say "make -j$JOBS"
	make -j"$JOBS"
	[[ -x ./rrsup ]] || die "the build did not produce ./rrsup"
}

# --- demo -------------------------------------------------------------------

demo() {
	local tmp rc_rec=0 rc_rep=0
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/rrsup-demo.XXXXXX")
	# shellcheck disable=SC2064 # expand $tmp now
	trap "rm -rf '$tmp'" EXIT

	say "compiling examples/hello-random.c"
	cc -O2 -Wall -o "$tmp/hello-random" examples/hello-random.c

	say "two native runs (every line differs between runs)"
	"$tmp/hello-random"
	echo "--"
	"$tmp/hello-random"

	say "rrsup record -o $tmp/trace -- hello-random"
	./rrsup record -o "$tmp/trace" -- "$tmp/hello-random" | tee "$tmp/recorded.out" ||
		rc_rec=$?
	echo "(record exit status: $rc_rec)"

	say "rrsup replay $tmp/trace"
	./rrsup replay "$tmp/trace" | tee "$tmp/replayed.out" || rc_rep=$?
	echo "(replay exit status: $rc_rep)"

	say "result"
	local ok=1
	if [[ ! -s $tmp/recorded.out ]]; then
		echo "FAIL: the recording printed nothing"
		ok=0
	elif cmp -s "$tmp/recorded.out" "$tmp/replayed.out"; then
		echo "MATCH: the replay printed exactly what the recording printed."
	else
		echo "MISMATCH: the replay's output differs from the recording:"
		diff -u "$tmp/recorded.out" "$tmp/replayed.out" || true
		ok=0
	fi
	if ((rc_rec != rc_rep)); then
		echo "MISMATCH: exit status $rc_rec when recorded, $rc_rep on replay"
		ok=0
	fi

	say "rrsup info $tmp/trace"
	./rrsup info "$tmp/trace" || ok=0

	((ok)) || die "demo failed"
}

# --- test -------------------------------------------------------------------

# Copy the source tree (tracked and untracked-but-not-ignored files) into $1,
# without the in-tree build's products, so it can be configured afresh.
copy_sources() {
	local dest=$1
	if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$ROOT" ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' f; do
				[[ -e $f ]] && printf '%s\0' "$f"
			done |
			tar -C "$ROOT" --null -T - -cf - | tar -C "$dest" -xf -
	else
		cp -a "$ROOT/." "$dest/"
		if [[ -f $dest/Makefile ]]; then
			make -C "$dest" distclean >/dev/null
		fi
	fi
}

asan_unit_tests() {
	local dir
	dir=$(mktemp -d "${TMPDIR:-/tmp}/rrsup-asan.XXXXXX") || return 1
	say "ASan/UBSan build in $dir: unit tests"
	copy_sources "$dir" || return 1
	# Chained with &&: this function runs in a "||" context, where bash
	# ignores set -e.
	(
		cd "$dir" &&
			autoreconf -fi &&
			mkdir -p build-asan &&
			cd build-asan &&
			../configure CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer' ||
			exit 1
		export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
		export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
		if ! make -j"$JOBS" check | tee "$ASAN_LOG"; then
			for log in tests/unit/*.log; do
				if ! grep -qs -e '^:test-result: FAIL' -e '^:test-result: ERROR' "${log%.log}.trs"; then
					continue
				fi
				echo "--- $log (last 60 lines)"
				tail -n 60 "$log"
			done
			exit 1
		fi
		# The record/replay suite again, with this supervisor: it
		# parses traces and buffers, where UBSan found misaligned
		# reads the unit tests never made.  No leak check: rrsup
		# leaves its last allocations to the exit.
		say "tests/run-all.sh with the ASan/UBSan supervisor"
		ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
			RRSUP="$dir/build-asan/rrsup" bash "$ROOT/tests/run-all.sh" 2>&1 |
			tee "$ASAN_SUITE_LOG"
		exit "${PIPESTATUS[0]}"
	)
	local rc=$?
	if ((rc == 0)); then
		rm -rf "$dir"
	else
		echo "ASan build kept for inspection: $dir" >&2
	fi
	return "$rc"
}

# The numbers in an "N passed, N failed[, N skipped]" line, or in
# automake's "# PASS: N" / "# FAIL: N" lines.
count_of() {
	local file=$1 what=$2 n
	n=$(grep -Eo "^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$" "$file" | tail -n 1 |
		grep -Eo "[0-9]+ $what" | grep -Eo '^[0-9]+')
	if [[ -z $n ]]; then
		case $what in
		passed) n=$(sed -n 's/^# PASS: *//p' "$file" | tail -n 1) ;;
		failed) n=$(sed -n 's/^# \(FAIL\|ERROR\): *//p' "$file" | awk '{ s += $1 } END { print s + 0 }') ;;
		skipped) n=$(sed -n 's/^# SKIP: *//p' "$file" | tail -n 1) ;;
		esac
	fi
	echo "${n:-0}"
}

run_tests() {
	local rc_suite=0 rc_asan=0 suite_log
	[[ -f tests/run-all.sh ]] || die "tests/run-all.sh is missing"
	suite_log=$(mktemp)
	ASAN_LOG=$(mktemp)
	ASAN_SUITE_LOG=$(mktemp)

	say "tests/run-all.sh"
	RRSUP="$ROOT/rrsup" bash tests/run-all.sh 2>&1 | tee "$suite_log"
	rc_suite=${PIPESTATUS[0]}

	asan_unit_tests || rc_asan=$?

	say "summary"
	echo "tests/run-all.sh:          $( ((rc_suite == 0)) && echo ok || echo "FAILED (status $rc_suite)")"
	echo "unit tests and suite under ASan/UBSan: $( ((rc_asan == 0)) && echo ok || echo "FAILED (status $rc_asan)")"
	local passed failed skipped log
	passed=0 failed=0 skipped=0
	for log in "$suite_log" "$ASAN_LOG" "$ASAN_SUITE_LOG"; do
		passed=$((passed + $(count_of "$log" passed)))
		failed=$((failed + $(count_of "$log" failed)))
		skipped=$((skipped + $(count_of "$log" skipped)))
	done
	# A suite that died before counting still fails the run.
	((rc_suite == 0 && rc_asan == 0)) || ((failed > 0)) || failed=1
	rm -f "$suite_log" "$ASAN_LOG" "$ASAN_SUITE_LOG"
	if ((skipped > 0)); then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
	((rc_suite == 0 && rc_asan == 0))
}

# --- main -------------------------------------------------------------------

main() {
	(($# == 1)) || usage 2
	case $1 in
	demo | test | build) ;;
	-h | --help | help) usage 0 ;;
	*) usage 2 ;;
	esac
	[[ $(uname -m) == x86_64 && $(uname -s) == Linux ]] ||
		die "rrsup runs on x86-64 Linux only"

	install_packages
	build
	case $1 in
	demo) demo ;;
	test) run_tests ;;
	build) ;;
	esac
}

main "$@"

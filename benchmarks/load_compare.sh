#!/usr/bin/env bash
# Before and after in one run: the load test and the query plans of the same pages, first with the code
# of an earlier commit, then with the working tree, against the same database (normally the region of
# `manage.py generate_region` on PostgreSQL).
#
#   benchmarks/load_compare.sh REF DATABASE_URL [seconds] [clients]
#
# REF is a commit (e.g. the one before a performance change). The earlier code runs from a temporary
# git worktree with this checkout's virtual environment.
set -euo pipefail
ref=${1:?commit to compare with}
database_url=${2:?database URL}
seconds=${3:-30}
clients=${4:-16}
here=$(cd "$(dirname "$0")/.." && pwd)
before=$(mktemp -d)
trap 'git -C "$here" worktree remove --force "$before" >/dev/null 2>&1 || true' EXIT
git -C "$here" worktree add -q --detach "$before" "$ref"
ln -s "$here/.venv" "$before/.venv"
python="$here/.venv/bin/python"

for side in before after; do
  tree=$here
  [ "$side" = before ] && tree=$before
  echo "=== $side: $(git -C "$tree" log -1 --format='%h %s' | cut -c1-100)"
  (cd "$tree" && "$python" benchmarks/load.py --database-url "$database_url" --duration "$seconds" \
    --clients "$clients" --port $((8890 + RANDOM % 100)) | tail -n +2)
  # The plans script is newer than some commits: the queries per page come from this checkout's
  # script, run on the other tree's code.
  (cd "$tree" && MENTORING_ROOT="$tree" "$python" "$here/benchmarks/plans.py" --database-url "$database_url" --top 0)
done

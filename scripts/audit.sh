#!/usr/bin/env bash
# npm audit of what the pack and the command ship (no dev dependencies): fails on high or
# critical advisories. Where the registry offers no advisory endpoint (this workplace's mirror
# answers 405), it says so and does not pretend to have checked.
set -uo pipefail
out=$(npm audit --omit=dev --audit-level=high 2>&1)
code=$?
if [ $code -ne 0 ] && grep -qE "audit endpoint returned an error|ENOAUDIT|405 Method Not Allowed" <<<"$out"; then
  echo "npm audit: the registry here has no advisory endpoint; not checked (run npm audit --omit=dev where it has one)"
  exit 0
fi
echo "$out"
exit $code

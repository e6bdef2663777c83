#!/bin/sh
# Fills deploy/nginx/jisr.conf.template for containers and runs nginx in the foreground.
#   BOT_UPSTREAMS   space-separated host:port of the bots  (default "bot:8000": every replica Docker's DNS
#                   returns for the service name; nginx resolves the names when it starts: restart nginx
#                   after scaling)
#   RASA_UPSTREAMS  space-separated host:port of the Rasa replicas (default "rasa:5005")
#   LISTEN, RASA_LISTEN  listen addresses (default 80 and 5005)
set -eu
line() { for u in $1; do printf '        server %s max_fails=1 fail_timeout=5s;\n' "$u"; done; }
BOTS=$(line "${BOT_UPSTREAMS:-bot:8000}")
RASAS=$(line "${RASA_UPSTREAMS:-rasa:5005}")
awk -v bots="$BOTS" -v rasas="$RASAS" -v listen="${LISTEN:-80}" -v rlisten="${RASA_LISTEN:-5005}" '
  { gsub(/@LISTEN@/, listen); gsub(/@RASA_LISTEN@/, rlisten) }
  /@BOTS@/ { print bots; next }
  /@RASAS@/ { print rasas; next }
  { print }' /etc/nginx/jisr.conf.template > /etc/nginx/conf.d/jisr.conf
exec nginx -g 'daemon off;'

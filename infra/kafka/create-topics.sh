#!/usr/bin/env bash
# Creates Tally's Kafka topics as topics.properties defines them, with Apache Kafka's kafka-topics.sh. Topics that
# exist already are left as they are (--if-not-exists); change an existing topic's settings with kafka-configs.sh.
#
# Usage: infra/kafka/create-topics.sh [options]
#   --bootstrap-server HOST:PORT   the cluster (default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092)
#   --command-config FILE          client settings for a secured cluster (SASL/TLS), passed to kafka-topics.sh
#   --replication-factor N         override every topic's replication factor (1 for a single development broker);
#                                  min.insync.replicas is lowered to N where it is higher
#   --dry-run                      print the kafka-topics.sh commands instead of running them
#
# Environment: KAFKA_TOPICS names the kafka-topics.sh to run (default: kafka-topics.sh on the PATH, e.g.
# /opt/kafka/bin/kafka-topics.sh); TALLY_KAFKA_TOPICS_FILE another definitions file.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
definitions="${TALLY_KAFKA_TOPICS_FILE:-$here/topics.properties}"
kafka_topics="${KAFKA_TOPICS:-kafka-topics.sh}"
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}"
command_config=""
replication_override=""
dry_run=false

while [[ $# -gt 0 ]]; do
  case "$1" in
    --bootstrap-server) bootstrap="$2"; shift 2 ;;
    --command-config) command_config="$2"; shift 2 ;;
    --replication-factor) replication_override="$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "create-topics.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [[ -n "$replication_override" && ! "$replication_override" =~ ^[1-9][0-9]*$ ]]; then
  echo "create-topics.sh: --replication-factor must be a positive number, not '$replication_override'" >&2
  exit 2
fi
if [[ ! -r "$definitions" ]]; then
  echo "create-topics.sh: cannot read $definitions" >&2
  exit 1
fi

# key=value lines of the definitions file, in file order; comments and blank lines skipped
declare -A value
declare -a keys=()
while IFS= read -r line || [[ -n "$line" ]]; do
  line="${line#"${line%%[![:space:]]*}"}"
  [[ -z "$line" || "$line" == \#* ]] && continue
  if [[ "$line" != *=* ]]; then
    echo "create-topics.sh: not a key=value line in $definitions: $line" >&2
    exit 1
  fi
  key="${line%%=*}"
  value["$key"]="${line#*=}"
  keys+=("$key")
done < "$definitions"

created=0
for key in "${keys[@]}"; do
  [[ "$key" == *.name ]] || continue
  id="${key%.name}"
  topic="${value[$key]}"
  partitions="${value[$id.partitions]:-}"
  replication="${value[$id.replication-factor]:-}"
  if [[ -z "$partitions" || -z "$replication" ]]; then
    echo "create-topics.sh: $id needs $id.partitions and $id.replication-factor in $definitions" >&2
    exit 1
  fi
  [[ -n "$replication_override" ]] && replication="$replication_override"

  args=(--bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic"
        --partitions "$partitions" --replication-factor "$replication")
  [[ -n "$command_config" ]] && args+=(--command-config "$command_config")
  for config_key in "${keys[@]}"; do
    [[ "$config_key" == "$id.config."* ]] || continue
    name="${config_key#"$id.config."}"
    setting="${value[$config_key]}"
    # Requiring more in-sync replicas than there are copies would refuse every acks=all write.
    if [[ "$name" == "min.insync.replicas" && "$setting" -gt "$replication" ]]; then
      setting="$replication"
    fi
    args+=(--config "$name=$setting")
  done

  if $dry_run; then
    echo "$kafka_topics ${args[*]}"
  else
    echo "Creating $topic ($partitions partitions, replication factor $replication) unless it exists"
    "$kafka_topics" "${args[@]}"
  fi
  created=$((created + 1))
done

if [[ $created -eq 0 ]]; then
  echo "create-topics.sh: no <id>.name entries in $definitions" >&2
  exit 1
fi

#!/usr/bin/env bash
# A single-node Slurm cluster on this machine (Debian's slurm-wlm and munge): slurmctld and
# slurmd on the local host, with their own configuration, munge key and socket, state and logs
# under one folder, so nothing in /etc is changed and `down` removes every trace but the folder.
#   scripts/slurm_local.sh up       install what is missing (apt), start munged, slurmctld, slurmd;
#                                   wait until the node is idle; print the SLURM_CONF to export
#   scripts/slurm_local.sh down     stop the daemons this script started (by their pid files)
#   scripts/slurm_local.sh status   the node's state as sinfo reports it
# LOGSGD_SLURM_DIR (default results/slurm-cluster in the project) holds slurm.conf, munge.key, the sockets, pid files,
# state, spool and logs; LOGSGD_SLURM_PORT (default 6817; slurmd uses the next port) the ports.
# Exit codes: 0 done, 1 an error, 77 Slurm cannot run here (not root, no apt, a daemon that does
# not start): the message says why.
# Root only: slurmd runs jobs as their submitting user and the daemons run as root here
# (SlurmUser=root), without cgroups (proctrack/linuxproc, task/none), so it works in containers.
set -euo pipefail

project_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${LOGSGD_SLURM_DIR:-$project_dir/results/slurm-cluster}
port=${LOGSGD_SLURM_PORT:-6817}
conf=$dir/slurm.conf
host=$(hostname -s)

cannot() { echo "slurm_local: cannot run Slurm here: $*" >&2; exit 77; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_missing() {
  local packages=(slurmctld slurmd slurm-client munge) need=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || cannot "no apt-get to install ${need[*]}"
  echo "slurm_local: installing ${need[*]}" >&2
  apt-get update -qq >/dev/null 2>&1 || cannot "apt-get update failed (no access to Debian's archive?)"
  # The packages' own services stay stopped (policy-rc.d or no init): this script starts its own.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 ||
    cannot "apt-get install ${need[*]} failed"
}

write_conf() {
  local cpus memory
  cpus=$(nproc)
  memory=$(awk '/^MemTotal:/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
  cat >"$conf" <<CONF
# Written by scripts/slurm_local.sh: one node, this host, no accounting, no cgroups.
ClusterName=logsgd
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdTimeout=60
InactiveLimit=0
KillWait=10
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
}

up() {
  [ "$(id -u)" -eq 0 ] || cannot "the daemons need root (this is uid $(id -u))"
  install_missing
  for program in munged slurmctld slurmd sinfo sbatch; do
    command -v "$program" >/dev/null || cannot "$program is not installed"
  done
  mkdir -p "$dir/state" "$dir/spool"
  chmod 700 "$dir"
  if alive "$dir/slurmctld.pid" && alive "$dir/slurmd.pid" && alive "$dir/munged.pid"; then
    echo "slurm_local: already up in $dir" >&2
  else
    down quiet
    write_conf
    if [ ! -f "$dir/munge.key" ]; then
      (umask 077 && head -c 1024 /dev/urandom >"$dir/munge.key")
    fi
    munged --force --key-file="$dir/munge.key" --socket="$dir/munge.socket" --pid-file="$dir/munged.pid" \
      --log-file="$dir/munged.log" --seed-file="$dir/munged.seed" ||
      cannot "munged did not start (see $dir/munged.log)"
    export SLURM_CONF=$conf
    # -i: ignore state left by an earlier cluster in this folder (jobs of a stopped cluster).
    slurmctld -f "$conf" -i || cannot "slurmctld did not start (see $dir/slurmctld.log)"
    slurmd -f "$conf" || cannot "slurmd did not start (see $dir/slurmd.log)"
  fi
  export SLURM_CONF=$conf
  local state=""
  for _ in $(seq 60); do
    state=$(sinfo -h -N -n "$host" -o '%T' 2>/dev/null || true)
    case $state in
      idle*|mixed*|allocated*) echo "slurm_local: node $host is $state; export SLURM_CONF=$conf" >&2; return 0 ;;
      down*|drain*) scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 1
  done
  local last
  last=$(tail -n 3 "$dir/slurmctld.log" "$dir/slurmd.log" 2>/dev/null | tr '\n' ' ')
  down quiet
  cannot "node $host did not become idle within 60 s (state '${state:-none}'); logs: $last"
}

down() {
  local stopped=0
  for daemon in slurmd slurmctld munged; do
    if alive "$dir/$daemon.pid"; then
      kill "$(cat "$dir/$daemon.pid")" 2>/dev/null || true
      stopped=1
      for _ in $(seq 50); do alive "$dir/$daemon.pid" || break; sleep 0.2; done
    fi
    rm -f "$dir/$daemon.pid"
  done
  [ "${1:-}" = quiet ] || echo "slurm_local: $([ $stopped -eq 1 ] && echo stopped || echo 'was not running') ($dir)" >&2
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) SLURM_CONF=$conf sinfo -N ;;
  *) echo "usage: $0 up|down|status" >&2; exit 1 ;;
esac

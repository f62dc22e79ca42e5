#!/usr/bin/env python3
"""Runs `tilevolve evolve --distributed mpi` under mpirun on this machine and
checks what the run database holds. Scenarios:

  classes         two device classes (rank 2 pinned to one CPU and told to use
                  1 thread): every program's score is the geomean of its two
                  per-device scores, stored under metrics "devices"
  kill_evaluator  rank 2 is killed (SIGKILL) while it runs a job: its job is
                  re-queued on rank 1 and every iteration is committed
  resume          rank 0 (the controller) is killed mid-run; the evaluators
                  stop on their own; --resume finishes the run
  one_rank        mpirun -np 1: no evaluator, exit 2 with a clear message

The external evaluator (written here) scores instantly from the program's
numbers and `nproc`, so the per-device scores differ when the CPUs visible differ.
"""
import argparse
import json
import math
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

INITIAL = """# EVOLVE-BLOCK-START
a = 3
b = 5
c = 7
# EVOLVE-BLOCK-END
"""

# Score: 1 + (sum of the program's digits mod 17) / 10, times (1 + nproc / 8).
# $HOME/markers (when it exists) records each job's start, for the kill scenario.
EVALUATOR = r"""#!/bin/sh
if [ -n "$HOME" ] && [ -d "$HOME/markers" ]; then : > "$HOME/markers/started.$(date +%s%N)"; fi
if [ -n "$HOME" ] && [ -f "$HOME/delay" ]; then sleep "$(cat "$HOME/delay")"; fi
sum=$(tr -cd '0-9' < "$1" | sed 's/./&+/g; s/+$//')
n=$(nproc)
awk -v s="$(( ${sum:-0} ))" -v n="$n" 'BEGIN { printf "{\"combined_score\": %.6f, \"nproc\": %d}\n", (1 + (s % 17) / 10) * (1 + n / 8), n }'
"""

CONFIG = """max_iterations: {iterations}
checkpoint_interval: 100
random_seed: 3
database:
  population_size: 50
  num_islands: 1
evaluator:
  timeout: 20
  cascade_evaluation: false
mutator:
  kind: offline
  max_literal_changes: 1
"""


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def prepare(work, iterations):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    with open(os.path.join(work, "initial.py"), "w") as f:
        f.write(INITIAL)
    evaluator = os.path.join(work, "evaluator.sh")
    with open(evaluator, "w") as f:
        f.write(EVALUATOR)
    os.chmod(evaluator, 0o755)
    with open(os.path.join(work, "config.yaml"), "w") as f:
        f.write(CONFIG.format(iterations=iterations))


def environment(work, silence_s=3):
    env = dict(os.environ)
    env.update({
        "OMPI_ALLOW_RUN_AS_ROOT": "1",
        "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
        "OMPI_MCA_btl_vader_single_copy_mechanism": "none",  # containers forbid CMA (ptrace)
        "OMPI_MCA_rmaps_base_oversubscribe": "1",
        "TILEVOLVE_CACHE_DIR": os.path.join(work, "cache"),
        "TILEVOLVE_MPI_HEARTBEAT_S": "0.2",
        "TILEVOLVE_MPI_SILENCE_S": str(silence_s),
    })
    return env


def evolve_args(args, work, extra=()):
    return [args.tilevolve, "evolve", os.path.join(work, "initial.py"), os.path.join(work, "evaluator.sh"),
            "--config", os.path.join(work, "config.yaml"), "--output", os.path.join(work, "out"),
            "--distributed", "mpi"] + list(extra)


def mpirun(args, contexts):
    """contexts: list of (np, [mpirun -x options], argv)."""
    command = [args.mpirun, "--enable-recovery", "--oversubscribe", "--bind-to", "none",
               "--mca", "btl", "self,vader,tcp"]
    for i, (np, options, argv) in enumerate(contexts):
        if i > 0:
            command.append(":")
        command += ["-np", str(np)] + options + argv
    return command


def programs(work):
    db = sqlite3.connect(os.path.join(work, "out", "tilevolve.db"))
    rows = db.execute("SELECT iteration, outcome, score, metrics_json FROM programs ORDER BY iteration").fetchall()
    db.close()
    return rows


def check_all_iterations(work, iterations):
    """Every iteration is committed: the run state's next iteration is past the last (a child identical to an
    evaluated program is skipped, not stored, so the programs' iterations may have gaps)."""
    rows = programs(work)
    db = sqlite3.connect(os.path.join(work, "out", "tilevolve.db"))
    state = json.loads(db.execute("SELECT state FROM run_state").fetchone()[0])
    db.close()
    if state["next_iteration"] != iterations + 1:
        fail("the run state's next iteration is %d, expected %d" % (state["next_iteration"], iterations + 1))
    if not rows:
        fail("no program committed")
    return rows


def start(command, env):
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def finish(p, timeout):
    """Waits for mpirun; on a timeout kills its whole process group and fails with what it printed."""
    try:
        output, _ = p.communicate(timeout=timeout)
        return output
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        output, _ = p.communicate()
        print(output[-6000:])
        fail("mpirun did not finish within %d s" % timeout)
    return ""


def run(command, env, timeout):
    started = time.time()
    p = start(command, env)
    p.stdout = finish(p, timeout)
    print(p.stdout[-4000:])
    print("exit %d after %.1f s" % (p.returncode, time.time() - started))
    return p


def rank_pid(mpirun_pid, rank):
    """The PID of MPI rank `rank` among mpirun's children (Open MPI sets OMPI_COMM_WORLD_RANK)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            if ppid != mpirun_pid:
                continue
            with open("/proc/%s/environ" % entry, "rb") as f:
                env = f.read().split(b"\0")
            if ("OMPI_COMM_WORLD_RANK=%d" % rank).encode() in env:
                return int(entry)
        except (OSError, ValueError, IndexError):
            continue
    return None


def scenario_classes(args, work):
    iterations = 6
    prepare(work, iterations)
    env = environment(work, silence_s=20)  # nothing is killed here: no false loss under load
    two = ["-x", "TILEVOLVE_EVALUATOR_THREADS=2"]
    one = ["-x", "TILEVOLVE_EVALUATOR_THREADS=1"]
    pinned = ["taskset", "-c", "0"]
    p = run(mpirun(args, [(2, two, evolve_args(args, work)), (1, one, pinned + evolve_args(args, work))]), env, 90)
    if p.returncode != 0 or "the run ended with exit code 0" not in p.stdout:
        fail("the run failed")
    if "2 device class(es)" not in p.stdout:
        fail("expected two device classes in the log")
    # The throughput summary (bench/distributed/throughput.py reads these lines).
    if not re.search(r"\d+ evaluations in [\d.]+ s \([\d.]+ per minute\); the controller spent", p.stdout):
        fail("expected the pool's throughput summary in the log")
    if not re.search(r"after the first result: \d+ evaluations in [\d.]+ s \([\d.]+ per minute\)", p.stdout):
        fail("expected the steady-state throughput ('after the first result: ...') in the log")
    rows = check_all_iterations(work, iterations)
    for iteration, outcome, score, metrics_json in rows:
        metrics = json.loads(metrics_json)
        devices = metrics.get("devices", {})
        if len(devices) != 2:
            fail("iteration %d: expected 2 devices in metrics, got %s" % (iteration, list(devices)))
        if outcome != "ok":
            fail("iteration %d: outcome %s" % (iteration, outcome))
        per_device = [d["combined_score"] for d in devices.values()]
        expected = math.sqrt(per_device[0] * per_device[1])
        if abs(score - expected) > 1e-9 * expected:
            fail("iteration %d: score %r is not the geomean of %r" % (iteration, score, per_device))
        classes = sorted(devices)
        if not (classes[0].endswith("/1t") and classes[1].endswith("/2t")):
            fail("device classes %s should differ by threads" % classes)
        nprocs = sorted(d["nproc"] for d in devices.values())
        if os.cpu_count() >= 2 and nprocs[0] == nprocs[1]:
            fail("the pinned rank should see fewer CPUs: %s" % nprocs)
    print("ok: %d programs, each the geomean of two device classes" % len(rows))


def scenario_kill_evaluator(args, work):
    iterations = 8
    prepare(work, iterations)
    env = environment(work)
    home2 = os.path.join(work, "home2")
    os.makedirs(os.path.join(home2, "markers"))
    with open(os.path.join(home2, "delay"), "w") as f:
        f.write("30")  # rank 2's first job would take 30 s: it is killed during it
    command = mpirun(args, [(2, [], evolve_args(args, work)), (1, ["-x", "HOME=" + home2], evolve_args(args, work))])
    started = time.time()
    p = start(command, env)
    try:
        while not os.listdir(os.path.join(home2, "markers")):
            if time.time() - started > 60 or p.poll() is not None:
                fail("rank 2 never started a job")
            time.sleep(0.05)
        pid = rank_pid(p.pid, 2)
        if pid is None:
            fail("cannot find rank 2's process")
        os.kill(pid, signal.SIGKILL)
        print("killed rank 2 (pid %d) during its job, %.1f s in" % (pid, time.time() - started))
    except BaseException:
        os.killpg(p.pid, signal.SIGKILL)
        raise
    output = finish(p, 60)
    print(output[-4000:])
    if p.returncode != 0 or "the run ended with exit code 0" not in output:
        fail("the run failed (mpirun exit %d)" % p.returncode)
    if "rank 2" not in output or "is lost" not in output or "goes to another evaluator" not in output:
        fail("the log should say rank 2 was lost and its job re-queued")
    rows = check_all_iterations(work, iterations)
    if any(r[1] != "ok" for r in rows):
        fail("every program should be ok: %s" % [r[1] for r in rows])
    print("ok: rank 2 killed mid-job, its job re-queued, %d programs committed" % len(rows))


def scenario_resume(args, work):
    iterations = 8
    prepare(work, iterations)
    env = environment(work)
    home = os.path.join(work, "home")
    os.makedirs(home)
    with open(os.path.join(home, "delay"), "w") as f:
        f.write("0.2")
    options = ["-x", "HOME=" + home]
    command = mpirun(args, [(3, options, evolve_args(args, work))])
    started = time.time()
    p = start(command, env)
    db_path = os.path.join(work, "out", "tilevolve.db")
    try:
        while True:
            if time.time() - started > 60 or p.poll() is not None:
                fail("the run ended before it could be killed")
            try:
                if os.path.exists(db_path) and len(programs(work)) >= 3:
                    break
            except sqlite3.Error:
                pass
            time.sleep(0.05)
        pid = rank_pid(p.pid, 0)
        if pid is None:
            fail("cannot find rank 0's process")
        os.kill(pid, signal.SIGKILL)
        print("killed rank 0 (pid %d), %.1f s in" % (pid, time.time() - started))
    except BaseException:
        os.killpg(p.pid, signal.SIGKILL)
        raise
    output = finish(p, 60)
    print(output[-3000:])
    if "controller (rank 0) has been silent" not in output:
        fail("the evaluators should stop on their own when the controller dies")
    before = len(programs(work))
    p = run(mpirun(args, [(3, options, evolve_args(args, work, ["--resume"]))]), env, 90)
    if p.returncode != 0 or "the run ended with exit code 0" not in p.stdout:
        fail("the resumed run failed")
    rows = check_all_iterations(work, iterations)
    print("ok: killed with %d programs committed, resumed to %d" % (before, len(rows)))


def scenario_one_rank(args, work):
    prepare(work, 2)
    p = run(mpirun(args, [(1, [], evolve_args(args, work))]), environment(work), 60)
    if "no evaluator" not in p.stdout:
        fail("one rank should say there is no evaluator")
    if os.path.exists(os.path.join(work, "out", "tilevolve.db")):
        fail("one rank should not start a run")
    print("ok: one rank refused (mpirun exit %d)" % p.returncode)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mpirun", required=True)
    parser.add_argument("--tilevolve", required=True)
    parser.add_argument("--scenario", required=True,
                        choices=["classes", "kill_evaluator", "resume", "one_rank"])
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    globals()["scenario_" + args.scenario](args, os.path.abspath(args.work))


if __name__ == "__main__":
    main()

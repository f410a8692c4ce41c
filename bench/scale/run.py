"""Batch screening at scale (issue #10): one synthetic corpus of N resumes (default 1,000,000)
against 10 jobs, in four configurations, each in a fresh child process:

    single-1  one process, RAYON_NUM_THREADS=1 (the 1-core baseline)
    single-2  one process, RAYON_NUM_THREADS=2 (rayon's default on this 2-core machine)
    spark     Spark local[2], DataFrame.mapInArrow, RAYON_NUM_THREADS=1 in every Python worker
    dask      Dask LocalCluster(n_workers=2, threads_per_worker=1, processes=True),
              map_partitions, RAYON_NUM_THREADS=1 in every worker

Every configuration does the same work: each Parquet file of the corpus (50,000 rows) goes
through ``interviewkit.batch.screen(..., top=50)`` (parse each resume text, score it against the
10 jobs), and the driver merges the per-part top-50 lists into each job's top 50 (score
descending, then id), written to ``OUT/<config>.parquet``. Each part also reports its row count,
which must add up to N. The merged lists are compared by a SHA-256 over (job, rank, id, score):
any difference between configurations fails the run (exit 1).

Measured per configuration: wall time of the child process (spawn to exit, so interpreter, JVM
and cluster start-up count), the start-up part (child start until the engine is ready; for the
single process until the first batch is read), CPU seconds of the whole process tree (os.wait4),
the 1- and 5-minute load average before and after, and the peak RSS of every process in the tree:
``VmHWM`` (the kernel's high-water mark of resident memory) read from /proc/PID/status every
0.25 s for the child and all its descendants (the last reading before a process exits is kept).

    bench/run-scale                       # N=1,000,000 (SCALE_N), all four configurations
    SCALE_N=20000 bench/run-scale         # a quick run
    SCALE_CONFIGS=single-1,dask bench/run-scale

Spark or Dask missing → that configuration is skipped with a message (exit status stays 0).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import pathlib
import platform
import shutil
import subprocess
import sys
import threading
import time
from typing import Any, Optional

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

TOP = 50
REF = "2026-06-30"
CONFIGS = {
    # name: (workers, RAYON_NUM_THREADS, description)
    "single-1": (1, "1", "single process, 1 rayon thread"),
    "single-2": (2, "2", "single process, 2 rayon threads"),
    "spark": (2, "1", "Spark local[2], mapInArrow, 1 thread per task"),
    "dask": (2, "1", "Dask LocalCluster, 2 worker processes × 1 thread"),
}
COUNT = "__rows__"  # job_id of the per-part row-count record


# ---------------------------------------------------------------- shared by every configuration

def screen_part(table: Any, jobs: list, rayon: str) -> Any:
    """One part through ``batch.screen(top=50)``: its top rows (id, job_id, score, error_code)
    plus one record ``job_id == "__rows__"`` whose score is the part's row count."""
    import pyarrow as pa
    from interviewkit import batch

    if os.environ.get("RAYON_NUM_THREADS") != rayon:
        raise RuntimeError(f"RAYON_NUM_THREADS is {os.environ.get('RAYON_NUM_THREADS')!r} in pid "
                           f"{os.getpid()}, expected {rayon!r}")
    prefix = os.environ.get("SCALE_IK_PREFIX")
    if prefix and not batch.__file__.startswith(prefix):
        raise RuntimeError(f"pid {os.getpid()} imported interviewkit from {batch.__file__}, not from {prefix}")
    out = batch.screen(table, jobs, id_column="id", reference_date=REF, top=TOP)
    out = out.select(["id", "job_id", "score", "error_code"])
    count = pa.table({"id": pa.array([None], pa.string()), "job_id": [COUNT],
                      "score": pa.array([float(table.num_rows)], pa.float64()),
                      "error_code": pa.array([None], pa.string())})
    return pa.concat_tables([out.cast(count.schema), count])


def merge(tables: list) -> tuple[Any, int, int]:
    """Per-part results → (each job's top 50, rows counted, error rows)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = pa.concat_tables(tables)
    is_count = pc.equal(t["job_id"], COUNT)
    rows = int(pc.sum(t.filter(is_count)["score"]).as_py() or 0)
    t = t.filter(pc.invert(is_count))
    errors = t.filter(pc.is_valid(t["error_code"])).num_rows
    ok = t.filter(pc.is_null(t["error_code"]))
    ok = ok.sort_by([("job_id", "ascending"), ("score", "descending"), ("id", "ascending")])
    parts = [ok.filter(pc.equal(ok["job_id"], j)).slice(0, TOP) for j in sorted(set(ok["job_id"].to_pylist()))]
    top = pa.concat_tables(parts) if parts else ok
    return top.select(["job_id", "id", "score"]), rows, errors


def checksum(top: Any) -> str:
    h = hashlib.sha256()
    rank, last = 0, None
    for job, rid, score in zip(*(top[c].to_pylist() for c in ("job_id", "id", "score"))):
        rank = rank + 1 if job == last else 1
        last = job
        h.update(f"{job}\t{rank}\t{rid}\t{score!r}\n".encode())
    return h.hexdigest()


# ---------------------------------------------------------------- the child: one configuration

def child(config: str, directory: pathlib.Path, result_path: pathlib.Path) -> None:
    t0 = time.perf_counter()
    import pyarrow as pa
    import pyarrow.parquet as pq

    _, rayon, _ = CONFIGS[config]
    jobs = [{k: j[k] for k in ("id", "lang", "text")} for j in json.loads((directory / "jobs.json").read_text())]
    files = sorted(str(p) for p in (directory / "resumes").glob("*.parquet"))
    n_parts = len(files)
    info: dict[str, Any] = {}

    def log(msg: str) -> None:
        print(f"[{config} {time.perf_counter() - t0:7.1f} s] {msg}", file=sys.stderr, flush=True)

    if config.startswith("single"):
        if rayon == "1":
            pa.set_cpu_count(1)  # Arrow's own decode threads too: a strict 1-core baseline
            pa.set_io_thread_count(1)
        from interviewkit import batch  # noqa: F401  (import cost counts as start-up)

        # The files one after the other, one 50,000-row batch at a time. (pyarrow.dataset's
        # to_batches keeps decoding ahead while the GIL-free screening runs, whatever its
        # readahead settings: it held the whole 1.8 GB of decoded text in the driver.)
        reader = (b for f in files
                  for b in pq.ParquetFile(f).iter_batches(batch_size=50_000, columns=["id", "text"]))
        results: list = []
        ready = None
        done = 0
        for b in reader:
            if ready is None:
                ready = time.perf_counter()
            results.append(screen_part(pa.Table.from_batches([b]), jobs, rayon))
            done += b.num_rows
            log(f"{done:,} rows")
        ready = ready or time.perf_counter()
    elif config == "spark":
        from pyspark.sql import SparkSession
        from pyspark.sql.pandas.types import from_arrow_schema

        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
        biggest = max(os.path.getsize(f) for f in files)
        spark = (SparkSession.builder.master("local[2]").appName("interviewkit-scale")
                 .config("spark.ui.enabled", "false")
                 .config("spark.driver.bindAddress", "127.0.0.1")
                 .config("spark.executorEnv.RAYON_NUM_THREADS", "1")
                 # one Parquet file (50,000 rows) per partition, one Arrow batch per partition
                 .config("spark.sql.files.maxPartitionBytes", str(biggest))
                 .config("spark.sql.execution.arrow.maxRecordsPerBatch", "50000")
                 .getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        ready = time.perf_counter()
        log("SparkSession ready")
        info["spark"] = spark.version
        bjobs = spark.sparkContext.broadcast(jobs)
        empty = pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())})
        schema = from_arrow_schema(screen_part(empty, jobs, "1").schema)

        def fn(batches):
            for b in batches:
                yield from screen_part(pa.Table.from_batches([b]), bjobs.value, "1").to_batches()

        df = spark.read.parquet(*files).select("id", "text")
        info["partitions"] = df.rdd.getNumPartitions()
        log(f"{info['partitions']} partitions")
        results = [df.mapInArrow(fn, schema).toArrow()]
        spark.stop()
    elif config == "dask":
        import dask.dataframe as dd
        import distributed
        import pandas as pd

        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, env={"RAYON_NUM_THREADS": "1"})
        client = distributed.Client(cluster)
        client.wait_for_workers(2)
        ready = time.perf_counter()
        log("LocalCluster ready")
        import dask

        info["dask"] = dask.__version__

        def read(path):
            return pq.read_table(path, columns=["id", "text"], use_threads=False).to_pandas()

        def fn(part, jobs):
            return screen_part(pa.Table.from_pandas(part, preserve_index=False), jobs, "1").to_pandas()

        parts = dd.from_map(read, files, meta=pd.DataFrame({"id": pd.Series(dtype=object), "text": pd.Series(dtype=object)}))
        info["partitions"] = parts.npartitions
        empty = pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())})
        meta = screen_part(empty, jobs, "1").to_pandas()
        out = parts.map_partitions(fn, jobs, meta=meta).compute()
        results = [pa.Table.from_pandas(out, preserve_index=False)]
        client.close()
        cluster.close()
    else:
        raise SystemExit(f"unknown configuration {config}")

    top, rows, errors = merge(results)
    out_dir = directory / "out"
    out_dir.mkdir(exist_ok=True)
    pq.write_table(top, out_dir / f"{config}.parquet")
    end = time.perf_counter()
    info.update({"startup_s": round(ready - t0, 2), "work_s": round(end - ready, 2), "rows": rows,
                 "error_rows": errors, "top_rows": top.num_rows, "parts": n_parts, "checksum": checksum(top)})
    result_path.write_text(json.dumps(info))
    log(f"done: {rows:,} rows, {top.num_rows} top rows, checksum {info['checksum'][:12]}")


# ---------------------------------------------------------------- the parent: run and measure

def _status(pid: int) -> dict[str, int]:
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmHWM:", "VmRSS:")):
                out[line.split(":")[0]] = int(line.split()[1])  # kB
    return out


def _role(proc: Any, root: int, cmd: list[str], parent_cmd: list[str]) -> str:
    joined = " ".join(cmd)
    if proc.pid == root:
        return "driver (Python)"
    if cmd and os.path.basename(cmd[0]).startswith("java"):
        return "Spark launcher (java)" if "org.apache.spark.launcher.Main" in joined else "Spark JVM (driver + executor)"
    if "pyspark.daemon" in joined:
        return "Spark Python worker" if "pyspark.daemon" in " ".join(parent_cmd) else "Spark Python daemon"
    if not cmd and "pyspark.daemon" in " ".join(parent_cmd):
        return "Spark Python worker"  # forked by the daemon, gone before its command line was read
    if "resource_tracker" in joined:
        return "multiprocessing resource tracker"
    if "spawn_main" in joined or "forkserver" in joined:
        return "Dask worker"
    return os.path.basename(cmd[0]) if cmd else "?"


class Sampler(threading.Thread):
    """Peak RSS (VmHWM) of a process and all its descendants, every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.procs: dict[int, dict[str, Any]] = {}
        self.t0 = time.perf_counter()
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.stop.is_set():
            try:
                tree = [root] + root.children(recursive=True)
            except psutil.NoSuchProcess:
                break
            for p in tree:
                try:
                    st = _status(p.pid)
                    times = p.cpu_times()
                    rec = self.procs.setdefault(p.pid, {"pid": p.pid, "role": "?", "hwm_kb": 0, "rss_kb": 0,
                                                        "cpu_s": 0.0})
                    # Re-read the command line each time: the Spark JVM starts as a bash script and execs java.
                    try:
                        parent_cmd = p.parent().cmdline() if p.parent() else []
                    except psutil.Error:
                        parent_cmd = []
                    role = _role(p, self.pid, p.cmdline(), parent_cmd)
                    if role != "?" or rec["role"] == "?":  # a process exiting loses its command line
                        rec["role"] = role
                    rec["hwm_kb"] = max(rec["hwm_kb"], st.get("VmHWM", 0))
                    rec["rss_kb"] = max(rec["rss_kb"], st.get("VmRSS", 0))
                    rec["cpu_s"] = max(rec["cpu_s"], times.user + times.system)
                    # Resident memory over time (every ~5 s) to see growth over a long run.
                    now = time.perf_counter() - self.t0
                    series = rec.setdefault("rss_mb_every_5s", [])
                    if not series or now - series[-1][0] >= 5:
                        series.append([round(now, 1), round(st.get("VmRSS", 0) / 1024)])
                except (OSError, psutil.Error):
                    continue
            self.stop.wait(self.interval)


def run_config(config: str, directory: pathlib.Path, logs: pathlib.Path) -> dict[str, Any]:
    workers, rayon, desc = CONFIGS[config]
    env = dict(os.environ, RAYON_NUM_THREADS=rayon, PYTHONUNBUFFERED="1")
    result_path = logs / f"{config}.json"
    result_path.unlink(missing_ok=True)
    load0 = os.getloadavg()
    t0 = time.perf_counter()
    with open(logs / f"{config}.log", "w") as log:
        proc = subprocess.Popen([sys.executable, str(HERE / "run.py"), "--child", config, str(directory),
                                 str(result_path)], env=env, stdout=log, stderr=subprocess.STDOUT)
        sampler = Sampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
    load1 = os.getloadavg()
    rec: dict[str, Any] = {"config": config, "description": desc, "workers": workers, "rayon_threads": int(rayon),
                           "wall_s": round(wall, 2),
                           # Sampled per process (own user + system time, last reading before exit):
                           # os.wait4 alone misses the Spark JVM and its Python workers, never reaped.
                           "cpu_s": round(max(usage.ru_utime + usage.ru_stime,
                                              sum(p["cpu_s"] for p in sampler.procs.values())), 1),
                           "load_before": [round(x, 2) for x in load0[:2]],
                           "load_after": [round(x, 2) for x in load1[:2]],
                           "processes": sorted(sampler.procs.values(), key=lambda r: (r["role"], r["pid"]))}
    if proc.returncode != 0 or not result_path.exists():
        tail = (logs / f"{config}.log").read_text(errors="replace").splitlines()[-30:]
        raise SystemExit(f"!! {config} failed (exit {proc.returncode}); last lines of {logs / (config + '.log')}:\n"
                         + "\n".join(tail))
    rec.update(json.loads(result_path.read_text()))
    return rec


def available(config: str) -> Optional[str]:
    """None, or why the configuration is skipped."""
    if config == "spark":
        if importlib.util.find_spec("pyspark") is None:
            return "pyspark is not installed (scripts/setup installs it): Spark skipped"
        if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
            return "no Java runtime (java on PATH or JAVA_HOME): Spark skipped"
    if config == "dask":
        if importlib.util.find_spec("dask") is None or importlib.util.find_spec("distributed") is None:
            return "dask / distributed is not installed (scripts/setup installs them): Dask skipped"
    return None


def native_build(path: str) -> str:
    """'release' or 'debug' for the extension module: debug builds carry a .debug_info section
    (cargo's release profile strips debug info by default)."""
    import struct

    try:
        with open(path, "rb") as f:
            data = f.read(64)
            if data[:4] != b"\x7fELF" or data[4] != 2:
                return "unknown"
            shoff, = struct.unpack_from("<Q", data, 0x28)
            shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
            f.seek(shoff)
            headers = f.read(shentsize * shnum)
            str_off, = struct.unpack_from("<Q", headers, shstrndx * shentsize + 0x18)
            str_size, = struct.unpack_from("<Q", headers, shstrndx * shentsize + 0x20)
            f.seek(str_off)
            names = f.read(str_size)
    except (OSError, struct.error):
        return "unknown"
    return "debug" if b".debug_info\x00" in names else "release"


def mb(kb: int) -> str:
    return f"{kb / 1024:,.0f}"


def table(records: list[dict[str, Any]], n: int, n_jobs: int) -> str:
    base = next((r for r in records if r["config"] == "single-1"), None)
    lines = ["| configuration | workers | wall s | start-up s | work s | resumes/s | resume-job pairs/s "
             "| scaling efficiency | efficiency, work only | CPU s | CPU vs single-1 | peak RSS MB: driver; each worker "
             "| load 1-min before → after |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in records:
        tp = n / r["wall_s"]
        tpw = n / r["work_s"] if r["work_s"] else float("nan")
        if base:
            eff = f"{tp / (r['workers'] * n / base['wall_s']):.2f}"
            effw = f"{tpw / (r['workers'] * n / base['work_s']):.2f}"
        else:
            eff = effw = "—"
        lines.append(f"| {r['config']}: {r['description']} | {r['workers']} | {r['wall_s']:.1f} | {r['startup_s']:.1f} "
                     f"| {r['work_s']:.1f} | {tp:,.0f} | {tp * n_jobs:,.0f} | {eff} | {effw} | {r['cpu_s']:.0f} "
                     f"| {(r['cpu_s'] / base['cpu_s']) if base else float('nan'):.2f}× | {rss(r)} "
                     f"| {r['load_before'][0]:.2f} → {r['load_after'][0]:.2f} |")
    return "\n".join(lines)


def rss(r: dict[str, Any]) -> str:
    driver = [p["hwm_kb"] for p in r["processes"] if p["role"] == "driver (Python)"]
    workers = [p["hwm_kb"] for p in r["processes"] if p["role"] in ("Spark Python worker", "Dask worker")]
    jvm = [p["hwm_kb"] for p in r["processes"] if p["role"] == "Spark JVM (driver + executor)"]
    out = mb(max(driver)) if driver else "?"
    if workers:
        out += "; " + ", ".join(mb(w) for w in workers)
    if jvm:
        out += f" (+ JVM {mb(max(jvm))})"
    return out


def memory_table(records: list[dict[str, Any]]) -> str:
    lines = ["| configuration | process | peak RSS MB (VmHWM) |", "|---|---|---:|"]
    for r in records:
        for p in r["processes"]:
            if p["role"] in ("multiprocessing resource tracker", "bash"):
                continue
            lines.append(f"| {r['config']} | {p['role']} (pid {p['pid']}) | {mb(p['hwm_kb'])} |")
    return "\n".join(lines)


def parent() -> int:
    import pyarrow  # noqa: F401  (fail early with a clear message)
    import interviewkit

    n = int(os.environ.get("SCALE_N", "1000000"))
    seed = int(os.environ.get("SCALE_SEED", "42"))
    n_jobs = int(os.environ.get("SCALE_JOBS", "10"))
    wanted = [c.strip() for c in os.environ.get("SCALE_CONFIGS", ",".join(CONFIGS)).split(",") if c.strip()]
    for c in wanted:
        if c not in CONFIGS:
            raise SystemExit(f"unknown configuration {c!r} in SCALE_CONFIGS (known: {', '.join(CONFIGS)})")
    build = native_build(str(next(pathlib.Path(interviewkit.__file__).parent.glob("_native*"))))
    print(f"== interviewkit from {pathlib.Path(interviewkit.__file__).parent} ({build} build)", flush=True)
    if build == "debug":
        print("!! the interviewkit extension is a DEBUG build (scripts/test-python installs one): the figures "
              "will be about 10x too slow; bench/run-scale builds a release wheel unless SCALE_BUILD=0", flush=True)
    os.environ["SCALE_IK_PREFIX"] = str(pathlib.Path(interviewkit.__file__).parent)
    directory = corpus.default_dir(n, seed)
    print(f"== corpus: {n:,} resumes, {n_jobs} jobs, seed {seed} -> {directory}", flush=True)
    manifest = corpus.ensure(directory, n, seed, n_jobs, log=lambda m: print(m, flush=True))
    logs = directory / "logs"
    logs.mkdir(exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    load_start = os.getloadavg()
    records, skipped = [], []
    for config in wanted:
        why = available(config)
        if why:
            print(f"!! {why}", flush=True)
            skipped.append(why)
            continue
        print(f"== {config}: {CONFIGS[config][2]} (log: {logs / (config + '.log')})", flush=True)
        rec = run_config(config, directory, logs)
        print(f"   wall {rec['wall_s']:.1f} s (start-up {rec['startup_s']:.1f} s), {n / rec['wall_s']:,.0f} resumes/s, "
              f"rows {rec['rows']:,}, checksum {rec['checksum'][:16]}", flush=True)
        records.append(rec)
    load_end = os.getloadavg()

    failures = []
    for r in records:
        if r["rows"] != n:
            failures.append(f"{r['config']} counted {r['rows']:,} rows, expected {n:,}")
        if r["error_rows"]:
            failures.append(f"{r['config']} has {r['error_rows']} error rows")
    sums = {r["checksum"] for r in records}
    if len(sums) > 1:
        failures.append("top-50 lists differ: " + ", ".join(f"{r['config']}={r['checksum'][:16]}" for r in records))

    env = {
        "date": started, "host": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB",
        "kernel": platform.release(), "python": platform.python_version(),
        "interviewkit": getattr(interviewkit, "__version__", "?"), "pyarrow": pyarrow.__version__,
        "interviewkit module": interviewkit.__file__,
        "native build": native_build(str(next(pathlib.Path(interviewkit.__file__).parent.glob("_native*")))),
        "load_start": [round(x, 2) for x in load_start], "load_end": [round(x, 2) for x in load_end],
    }
    for mod in ("pyspark", "dask", "distributed", "psutil"):
        try:
            env[mod] = __import__(mod).__version__
        except ImportError:
            env[mod] = None
    try:
        env["java"] = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    except (OSError, IndexError):
        env["java"] = None
    try:
        env["commit"] = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                       text=True).stdout.strip()
    except OSError:
        env["commit"] = None
    result = {"n": n, "jobs": n_jobs, "top": TOP, "corpus": manifest, "environment": env, "records": records,
              "skipped": skipped, "failures": failures}

    md = [f"# Batch screening at scale (issue #10): {n:,} resumes × {n_jobs} jobs", "",
          f"Run {started} on {env['host']} (other work running: load average 1/5/15-min "
          f"{' / '.join(f'{x:.2f}' for x in load_start)} at the start, "
          f"{' / '.join(f'{x:.2f}' for x in load_end)} at the end).", "",
          "Command: `" + (f"SCALE_N={n} " if n != 1_000_000 else "") + "bench/run-scale`"
          + (f" with SCALE_CONFIGS={','.join(wanted)}" if wanted != list(CONFIGS) else ""), "",
          f"Corpus: `bench/scale/corpus.py`, seed {seed}, {len(manifest['files'])} Parquet files of "
          f"{manifest['rows_per_file']:,} rows (zstd, {manifest['parquet_bytes'] / 2**20:,.0f} MB), mean resume "
          f"{manifest['mean_resume_bytes']:,} bytes of UTF-8 text (Chinese, Chinese with English skill names, "
          f"English 4:3:3). Work: parse every resume and score it against {n_jobs} jobs "
          f"({n * n_jobs:,} resume-job pairs), keep each job's top {TOP} (identical in every configuration: "
          f"checksum `{next(iter(sums))[:16] if len(sums) == 1 else 'MISMATCH'}`).", "",
          table(records, n, n_jobs), "",
          "Scaling efficiency = throughput / (workers × the 1-core throughput of `single-1`); 'work only' leaves "
          "out start-up (interpreter, imports, JVM/SparkSession, LocalCluster) on both sides. CPU s = user + "
          "system seconds of every process in the tree; 'CPU vs single-1' is the engine's CPU overhead for the "
          "same work, which other load on the machine does not inflate the way it inflates wall time.", "",
          "Peak resident memory of every process in the tree (VmHWM from /proc, sampled every 0.25 s):", "",
          memory_table(records), "",
          "Environment: " + ", ".join(f"{k} {v}" for k, v in env.items() if k not in ("date", "load_start", "load_end")
                                      and v is not None) + "."]
    if skipped:
        md += ["", "Skipped: " + "; ".join(skipped) + "."]
    if failures:
        md += ["", "**FAILED:** " + "; ".join(failures) + "."]
    text = "\n".join(md) + "\n"
    (directory / "results.json").write_text(json.dumps(result, indent=1))
    (directory / "RESULTS.md").write_text(text)
    if os.environ.get("SCALE_RECORD", "1" if n == 1_000_000 else "0") == "1":
        (HERE / "RESULTS.md").write_text(text)
        (HERE / f"results-{n}.json").write_text(json.dumps(result, indent=1) + "\n")
        print(f"== recorded in {HERE / 'RESULTS.md'} and {HERE / f'results-{n}.json'}")
    print()
    print(text)
    if failures:
        print("!! FAILED: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4]))
    else:
        sys.exit(parent())

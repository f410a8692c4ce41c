"""interviewkit.batch inside distributed engines: a Dask LocalCluster with two worker processes and
Spark in local mode (mapInArrow) screen the same corpus as one process, row for row. Each engine
is skipped with a clear message when it is not installed (scripts/setup installs both)."""

import pathlib
import sys

import pandas as pd
import pyarrow as pa
import pytest

from interviewkit import batch

ROOT = pathlib.Path(__file__).resolve().parents[3]
FX = ROOT / "tests" / "fixtures" / "matching"
REF = "2026-06-30"
NAMES = ["resume_zh_good", "resume_zh_nocert", "resume_en_good", "resume_en_related", "resume_en_synonym"]
TEXTS = [(FX / f"{n}.txt").read_text(encoding="utf-8") for n in NAMES]
JOBS = [
    {"id": "bank", "text": (FX / "jd_zh_banker.txt").read_text(encoding="utf-8")},
    {"id": "data", "text": (FX / "jd_en_data.txt").read_text(encoding="utf-8"), "lang": "en"},
]
# 20 rows (4 copies of each fixture under distinct ids) plus one missing value.
IDS = [f"{n}-{k}" for k in range(4) for n in NAMES] + ["empty"]
ROWS = [t for _ in range(4) for t in TEXTS] + [None]


def single_process():
    table = pa.table({"id": IDS, "text": pa.array(ROWS, type=pa.string())})
    out = batch.screen(table, JOBS, id_column="id", reference_date=REF).to_pandas()
    return out.sort_values(["id", "job_id"], na_position="last").reset_index(drop=True)


def same(a, b):
    cols = ["id", "job_id", "score", "knockout_passed", "error_code"]
    a = a.sort_values(["id", "job_id"], na_position="last").reset_index(drop=True)[cols]
    b = b.sort_values(["id", "job_id"], na_position="last").reset_index(drop=True)[cols]
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_dask_local_cluster_of_two_workers_gives_the_single_process_rows():
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed (scripts/setup installs it)")
    dd = pytest.importorskip("dask.dataframe")
    frame = pd.DataFrame({"id": IDS, "text": ROWS})
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        parts = dd.from_pandas(frame, npartitions=4)

        def screen(part, jobs):
            return batch.screen(part.reset_index(drop=True), jobs, id_column="id", reference_date=REF)

        meta = screen(frame.iloc[:0], JOBS)
        # The jobs are plain JSON: dask puts them in the task graph once, not per partition.
        out = parts.map_partitions(screen, JOBS, meta=meta).compute()
        assert len(client.scheduler_info()["workers"]) == 2
    assert len(out) == 20 * len(JOBS) + 1
    same(out, single_process())


def test_spark_local_map_in_arrow_gives_the_single_process_rows(tmp_path, monkeypatch):
    pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (scripts/setup installs it)")
    from pyspark.sql import SparkSession

    # Executors run this interpreter (the venv with interviewkit), not the machine's python3.
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    spark = (SparkSession.builder.master("local[2]").appName("interviewkit-test")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
             .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
    try:
        jobs = spark.sparkContext.broadcast(JOBS)  # shipped to each executor once
        df = spark.createDataFrame(pd.DataFrame({"id": IDS, "text": ROWS})).repartition(3)
        from pyspark.sql.pandas.types import from_arrow_schema

        empty = pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())})
        schema = from_arrow_schema(batch.screen(empty, JOBS, id_column="id", reference_date=REF).schema)

        def screen(batches):
            for b in batches:
                yield from batch.screen(b, jobs.value, id_column="id", reference_date=REF).to_batches()

        result = df.mapInArrow(screen, schema)
        path = str(tmp_path / "scores.parquet")
        result.write.parquet(path)
        out = pd.read_parquet(path)
    finally:
        spark.stop()
    assert len(out) == 20 * len(JOBS) + 1
    same(out, single_process())

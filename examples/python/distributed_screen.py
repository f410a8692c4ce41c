"""Screens a synthetic corpus against two jobs inside Spark (local[2], mapInArrow) or Dask (a
LocalCluster of two workers) and writes the scores to Parquet.

    python examples/python/distributed_screen.py spark OUT_DIR [N]
    python examples/python/distributed_screen.py dask OUT_DIR [N]

On a real cluster, change only the session or cluster: ``SparkSession.builder.master("yarn")``
(or ``spark-submit`` with the wheel in ``--py-files``/an environment archive) and
``distributed.Client("tcp://scheduler:8786")``; every executor needs ``pip install interviewkit
pyarrow``. Scores depend on each resume–job pair only, so they do not change with the partitioning.
"""

import os
import random
import sys

import pandas as pd
import pyarrow as pa

from interviewkit import batch

JOBS = [
    {"id": "analyst", "lang": "zh", "text": "数据分析师\n任职要求：\n1. 本科及以上学历，统计或计算机相关专业；\n2. 3年以上数据分析经验；\n3. 熟练掌握SQL和Python。"},
    {"id": "rm", "lang": "en", "text": "Relationship Manager\nRequirements:\n- Bachelor's degree in finance\n- 2+ years of client-facing experience\n- Excel, CRM\nMust have: CFA Level 1"},
]
SKILLS = ["Python", "SQL", "Excel", "CRM", "Tableau", "Java", "客户关系管理", "财务分析"]


def corpus(n: int) -> pd.DataFrame:
    rng = random.Random(7)
    rows = []
    for i in range(n):
        start = 2010 + rng.randrange(12)
        skills = "、".join(rng.sample(SKILLS, 3))
        rows.append((f"r{i:06d}", f"候选人{i}\n工作经历\n{start}.03-2024.06 某公司 分析师\n教育背景\n某大学 本科 统计学\n技能：{skills}"))
    return pd.DataFrame(rows, columns=["id", "text"])


def spark(out: str, frame: pd.DataFrame) -> None:
    from pyspark.sql import SparkSession
    from pyspark.sql.pandas.types import from_arrow_schema

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
    jobs = session.sparkContext.broadcast(JOBS)  # sent to each executor once
    empty = pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())})
    schema = from_arrow_schema(batch.screen(empty, JOBS, id_column="id").schema)

    def screen(batches):
        for b in batches:
            yield from batch.screen(b, jobs.value, id_column="id", reference_date="2026-06-30").to_batches()

    session.createDataFrame(frame).repartition(4).mapInArrow(screen, schema).write.mode("overwrite").parquet(out)
    session.stop()


def dask(out: str, frame: pd.DataFrame) -> None:
    import dask.dataframe as dd
    import distributed

    def screen(part, jobs):
        return batch.screen(part.reset_index(drop=True), jobs, id_column="id", reference_date="2026-06-30")

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        parts = dd.from_pandas(frame, npartitions=4)
        meta = screen(frame.iloc[:0], JOBS)
        # The list columns are objects to pandas: give Parquet the Arrow schema batch.screen has.
        schema = batch.screen(pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())}),
                              JOBS, id_column="id").schema
        parts.map_partitions(screen, JOBS, meta=meta).to_parquet(out, schema=schema, write_index=False)


if __name__ == "__main__":
    engine, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    {"spark": spark, "dask": dask}[engine](out, corpus(n))
    print(pd.read_parquet(out).sort_values("score", ascending=False).head(5)[["id", "job_id", "score"]])

"""Deterministic synthetic corpus for the batch-at-scale benchmark (issue #10, `bench/run-scale`).

A Python counterpart of `bench/examples/match_corpus.rs` (the #4 corpus): resumes of about
300 words in three styles (Chinese, Chinese with English skill names, English; 4:3:3), with
skills drawn from the embedded taxonomy (`core/data/taxonomy/taxonomy.json`, leaf skills of the
job family's category, 15 % from other families), years, positions, degrees, majors, schools,
certificates, languages and projects laid out in sections; and job descriptions with required and
preferred skills, years, a degree and, for 30 % of them, a certificate knock-out. The random
streams differ from the Rust example's, so the texts are comparable, not identical.

Layout, under `DIR = $SCALE_DIR/N-SEED` (default `$HOME/.cache/interviewkit/scale`):

    resumes/part-00000.parquet …  columns id, category, text (zstd); one row group per file,
                                   ceil(N / 20) rows per file but at most 50,000
    jobs.json                      [{"id", "lang", "category", "text"}] × SCALE_JOBS (10)
    manifest.json                  written last: N, seed, files, bytes; its presence = complete

Rows are generated in blocks of 1,000, each block from its own seeded stream, so the first N rows
are the same whatever the total and the file size (a 20,000-row corpus is a prefix of the 1M one).

    python bench/scale/corpus.py [DIR] [N] [SEED]
"""

from __future__ import annotations

import json
import math
import os
import pathlib
import random
import sys
import time
from typing import Optional

ROOT = pathlib.Path(__file__).resolve().parents[2]
TAXONOMY = ROOT / "core" / "data" / "taxonomy" / "taxonomy.json"
BLOCK = 1000
MAX_FILE_ROWS = 50_000

# (category, titles en, titles zh, majors en, majors zh, certificates) — the #4 job families.
FAMILIES = [
    ("it", ["Software Engineer", "Backend Developer", "DevOps Engineer", "Java Developer"],
     ["软件工程师", "后端开发工程师", "运维开发工程师", "Java开发工程师"],
     ["Computer Science", "Software Engineering"], ["计算机科学与技术", "软件工程"],
     ["PMP", "AWS Certified Solutions Architect", "CCNA", "软考中级"]),
    ("data", ["Data Analyst", "Data Scientist", "BI Engineer"], ["数据分析师", "数据科学家", "商业智能工程师"],
     ["Statistics", "Mathematics", "Computer Science"], ["统计学", "数学与应用数学", "计算机科学与技术"],
     ["CDA数据分析师", "Google Cloud Professional Data Engineer", "PMP"]),
    ("finance", ["Financial Analyst", "Relationship Manager", "Accountant", "Risk Analyst"],
     ["金融分析师", "对公客户经理", "会计", "风险管理专员"],
     ["Finance", "Accounting", "Economics"], ["金融学", "会计学", "经济学"],
     ["CPA", "CFA", "FRM", "ACCA", "证券从业资格证", "银行从业资格证", "基金从业资格证"]),
    ("sales", ["Sales Manager", "Marketing Specialist", "Account Executive"], ["销售经理", "市场专员", "客户经理"],
     ["Marketing", "Business Administration"], ["市场营销", "工商管理"], ["PMP", "营销师"]),
    ("operations", ["Operations Manager", "Supply Chain Analyst", "Office Administrator"],
     ["运营经理", "供应链分析师", "行政主管"],
     ["Logistics Management", "Business Administration"], ["物流管理", "工商管理"], ["PMP", "CPIM"]),
    ("hr", ["HR Business Partner", "Recruiter", "Compensation Specialist"], ["人力资源业务伙伴", "招聘专员", "薪酬福利专员"],
     ["Human Resource Management", "Psychology"], ["人力资源管理", "心理学"], ["人力资源管理师", "SHRM-CP"]),
    ("design", ["UI Designer", "Graphic Designer", "Product Designer"], ["UI设计师", "平面设计师", "产品设计师"],
     ["Visual Communication Design", "Industrial Design"], ["视觉传达设计", "工业设计"], ["Adobe Certified Professional"]),
    ("engineering", ["Mechanical Engineer", "Electrical Engineer", "Process Engineer"], ["机械工程师", "电气工程师", "工艺工程师"],
     ["Mechanical Engineering", "Electrical Engineering"], ["机械设计制造及其自动化", "电气工程及其自动化"],
     ["注册电气工程师", "六西格玛绿带"]),
    ("legal", ["Legal Counsel", "Compliance Officer", "Paralegal"], ["法务专员", "合规经理", "律师助理"],
     ["Law"], ["法学"], ["法律职业资格证", "CAMS"]),
]
CITIES = [("北京", "Beijing"), ("上海", "Shanghai"), ("深圳", "Shenzhen"), ("广州", "Guangzhou"),
          ("杭州", "Hangzhou"), ("成都", "Chengdu"), ("南京", "Nanjing"), ("武汉", "Wuhan")]
SURNAMES = list("王李张刘陈杨黄赵周吴徐孙")
GIVEN = list("敏伟芳娜磊洋静强婷杰鑫颖")
FIRST_EN = ["Alex", "Chris", "Jordan", "Sam", "Taylor", "Morgan", "Jamie", "Casey"]
LAST_EN = ["Chen", "Wang", "Smith", "Li", "Brown", "Zhang", "Lee", "Garcia"]
SCHOOLS_ZH = ["中央财经大学", "浙江大学", "武汉大学", "华中科技大学", "南京大学", "四川大学", "上海财经大学"]
SCHOOLS_EN = ["Fudan University", "University of Manchester", "National University of Singapore",
              "Zhejiang University", "University of Leeds"]
COMPANIES_ZH = ["招商银行", "华为技术有限公司", "某科技公司", "阿里巴巴", "中国平安", "美的集团", "京东物流", "字节跳动"]
COMPANIES_EN = ["Acme Analytics Ltd", "Globex Corporation", "Initech", "Northwind Traders", "Contoso Bank",
                "Umbrella Logistics"]
DEGREES_ZH = ["大专", "本科", "本科", "本科", "硕士", "博士"]
DEGREES_EN = ["Associate Degree", "Bachelor of Science", "Bachelor of Arts", "Bachelor of Engineering",
              "Master of Science", "PhD"]
LANGS_ZH = ["英语四级", "英语六级", "雅思 7.0", "托福 100", "日语N2"]
LANGS_EN = ["IELTS 7.0", "TOEFL 105", "CET-6", "Fluent English, native Mandarin"]
VERBS_ZH = ["负责", "主导", "参与", "推动", "优化", "搭建"]
OBJECTS_ZH = ["项目交付", "流程改进", "客户需求分析", "团队协作", "跨部门沟通", "数据报表", "系统上线", "成本控制"]
VERBS_EN = ["Led", "Built", "Owned", "Improved", "Designed", "Delivered"]
OBJECTS_EN = ["the quarterly reporting pipeline", "a cross-functional project", "stakeholder communication",
              "process automation", "the customer onboarding flow", "cost reduction initiatives"]
COMPETENCIES_ZH = ["沟通协调能力强", "具备团队合作精神", "抗压能力强", "学习能力强", "责任心强", "注重细节"]
COMPETENCIES_EN = ["strong communication skills", "a collaborative team player", "works well under pressure",
                   "quick learner", "detail oriented", "strong problem solving"]

ZH, MIXED, EN = "zh", "mixed", "en"


def skill_pools() -> tuple[list[list[tuple[str, str]]], list[tuple[str, str]]]:
    """Per family, (English, Chinese) names of leaf skills with short names; and the general pool."""
    skills = [s for s in json.loads(TAXONOMY.read_text(encoding="utf-8"))["skills"]
              if s.get("level", "skill") == "skill"]
    pools = []
    for fam in FAMILIES:
        pool = [(s["name"], s.get("name_zh") or s["name"]) for s in skills
                if s["category"] == fam[0] and len(s["name"].split()) <= 3
                and len(s["name"].encode()) <= 28 and not s["name"][:1].islower()]
        if len(pool) < 20:
            raise SystemExit(f"too few skills for {fam[0]} in {TAXONOMY}")
        pools.append(pool)
    general = [(s["name"], s["name_zh"]) for s in skills
               if s["category"] == "general" and s.get("name_zh") and len(s["name"].split()) <= 3]
    return pools, general


def _name(skill: tuple[str, str], style: str) -> str:
    return skill[1] if style == ZH else skill[0]


def _draw(rng: random.Random, pools, fam: int, k: int, off_family: float) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for _ in range(k * 20):
        if len(out) >= k:
            break
        pool = pools[rng.randrange(len(pools))] if rng.random() < off_family else pools[fam]
        s = rng.choice(pool)
        if all(o[0] != s[0] for o in out):
            out.append(s)
    return out


def resume(rng: random.Random, pools, general) -> tuple[str, str]:
    """One resume: (category, text)."""
    c = rng.choice
    fam_i = rng.randrange(len(FAMILIES))
    cat, titles_en, titles_zh, majors_en, majors_zh, certs = FAMILIES[fam_i]
    r = rng.randrange(10)
    st = ZH if r <= 3 else MIXED if r <= 6 else EN
    zh = st != EN
    skills = _draw(rng, pools, fam_i, rng.randrange(8, 16), 0.15)
    n = lambda s: _name(s, st)  # noqa: E731
    years = rng.randrange(15)
    city = c(CITIES)
    phone = rng.randrange(100_000_000)
    t: list[str] = []
    w = t.append
    if zh:
        w(f"{c(SURNAMES)}{c(GIVEN)}\n电话：139-{phone // 10_000:04}-{phone % 10_000:04}\n"
          f"邮箱：user{phone}@example.cn\n所在城市：{city[0]}\n\n自我评价\n"
          f"{max(years, 1)}年{c(titles_zh)}经验，{c(COMPETENCIES_ZH)}，{c(COMPETENCIES_ZH)}。"
          f"熟悉{n(skills[0])}和{n(skills[1 % len(skills)])}。\n\n工作经历\n")
    else:
        w(f"{c(FIRST_EN)} {c(LAST_EN)}\nPhone: +86 139 {phone // 10_000:04} {phone % 10_000:04}\n"
          f"Email: user{phone}@example.com\nLocation: {city[1]}\n\nSummary\n"
          f"{c(titles_en)} with {max(years, 1)} years of experience; {c(COMPETENCIES_EN)} and "
          f"{c(COMPETENCIES_EN)}. Experienced in {n(skills[0])} and {n(skills[1 % len(skills)])}.\n\n"
          "Work Experience\n")
    positions = 0 if years == 0 else min(rng.randint(1, 3), years)
    end_year, end_month, left, si = 2025, 6, years, 0
    for p in range(positions):
        span = max(left, 1) if p + 1 == positions else rng.randint(1, max(left, 1))
        left -= span
        start_year, start_month = end_year - span, end_month
        if zh:
            company, title = c(COMPANIES_ZH), c(titles_zh)
            end = "至今" if p == 0 else f"{end_year}.{end_month:02}"
            w(f"{start_year}.{start_month:02}-{end}    {company}    {title}\n")
        else:
            company, title = c(COMPANIES_EN), c(titles_en)
            end = "Present" if p == 0 else f"{end_month:02}/{end_year}"
            w(f"{title}, {company}, {start_month:02}/{start_year} - {end}\n")
        for _ in range(4):
            s1, s2 = n(skills[si % len(skills)]), n(skills[(si + 1) % len(skills)])
            si += 2
            if zh:
                w(f"- {c(VERBS_ZH)}{c(OBJECTS_ZH)}，使用{s1}和{s2}完成相关工作，{c(COMPETENCIES_ZH)}。\n")
            else:
                w(f"- {c(VERBS_EN)} {c(OBJECTS_EN)} using {s1} and {s2}, working with teams across the business.\n")
        end_year, end_month = start_year, start_month
    degree = rng.randrange(len(DEGREES_ZH))
    grad = end_year - rng.randrange(2)
    study = 3 if degree == 0 or degree >= 4 else 4
    if zh:
        w(f"\n教育背景\n{grad - study}.09-{grad}.06    {c(SCHOOLS_ZH)}    {c(majors_zh)}    {DEGREES_ZH[degree]}\n\n专业技能\n")
    else:
        w(f"\nEducation\n{c(SCHOOLS_EN)}, {DEGREES_EN[degree]} in {c(majors_en)}, {grad - study} - {grad}\n\nSkills\n")
    names = [n(s) for s in skills] + [n(c(general))]
    sep = "、" if zh else ", "
    w(sep.join(names) + "\n")
    n_certs = rng.randrange(3)
    if n_certs:
        w(("\n证书\n" if zh else "\nCertifications\n") + sep.join(rng.sample(certs, min(n_certs, len(certs)))) + "\n")
    w(("\n语言\n" + c(LANGS_ZH)) if zh else ("\nLanguages\n" + c(LANGS_EN)))
    w("\n\n项目经历\n" if zh else "\n\nProjects\n")
    for _ in range(2):
        if zh:
            w(f"{c(OBJECTS_ZH)}项目：{c(VERBS_ZH)}{c(OBJECTS_ZH)}，涉及{n(c(skills))}、{n(c(skills))}，项目按期交付并获得客户好评。\n")
        else:
            w(f"{c(VERBS_EN)} {c(OBJECTS_EN)} with {n(c(skills))} and {n(c(skills))}; delivered on schedule "
              "and adopted by two other teams.\n")
    return cat, "".join(t)


def job(rng: random.Random, pools) -> tuple[str, str, str]:
    """One job description: (category, lang, text)."""
    c = rng.choice
    fam_i = rng.randrange(len(FAMILIES))
    cat, titles_en, titles_zh, majors_en, majors_zh, certs = FAMILIES[fam_i]
    zh = rng.random() < 0.6
    st = MIXED if zh else EN
    req = _draw(rng, pools, fam_i, rng.randrange(3, 7), 0.05)
    pref = _draw(rng, pools, fam_i, rng.randrange(1, 4), 0.1)
    years = rng.randrange(8)
    city = c(CITIES)
    knock = rng.random() < 0.3
    t: list[str] = []
    w = t.append
    if zh:
        w(f"{c(titles_zh)}\n\n岗位职责：\n1. {c(VERBS_ZH)}{c(OBJECTS_ZH)}，{c(OBJECTS_ZH)}；\n"
          f"2. {c(VERBS_ZH)}{c(OBJECTS_ZH)}，支持业务团队。\n\n任职要求：\n"
          f"1. {'本科' if rng.random() < 0.8 else '硕士'}及以上学历，{c(majors_zh)}等相关专业；\n")
        if years:
            w(f"2. {years}年以上相关工作经验；\n")
        w(f"3. 熟练掌握{'、'.join(_name(s, st) for s in req)}；\n4. {c(COMPETENCIES_ZH)}，{c(COMPETENCIES_ZH)}；\n")
        if knock:
            w(f"5. 必须持有{c(certs)}。\n")
        w(f"\n加分项：\n有{'、'.join(_name(s, st) for s in pref)}经验者优先。\n\n工作地点：{city[0]}\n")
    else:
        w(f"{c(titles_en)}\n\nResponsibilities:\n- {c(VERBS_EN)} {c(OBJECTS_EN)}.\n- {c(VERBS_EN)} {c(OBJECTS_EN)}.\n\n"
          f"Requirements:\n- Bachelor's degree or above in {c(majors_en)} or a related field.\n")
        if years:
            w(f"- {years}+ years of relevant experience.\n")
        w(f"- Proficient in {', '.join(_name(s, st) for s in req)}.\n- {c(COMPETENCIES_EN)}.\n")
        if knock:
            w(f"- Must have {c(certs)}.\n")
        w("\nNice to have:\n" + "".join(f"- {_name(s, st)}\n" for s in pref) + f"\nLocation: {city[1]}\n")
    return cat, "zh" if zh else "en", "".join(t)


def rows(start: int, stop: int, seed: int, pools, general):
    """Rows [start, stop) as (ids, categories, texts); each block of 1,000 rows has its own stream."""
    ids, cats, texts = [], [], []
    for block in range(start // BLOCK, math.ceil(stop / BLOCK)):
        rng = random.Random(f"interviewkit-scale:{seed}:{block}")
        for i in range(block * BLOCK, (block + 1) * BLOCK):
            cat, text = resume(rng, pools, general)
            if start <= i < stop:
                ids.append(f"r{i:07d}")
                cats.append(cat)
                texts.append(text)
    return ids, cats, texts


def ensure(directory: pathlib.Path, n: int, seed: int = 42, n_jobs: int = 10, log=print) -> dict:
    """Writes the corpus unless its manifest says it is complete; returns the manifest."""
    manifest_path = directory / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("n") == n and manifest.get("seed") == seed and manifest.get("jobs") == n_jobs:
            log(f"(reusing the corpus in {directory})")
            return manifest
    import pyarrow as pa
    import pyarrow.parquet as pq

    pools, general = skill_pools()
    out = directory / "resumes"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.parquet"):
        old.unlink()
    per_file = min(MAX_FILE_ROWS, max(1, math.ceil(n / 20)))
    schema = pa.schema([("id", pa.string()), ("category", pa.string()), ("text", pa.string())])
    t0 = time.perf_counter()
    files, text_bytes = [], 0
    for k, start in enumerate(range(0, n, per_file)):
        ids, cats, texts = rows(start, min(n, start + per_file), seed, pools, general)
        text_bytes += sum(len(t.encode()) for t in texts)
        path = out / f"part-{k:05d}.parquet"
        pq.write_table(pa.table([ids, cats, texts], schema=schema), path, row_group_size=per_file,
                       compression="zstd")
        files.append(path.name)
        log(f"  {start + len(ids):,} / {n:,} resumes ({time.perf_counter() - t0:.0f} s)")
    rng = random.Random(f"interviewkit-scale:{seed}:jobs")
    jobs = []
    for j in range(n_jobs):
        cat, lang, text = job(rng, pools)
        jobs.append({"id": f"j{j:04d}", "lang": lang, "category": cat, "text": text})
    (directory / "jobs.json").write_text(json.dumps(jobs, ensure_ascii=False, indent=1), encoding="utf-8")
    manifest = {
        "n": n, "seed": seed, "jobs": n_jobs, "files": files, "rows_per_file": per_file,
        "mean_resume_bytes": text_bytes // max(n, 1),
        "parquet_bytes": sum((out / f).stat().st_size for f in files),
        "generate_s": round(time.perf_counter() - t0, 1),
    }
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


def default_dir(n: int, seed: int) -> pathlib.Path:
    base = os.environ.get("SCALE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "interviewkit", "scale")
    return pathlib.Path(base) / f"{n}-{seed}"


def main(argv: Optional[list[str]] = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[1]) if len(argv) > 1 else int(os.environ.get("SCALE_N", "1000000"))
    seed = int(argv[2]) if len(argv) > 2 else int(os.environ.get("SCALE_SEED", "42"))
    directory = pathlib.Path(argv[0]) if argv and argv[0] else default_dir(n, seed)
    print(json.dumps(ensure(directory, n, seed, int(os.environ.get("SCALE_JOBS", "10")))))


if __name__ == "__main__":
    main()

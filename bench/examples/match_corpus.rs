//! Deterministic synthetic corpus for the matching benchmarks (`bench/run-match`): N resumes of
//! about 300 words (Chinese, English, and Chinese with English skill names) and M job
//! descriptions, with skills drawn from the embedded taxonomy (`interviewkit_core::taxonomy`),
//! years, degrees, majors, certificates, languages and cities, laid out in sections like
//! `tests/fixtures/matching/`. Same seed → byte-identical files.
//!
//! Writes `DIR/resumes.jsonl` and `DIR/jobs.jsonl`, one `{"id", "category", "text"}` per line.
//!
//! `cargo run --release -p interviewkit-bench --example match_corpus -- DIR [N] [M] [SEED]`
#![allow(clippy::unwrap_used, clippy::expect_used)]

interviewkit_bench::faces_allocator!();

use std::fmt::Write as _;
use std::io::Write as _;

use interviewkit_core::taxonomy::{SkillLevel, Taxonomy};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Job families: taxonomy category, English and Chinese titles, majors, certificates.
struct Family {
    category: &'static str,
    titles_en: &'static [&'static str],
    titles_zh: &'static [&'static str],
    majors_en: &'static [&'static str],
    majors_zh: &'static [&'static str],
    certs: &'static [&'static str],
}

const FAMILIES: &[Family] = &[
    Family {
        category: "it",
        titles_en: &[
            "Software Engineer",
            "Backend Developer",
            "DevOps Engineer",
            "Java Developer",
        ],
        titles_zh: &[
            "软件工程师",
            "后端开发工程师",
            "运维开发工程师",
            "Java开发工程师",
        ],
        majors_en: &["Computer Science", "Software Engineering"],
        majors_zh: &["计算机科学与技术", "软件工程"],
        certs: &[
            "PMP",
            "AWS Certified Solutions Architect",
            "CCNA",
            "软考中级",
        ],
    },
    Family {
        category: "data",
        titles_en: &["Data Analyst", "Data Scientist", "BI Engineer"],
        titles_zh: &["数据分析师", "数据科学家", "商业智能工程师"],
        majors_en: &["Statistics", "Mathematics", "Computer Science"],
        majors_zh: &["统计学", "数学与应用数学", "计算机科学与技术"],
        certs: &[
            "CDA数据分析师",
            "Google Cloud Professional Data Engineer",
            "PMP",
        ],
    },
    Family {
        category: "finance",
        titles_en: &[
            "Financial Analyst",
            "Relationship Manager",
            "Accountant",
            "Risk Analyst",
        ],
        titles_zh: &["金融分析师", "对公客户经理", "会计", "风险管理专员"],
        majors_en: &["Finance", "Accounting", "Economics"],
        majors_zh: &["金融学", "会计学", "经济学"],
        certs: &[
            "CPA",
            "CFA",
            "FRM",
            "ACCA",
            "证券从业资格证",
            "银行从业资格证",
            "基金从业资格证",
        ],
    },
    Family {
        category: "sales",
        titles_en: &["Sales Manager", "Marketing Specialist", "Account Executive"],
        titles_zh: &["销售经理", "市场专员", "客户经理"],
        majors_en: &["Marketing", "Business Administration"],
        majors_zh: &["市场营销", "工商管理"],
        certs: &["PMP", "营销师"],
    },
    Family {
        category: "operations",
        titles_en: &[
            "Operations Manager",
            "Supply Chain Analyst",
            "Office Administrator",
        ],
        titles_zh: &["运营经理", "供应链分析师", "行政主管"],
        majors_en: &["Logistics Management", "Business Administration"],
        majors_zh: &["物流管理", "工商管理"],
        certs: &["PMP", "CPIM"],
    },
    Family {
        category: "hr",
        titles_en: &[
            "HR Business Partner",
            "Recruiter",
            "Compensation Specialist",
        ],
        titles_zh: &["人力资源业务伙伴", "招聘专员", "薪酬福利专员"],
        majors_en: &["Human Resource Management", "Psychology"],
        majors_zh: &["人力资源管理", "心理学"],
        certs: &["人力资源管理师", "SHRM-CP"],
    },
    Family {
        category: "design",
        titles_en: &["UI Designer", "Graphic Designer", "Product Designer"],
        titles_zh: &["UI设计师", "平面设计师", "产品设计师"],
        majors_en: &["Visual Communication Design", "Industrial Design"],
        majors_zh: &["视觉传达设计", "工业设计"],
        certs: &["Adobe Certified Professional"],
    },
    Family {
        category: "engineering",
        titles_en: &[
            "Mechanical Engineer",
            "Electrical Engineer",
            "Process Engineer",
        ],
        titles_zh: &["机械工程师", "电气工程师", "工艺工程师"],
        majors_en: &["Mechanical Engineering", "Electrical Engineering"],
        majors_zh: &["机械设计制造及其自动化", "电气工程及其自动化"],
        certs: &["注册电气工程师", "六西格玛绿带"],
    },
    Family {
        category: "legal",
        titles_en: &["Legal Counsel", "Compliance Officer", "Paralegal"],
        titles_zh: &["法务专员", "合规经理", "律师助理"],
        majors_en: &["Law"],
        majors_zh: &["法学"],
        certs: &["法律职业资格证", "CAMS"],
    },
];

const CITIES: &[(&str, &str)] = &[
    ("北京", "Beijing"),
    ("上海", "Shanghai"),
    ("深圳", "Shenzhen"),
    ("广州", "Guangzhou"),
    ("杭州", "Hangzhou"),
    ("成都", "Chengdu"),
    ("南京", "Nanjing"),
    ("武汉", "Wuhan"),
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙",
];
const GIVEN: &[&str] = &[
    "敏", "伟", "芳", "娜", "磊", "洋", "静", "强", "婷", "杰", "鑫", "颖",
];
const FIRST_EN: &[&str] = &[
    "Alex", "Chris", "Jordan", "Sam", "Taylor", "Morgan", "Jamie", "Casey",
];
const LAST_EN: &[&str] = &[
    "Chen", "Wang", "Smith", "Li", "Brown", "Zhang", "Lee", "Garcia",
];
const SCHOOLS_ZH: &[&str] = &[
    "中央财经大学",
    "浙江大学",
    "武汉大学",
    "华中科技大学",
    "南京大学",
    "四川大学",
    "上海财经大学",
];
const SCHOOLS_EN: &[&str] = &[
    "Fudan University",
    "University of Manchester",
    "National University of Singapore",
    "Zhejiang University",
    "University of Leeds",
];
const COMPANIES_ZH: &[&str] = &[
    "招商银行",
    "华为技术有限公司",
    "某科技公司",
    "阿里巴巴",
    "中国平安",
    "美的集团",
    "京东物流",
    "字节跳动",
];
const COMPANIES_EN: &[&str] = &[
    "Acme Analytics Ltd",
    "Globex Corporation",
    "Initech",
    "Northwind Traders",
    "Contoso Bank",
    "Umbrella Logistics",
];
const DEGREES_ZH: &[&str] = &["大专", "本科", "本科", "本科", "硕士", "博士"];
const DEGREES_EN: &[&str] = &[
    "Associate Degree",
    "Bachelor of Science",
    "Bachelor of Arts",
    "Bachelor of Engineering",
    "Master of Science",
    "PhD",
];
const LANGS_ZH: &[&str] = &["英语四级", "英语六级", "雅思 7.0", "托福 100", "日语N2"];
const LANGS_EN: &[&str] = &[
    "IELTS 7.0",
    "TOEFL 105",
    "CET-6",
    "Fluent English, native Mandarin",
];
const VERBS_ZH: &[&str] = &["负责", "主导", "参与", "推动", "优化", "搭建"];
const OBJECTS_ZH: &[&str] = &[
    "项目交付",
    "流程改进",
    "客户需求分析",
    "团队协作",
    "跨部门沟通",
    "数据报表",
    "系统上线",
    "成本控制",
];
const VERBS_EN: &[&str] = &["Led", "Built", "Owned", "Improved", "Designed", "Delivered"];
const OBJECTS_EN: &[&str] = &[
    "the quarterly reporting pipeline",
    "a cross-functional project",
    "stakeholder communication",
    "process automation",
    "the customer onboarding flow",
    "cost reduction initiatives",
];
const COMPETENCIES_ZH: &[&str] = &[
    "沟通协调能力强",
    "具备团队合作精神",
    "抗压能力强",
    "学习能力强",
    "责任心强",
    "注重细节",
];
const COMPETENCIES_EN: &[&str] = &[
    "strong communication skills",
    "a collaborative team player",
    "works well under pressure",
    "quick learner",
    "detail oriented",
    "strong problem solving",
];

/// Skill names usable in text, per family: (English, Chinese) of leaf skills with short names.
fn skill_pools(tax: &Taxonomy) -> Vec<Vec<(String, String)>> {
    FAMILIES
        .iter()
        .map(|f| {
            tax.skills()
                .iter()
                .filter(|s| s.category == f.category && s.level == SkillLevel::Skill)
                .filter(|s| s.name.split_whitespace().count() <= 3 && s.name.len() <= 28)
                // ESCO's verb phrases ("develop taxation policies") read oddly in a skills list.
                .filter(|s| !s.name.starts_with(|c: char| c.is_lowercase()))
                .map(|s| {
                    (
                        s.name.clone(),
                        s.name_zh.clone().unwrap_or_else(|| s.name.clone()),
                    )
                })
                .collect()
        })
        .collect()
}

fn general_pool(tax: &Taxonomy) -> Vec<(String, String)> {
    tax.skills()
        .iter()
        .filter(|s| s.category == "general" && s.level == SkillLevel::Skill && s.name_zh.is_some())
        .filter(|s| s.name.split_whitespace().count() <= 3)
        .map(|s| (s.name.clone(), s.name_zh.clone().unwrap_or_default()))
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Zh,
    /// Chinese text with English skill names.
    ZhMixed,
    En,
}

fn style(rng: &mut ChaCha8Rng) -> Style {
    match rng.random_range(0..10) {
        0..=3 => Style::Zh,
        4..=6 => Style::ZhMixed,
        _ => Style::En,
    }
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, list: &'a [T]) -> &'a T {
    list.choose(rng).expect("non-empty list")
}

fn skill_name(s: &(String, String), st: Style) -> &str {
    match st {
        Style::Zh => &s.1,
        _ => &s.0,
    }
}

/// Draws `k` distinct skills, mostly from the family, some from another.
fn draw_skills<'a>(
    rng: &mut ChaCha8Rng,
    pools: &'a [Vec<(String, String)>],
    fam: usize,
    k: usize,
    off_family: f64,
) -> Vec<&'a (String, String)> {
    let mut out: Vec<&(String, String)> = Vec::new();
    let mut guard = 0;
    while out.len() < k && guard < k * 20 {
        guard += 1;
        let f = if rng.random_bool(off_family) {
            rng.random_range(0..pools.len())
        } else {
            fam
        };
        if let Some(s) = pools[f].choose(rng) {
            if !out.iter().any(|o| o.0 == s.0) {
                out.push(s);
            }
        }
    }
    out
}

fn resume(
    rng: &mut ChaCha8Rng,
    pools: &[Vec<(String, String)>],
    general: &[(String, String)],
) -> (usize, String) {
    let fam_i = rng.random_range(0..FAMILIES.len());
    let fam = &FAMILIES[fam_i];
    let st = style(rng);
    let zh = st != Style::En;
    let k = rng.random_range(8..16);
    let skills = draw_skills(rng, pools, fam_i, k, 0.15);
    let years: u32 = rng.random_range(0..15);
    let city = pick(rng, CITIES);
    let mut t = String::with_capacity(2400);
    let phone = rng.random_range(0..100_000_000u32);
    if zh {
        let _ = writeln!(t, "{}{}", pick(rng, SURNAMES), pick(rng, GIVEN));
        let _ = writeln!(t, "电话：139-{:04}-{:04}", phone / 10_000, phone % 10_000);
        let _ = writeln!(t, "邮箱：user{phone}@example.cn");
        let _ = writeln!(t, "所在城市：{}\n", city.0);
        let _ = writeln!(t, "自我评价");
        let _ = writeln!(
            t,
            "{}年{}经验，{}，{}。熟悉{}和{}。\n",
            years.max(1),
            pick(rng, fam.titles_zh),
            pick(rng, COMPETENCIES_ZH),
            pick(rng, COMPETENCIES_ZH),
            skill_name(skills[0], st),
            skill_name(skills[1 % skills.len()], st)
        );
        let _ = writeln!(t, "工作经历");
    } else {
        let _ = writeln!(t, "{} {}", pick(rng, FIRST_EN), pick(rng, LAST_EN));
        let _ = writeln!(
            t,
            "Phone: +86 139 {:04} {:04}",
            phone / 10_000,
            phone % 10_000
        );
        let _ = writeln!(t, "Email: user{phone}@example.com");
        let _ = writeln!(t, "Location: {}\n", city.1);
        let _ = writeln!(t, "Summary");
        let _ = writeln!(
            t,
            "{} with {} years of experience; {} and {}. Experienced in {} and {}.\n",
            pick(rng, fam.titles_en),
            years.max(1),
            pick(rng, COMPETENCIES_EN),
            pick(rng, COMPETENCIES_EN),
            skill_name(skills[0], st),
            skill_name(skills[1 % skills.len()], st)
        );
        let _ = writeln!(t, "Work Experience");
    }
    // Positions ending in 2025-06, going back `years`.
    let positions = if years == 0 {
        0
    } else {
        rng.random_range(1..=3).min(years as usize)
    };
    let mut end_year = 2025i32;
    let mut end_month = 6u32;
    let mut left = years as i32;
    let mut si = 0usize;
    for p in 0..positions {
        let span = if p + 1 == positions {
            left.max(1)
        } else {
            rng.random_range(1..=left.max(1))
        };
        left -= span;
        let start_year = end_year - span;
        let start_month = end_month;
        let (company, title) = if zh {
            (*pick(rng, COMPANIES_ZH), *pick(rng, fam.titles_zh))
        } else {
            (*pick(rng, COMPANIES_EN), *pick(rng, fam.titles_en))
        };
        if zh {
            let end = if p == 0 {
                "至今".to_string()
            } else {
                format!("{end_year}.{end_month:02}")
            };
            let _ = writeln!(
                t,
                "{start_year}.{start_month:02}-{end}    {company}    {title}"
            );
        } else {
            let end = if p == 0 {
                "Present".to_string()
            } else {
                format!("{end_month:02}/{end_year}")
            };
            let _ = writeln!(
                t,
                "{title}, {company}, {start_month:02}/{start_year} - {end}"
            );
        }
        for _ in 0..4 {
            let s1 = skill_name(skills[si % skills.len()], st);
            let s2 = skill_name(skills[(si + 1) % skills.len()], st);
            si += 2;
            if zh {
                let _ = writeln!(
                    t,
                    "- {}{}，使用{}和{}完成相关工作，{}。",
                    pick(rng, VERBS_ZH),
                    pick(rng, OBJECTS_ZH),
                    s1,
                    s2,
                    pick(rng, COMPETENCIES_ZH)
                );
            } else {
                let _ = writeln!(
                    t,
                    "- {} {} using {} and {}, working with teams across the business.",
                    pick(rng, VERBS_EN),
                    pick(rng, OBJECTS_EN),
                    s1,
                    s2
                );
            }
        }
        end_year = start_year;
        end_month = start_month;
    }
    let degree_i = rng.random_range(0..DEGREES_ZH.len());
    let grad = end_year - rng.random_range(0..2);
    let study = if degree_i == 0 || degree_i >= 4 { 3 } else { 4 };
    if zh {
        let _ = writeln!(t, "\n教育背景");
        let _ = writeln!(
            t,
            "{}.09-{}.06    {}    {}    {}",
            grad - study,
            grad,
            pick(rng, SCHOOLS_ZH),
            pick(rng, fam.majors_zh),
            DEGREES_ZH[degree_i]
        );
        let _ = writeln!(t, "\n专业技能");
    } else {
        let _ = writeln!(t, "\nEducation");
        let _ = writeln!(
            t,
            "{}, {} in {}, {} - {}",
            pick(rng, SCHOOLS_EN),
            DEGREES_EN[degree_i],
            pick(rng, fam.majors_en),
            grad - study,
            grad
        );
        let _ = writeln!(t, "\nSkills");
    }
    let mut names: Vec<&str> = skills.iter().map(|s| skill_name(s, st)).collect();
    if let Some(g) = general.choose(rng) {
        names.push(skill_name(g, st));
    }
    let _ = writeln!(t, "{}", names.join(if zh { "、" } else { ", " }));
    let n_certs = rng.random_range(0..3usize);
    if n_certs > 0 {
        let _ = writeln!(t, "{}", if zh { "\n证书" } else { "\nCertifications" });
        let certs: Vec<&str> = fam.certs.choose_multiple(rng, n_certs).copied().collect();
        let _ = writeln!(t, "{}", certs.join(if zh { "、" } else { ", " }));
    }
    let _ = writeln!(t, "{}", if zh { "\n语言" } else { "\nLanguages" });
    let _ = writeln!(
        t,
        "{}",
        if zh {
            *pick(rng, LANGS_ZH)
        } else {
            *pick(rng, LANGS_EN)
        }
    );
    let _ = writeln!(t, "{}", if zh { "\n项目经历" } else { "\nProjects" });
    for _ in 0..2 {
        if zh {
            let _ = writeln!(
                t,
                "{}项目：{}{}，涉及{}、{}，项目按期交付并获得客户好评。",
                pick(rng, OBJECTS_ZH),
                pick(rng, VERBS_ZH),
                pick(rng, OBJECTS_ZH),
                skill_name(pick::<&(String, String)>(rng, &skills), st),
                skill_name(pick::<&(String, String)>(rng, &skills), st)
            );
        } else {
            let _ = writeln!(
                t,
                "{} {} with {} and {}; delivered on schedule and adopted by two other teams.",
                pick(rng, VERBS_EN),
                pick(rng, OBJECTS_EN),
                skill_name(pick::<&(String, String)>(rng, &skills), st),
                skill_name(pick::<&(String, String)>(rng, &skills), st)
            );
        }
    }
    (fam_i, t)
}

fn job(rng: &mut ChaCha8Rng, pools: &[Vec<(String, String)>]) -> (usize, String) {
    let fam_i = rng.random_range(0..FAMILIES.len());
    let fam = &FAMILIES[fam_i];
    let zh = rng.random_bool(0.6);
    let st = if zh { Style::ZhMixed } else { Style::En };
    let k = rng.random_range(3..7);
    let req = draw_skills(rng, pools, fam_i, k, 0.05);
    let k = rng.random_range(1..4);
    let pref = draw_skills(rng, pools, fam_i, k, 0.1);
    let years = rng.random_range(0..8u32);
    let city = pick(rng, CITIES);
    let mut t = String::with_capacity(1200);
    let knock = rng.random_bool(0.3);
    if zh {
        let _ = writeln!(t, "{}\n", pick(rng, fam.titles_zh));
        let _ = writeln!(t, "岗位职责：");
        let _ = writeln!(
            t,
            "1. {}{}，{}；",
            pick(rng, VERBS_ZH),
            pick(rng, OBJECTS_ZH),
            pick(rng, OBJECTS_ZH)
        );
        let _ = writeln!(
            t,
            "2. {}{}，支持业务团队。\n",
            pick(rng, VERBS_ZH),
            pick(rng, OBJECTS_ZH)
        );
        let _ = writeln!(t, "任职要求：");
        let _ = writeln!(
            t,
            "1. {}及以上学历，{}等相关专业；",
            if rng.random_bool(0.8) {
                "本科"
            } else {
                "硕士"
            },
            pick(rng, fam.majors_zh)
        );
        if years > 0 {
            let _ = writeln!(t, "2. {years}年以上相关工作经验；");
        }
        let names: Vec<&str> = req.iter().map(|s| skill_name(s, st)).collect();
        let _ = writeln!(t, "3. 熟练掌握{}；", names.join("、"));
        let _ = writeln!(
            t,
            "4. {}，{}；",
            pick(rng, COMPETENCIES_ZH),
            pick(rng, COMPETENCIES_ZH)
        );
        if knock {
            let _ = writeln!(t, "5. 必须持有{}。", pick(rng, fam.certs));
        }
        let _ = writeln!(t, "\n加分项：");
        let names: Vec<&str> = pref.iter().map(|s| skill_name(s, st)).collect();
        let _ = writeln!(t, "有{}经验者优先。", names.join("、"));
        let _ = writeln!(t, "\n工作地点：{}", city.0);
    } else {
        let _ = writeln!(t, "{}\n", pick(rng, fam.titles_en));
        let _ = writeln!(t, "Responsibilities:");
        let _ = writeln!(t, "- {} {}.", pick(rng, VERBS_EN), pick(rng, OBJECTS_EN));
        let _ = writeln!(t, "- {} {}.\n", pick(rng, VERBS_EN), pick(rng, OBJECTS_EN));
        let _ = writeln!(t, "Requirements:");
        let _ = writeln!(
            t,
            "- Bachelor's degree or above in {} or a related field.",
            pick(rng, fam.majors_en)
        );
        if years > 0 {
            let _ = writeln!(t, "- {years}+ years of relevant experience.");
        }
        let names: Vec<&str> = req.iter().map(|s| skill_name(s, st)).collect();
        let _ = writeln!(t, "- Proficient in {}.", names.join(", "));
        let _ = writeln!(t, "- {}.", pick(rng, COMPETENCIES_EN));
        if knock {
            let _ = writeln!(t, "- Must have {}.", pick(rng, fam.certs));
        }
        let _ = writeln!(t, "\nNice to have:");
        for s in &pref {
            let _ = writeln!(t, "- {}", skill_name(s, st));
        }
        let _ = writeln!(t, "\nLocation: {}", city.1);
    }
    (fam_i, t)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: match_corpus DIR [N=10000] [M=100] [SEED=42]");
        std::process::exit(2);
    };
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let m: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(42);
    let tax = Taxonomy::default().expect("embedded taxonomy");
    let pools = skill_pools(tax);
    for (f, p) in FAMILIES.iter().zip(&pools) {
        assert!(p.len() >= 20, "too few skills for {}", f.category);
    }
    let general = general_pool(tax);
    std::fs::create_dir_all(dir).expect("create output directory");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(format!("{dir}/resumes.jsonl")).expect("create resumes.jsonl"),
    );
    let mut words = 0usize;
    let mut bytes = 0usize;
    for i in 0..n {
        let (f, text) = resume(&mut rng, &pools, &general);
        // Words: Latin words plus Chinese characters / 1.5 (a common conversion).
        let han = text
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .count();
        words += text.split_whitespace().filter(|w| w.is_ascii()).count() + han * 2 / 3;
        bytes += text.len();
        let line = serde_json::json!({"id": format!("r{i:07}"), "category": FAMILIES[f].category, "text": text});
        writeln!(out, "{line}").expect("write");
    }
    out.flush().expect("flush");
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(format!("{dir}/jobs.jsonl")).expect("create jobs.jsonl"),
    );
    for j in 0..m {
        let (f, text) = job(&mut rng, &pools);
        let line = serde_json::json!({"id": format!("j{j:04}"), "category": FAMILIES[f].category, "text": text});
        writeln!(out, "{line}").expect("write");
    }
    out.flush().expect("flush");
    println!(
        "{}",
        serde_json::json!({
            "corpus": dir, "resumes": n, "jobs": m, "seed": seed,
            "mean_resume_bytes": bytes.checked_div(n).unwrap_or(0),
            "mean_resume_words_approx": words.checked_div(n).unwrap_or(0),
        })
    );
}

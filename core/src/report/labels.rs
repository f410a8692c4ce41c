//! Every fixed string of the reports, in Chinese and English, and the "what is missing" catalogue.

use crate::interview::Lang;

/// A fixed text in both languages.
pub(crate) struct Fixed {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Fixed {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

macro_rules! fixed {
    ($($name:ident = $zh:literal, $en:literal;)*) => {
        $(pub(crate) const $name: Fixed = Fixed { zh: $zh, en: $en };)*
        /// Every fixed label, for the test that zh and en differ.
        #[cfg(test)]
        pub(crate) const ALL: &[Fixed] = &[$($name),*];
    };
}

fixed! {
    TITLE_CANDIDATE = "面试反馈报告", "Interview feedback report";
    TITLE_INTERVIEWER = "面试官评估报告", "Interviewer report";
    TITLE_HR = "招聘汇总报告", "Hiring summary";

    SEC_SUMMARY = "概述", "Summary";
    SEC_STRENGTHS = "优势", "Strengths";
    SEC_GAPS = "待提升方面", "Areas to develop";
    SEC_SUGGESTIONS = "建议", "Suggestions";
    SEC_SCORES = "评分", "Scores";
    SEC_OVERVIEW = "总览", "Overview";
    SEC_COMPETENCIES = "胜任力评分", "Competency scores";
    SEC_EVIDENCE = "证据摘录", "Evidence";
    SEC_DIVERGENCE = "AI 与面试官评分分歧", "AI–interviewer divergence";
    SEC_BEHAVIOUR = "行为信号摘要", "Behaviour summary";
    SEC_POTENTIAL = "潜力预测", "Potential prediction";
    SEC_ANNOTATIONS = "批注", "Annotations";
    SEC_JOB_FIT = "人岗匹配", "Job fit";
    SEC_CANDIDATES = "候选人", "Candidates";
    SEC_AVERAGES = "胜任力平均分", "Competency averages";
    SEC_FUNNEL = "招聘漏斗", "Hiring funnel";

    COL_COMPETENCY = "胜任力", "Competency";
    COL_AI = "AI 评分", "AI score";
    COL_INTERVIEWERS = "面试官评分", "Interviewer scores";
    COL_FUSED = "融合评分", "Fused score";
    COL_CONFIDENCE = "置信度", "Confidence";
    COL_DIVERGENCE = "分歧", "Divergence";
    COL_CANDIDATE = "候选人", "Candidate";
    COL_SCORECARD = "评分卡", "Scorecard";
    COL_OVERALL = "总分", "Overall";
    COL_FUSED_OVERALL = "融合总分", "Fused overall";
    COL_FLAGGED = "分歧标记数", "Flagged divergences";
    COL_N = "人数", "Candidates";
    COL_MEAN_AI = "AI 平均分", "Mean AI score";
    COL_MEAN_FUSED = "融合平均分", "Mean fused score";
    COL_MEAN_INTERVIEWER = "面试官平均分", "Mean interviewer score";
    COL_STAGE = "阶段", "Stage";
    COL_COUNT = "人数", "Count";
    COL_SHARE = "占首阶段比例", "Share of first stage";
    COL_INTERVIEWER_MEAN = "面试官平均分", "Interviewer mean";
    COL_SCORE = "评分", "Score";
    COL_DELTA = "偏差（量表比例）", "Delta (share of scale)";
    COL_THRESHOLD = "阈值", "Threshold";
    COL_RERATE = "已请求重新评分", "Re-rating requested";
    COL_FEATURE = "指标", "Measure";
    COL_VALUE = "数值", "Value";
    COL_AUTHOR = "作者", "Author";
    COL_TEXT = "内容", "Text";
    COL_TIME = "时间", "Time";
    COL_QUESTION = "题目", "Question";
    COL_QUOTE = "摘录", "Quote";

    KV_SCORECARD = "评分卡", "Scorecard";
    KV_CANDIDATE = "候选人", "Candidate";
    KV_JOB = "职位", "Job";
    KV_INTERVIEW = "面试", "Interview";
    KV_OVERALL = "总分", "Overall score";
    KV_FUSED_OVERALL = "融合总分", "Fused overall score";
    KV_SCALE = "量表", "Scale";
    KV_CANDIDATES = "候选人数", "Candidates";
    KV_FLAGGED = "分歧标记总数", "Flagged divergences";
    KV_RERATE = "待重新评分", "Re-ratings requested";
    KV_PROBABILITY = "概率", "Probability";
    KV_LABEL = "预测目标", "Outcome predicted";
    KV_MODEL_VERSION = "模型版本", "Model version";
    KV_PREDICTED_AT = "预测时间", "Predicted at";
    KV_POLICY = "合规策略", "Policy";
    KV_MATCH_TOTAL = "匹配得分（0–100）", "Fit score (0–100)";
    KV_KNOCKOUT = "硬性条件", "Knock-outs";

    YES = "是", "yes";
    NO = "否", "no";
    PASSED = "全部通过", "all passed";
    FAILED = "未通过", "not passed";
    FLAGGED = "⚑ 分歧", "⚑ flagged";
    NOT_AVAILABLE = "—", "—";
    VOICE = "语音", "Voice";
    CONTENT = "内容", "Content";
    COL_CONTRIBUTIONS = "各模态贡献（分）", "Contributions (points)";
    VISUAL = "视觉", "Visual";
    MISSING_PREFIX = "暂缺：", "Not available: ";

    CANDIDATE_INTRO = "感谢你参加本次面试。本报告总结了你的回答中体现得最充分的方面，以及补充更多细节会有帮助的地方。报告针对的是回答内容，而不是对你个人的评价。",
        "Thank you for taking part in the interview. This report sums up what your answers showed most clearly and where more detail would help. It describes your answers, not you as a person.";
    CANDIDATE_STRENGTHS_INTRO = "你的回答清楚地体现了以下方面：", "Your answers showed these most clearly:";
    CANDIDATE_GAPS_INTRO = "以下方面在回答中体现得较少，补充具体事例会有帮助：", "Your answers showed less of the following; concrete examples would help:";
    CANDIDATE_SKILLS_SHOWN = "简历中体现的岗位技能：", "Skills the role asks for that your resume shows: ";
    CANDIDATE_SCORES_NOTE = "评分为参考评估，满分为量表上限。", "Scores are estimates; the top of the scale is the maximum.";
    STAFF_DISCLAIMER = "AI 评分是供经过培训的面试官参考的证据摘要，不构成录用决定。请结合证据摘录独立判断。",
        "AI scores summarise evidence for a trained interviewer; they are not a hiring decision. Read the quotes and judge for yourself.";
    NO_FLAGS = "没有胜任力被标记为分歧。", "No competency is flagged.";
    BEHAVIOUR_INTRO = "以下仅为合规策略允许的行为测量值（说话与呈现方式），不推断情绪或性格。",
        "Only the behaviour measurements the policy permitted (how something was said or shown); no emotion or personality is inferred.";
    POTENTIAL_NOTE = "潜力预测是基于历史数据的概率估计，仅供参考，不构成对个人的评价。",
        "A potential prediction is a probability estimated from historical data; it supports, and does not replace, human judgement.";
    RADAR_CAPTION = "胜任力雷达图（外圈为量表上限）", "Competency radar (outer ring = top of the scale)";
    BARS_CAPTION = "胜任力评分条形图", "Competency scores";
    FUNNEL_CAPTION = "各阶段人数", "Candidates per stage";
    FOOTER = "由 InterviewKit 生成", "Generated by InterviewKit";
    GENERIC_SUGGESTION = "准备一个能体现“{name}”的具体事例：当时的情况、你本人做了什么、结果如何。",
        "Prepare a concrete example that shows {name}: the situation, what you did yourself, and the result.";
    SUGGEST_SKILL = "积累并展示{item}方面的实践经验，例如通过项目。", "Build and show hands-on experience with {item}, for example in a project.";
    GAP_SKILL_REQUIRED = "岗位要求的技能：{item}", "A skill the role requires: {item}";
    GAP_SKILL_PREFERRED = "岗位的加分技能：{item}", "A skill that is a plus for the role: {item}";
    SUGGEST_EXPERIENCE = "完整展示相关经验，包括实习和项目经历。", "Show all your relevant experience, including internships and projects.";
    SUGGEST_EDUCATION = "展示与岗位要求相关的课程或培训。", "Show coursework or training that covers what the role asks for.";
    SUGGEST_LANGUAGE = "用近期的证书或使用实例展示你的“{item}”水平。", "Show your {item} level with a recent certificate or examples of use.";
    SUGGEST_CERTIFICATION = "如与你的规划相符，可考虑准备“{item}”。", "If it fits your plans, consider preparing for {item}.";
}

/// What a report could not show, with its text.
pub(crate) fn missing_text(code: &str) -> Fixed {
    match code {
        "no_scored_competencies" => Fixed {
            zh: "尚无已评分的胜任力。",
            en: "No competency has a score yet.",
        },
        "no_strengths" => Fixed {
            zh: "本次回答中暂无达到优势标准的胜任力。",
            en: "No competency reached the strength threshold in these answers.",
        },
        "no_gaps" => Fixed {
            zh: "本次回答中未发现明显的待提升方面。",
            en: "No area to develop was found in these answers.",
        },
        "no_suggestions" => Fixed {
            zh: "暂无建议。",
            en: "No suggestions yet.",
        },
        "no_interviewer_ratings" => Fixed {
            zh: "尚无面试官评分。",
            en: "No interviewer ratings yet.",
        },
        "no_fused_scores" => Fixed {
            zh: "尚无融合评分：该评分卡尚未经过多模态融合。",
            en: "No fused scores: the scorecard has not been through fusion.",
        },
        "no_evidence" => Fixed {
            zh: "评分卡中没有证据摘录。",
            en: "The scorecard holds no evidence quotes.",
        },
        "no_behaviour_summary" => Fixed {
            zh: "无行为信号摘要：合规策略未允许，或评分卡未经融合。",
            en: "No behaviour summary: the policy permitted none, or the card was not fused.",
        },
        "no_potential" => Fixed {
            zh: "尚无潜力预测。",
            en: "No potential prediction yet.",
        },
        "no_annotations" => Fixed {
            zh: "暂无批注。",
            en: "No annotations.",
        },
        "no_match_result" => Fixed {
            zh: "未提供人岗匹配结果。",
            en: "No job match result was supplied.",
        },
        "no_funnel" => Fixed {
            zh: "未提供招聘漏斗数据。",
            en: "No funnel figures were supplied.",
        },
        "no_scores_shown" => Fixed {
            zh: "本报告不显示评分。",
            en: "This report does not show scores.",
        },
        _ => Fixed {
            zh: "暂缺。",
            en: "Not available.",
        },
    }
}

/// Every missing code, for the docs and tests.
pub const MISSING_CODES: [&str; 13] = [
    "no_scored_competencies",
    "no_strengths",
    "no_gaps",
    "no_suggestions",
    "no_interviewer_ratings",
    "no_fused_scores",
    "no_evidence",
    "no_behaviour_summary",
    "no_potential",
    "no_annotations",
    "no_match_result",
    "no_funnel",
    "no_scores_shown",
];

/// The label of a behaviour measure (a name in `fusion::VOICE_MEASURES` or
/// `fusion::VISUAL_MEASURES`); `None` for a name this table does not know.
pub(crate) fn measure(name: &str) -> Option<Fixed> {
    let (zh, en) = match name {
        "voiced_ratio" => ("发声时长占比", "Share of time voiced"),
        "pauses.ratio" => ("停顿时长占比", "Share of time in pauses"),
        "pauses.mean_s" => ("平均停顿时长（秒）", "Mean pause (s)"),
        "speech_rate.syllables_per_second" => ("语速（音节/秒）", "Speech rate (syllables/s)"),
        "speech_rate.words_per_minute" => ("语速（词/分钟）", "Speech rate (words/min)"),
        "f0.stdev_semitones" => ("音高变化（半音）", "Pitch variation (semitones)"),
        "loudness.stdev_db" => ("音量变化（分贝）", "Loudness variation (dB)"),
        "fillers.per_100_words" => ("填充词（每百词）", "Filler words per 100 words"),
        "fillers.per_minute" => ("填充词（每分钟）", "Filler words per minute"),
        "gaze.at_camera_ratio" => ("注视镜头时长占比", "Share of time looking at the camera"),
        "head_movement.mean_deg_s" => ("头部运动均值（度/秒）", "Head movement, mean (°/s)"),
        "head_movement.p90_deg_s" => (
            "头部运动 P90（度/秒）",
            "Head movement, 90th percentile (°/s)",
        ),
        "gestures.per_minute" => ("手势（每分钟）", "Gestures per minute"),
        "smile.per_minute" => ("微笑次数（每分钟）", "Smiles per minute"),
        "smile.mean_s" => ("平均微笑时长（秒）", "Mean smile duration (s)"),
        _ => return None,
    };
    Some(Fixed { zh, en })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_differ() {
        for f in ALL {
            if f.zh != "—" {
                assert_ne!(f.zh, f.en);
            }
        }
        for code in MISSING_CODES {
            let f = missing_text(code);
            assert_ne!(f.en, "Not available.", "{code}");
        }
    }

    #[test]
    fn every_fused_measure_has_a_label() {
        let names = crate::fusion::VOICE_MEASURES
            .iter()
            .chain(&crate::fusion::VISUAL_MEASURES);
        for name in names {
            let f = measure(name).unwrap_or_else(|| panic!("no label for {name}"));
            assert_ne!(f.zh, f.en);
        }
        assert!(measure("mood").is_none());
    }
}

// The practice page's script: plan an interview, take typed answers one at a time with instant
// feedback, then score the whole interview and show the candidate report. Every step is one call
// into the wasm package; the page only shows what the engine returns and sends nothing anywhere.
import * as ik from '../../wasm/index.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

const state = {
  lang: 'zh',
  showScores: false,
  plan: null,
  index: 0,
  answers: [],
  reportUrl: null,
};

function setStatus(kind, text) {
  $('status').className = `status ${kind}`;
  $('status').textContent = text;
}

function showError(err) {
  const text = err instanceof ik.InterviewKitError
    ? `${err.name} (code ${err.code}): ${err.message}`
    : `Unexpected error: ${err}`;
  setStatus('bad', text);
}

/** A seed from the URL (`?seed=7`, for repeatable runs) or from the browser's random source. */
function seed() {
  const given = params.get('seed');
  if (given !== null && /^\d{1,15}$/.test(given)) return Number(given);
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

let competencyNames = {};

function competencyName(id) {
  const name = competencyNames[id];
  return name ? name[state.lang] ?? name.en : id;
}

function start() {
  state.lang = $('lang').value;
  state.showScores = $('show-scores').checked;
  state.index = 0;
  state.answers = [];
  const role = $('role');
  const job = {
    schema_version: 1,
    kind: 'job_profile',
    id: `practice-${role.value}`,
    title: role.options[role.selectedIndex].text,
    role_family: role.value,
  };
  const count = Math.max(1, Math.min(10, Number($('count').value) || 4));
  state.plan = ik.interviewPlan({ job, count, seed: seed(), lang: state.lang });
  $('setup').hidden = true;
  $('report').hidden = true;
  $('question').hidden = false;
  showQuestion();
  setStatus('idle', '');
}

function showQuestion() {
  const q = state.plan.questions[state.index];
  const total = state.plan.questions.length;
  $('progress').textContent = state.lang === 'zh'
    ? `第 ${state.index + 1} 题，共 ${total} 题`
    : `Question ${state.index + 1} of ${total}`;
  $('question-text').textContent = q.text;
  const minutes = Math.round((q.time_limit_seconds / 60) * 10) / 10;
  $('question-meta').textContent = state.lang === 'zh'
    ? `考察：${competencyName(q.competency)} · 建议用时 ${minutes} 分钟`
    : `Competency: ${competencyName(q.competency)} · about ${minutes} min`;
  $('answer').value = '';
  $('answer').disabled = false;
  $('submit').hidden = false;
  $('next').hidden = true;
  $('finish').hidden = true;
  $('feedback').hidden = true;
  $('answer').focus();
}

function submit() {
  const q = state.plan.questions[state.index];
  const transcript = $('answer').value;
  if (transcript.trim() === '') {
    setStatus('bad', state.lang === 'zh' ? '请先输入你的回答。' : 'Type your answer first.');
    return;
  }
  const scored = ik.answerScore({
    question_id: q.question_id, transcript, lang: state.lang, show_scores: state.showScores,
  });
  state.answers.push({ question_id: q.question_id, transcript });
  $('feedback-text').textContent = scored.feedback;
  $('feedback-items').replaceChildren(...scored.feedback_items.map((item) => {
    const li = document.createElement('li');
    li.textContent = item.text;
    li.dataset.code = item.code;
    return li;
  }));
  $('feedback').hidden = false;
  $('answer').disabled = true;
  $('submit').hidden = true;
  const last = state.index + 1 === state.plan.questions.length;
  $('next').hidden = last;
  $('finish').hidden = !last;
  setStatus('idle', '');
}

function next() {
  state.index += 1;
  showQuestion();
}

function finish() {
  const scorecard = ik.interviewScore({
    plan: state.plan, answers: { answers: state.answers }, id: 'practice', candidate_id: 'me',
  });
  // A practice report is read by the candidate alone, so it shows the levels and the radar
  // (a host's real candidate report shows them only when its policy allows).
  const out = ik.report({
    kind: 'candidate', format: 'html', lang: state.lang, scorecard, options: { show_scores: true },
  });
  const frame = $('report-frame');
  frame.onload = () => {
    // Show the whole report (the radar included) without a second scroll bar.
    const doc = frame.contentDocument;
    if (doc) frame.style.height = `${doc.documentElement.scrollHeight + 4}px`;
  };
  frame.srcdoc = out.text;
  if (state.reportUrl) URL.revokeObjectURL(state.reportUrl);
  state.reportUrl = URL.createObjectURL(new Blob([out.text], { type: 'text/html' }));
  $('download').href = state.reportUrl;
  $('question').hidden = true;
  $('report').hidden = false;
  document.body.dataset.scorecard = JSON.stringify(scorecard);
  setStatus('ok', state.lang === 'zh' ? '练习完成。' : 'Practice complete.');
}

function restart() {
  $('report').hidden = true;
  $('setup').hidden = false;
  setStatus('idle', '');
}

/** Wraps a handler so that an engine error is shown instead of escaping to the console. */
const guarded = (fn) => () => {
  try {
    fn();
  } catch (err) {
    showError(err);
  }
};

async function main() {
  try {
    await ik.init();
    const v = ik.version();
    $('engine').textContent = `Engine ${v.engine_version}, archive schema v${v.schema_version}. Ready · 已就绪`;
    for (const c of ik.bankList({}).competencies) competencyNames[c.id] = c.name;
    $('start').disabled = false;
    document.body.dataset.ready = 'true';
  } catch (err) {
    $('engine').textContent = `The engine did not load: ${err}`;
    return;
  }
  $('start').addEventListener('click', guarded(start));
  $('submit').addEventListener('click', guarded(submit));
  $('next').addEventListener('click', guarded(next));
  $('finish').addEventListener('click', guarded(finish));
  $('restart').addEventListener('click', guarded(restart));
}

main();

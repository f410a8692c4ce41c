// Drives examples/browser/practice.html in Debian's headless Chromium: plans a three-question
// sales interview in Chinese, types an answer to each, checks the instant feedback, finishes, and
// checks the candidate report (its radar chart has a vertex per competency). Everything the page shows is
// compared with what the same wasm package computes here in Node, and the page may not send a
// single request beyond its own files. Saves docs/browser-practice.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as ik from '../../wasm/index.js';
import { openPage, screenshotDir } from './harness.mjs';

const SEED = 7;
const ANSWERS = [
  '去年我在一家城商行实习，负责跟进二十多位老客户。当时有位客户对理财产品的赎回规则很不满意，'
    + '我先认真倾听他的顾虑，然后把条款逐条解释清楚，又帮他对比了三种方案。最后他选择继续持有，'
    + '还介绍了两位朋友来开户。这件事让我学到，先理解客户真正担心什么，比急着推销更重要。',
  '如果客户说要再考虑考虑，我会先问清楚他犹豫的具体原因，比如收益、风险还是流动性。'
    + '然后针对他的顾虑给出数据和案例，并约定一个明确的跟进时间。上个月我用这个方法跟进了八位客户，'
    + '其中五位在两周内完成了签约，转化率比团队平均高了百分之二十。',
  '我做事先列计划。',
];

let opened;
let page;

before(async () => {
  await ik.init();
  opened = await openPage(`examples/browser/practice.html?seed=${SEED}`, { width: 1100, height: 900 });
  page = opened.page;
});

after(async () => {
  await opened?.close();
});

const job = {
  schema_version: 1, kind: 'job_profile', id: 'practice-sales', title: '销售 · Sales', role_family: 'sales',
};

test('a whole interview runs in the page: plan, feedback per answer, report with a radar chart', async () => {
  await page.selectOption('#role', 'sales');
  await page.selectOption('#lang', 'zh');
  await page.fill('#count', '3');
  await page.click('#start');
  const plan = ik.interviewPlan({ job, count: 3, seed: SEED, lang: 'zh' });
  assert.equal(plan.questions.length, 3);

  for (const [i, q] of plan.questions.entries()) {
    assert.equal(await page.textContent('#progress'), `第 ${i + 1} 题，共 3 题`);
    assert.equal(await page.textContent('#question-text'), q.text);
    await page.fill('#answer', ANSWERS[i]);
    await page.click('#submit');
    await page.waitForSelector('#feedback:not([hidden])');
    const expected = ik.answerScore({ question_id: q.question_id, transcript: ANSWERS[i], lang: 'zh', show_scores: false });
    assert.equal(await page.textContent('#feedback-text'), expected.feedback);
    const items = await page.$$eval('#feedback-items li', (lis) => lis.map((li) => li.dataset.code));
    assert.deepStrictEqual(items, expected.feedback_items.map((f) => f.code));
    assert.match(expected.feedback, /[\u4e00-\u9fff]/);
    await page.click(i + 1 < plan.questions.length ? '#next' : '#finish');
  }
  // The one-line answer draws concrete advice.
  const short = ik.answerScore({ question_id: plan.questions[2].question_id, transcript: ANSWERS[2], lang: 'zh' });
  assert.ok(short.feedback_items.length >= 1);

  await page.waitForSelector('#report:not([hidden])');
  const scorecard = JSON.parse(await page.getAttribute('body', 'data-scorecard'));
  const expectedCard = ik.interviewScore({
    plan, answers: { answers: plan.questions.map((q, i) => ({ question_id: q.question_id, transcript: ANSWERS[i] })) },
    id: 'practice', candidate_id: 'me',
  });
  assert.deepStrictEqual(scorecard, expectedCard);
  const report = ik.report({ kind: 'candidate', format: 'html', lang: 'zh', scorecard, options: { show_scores: true } });
  assert.equal(await page.getAttribute('#report-frame', 'srcdoc'), report.text);

  const frame = page.frameLocator('#report-frame');
  await frame.locator('svg.radar').waitFor();
  // One radar vertex per scored competency, each named in Chinese.
  const points = await frame.locator('svg.radar polygon.radar-value').getAttribute('points');
  const scored = scorecard.competencies.filter((c) => c.ai_score !== undefined);
  assert.ok(scored.length >= 3, JSON.stringify(scorecard.competencies));
  assert.equal(points.trim().split(/\s+/).length, scored.length, points);
  const names = Object.fromEntries(ik.bankList({}).competencies.map((c) => [c.id, c.name.zh]));
  const body = await frame.locator('body').textContent();
  for (const c of scored) assert.ok(body.includes(names[c.competency]), `${c.competency} named in ${body.slice(0, 400)}`);
  // Self-contained: nothing in the report can load or run anything.
  assert.ok(!/<script|https?:/.test(report.text));
  await page.screenshot({ path: join(screenshotDir(), 'browser-practice.png'), fullPage: true });
});

test('an empty answer is refused with a message, not sent to the engine', async () => {
  await page.click('#restart');
  await page.selectOption('#lang', 'en');
  await page.fill('#count', '1');
  await page.click('#start');
  await page.fill('#answer', '   ');
  await page.click('#submit');
  assert.equal(await page.textContent('#status'), 'Type your answer first.');
  assert.equal(await page.isHidden('#feedback'), true);
});

test('no page errors and no requests beyond 127.0.0.1', () => {
  assert.deepStrictEqual(opened.pageErrors, []);
  assert.deepStrictEqual(opened.foreignRequests, []);
});

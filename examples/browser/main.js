// The page's only script: load the wasm package, then import or validate what the user pasted.
// It shows results; every decision about the documents is the engine's.
import * as ik from '../../wasm/index.js';

const $ = (id) => document.getElementById(id);
const docInput = $('doc');
const status = $('status');
const resumeView = $('resume');
const issuesTable = $('issues');

// An archive candidate with several problems at once, for the "invalid example" button.
const INVALID_EXAMPLE = {
  schema_version: 1,
  kind: 'candidate',
  name: '张伟',
  contact: { email: 'zhang.wei(at)example.com', phone: 13800138000 },
  consents: [{ purpose: 'ai_interview_scoring', scope: ['transcript'], jurisdiction: 'cn',
    granted_at: '2026-03-01T09:00:00+08:00', withdrawn_at: '2026-02-01T09:00:00+08:00' }],
};

function setStatus(kind, text) {
  status.className = `status ${kind}`;
  status.textContent = text;
}

function clearResults() {
  resumeView.hidden = true;
  issuesTable.hidden = true;
  issuesTable.tBodies[0].replaceChildren();
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function showIssues(issues) {
  const rows = issues.map((issue) => {
    const tr = document.createElement('tr');
    tr.append(
      cell(issue.pointer === '' ? '(document root)' : issue.pointer, 'pointer'),
      cell(issue.code, 'code'),
      cell(issue.message, 'message'),
      cell(issue.message_zh, 'message-zh'),
    );
    return tr;
  });
  issuesTable.tBodies[0].replaceChildren(...rows);
  issuesTable.hidden = rows.length === 0;
}

function showError(err) {
  if (err instanceof ik.InterviewKitError) {
    const count = err.issues.length;
    setStatus('bad', count > 0
      ? `${err.name} (code ${err.code}): ${count} problem${count === 1 ? '' : 's'} found.`
      : `${err.name} (code ${err.code}): ${err.message}`);
    showIssues(err.issues);
  } else {
    setStatus('bad', `Unexpected error: ${err}`);
  }
}

function showResume(resume) {
  const basics = resume.basics ?? {};
  $('resume-name').textContent = basics.name ?? '(no name)';
  $('resume-label').textContent = basics.label ?? '';
  const facts = [
    ['E-mail', basics.email],
    ['Phone', basics.phone],
    ['City', basics.location?.city],
    ['Experience', `${resume.experience?.length ?? 0} entries`],
    ['Education', `${resume.education?.length ?? 0} entries`],
    ['Skills', (resume.skills ?? []).map((s) => s.name).join(', ') || '—'],
    ['Languages', (resume.languages ?? []).map((l) => l.language).join(', ') || '—'],
  ].filter(([, v]) => v);
  $('resume-facts').replaceChildren(...facts.flatMap(([k, v]) => {
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = k;
    dd.textContent = v;
    return [dt, dd];
  }));
  $('resume-json').textContent = JSON.stringify(resume, null, 2);
  resumeView.hidden = false;
}

function runImport() {
  clearResults();
  try {
    const resume = ik.importJsonResume(docInput.value);
    setStatus('ok', 'Imported as an archive Resume (schema v' + resume.schema_version + ').');
    showResume(resume);
  } catch (err) {
    showError(err);
  }
}

function runValidate() {
  clearResults();
  try {
    const report = ik.validate(docInput.value);
    if (report.valid) {
      setStatus('ok', `Valid ${report.kind} document (schema v${report.schema_version}).`);
    } else {
      const n = report.issues.length;
      setStatus('bad', `Invalid document: ${n} problem${n === 1 ? '' : 's'} found.`);
      showIssues(report.issues);
    }
  } catch (err) {
    showError(err);
  }
}

$('import').addEventListener('click', runImport);
$('validate').addEventListener('click', runValidate);
$('example').addEventListener('click', () => {
  docInput.value = JSON.stringify(INVALID_EXAMPLE, null, 2);
  runValidate();
});

try {
  await ik.init();
  const v = ik.version();
  $('engine').textContent = `Engine ${v.engine_version}, archive schema v${v.schema_version}.`;
  $('import').disabled = false;
  $('validate').disabled = false;
  $('example').disabled = false;
  document.body.dataset.ready = 'true';
} catch (err) {
  $('engine').textContent = `Could not load the engine: ${err}`;
  document.body.dataset.ready = 'error';
}

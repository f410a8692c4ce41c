// Resume understanding in the package: files parsed on the device from their bytes, the same
// resume as natively (the golden vectors pin the fields), the taxonomy and the labeller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadPackage, thrown } from './helpers.mjs';

const ik = await loadPackage();
const fixture = (name) => new Uint8Array(readFileSync(join(ROOT, 'tests/fixtures/resumes', name)));

test('parseResumeFile reads text, HTML, DOCX and PDF bytes', () => {
  for (const name of ['zh_banker.txt', 'zh_html_teller.html', 'en_docx_analyst.docx', 'en_pdf_engineer.pdf']) {
    const { resume } = ik.parseResumeFile(fixture(name), { reference_date: '2025-06-30', file_name: name });
    assert.equal(resume.source.format, name.split('.').pop(), name);
    assert.ok(resume.basics.name, name);
    const span = resume.basics.evidence.name;
    assert.equal([...resume.raw_text].slice(span.start, span.end).join(''), resume.basics.name, name);
    assert.equal(ik.validate(resume).valid, true, name);
  }
});

test('file form and request form agree; ArrayBuffer and JSON-text options work', () => {
  const bytes = fixture('en_finance.txt');
  const a = ik.parseResumeFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), '{"reference_date":"2025-06-30"}');
  const b = ik.parseResume({ text: new TextDecoder().decode(bytes), reference_date: '2025-06-30' });
  assert.deepEqual(a.resume.experience, b.resume.experience);
  assert.deepEqual(a.resume.skills, b.resume.skills);
  assert.ok(a.resume.skills.some((s) => s.taxonomy_id === 'ik:financial-modeling'));
});

test('bad files and options are clear errors', () => {
  assert.equal(thrown(() => ik.parseResumeFile(new Uint8Array(0))).name, 'InvalidArgument');
  const zip = thrown(() => ik.parseResumeFile(new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0])));
  assert.equal(zip.name, 'InvalidArgument');
  assert.match(zip.message, /bytes/);
  assert.match(thrown(() => ik.parseResumeFile('张伟')).message, /bytes/);
  assert.match(thrown(() => ik.parseResumeFile(new Uint8Array([120]), [1])).message, /options/);
  assert.equal(thrown(() => ik.parseResumeFile(new Uint8Array(64).fill(120), { max_bytes: 10 })).name, 'LimitExceeded');
});

test('the labeller trains, tags and feeds the parser in the browser engine', () => {
  const train = '张 B-NAME\n三 E-NAME\n任 O\n总 B-TITLE\n经 M-TITLE\n理 E-TITLE\n\n王 B-NAME\n五 E-NAME\n在 O\n招 B-ORG\n商 M-ORG\n银 M-ORG\n行 E-ORG\n';
  const { model } = ik.nerTrain({ format: 'bmes', train, options: { algorithm: 'perceptron' } });
  const { entities } = ik.nerTag({ model, text: '王五任总经理' });
  assert.deepEqual(entities.map((e) => [e.type, e.text]), [['NAME', '王五'], ['TITLE', '总经理']]);
  assert.equal(ik.nerEval({ model, format: 'bmes', test: train }).micro_f1, 1);
  const parsed = ik.parseResumeFile(new TextEncoder().encode('张三\n工作经历\n2019.03-2021.06 招商银行 总经理\n'), { ner_model: model });
  assert.ok(parsed.resume.provenance.model_hash);
});

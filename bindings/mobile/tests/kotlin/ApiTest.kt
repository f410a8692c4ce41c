// The Kotlin face beyond the vectors: error mapping, hostile input, the JSON Resume sample.
package org.interviewkit.test

import java.io.File
import org.interviewkit.InterviewKitException
import org.interviewkit.audit
import org.interviewkit.decrypt
import org.interviewkit.encrypt
import org.interviewkit.generateKey
import org.interviewkit.logAppend
import org.interviewkit.logVerify
import org.interviewkit.potentialFit
import org.interviewkit.potentialPredict
import org.interviewkit.roleView
import org.interviewkit.exportJsonResume
import org.interviewkit.importJsonResume
import org.interviewkit.mergeProfiles
import org.interviewkit.parseResumeFile
import org.interviewkit.taxonomyLookup
import org.interviewkit.VoiceStream
import org.interviewkit.voiceFeaturesWav
import org.interviewkit.migrate
import org.interviewkit.validate
import org.interviewkit.version
import org.json.JSONArray
import org.json.JSONObject
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Test

class ApiTest {
    /** Runs [block], which must throw an [InterviewKitException] of type [T]. */
    private inline fun <reified T : InterviewKitException> expectError(block: () -> Unit): T {
        try {
            block()
        } catch (e: InterviewKitException) {
            if (e is T) return e
            fail("expected ${T::class.simpleName}, got ${e.javaClass.simpleName}: $e")
        }
        fail("expected ${T::class.simpleName}, got a result")
        throw AssertionError("unreachable")
    }

    private fun resume(extra: String = ""): String =
        """{"schema_version":1,"kind":"resume","id":"r-1"$extra}"""

    @Test
    fun versionInfo() {
        val v = JSONObject(version())
        assertEquals(1, v.getInt("schema_version"))
        assertTrue(v.getString("engine_version").matches(Regex("""\d+\.\d+\.\d+.*""")))
    }

    @Test
    fun errorCarriesCodeNameDetailAndIssues() {
        val e = expectError<InterviewKitException.InvalidDocument> {
            importJsonResume("""{"basics":{"name":42},"work":"Pied Piper"}""")
        }
        assertEquals(5, e.code)
        assertEquals(5, e.errorCode())
        assertEquals("InvalidDocument", e.errorName())
        assertEquals(e.detail, e.errorDetail())
        assertTrue(e.detail, e.detail.startsWith("invalid document: 2 problems"))
        val issues = JSONArray(e.issuesJson)
        assertEquals(2, issues.length())
        assertEquals("/basics/name", issues.getJSONObject(0).getString("pointer"))
        assertEquals("/work", issues.getJSONObject(1).getString("pointer"))
        assertEquals("wrong_type", issues.getJSONObject(0).getString("code"))
        assertTrue(issues.getJSONObject(0).getString("message_zh").isNotEmpty())
        // toString() is the Rust Display: "<name>: <detail>"; message names every field.
        assertEquals("InvalidDocument: ${e.detail}", e.toString())
        assertTrue(e.message.contains("code=5"))
        assertEquals(e.issuesJson, e.errorIssuesJson())
    }

    @Test
    fun everyVariantIsAnInterviewKitException() {
        // Catching the sealed base class works for any failure.
        val e: InterviewKitException = try {
            migrate("""{"schema_version":1,"kind":"candidate"}""")
            fail("expected an error")
            return
        } catch (e: InterviewKitException) {
            e
        }
        assertEquals(fieldCode(e), e.errorCode())
        assertEquals(e.javaClass.simpleName, e.errorName())
    }

    @Test
    fun wrongTypesAreReportedNotThrown() {
        val report = JSONObject(validate(resume(""","basics":{"name":42},"skills":"SQL"""")))
        assertFalse(report.getBoolean("valid"))
        val pointers = report.getJSONArray("issues").map { (it as JSONObject).getString("pointer") }
        assertEquals(listOf("/basics/name", "/skills"), pointers)
    }

    @Test
    fun missingFieldsAreReported() {
        val report = JSONObject(validate("""{"schema_version":1,"kind":"job_profile"}"""))
        assertFalse(report.getBoolean("valid"))
        val codes = report.getJSONArray("issues").map { (it as JSONObject).getString("code") }
        assertTrue(codes.toString(), codes.isNotEmpty() && codes.all { it == "missing_field" })
    }

    @Test
    fun futureSchemaVersionIsRejected() {
        val e = expectError<InterviewKitException.UnsupportedSchemaVersion> {
            validate("""{"schema_version":99,"kind":"resume","id":"r-1"}""")
        }
        assertEquals(6, e.code)
        assertTrue(e.detail, e.detail.contains("99"))
        expectError<InterviewKitException.UnsupportedSchemaVersion> {
            migrate("""{"schema_version":2,"kind":"resume","id":"r-1"}""")
        }
    }

    @Test
    fun malformedJsonIsInvalidJson() {
        for (text in listOf("", "{", "nul", "{\"a\":}", "[1,]", "\u0000")) {
            val e = expectError<InterviewKitException.InvalidJson> { validate(text) }
            assertEquals(4, e.code)
        }
    }

    @Test
    fun nesting10000LevelsIsInvalidJson() {
        val deep = "[".repeat(10_000) + "]".repeat(10_000)
        for (call in listOf<(String) -> String>(::validate, ::migrate, ::importJsonResume,
                ::exportJsonResume, ::mergeProfiles)) {
            val e = expectError<InterviewKitException.InvalidJson> { call(deep) }
            assertEquals(4, e.errorCode())
        }
        val deepObject = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)
        expectError<InterviewKitException.InvalidJson> { validate(deepObject) }
    }

    @Test
    fun twentyMegabyteDocumentValidates() {
        val raw = "面试".repeat(3_500_000) // 21 MB of UTF-8
        val doc = resume(""","raw_text":"$raw"""")
        assertTrue(doc.toByteArray(Charsets.UTF_8).size > 20_000_000)
        val report = JSONObject(validate(doc))
        assertTrue(report.toString().take(300), report.getBoolean("valid"))
    }

    @Test
    fun twoHundredThousandSkillsValidate() {
        val skills = (0 until 200_000).joinToString(",") { """{"name":"skill-$it"}""" }
        val report = JSONObject(validate(resume(""","skills":[$skills]""")))
        assertTrue(report.toString().take(300), report.getBoolean("valid"))
    }

    @Test
    fun inputAboveTheLimitIsLimitExceeded() {
        val doc = resume(""","raw_text":"${"x".repeat(65 * 1024 * 1024)}"""")
        val e = expectError<InterviewKitException.LimitExceeded> { validate(doc) }
        assertEquals(9, e.code)
    }

    @Test
    fun mergeNeedsAnArray() {
        val e = expectError<InterviewKitException.InvalidArgument> { mergeProfiles(resume()) }
        assertEquals(2, e.code)
        assertEquals("""{"profiles":[]}""", mergeProfiles("[]"))
    }

    @Test
    fun exportRejectsOtherKinds() {
        val e = expectError<InterviewKitException.UnknownDocumentType> {
            exportJsonResume("""{"schema_version":1,"kind":"candidate","id":"c-1"}""")
        }
        assertEquals(7, e.code)
    }

    @Test
    fun jsonResumeSampleRoundTrips() {
        val text = File(Vectors.root, "tests/fixtures/json-resume/sample.resume.json")
            .readText(Charsets.UTF_8)
        val imported = importJsonResume(text)
        val report = JSONObject(validate(imported))
        assertTrue(report.toString(), report.getBoolean("valid"))
        val exported = exportJsonResume(imported)
        assertTrue("round trip lost or changed data:\n$exported",
            Vectors.deepEquals(JSONObject(text), JSONObject(exported)))
    }

    @Test
    fun callsAreSafeFromManyThreads() {
        val doc = resume(""","basics":{"name":"张伟"}""")
        val errors = java.util.concurrent.ConcurrentLinkedQueue<Throwable>()
        val threads = (0 until 8).map {
            Thread {
                try {
                    repeat(200) {
                        check(JSONObject(validate(doc)).getBoolean("valid"))
                        try { validate("{") } catch (e: InterviewKitException.InvalidJson) { }
                    }
                } catch (t: Throwable) {
                    errors.add(t)
                }
            }
        }
        threads.forEach { it.start() }
        threads.forEach { it.join() }
        assertTrue(errors.toString(), errors.isEmpty())
    }

    @Test
    fun encryptionRoundTripAndShredding() {
        val key = JSONObject(generateKey("""{"id":"k1"}"""))
        val ring = JSONObject().put("active", "k1").put("keys", JSONArray().put(key))
        val doc = """{"schema_version":1,"kind":"candidate","id":"c-9","name":"王芳","contact":{"phone":"13800138000"}}"""
        val sealed = encrypt(JSONObject().put("document", JSONObject(doc)).put("keyring", ring).toString())
        assertFalse(sealed.contains("王芳"))
        assertFalse(sealed.contains("13800138000"))
        val opened = decrypt(JSONObject().put("document", JSONObject(sealed)).put("keyring", ring).toString())
        assertEquals(JSONObject(doc).toString(), JSONObject(opened).toString())
        val shredded = """{"keys":[{"id":"k1","destroyed":true}]}"""
        val e = expectError<InterviewKitException.KeyUnavailable> {
            decrypt("""{"document":$sealed,"keyring":$shredded}""")
        }
        assertEquals(11, e.code)
        assertTrue(e.errorDetail(), e.errorDetail().contains("k1"))
    }

    @Test
    fun auditViewAndTrail() {
        val records = """[{"g":"a","s":1},{"g":"a","s":1},{"g":"b","s":1},{"g":"b","s":0}]"""
        val report = JSONObject(audit("""{"records":$records,"group":"g","selected":"s","bootstrap":{"iterations":0}}"""))
        val groups = report.getJSONArray("groups")
        val b = (0 until groups.length()).map { groups.getJSONObject(it) }.first { it.getString("group") == "b" }
        assertEquals(0.5, b.getDouble("impact_ratio"), 1e-12)
        assertTrue(b.getBoolean("flag_four_fifths"))

        val view = JSONObject(roleView("""{"document":{"schema_version":1,"kind":"candidate","id":"c-1","name":"李雷","contact":{"email":"l@example.com"}},"role":"auditor"}"""))
        assertFalse(view.getJSONObject("document").has("name"))
        expectError<InterviewKitException.InvalidArgument> { roleView("""{"document":{},"role":"nobody"}""") }

        val first = logAppend("""{"previous":null,"entry":{"at":"2026-11-23T00:00:00Z","actor":"hr","action":"read","target":"c-1"}}""")
        val edited = JSONObject(first).put("actor", "someone else").toString()
        assertTrue(JSONObject(logVerify("""{"entries":[$first]}""")).getBoolean("valid"))
        assertFalse(JSONObject(logVerify("""{"entries":[$edited]}""")).getBoolean("valid"))
    }

    @Test
    fun potentialModelTrainsAndExplains() {
        val csv = File(Vectors.root, "tests/fixtures/potential/rule.csv").readText()
        val request = JSONObject().put("csv", csv).put("label", "promoted").put("id", "employee_id")
        val model = JSONObject(potentialFit(request.toString()))
        assertEquals(1, model.getInt("model_version"))
        val predicted = JSONObject(potentialPredict(
            JSONObject().put("model", model).put("csv", csv).put("top", 50).toString()))
        val first = predicted.getJSONArray("predictions").getJSONObject(0)
        val contributions = first.getJSONArray("contributions")
        var sum = first.getDouble("base_value")
        for (i in 0 until contributions.length()) sum += contributions.getJSONObject(i).getDouble("contribution")
        assertEquals(first.getDouble("margin"), sum, 1e-9)
        model.put("base_score", model.getDouble("base_score") + 1.0)
        expectError<InterviewKitException.IntegrityCheckFailed> {
            potentialPredict(JSONObject().put("model", model).put("csv", csv).toString())
        }
    }

    @Test
    fun parseResumeFileReadsBytesOfEveryFormat() {
        val dir = File(System.getProperty("ik.root") ?: ".", "tests/fixtures/resumes")
        for (name in listOf("zh_banker.txt", "en_docx_analyst.docx", "zh_html_teller.html", "en_pdf_engineer.pdf")) {
            val bytes = File(dir, name).readBytes()
            val out = JSONObject(parseResumeFile(bytes, """{"reference_date":"2025-06-30","file_name":"$name"}"""))
            val resume = out.getJSONObject("resume")
            assertEquals(name.substringAfterLast('.'), resume.getJSONObject("source").getString("format"))
            assertTrue(name, resume.getJSONObject("basics").getString("name").isNotEmpty())
            assertTrue(name, JSONObject(validate(resume.toString())).getBoolean("valid"))
        }
    }

    @Test
    fun parseResumeFileErrorsNameTheArgument() {
        val empty = expectError<InterviewKitException.InvalidArgument> { parseResumeFile(ByteArray(0), "") }
        assertTrue(empty.toString(), empty.toString().contains("bytes"))
        val badOptions = expectError<InterviewKitException.InvalidArgument> { parseResumeFile("x".toByteArray(), "[1]") }
        assertTrue(badOptions.toString(), badOptions.toString().contains("options"))
        expectError<InterviewKitException.LimitExceeded> {
            parseResumeFile(ByteArray(64) { 'x'.code.toByte() }, """{"max_bytes":10}""")
        }
    }

    @Test
    fun taxonomyFindsChineseAndFullWidthSkills() {
        val out = JSONObject(taxonomyLookup("""{"text":"熟悉Ｃ＋＋与Node.js","lang":"zh"}"""))
        val ids = out.getJSONArray("matches").let { a -> (0 until a.length()).map { a.getJSONObject(it).getString("id") } }
        assertEquals(listOf("onet:c++", "onet:node.js"), ids)
    }

    @Test
    fun voiceStreamEqualsTheWavAnalysisAndRefusesBadInput() {
        val rate = 8000
        val samples = (0 until rate).map { i -> (0.3 * Math.sin(2 * Math.PI * 200.0 * i / rate)).toFloat() }
        val stream = VoiceStream(rate.toUInt(), "")
        for (chunk in samples.chunked(700)) stream.pushF32(chunk)
        assertEquals(rate.toULong(), stream.samplesReceived())
        val streamed = JSONObject(stream.finish("""{"transcript":"嗯，好的，um, yes."}"""))
        assertEquals(200.0, streamed.getJSONObject("f0").getDouble("median_hz"), 0.5)
        assertEquals(2, streamed.getJSONObject("fillers").getInt("count"))
        // Finished once: a second finish names the stream.
        val again = expectError<InterviewKitException.InvalidArgument> { stream.finish("") }
        assertTrue(again.toString(), again.toString().contains("stream"))
        stream.close()

        // The same tone as 16-bit WAV bytes.
        val pcm = java.io.ByteArrayOutputStream()
        fun le(v: Int, n: Int) { for (k in 0 until n) pcm.write((v shr (8 * k)) and 0xff) }
        pcm.write("RIFF".toByteArray()); le(36 + 2 * rate, 4); pcm.write("WAVEfmt ".toByteArray())
        le(16, 4); le(1, 2); le(1, 2); le(rate, 4); le(2 * rate, 4); le(2, 2); le(16, 2)
        pcm.write("data".toByteArray()); le(2 * rate, 4)
        for (s in samples) le(Math.round(s * 32767.0).toInt(), 2)
        val whole = JSONObject(voiceFeaturesWav(pcm.toByteArray(), ""))
        assertEquals(200.0, whole.getJSONObject("f0").getDouble("median_hz"), 0.5)

        val rateError = expectError<InterviewKitException.InvalidArgument> { VoiceStream(4000u, "") }
        assertTrue(rateError.toString(), rateError.toString().contains("sample_rate"))
        val nan = VoiceStream(rate.toUInt(), "")
        val nanError = expectError<InterviewKitException.InvalidArgument> { nan.pushF32(listOf(0f, Float.NaN)) }
        assertTrue(nanError.toString(), nanError.toString().contains("samples[1]"))
        nan.close()
        val wavError = expectError<InterviewKitException.InvalidArgument> { voiceFeaturesWav("RIFF".toByteArray(), "") }
        assertTrue(wavError.toString(), wavError.toString().contains("wav"))
    }
}

// The Kotlin face beyond the vectors: error mapping, hostile input, the JSON Resume sample.
package org.interviewkit.test

import java.io.File
import org.interviewkit.InterviewKitException
import org.interviewkit.exportJsonResume
import org.interviewkit.importJsonResume
import org.interviewkit.mergeProfiles
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
}
